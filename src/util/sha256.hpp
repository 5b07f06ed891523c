#pragma once
// SHA-256 through OpenSSL's libcrypto (EVP), which uses the CPU's SHA extensions where present.
// Thread-safe: every call or Sha256 object has its own context.

#include <memory>
#include <string>
#include <string_view>

namespace edgarsql::util {

/// Incremental hashing, for content produced in pieces (e.g. line-ending normalization).
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view data);
    /// Lowercase hex digest; the object cannot be updated afterwards.
    std::string hex();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace edgarsql::util
