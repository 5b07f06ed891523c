#include "util/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace edgarsql::util {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = nullptr;
    bool finished = false;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
    impl_->ctx = EVP_MD_CTX_new();
    if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(impl_->ctx);
        throw std::runtime_error("SHA-256: cannot initialise libcrypto digest");
    }
}

Sha256::~Sha256() { EVP_MD_CTX_free(impl_->ctx); }

void Sha256::update(std::string_view data) {
    if (impl_->finished) throw std::logic_error("SHA-256: update after hex()");
    if (!data.empty() && EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1) {
        throw std::runtime_error("SHA-256: digest update failed");
    }
}

std::string Sha256::hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (impl_->finished || EVP_DigestFinal_ex(impl_->ctx, digest, &len) != 1) {
        throw std::runtime_error("SHA-256: digest already finished or failed");
    }
    impl_->finished = true;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(len) * 2, '0');
    for (unsigned int i = 0; i < len; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0x0F];
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.hex();
}

}  // namespace edgarsql::util
