// Fuzz target: finding, measuring and decoding uuencoded sections.
#include "fuzz_support.hpp"
#include "parse/uuencode.hpp"
#include "util/sha256.hpp"

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
    // Hashed beside another message (the parser's path) it measures the same.
    util::Sha256Lanes lanes(raw);
    const parse::UuMeasure beside = parse::measure_uuencoded(section, lanes);
    fuzz::require(beside.sha256 == m.sha256 && beside.bytes == m.bytes,
                  "measure_uuencoded beside the input agrees with it alone");
    fuzz::require(beside.sha256 == util::sha256_hex(decoded), "the hash is the decoded bytes'");
    fuzz::require(lanes.main_hex() == util::sha256_hex(raw), "the input's hash is still right");
    return 0;
}
