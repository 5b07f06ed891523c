#pragma once
// EDGAR index files (DESIGN §2 "full index"): the quarterly full-index and the daily-index
// listings, in their three layouts:
//   master  'CIK|Company Name|Form Type|Date Filed|Filename' (pipe-delimited; also xbrl.idx)
//   form    fixed width, 'Form Type' first, then company, CIK, date, file name
//   company fixed width, company first, then form type, CIK, date, file name
// Quarterly files date entries 'YYYY-MM-DD', daily ones 'YYYYMMDD'. The column header may say
// 'Form' or 'Form Type' and may wrap onto a second line ('... CIK' / 'Date Filed  File Name');
// data starts after the line of dashes. Line endings \n, \r\n or \r.
//
// Fixed-width rows are read from the right (file name, date, CIK are single tokens), and the
// rest is split between company name and form type at the column where the header puts the
// second of the two, so names and form types with spaces ('SC 13D/A', '1-A POS') survive.
//
// Pure functions over bytes: no I/O, thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace edgarsql::index {

struct Entry {
    std::string accession_number;  ///< NNNNNNNNNN-YY-NNNNNN, from the file name
    std::int64_t cik = 0;
    std::string company_name;
    std::string form_type;         ///< as listed
    std::string form_family;       ///< parse::form_family(form_type)
    std::string date_filed;        ///< ISO 'YYYY-MM-DD'
    std::string file_name;         ///< as listed, e.g. 'edgar/data/1800903/0001800903-20-000001.txt'
};

enum class Layout { unknown, master, form, company };
const char* to_string(Layout layout);

struct ParsedIndex {
    Layout layout = Layout::unknown;
    std::vector<Entry> entries;
    /// Data lines that could not be read as an entry (no CIK, bad date, no accession in the
    /// file name), with their 1-based line numbers, first 20 kept.
    std::int64_t bad_lines = 0;
    std::vector<std::int64_t> bad_line_numbers;
};

/// Parses one index file's bytes. Never throws on malformed content: unreadable lines are
/// counted in bad_lines; a file with no recognizable column header has layout 'unknown'.
ParsedIndex parse_index(std::string_view bytes);

/// The accession number in an EDGAR file name or path ('…/0001800903-20-000001.txt', or the
/// 18-digit folder form '…/000180090320000001/'), or '' if none.
std::string accession_from_path(std::string_view path);

}  // namespace edgarsql::index
