// Fuzz target: exhibit number normalization and exhibit lists in document text.
#include <vector>

#include "fuzz_support.hpp"
#include "parse/exhibits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);
    if (size <= 64) fuzz::require_db_text(parse::normalize_exhibit_number(parse::sanitize_utf8(raw)),
                                          "exhibit number");
    const std::string text = parse::sanitize_utf8(raw);
    for (const auto& e : parse::exhibit_list(text, std::vector<edgarsql::model::Item>{})) {
        fuzz::require_db_text(e.number, "listed exhibit number");
        fuzz::require_db_text(e.description, "listed exhibit description");
    }
    return 0;
}
