// Fuzz target: charset detection and decoding, UTF-8 validation and repair, line endings.
#include "fuzz_support.hpp"
#include "parse/detect.hpp"
#include "parse/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);

    const std::string clean = parse::sanitize_utf8(raw);
    fuzz::require_db_text(clean, "sanitize_utf8 output");
    // Valid UTF-8 is kept as it is, but for NUL and the C1 controls (U+0080–U+009F), which
    // are read as the cp1252 bytes they were.
    bool c1 = false;
    for (std::size_t i = 0; i + 1 < raw.size() && !c1; ++i)
        c1 = raw[i] == '\xC2' && static_cast<unsigned char>(raw[i + 1]) < 0xA0 &&
             static_cast<unsigned char>(raw[i + 1]) >= 0x80;
    if (parse::is_valid_utf8(raw) && raw.find('\0') == std::string_view::npos && !c1) {
        fuzz::require(clean == raw, "sanitize_utf8 keeps valid UTF-8 as it is");
    }
    if (parse::is_ascii(raw)) fuzz::require(parse::is_valid_utf8(raw), "ASCII is UTF-8");

    const parse::DecodedText decoded = parse::decode_text(raw);
    fuzz::require_db_text(decoded.text, "decode_text output");
    fuzz::require(parse::charset_of(raw) == decoded.charset,
                  "charset_of agrees with decode_text");

    const std::string lf = parse::normalize_newlines(raw);
    fuzz::require(lf.find('\r') == std::string::npos, "no CR after normalize_newlines");
    (void)parse::declared_charset(raw);

    const parse::detail::ByteCensus census = parse::detail::byte_census(raw);
    const parse::detail::ByteCensus slow = parse::detail::byte_census_scalar(raw);
    fuzz::require(census.controls == slow.controls && census.high == slow.high,
                  "the SSE2 byte census agrees with the byte loop");
    return 0;
}
