// Fuzz target: HTML to text. Its input contract is valid UTF-8, so the bytes go through
// sanitize_utf8 first, as the parser does; the output must be valid UTF-8 too.
#include "fuzz_support.hpp"
#include "parse/html_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);
    const std::string html = parse::sanitize_utf8(raw);
    fuzz::require_db_text(parse::html_to_text(html), "html_to_text output");
    if (size <= 16) (void)parse::decode_entity(raw);
    return 0;
}
