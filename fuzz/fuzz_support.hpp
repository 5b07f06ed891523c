#pragma once
// Shared pieces of the libFuzzer targets: the byte view of an input and the output invariants
// every target checks. A broken invariant aborts, which libFuzzer reports as a crash and saves
// the input, exactly like a sanitizer finding.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "parse/text.hpp"

namespace edgarsql::fuzz {

inline std::string_view bytes_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Aborts with `what` when `condition` is false.
inline void require(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

/// Everything the parsers hand to the database must be valid UTF-8 without NUL (DESIGN §2).
inline void require_db_text(std::string_view text, const char* what) {
    require(parse::is_valid_utf8(text), what);
    require(text.find('\0') == std::string_view::npos, what);
}

}  // namespace edgarsql::fuzz
