// Fuzz target: charset detection and decoding, UTF-8 validation and repair, line endings.
#include "fuzz_support.hpp"
#include "parse/detect.hpp"
#include "parse/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);

    const std::string clean = parse::sanitize_utf8(raw);
    fuzz::require_db_text(clean, "sanitize_utf8 output");
    if (parse::is_valid_utf8(raw) && raw.find('\0') == std::string_view::npos) {
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
