#include "util/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EDGARSQL_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace edgarsql::util {

namespace {

/// Lowercase hex of a 32-byte digest.
std::string digest_hex(const unsigned char digest[32]) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(64, '0');
    for (std::size_t i = 0; i < 32; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0x0F];
    }
    return out;
}

}  // namespace

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
    if (impl_->finished || EVP_DigestFinal_ex(impl_->ctx, digest, &len) != 1 || len != 32) {
        throw std::runtime_error("SHA-256: digest already finished or failed");
    }
    impl_->finished = true;
    return digest_hex(digest);
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    return h.hex();
}

namespace {

/// The digest of a finished state: its eight words, big-endian.
std::string hex_of_state(const std::uint32_t h[8]) {
    unsigned char digest[32];
    for (std::size_t i = 0; i < 32; ++i)
        digest[i] = static_cast<unsigned char>(h[i / 4] >> (24 - 8 * (i % 4)));
    return digest_hex(digest);
}

constexpr std::uint32_t kInitial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/// A message as SHA-256 sees it: its whole 64-byte blocks where they are, then the one or two
/// final blocks (the rest of the message, 0x80, zeros, the length in bits) built here.
struct BlockStream {
    explicit BlockStream(std::string_view m)
        : data(reinterpret_cast<const unsigned char*>(m.data())), whole(m.size() / 64) {
        const std::size_t rest = m.size() % 64;
        if (rest > 0) std::memcpy(tail, data + 64 * whole, rest);
        tail[rest] = 0x80;
        const std::size_t tail_blocks = rest < 56 ? 1 : 2;
        const std::uint64_t bits = static_cast<std::uint64_t>(m.size()) * 8;
        for (std::size_t i = 0; i < 8; ++i)
            tail[64 * tail_blocks - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
        total = whole + tail_blocks;
    }
    /// Blocks that follow `pos` contiguously in memory.
    std::size_t run() const { return pos < whole ? whole - pos : total - pos; }
    const unsigned char* at() const {
        return pos < whole ? data + 64 * pos : tail + 64 * (pos - whole);
    }
    bool done() const { return pos == total; }

    const unsigned char* data;
    std::size_t whole;
    std::size_t total = 0;
    std::size_t pos = 0;
    unsigned char tail[128] = {};
};

#ifdef EDGARSQL_SHA_NI

// SHA-256 with the x86 SHA extensions, after Intel's published reference sequence: four
// rounds per message-schedule vector, two per SHA256RNDS2. `blocks<2>` runs two independent
// messages in one loop so that one message's rounds fill the other's latency.

#define EDGARSQL_SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

alignas(16) constexpr std::uint32_t kRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

/// The eight state words in the instructions' layout: ABEF and CDGH.
struct Lane {
    __m128i abef;
    __m128i cdgh;
};

EDGARSQL_SHA_TARGET Lane to_lane(const std::uint32_t h[8]) {
    const __m128i cdab =
        _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h)), 0xB1);
    const __m128i efgh =
        _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + 4)), 0x1B);
    return Lane{_mm_alignr_epi8(cdab, efgh, 8), _mm_blend_epi16(efgh, cdab, 0xF0)};
}

EDGARSQL_SHA_TARGET void from_lane(const Lane& l, std::uint32_t h[8]) {
    const __m128i feba = _mm_shuffle_epi32(l.abef, 0x1B);
    const __m128i dchg = _mm_shuffle_epi32(l.cdgh, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(h), _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(h + 4), _mm_alignr_epi8(dchg, feba, 8));
}

