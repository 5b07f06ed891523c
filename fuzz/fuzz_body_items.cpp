// Fuzz target: item headings in document bodies, signature block and exhibit index search.
// The first byte picks the form family; the rest is the (UTF-8 repaired) document text.
#include <array>

#include "fuzz_support.hpp"
#include "parse/body_items.hpp"

namespace {
constexpr std::array<std::string_view, 4> kFamilies = {"8-K", "10-K", "10-Q", "S-1"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    if (size == 0) return 0;
    const std::string text = parse::sanitize_utf8(fuzz::bytes_of(data + 1, size - 1));
    const std::string_view family = kFamilies[data[0] % kFamilies.size()];
    const std::string_view era = (data[0] & 0x80) != 0 ? "2001-06-30" : "2019-06-30";
    const parse::BodyItems found = parse::body_items(text, family, era, 1);
    for (const auto& item : found.items) {
        fuzz::require_db_text(item.item_raw, "item raw");
        fuzz::require_db_text(item.title, "item title");
        if (item.text) fuzz::require_db_text(*item.text, "item text");
    }
    const std::size_t sig = parse::find_signature_block(text);
    fuzz::require(sig == std::string::npos || sig <= text.size(), "signature offset in range");
    const std::size_t idx = parse::find_exhibit_index(text);
    fuzz::require(idx == std::string::npos || idx <= text.size(), "exhibit index in range");
    return 0;
}
