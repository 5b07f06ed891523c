// Fuzz target: the whole parser, parse(bytes, name), on arbitrary bytes. The file name is a
// hint to the parser, so the first byte picks one of a few names that steer it differently.
#include <array>

#include "fuzz_support.hpp"
#include "parse/parser.hpp"

namespace {

constexpr std::array<std::string_view, 5> kNames = {
    "0000999004-24-000031.txt", "0000999004-24-000031.nc", "0000999004-24-000031.hdr.sgml",
    "edgar/data/999004/000099900424000031/exhibit.htm", "0000999004-24-000031-index.htm"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    if (size == 0) return 0;
    const std::string_view name = kNames[data[0] % kNames.size()];
    parse::Options options;
    options.xml_text = (data[0] & 0x80) != 0;
    const parse::Result r = parse::parse(fuzz::bytes_of(data + 1, size - 1), name, options);
    if (r.outcome != parse::Outcome::filing) {
        fuzz::require(!r.reason.empty(), "a rejected or ignored input says why");
        return 0;
    }
    const model::Filing& f = r.filing;
    fuzz::require_db_text(f.accession_number, "accession number");
    fuzz::require_db_text(f.form_type, "form type");
    for (const auto& d : f.documents) {
        fuzz::require_db_text(d.type, "document type");
        fuzz::require_db_text(d.filename, "document filename");
        fuzz::require_db_text(d.description, "document description");
        if (d.text) fuzz::require_db_text(*d.text, "document text");
    }
    for (const auto& p : f.parties) fuzz::require_db_text(p.name, "party name");
    for (const auto& i : f.items) {
        fuzz::require_db_text(i.item_raw, "item raw");
        fuzz::require_db_text(i.title, "item title");
        if (i.text) fuzz::require_db_text(*i.text, "item text");
    }
    for (const auto& w : f.warnings) fuzz::require_db_text(w, "warning");
    return 0;
}
