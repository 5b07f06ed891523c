// Fuzz target: cover-page fields, the signer and text dates, on (UTF-8 repaired) document text.
#include "fuzz_support.hpp"
#include "parse/cover_page.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string text = parse::sanitize_utf8(fuzz::bytes_of(data, size));
    const parse::CoverPage cover = parse::extract_cover_page(text);
    fuzz::require_db_text(cover.name, "cover name");
    fuzz::require_db_text(cover.business_address, "cover address");
    fuzz::require(cover.irs_number.empty() || cover.irs_number.size() == 9, "IRS number");
    fuzz::require(cover.date_of_report.empty() || cover.date_of_report.size() == 10, "ISO date");
    const parse::Signer signer = parse::extract_signer(text);
    fuzz::require_db_text(signer.name, "signer name");
    fuzz::require_db_text(signer.title, "signer title");
    const std::string date = parse::text_date(text);
    fuzz::require(date.empty() || date.size() == 10, "text date is ISO");
    return 0;
}
