// Fuzz target: the value normalizers and the item crosswalk. The input is read as lines; each
// normalizer gets every line, and the lines together are a header's item values.
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "parse/values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= raw.size();) {
        std::size_t end = raw.find('\n', start);
        if (end == std::string_view::npos) end = raw.size();
        lines.emplace_back(raw.substr(start, end - start));
        start = end + 1;
    }
    for (const std::string& v : lines) {
        const std::string date = parse::iso_date(v);
        fuzz::require(date.empty() || date.size() == 10, "ISO date is YYYY-MM-DD");
        const std::string utc = parse::acceptance_to_utc(v);
        fuzz::require(utc.empty() || utc.size() == 20, "UTC time is YYYY-MM-DDTHH:MM:SSZ");
        const auto cik = parse::parse_cik(v);
        fuzz::require(!cik || *cik > 0, "a CIK is positive");
        const std::string acc = parse::normalize_accession(v);
        fuzz::require(acc.empty() || acc.size() == 20, "accession is NNNNNNNNNN-YY-NNNNNN");
        (void)parse::accession_from_name(v);
        (void)parse::parse_sic(v);
        const std::string irs = parse::normalize_irs(v);
        fuzz::require(irs.empty() || irs.size() == 9, "IRS number has 9 digits");
        (void)parse::normalize_sec_act(v);
        (void)parse::form_family(v);
        (void)parse::is_amendment(v);
        (void)parse::party_role(v);
        (void)parse::is_legacy_8k_era(v);
    }
    const std::string form = lines.empty() ? "" : lines.front();
    const std::string date = lines.size() > 1 ? lines[1] : "";
    // Item values are raw header bytes here; parse() sanitizes them (checked by fuzz_parse).
    for (const auto& item : parse::header_items(lines, form, date, date)) {
        fuzz::require(item.seq >= 0, "item seq is not negative");
    }
    if (size >= 1) (void)parse::legacy_8k_to_current(data[0] % 16, date);
    return 0;
}
