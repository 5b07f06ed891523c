#pragma once
// Item sections found in the body of a document (items.source = 'body', DESIGN §4 "Item
// headings in bodies"), for the 8-K, 10-K and 10-Q families.
//
// Rules, in the order they are applied to each line of the text:
//  - a heading is line-anchored: "Item", "ITEM" or "Items" at the start of a line (after
//    blanks), then one or more item numbers joined by ',', 'and', '&' (combined headings, one
//    row per item with combined = true and the same text) or 'through'/'to' (a range);
//  - a number followed by a lower-case word ("Item 1A of our annual report") is a
//    cross-reference, not a heading; a heading whose title ends in a page number is a table of
//    contents line; when the same item has several headings the one with the longest section
//    wins, which drops the remaining table-of-contents entries;
//  - ranges ("Items 1 through 4") and, for 8-Ks, headings or sections that say "not
//    applicable" / "none" are not reported items;
//  - 8-K: dotted numbers are the current scheme ('2.02'); integers 1–12 are the legacy scheme
//    (item_raw '12', item_code from the crosswalk of values.hpp, Item 9 by the era date). The
//    numbering written in the body wins over the date, so a late legacy amendment maps right.
//    10-K: 1–16 with 1A, 1B, 1C, 7A, 9A, 9B, 9C. 10-Q: Part I items 1–4 and Part II items 1,
//    1A, 2–6, the part taken from 'PART I'/'PART II' lines (or inferred when numbering restarts);
//  - a section runs from its heading to the next heading, the signature block ("SIGNATURES" or
//    "Pursuant to the requirements of the Securities Exchange Act") or the exhibit index,
//    whichever comes first. A section that finds none of these runs to the end of the text and
//    is reported in BodyItems::open_ended.
//
// Offsets are UTF-8 byte offsets into `text` (documents.text). Linear in the text size, no
// regular expressions. Pure; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::parse {

struct BodyItems {
    std::vector<model::Item> items;  ///< in text order; seq 1…n; source 'body'
    std::vector<std::string> open_ended;  ///< item_raw of sections that ran to the end
};

/// Items of one document's text. `form_family` is '8-K', '10-K' or '10-Q' (anything else
/// yields nothing); `era_date` (ISO) chooses the meaning of legacy Item 9.
BodyItems body_items(std::string_view text, std::string_view form_family,
                     std::string_view era_date, int document_sequence);

/// Start of the signature block at or after `from`: a line that is only "SIGNATURE(S)", or
/// one that begins "Pursuant to the requirements of the Securities Exchange Act"; npos if none.
std::size_t find_signature_block(std::string_view text, std::size_t from = 0);

/// Start of an "EXHIBIT INDEX" / "INDEX TO EXHIBITS" line at or after `from`; npos if none.
std::size_t find_exhibit_index(std::string_view text, std::size_t from = 0);

}  // namespace edgarsql::parse
