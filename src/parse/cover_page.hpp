#pragma once
// The cover page of an 8-K, 10-K or 10-Q read from the document text, for bare documents and
// headerless submissions (DESIGN §3 'cover_page' party), and the signer from the signature
// block.
//
// Cover pages are laid out as values above (or beside) parenthesized captions:
//     SONUS-LIKE CORP.                       ← value
//     (Exact name of registrant as specified in its charter)   ← caption
// so each field is read from the caption's own line (text before the caption, or after a
// colon) or else from the nearest non-blank line above it that is not a rule of dashes:
//  - name: "Exact name of registrant"; state, commission file number and IRS number: the
//    "jurisdiction" / "Commission File" / "Employer Identification" captions, the values told
//    apart by shape (IRS 'NN-NNNNNNN' or 9 digits → normalize_irs; file number 'N-NNNNN' up to
//    4 digits before the dash; state: a name state_code() knows → EDGAR code);
//  - address: "principal executive offices", kept as one line (blanks collapsed, lines joined
//    by ', ') and split into street, city, state code and zip (the trailing 5 or 5-4 digits);
//  - phone: "telephone number", as written; date of report: "Date of Report" / "earliest
//    event", written as 'October 8, 2003', 'Oct. 8, 2003' or '10/08/2003' → ISO; period ended:
//    "For the fiscal year ended" / "For the quarterly period ended", or the end of a filled-in
//    "For the transition period from … to …" → ISO.
// Signer: in the signature block (body_items.hpp find_signature_block), the name after '/s/'
// or 'Name:', the title after 'Title:' or else the lines under the name.
// Pure; thread-safe; reads only the first kCoverBytes of the text for the cover.

#include <cstddef>
#include <string>
#include <string_view>

#include "model/filing.hpp"

namespace edgarsql::parse {

inline constexpr std::size_t kCoverBytes = 24 * 1024;

struct CoverPage {
    std::string name;
    std::string state_of_incorporation;  ///< EDGAR code
    std::string file_number;
    std::string irs_number;              ///< 9 digits
    std::string business_address;        ///< one line
    model::Address business;             ///< parts of business_address, phone
    std::string date_of_report;          ///< ISO
    /// ISO; a 10-K's or 10-Q's "For the fiscal year ended" / "For the quarterly period ended",
    /// or the end of its "transition period from … to …".
    std::string period_ended;
    /// True when the text has a cover page (a registrant name, file number or IRS number).
    bool found() const { return !name.empty() || !file_number.empty() || !irs_number.empty(); }
};

CoverPage extract_cover_page(std::string_view text);

struct Signer {
    std::string name;
    std::string title;
};

/// The signer of the first signature block that has one; empty fields when none.
Signer extract_signer(std::string_view text);

/// 'October 8, 2003', 'Oct. 8, 2003', 'OCTOBER 8,2003', '8 October 2003', '10/08/2003' at the
/// start of `s` or anywhere in it → '2003-10-08'; "" when no date is found.
std::string text_date(std::string_view s);

namespace detail {
/// "500 South Buena Vista Street Burbank" → street "500 South Buena Vista Street", city
/// "Burbank": an address part with no comma between its street and its city. False, and the
/// outputs untouched, when the part does not start with a street number or has no street word.
bool split_street_city(std::string_view part, std::string_view& street, std::string_view& city);
}  // namespace detail

}  // namespace edgarsql::parse