/// `count` blocks of each of N messages into their lanes.
template <int N>
EDGARSQL_SHA_TARGET void blocks(Lane* lanes, const unsigned char* const* data, std::size_t count) {
    const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    for (std::size_t b = 0; b < count; ++b) {
        __m128i w[N][4];
        Lane saved[N];
        for (int l = 0; l < N; ++l) saved[l] = lanes[l];
#pragma GCC unroll 16
        for (int g = 0; g < 16; ++g) {
            const __m128i k = _mm_load_si128(reinterpret_cast<const __m128i*>(kRound + 4 * g));
#pragma GCC unroll 2
            for (int l = 0; l < N; ++l) {
                __m128i m;
                if (g < 4) {
                    const unsigned char* block = data[l] + 64 * b + 16 * g;
                    m = _mm_shuffle_epi8(
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(block)), byteswap);
                } else {
                    // w[i] = σ1(w[i-2]) + w[i-7] + σ0(w[i-15]) + w[i-16], four at a time.
                    const __m128i s0 = _mm_sha256msg1_epu32(w[l][g & 3], w[l][(g + 1) & 3]);
                    const __m128i w7 = _mm_alignr_epi8(w[l][(g + 3) & 3], w[l][(g + 2) & 3], 4);
                    m = _mm_sha256msg2_epu32(_mm_add_epi32(s0, w7), w[l][(g + 3) & 3]);
                }
                w[l][g & 3] = m;
                __m128i wk = _mm_add_epi32(m, k);
                lanes[l].cdgh = _mm_sha256rnds2_epu32(lanes[l].cdgh, lanes[l].abef, wk);
                wk = _mm_shuffle_epi32(wk, 0x0E);
                lanes[l].abef = _mm_sha256rnds2_epu32(lanes[l].abef, lanes[l].cdgh, wk);
            }
        }
        for (int l = 0; l < N; ++l) {
            lanes[l].abef = _mm_add_epi32(lanes[l].abef, saved[l].abef);
            lanes[l].cdgh = _mm_add_epi32(lanes[l].cdgh, saved[l].cdgh);
        }
    }
}

/// Hashes `message` to its end, advancing `main` (state and stream) alongside while it lasts.
EDGARSQL_SHA_TARGET std::string hash_beside(std::uint32_t main_state[8], BlockStream& main,
                                            std::string_view message) {
    BlockStream s(message);
    Lane lanes[2] = {to_lane(main_state), to_lane(kInitial)};
    while (!s.done()) {
        if (!main.done()) {
            const std::size_t n = std::min(s.run(), main.run());
            const unsigned char* const data[2] = {main.at(), s.at()};
            blocks<2>(lanes, data, n);
            main.pos += n;
            s.pos += n;
        } else {
            const std::size_t n = s.run();
            const unsigned char* const data[1] = {s.at()};
            blocks<1>(&lanes[1], data, n);
            s.pos += n;
        }
    }
    from_lane(lanes[0], main_state);
    std::uint32_t h[8];
    from_lane(lanes[1], h);
    return hex_of_state(h);
}

EDGARSQL_SHA_TARGET void finish_alone(std::uint32_t state[8], BlockStream& s) {
    Lane lane = to_lane(state);
    while (!s.done()) {
        const std::size_t n = s.run();
        const unsigned char* const data[1] = {s.at()};
        blocks<1>(&lane, data, n);
        s.pos += n;
    }
    from_lane(lane, state);
}

/// CPUID: SHA (leaf 7, EBX bit 29), SSSE3 and SSE4.1 (leaf 1, ECX bits 9 and 19). Asked
/// directly: not every compiler's __builtin_cpu_supports knows "sha".
bool sha_extensions() {
    static const bool yes = [] {
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (__get_cpuid(1, &a, &b, &c, &d) == 0) return false;
        const bool sse = (c & (1u << 9)) != 0 && (c & (1u << 19)) != 0;
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) return false;
        return sse && (b & (1u << 29)) != 0;
    }();
    return yes;
}

#else

bool sha_extensions() { return false; }

#endif

}  // namespace

struct Sha256Lanes::Impl {
    Impl(std::string_view m, bool two) : main(m), interleave(two), stream(m) {}
    std::string_view main;
    bool interleave;  ///< the SHA-extension path; else libcrypto, one message at a time
    BlockStream stream;
    std::uint32_t state[8] = {kInitial[0], kInitial[1], kInitial[2], kInitial[3],
                              kInitial[4], kInitial[5], kInitial[6], kInitial[7]};
    std::string main_hex;
};

Sha256Lanes::Sha256Lanes(std::string_view main, bool interleave)
    : impl_(std::make_unique<Impl>(main, interleave && sha_extensions())) {}
Sha256Lanes::~Sha256Lanes() = default;

bool Sha256Lanes::interleaved() { return sha_extensions(); }

std::string Sha256Lanes::hex(std::string_view message) {
#ifdef EDGARSQL_SHA_NI
    if (impl_->interleave && impl_->main_hex.empty())
        return hash_beside(impl_->state, impl_->stream, message);
#endif
    return sha256_hex(message);
}

std::string Sha256Lanes::main_hex() {
    if (impl_->main_hex.empty()) {
#ifdef EDGARSQL_SHA_NI
        if (impl_->interleave) {
            finish_alone(impl_->state, impl_->stream);
            impl_->main_hex = hex_of_state(impl_->state);
            return impl_->main_hex;
        }
#endif
        impl_->main_hex = sha256_hex(impl_->main);
    }
    return impl_->main_hex;
}

}  // namespace edgarsql::util
