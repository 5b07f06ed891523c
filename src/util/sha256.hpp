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

/// Hashes one long message (an input file) and, alongside it, the shorter messages handed to
/// hex() (its documents), two messages at a time where the CPU has the SHA extensions.
///
/// Why not libcrypto here: libcrypto hashes one message per call, and on this kind of CPU its
/// SHA-256 is bound by the latency of the round instruction (≈ 1.8 GB/s per core), not by its
/// throughput. Interleaving two independent messages runs both at ≈ 1.6–1.7 GB/s each
/// (docs/benchmarks.md). The parser hashes every input and, again, every document in it, so
/// this is most of its hashing. Without the SHA extensions (or off x86-64) each message goes
/// through libcrypto as sha256_hex does. The digests are the standard ones either way.
///
/// `main` must stay valid until main_hex() has returned. Not thread-safe; one per input.
class Sha256Lanes {
public:
    /// `interleave` false takes the libcrypto path even where the CPU has the extensions
    /// (for the tests of that path).
    explicit Sha256Lanes(std::string_view main, bool interleave = true);
    ~Sha256Lanes();
    Sha256Lanes(const Sha256Lanes&) = delete;
    Sha256Lanes& operator=(const Sha256Lanes&) = delete;
    /// Lowercase hex SHA-256 of `message`; the main message advances alongside it.
    std::string hex(std::string_view message);
    /// Lowercase hex SHA-256 of the main message (computed once; later calls repeat it).
    std::string main_hex();

    /// Whether this CPU takes the two-message path (for tests and benchmarks).
    static bool interleaved();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace edgarsql::util
