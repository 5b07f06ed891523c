// Fuzz target: EDGAR full-index and daily-index files (master, form, company layouts).
#include "fuzz_support.hpp"
#include "index/index_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgarsql;
    const std::string_view raw = fuzz::bytes_of(data, size);
    const index::ParsedIndex parsed = index::parse_index(raw);
    fuzz::require(parsed.bad_lines >= 0, "bad line count is not negative");
    fuzz::require(parsed.bad_line_numbers.size() <= 20, "at most 20 bad line numbers kept");
    for (const index::Entry& e : parsed.entries) {
        // Entries go to index_entries: text must be valid UTF-8, keys well-formed.
        fuzz::require_db_text(e.company_name, "index company name");
        fuzz::require_db_text(e.form_type, "index form type");
        fuzz::require_db_text(e.file_name, "index file name");
        fuzz::require(e.accession_number.size() == 20 && e.accession_number[10] == '-' &&
                          e.accession_number[13] == '-',
                      "index accession is NNNNNNNNNN-YY-NNNNNN");
        fuzz::require(e.cik > 0, "index CIK is positive");
        fuzz::require(e.date_filed.size() == 10, "index date is ISO");
    }
    fuzz::require_db_text(index::accession_from_path(raw), "accession from path");
    return 0;
}
