#pragma once
// Uuencoded payloads ('begin 644 name' … 'end'), the way EDGAR carries binaries (GRAPHIC,
// PDF, ZIP, EXCEL documents). They are decoded only to be measured (size and SHA-256 of the
// binary); the decoded bytes are never stored.
//
// Pure functions; thread-safe; never throw except std::bad_alloc; any byte sequence is accepted
// (malformed lines are decoded as far as they go).

#include <cstdint>
#include <string>
#include <string_view>

namespace edgarsql::util {
class Sha256Lanes;
}

namespace edgarsql::parse {

/// Where a uuencoded section starts in `payload`: the offset of its 'begin NNN name' line,
/// looked for among the first few non-blank lines only (a wrapper such as <PDF> may precede
/// it). npos when the payload is not uuencoded.
std::size_t find_uuencode_begin(std::string_view payload);

struct UuMeasure {
    std::string filename;     ///< the name on the 'begin' line
    std::int64_t bytes = 0;   ///< decoded size
    std::string sha256;       ///< lowercase hex of the decoded bytes
    bool complete = false;    ///< an 'end' line was found
    std::size_t end_offset = 0;  ///< offset in the input just past the 'end' line (or its size)
};

/// Decodes the section whose 'begin' line starts at `section` (LF line endings), streaming the
/// bytes through SHA-256 without keeping them.
UuMeasure measure_uuencoded(std::string_view section);

/// The same, hashing the decoded bytes beside the input's own hash in `lanes` (twice the
/// speed where the CPU has the SHA extensions). That needs the decoded bytes whole, so a
/// section longer than kUuBesideMaxBytes is streamed as above: memory stays bounded.
UuMeasure measure_uuencoded(std::string_view section, util::Sha256Lanes& lanes);
inline constexpr std::size_t kUuBesideMaxBytes = 16u << 20;

/// Decodes the section into bytes (tests and tools; the parser uses measure_uuencoded).
std::string decode_uuencoded(std::string_view section);

}  // namespace edgarsql::parse
