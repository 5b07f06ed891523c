// Fuzz target: finding, measuring and decoding uuencoded sections.
#include "fuzz_support.hpp"
#include "parse/uuencode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);
    const std::size_t begin = parse::find_uuencode_begin(raw);
    const std::string_view section = begin == std::string_view::npos ? raw : raw.substr(begin);
    const parse::UuMeasure m = parse::measure_uuencoded(section);
    const std::string decoded = parse::decode_uuencoded(section);
    fuzz::require(m.bytes == static_cast<std::int64_t>(decoded.size()),
                  "measure_uuencoded and decode_uuencoded agree on the size");
    fuzz::require(m.end_offset <= section.size(), "end offset inside the section");
    return 0;
}
