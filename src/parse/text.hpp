#pragma once
// Text encoding for everything that leaves the parser: line endings, charsets and UTF-8
// validity. EDGAR text is ASCII, Latin-1/cp1252 or UTF-8, sometimes mixed within a file;
// the database only ever receives valid UTF-8 without NUL (DESIGN §2, §3).
//
// Pure functions over byte strings; thread-safe; never throw except std::bad_alloc.

#include <string>
#include <string_view>

namespace edgarsql::parse {

/// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

/// True when every byte is below 0x80.
bool is_ascii(std::string_view bytes);

/// Converts \r\n and bare \r to \n (memchr-driven; a plain copy when there is no \r).
std::string normalize_newlines(std::string_view bytes);

/// Makes any byte string valid UTF-8 without NUL: well-formed UTF-8 sequences are kept,
/// every other byte is read as windows-1252 (0x80–0x9F per cp1252, bytes cp1252 leaves
/// undefined become U+FFFD; 0xA0–0xFF as Latin-1), NUL bytes are dropped. The C1 controls
/// U+0080–U+009F, well-formed but cp1252 text mis-converted as Latin-1, are read as the
/// cp1252 bytes they were (U+0092 becomes U+2019). Used for header
/// values and for documents that are not valid UTF-8, which in EDGAR are cp1252/Latin-1
/// text with, at times, a few UTF-8 sequences pasted in.
std::string sanitize_utf8(std::string_view bytes);

/// `bytes` itself when it is valid UTF-8 without NUL; otherwise every byte that is not part of
/// a valid sequence (or is NUL) written as "%XX" (upper-case hex), the rest kept. For file and
/// archive member names, which are bytes on Linux: stored and looked up in this form, they are
/// valid text (PostgreSQL refuses anything else) and one name always maps to the same string.
std::string escape_invalid_utf8(std::string_view bytes);

/// The Unicode code point of a windows-1252 byte (U+FFFD for the five undefined ones).
char32_t cp1252_code_point(unsigned char byte);

/// Appends the UTF-8 encoding of `code_point` (U+FFFD for surrogates and values above
/// U+10FFFF, nothing for U+0000).
void append_utf8(std::string& out, char32_t code_point);

/// Position of the first occurrence of `lower_needle` in `haystack` at or after `from`,
/// comparing ASCII letters case-insensitively (other bytes exactly), without copying; npos if
/// none. `lower_needle` must not contain upper-case ASCII letters.
std::size_t find_ascii_ci(std::string_view haystack, std::string_view lower_needle,
                          std::size_t from = 0);

/// The charset a document declares: an HTML <meta charset=…> or http-equiv content
/// 'charset=…', or an XML declaration's encoding="…", looked for in the first few KB only.
/// Normalized to 'utf-8', 'windows-1252', 'iso-8859-1', 'us-ascii' or the declared name in
/// lower case; "" when nothing is declared.
std::string declared_charset(std::string_view payload);

/// The charset decode_text would report for `payload`, without decoding it.
std::string charset_of(std::string_view payload);

/// A decoded document text and the charset it was read as.
struct DecodedText {
    std::string text;     ///< valid UTF-8, no NUL, LF line endings kept as they were
    std::string charset;  ///< 'utf-8', 'windows-1252', 'iso-8859-1' or 'us-ascii'
};

/// Decodes a document payload: pure ASCII → 'us-ascii' (or the declared name when it is an
/// ASCII superset); valid UTF-8 → 'utf-8' (valid multibyte UTF-8 outweighs a Latin-1
/// declaration, which is often copied boilerplate); otherwise windows-1252, or 'iso-8859-1'
/// when declared so (decoded with the cp1252 table, as browsers do). A UTF-8 BOM is dropped.
DecodedText decode_text(std::string_view payload);

}  // namespace edgarsql::parse
