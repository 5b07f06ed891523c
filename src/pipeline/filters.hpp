#pragma once
// Input selection for `edgarsql ingest` (DESIGN §4, §5): --forms, --no-amendments, --since,
// --until, --include and --exclude.
//
// Three checks, in the order the pipeline applies them:
//  1. glob_selects(): --include/--exclude on the input's relative path. An input that fails it
//     is not an input of this run at all (not seen, not recorded), like a file of another shard.
//  2. name_may_match(): before reading, from the file or member name alone. Names carry
//     dissemination dates and submission years, not filing dates, so an input is pruned only
//     when no filing it can hold could pass --since/--until, even allowing kNameMarginDays (feed
//     files) or a year (accession numbers) of difference. Pruned inputs are counted as filtered
//     and not recorded, so a later run with other filters reads them.
//  3. filing_selected(): the exact filter, after parsing, on form type, family, amendment and
//     filing date. A filing that fails it is stored as an ingest_files row with status
//     'filtered' and its form type and filing date, which later runs test against their own
//     filters to skip it unread when they refuse it too (skip_policy.hpp).
//
// Thread-safety: a Filters value is immutable once built; every function is const and may be
// called from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::pipeline {

/// Days a feed file's dissemination date may lag behind the filing dates it carries.
constexpr int kNameMarginDays = 400;

class Filters {
public:
    /// Builds the filters from the command-line values. `forms` is a comma-separated list of
    /// form families ('8-K': 8-K, 8-K/A, 8-K12B…) and exact types ('10-K405': itself and its
    /// amendment); empty means every form. Dates are ISO 'YYYY-MM-DD', inclusive, empty for no
    /// bound. Throws std::invalid_argument with a user-facing message for a malformed value.
    static Filters build(const std::string& forms, bool no_amendments, const std::string& since,
                         const std::string& until, std::vector<std::string> include,
                         std::vector<std::string> exclude);

    /// True when no filter is set (every check passes).
    bool empty() const;

    /// --include/--exclude. A glob without '/' is matched against the base name, one with '/'
    /// against the whole relative path (for archive members, against 'relative!member' minus
    /// the archive part, i.e. the member path). A trailing '.gz' of the name is also tried, so
    /// '*.txt' selects 'a.txt.gz'. With --include, names that look like containers (.tar,
    /// .tar.gz, .tgz, .zip) pass the include test so that their members can be tested.
    /// The members of an archive inside an archive are named 'inner!member': their base name
    /// is the part after the last '/' or '!' (in other paths '!' is a character like any).
    bool glob_selects(const model::SourceRef& ref) const;

    /// False only when the name proves that nothing inside can pass --since/--until (see the
    /// header comment). Recognized names: 'YYYYMMDD.nc.tar.gz' (also .nc.tgz, .nc.tar, .nc
    /// as a member) and 'NNNNNNNNNN-YY-NNNNNN.txt' (any extension, e.g. .nc, .hdr.sgml, .gz).
    bool name_may_match(const model::SourceRef& ref) const;

    /// The exact filter. Returns std::nullopt when the filing is selected, else the reason it
    /// is not (one line, for ingest_files.error). A filing without a filing date passes the
    /// date filters (nothing proves it outside them).
    std::optional<std::string> filing_rejection(const model::Filing& filing) const;

    /// The same decision from a filing's form type and ISO filing date alone ('' for none),
    /// as an earlier run stored them for an input it filtered.
    std::optional<std::string> rejection(const std::string& form_type,
                                         const std::string& filed_date) const;

    bool forms_set() const { return !families_.empty() || !types_.empty(); }

private:
    std::vector<std::string> families_;  // upper-case family names
    std::vector<std::string> types_;     // upper-case exact types
    bool no_amendments_ = false;
    std::string since_;
    std::string until_;
    std::vector<std::string> include_;
    std::vector<std::string> exclude_;
};

/// True for 'YYYY-MM-DD' naming a real calendar day.
bool valid_iso_date(std::string_view text);

/// Days since 1970-01-01 of a valid ISO date.
long days_from_iso(std::string_view iso);

}  // namespace edgarsql::pipeline
