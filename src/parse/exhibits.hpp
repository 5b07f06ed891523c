#pragma once
// Exhibits of a filing (DESIGN §3 'exhibits', §4 "Exhibit types"): one row per exhibit, from
// the EX-* documents and from the exhibit lists written in the primary document's body.
//
// Number grammar (normalize_exhibit_number): drop a leading 'EX-' / 'Exhibit' / 'No.', keep the
// first blank-separated word, upper-case it, drop a trailing '*', '+' or '.', and strip the
// leading zeros of every all-digit component between dots and dashes: 'EX-99.01' → '99.1',
// 'EX-10.A-46' → '10.A-46', 'EX-99.(A)(1)' → '99.(A)(1)', 'EX-99.1 CHARTER' → '99.1'.
//
// Exhibit lists are read from "EXHIBIT INDEX" / "INDEX TO EXHIBITS" sections and from the
// exhibits item (8-K Item 9.01, legacy Item 7, 10-K Item 15/14): a line that starts with an
// exhibit number (after a '*' or '+' marker, as a management contract's "** 10a."), then a
// description that may continue on the following non-blank lines.
// Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::parse {

/// Normalized exhibit number (see above); "" when `raw` has no exhibit number.
std::string normalize_exhibit_number(std::string_view raw);

/// One line of an exhibit list.
/// The key two spellings of one exhibit number share: "12.(C)" and "12(C)" → "12.C",
/// "10.A-8" and "10.A.8" → "10.A.8", "31A" → "31.A"; "10.1" and "101" stay apart.
std::string exhibit_match_key(std::string_view number);

struct ListedExhibit {
    std::string number;       ///< normalized
    std::string description;  ///< continuation lines joined by one space
    /// A form's name written without "Exhibit" (`10-K.`): an exhibit only in a list lettered
    /// like it (`10-J`, `10-K`, `10-L`), else a legend or a column wrapped after "Form".
    bool form_name = false;
};

/// Exhibit list entries in `text` (a document's text), in order, without duplicates.
/// `exhibit_items` are the body items whose sections list exhibits (Item 9.01 / legacy 7 /
/// 10-K 15, 14); the "Exhibit Index" sections are found in the text itself.
std::vector<ListedExhibit> exhibit_list(std::string_view text,
                                        const std::vector<model::Item>& exhibit_items);

/// Builds the exhibits rows: one per EX-* document (in document order), marked
/// listed_in_index when the list names it (by normalized number, or '99.1' listed for the only
/// EX-99 document), then one per listed number with no document (document_sequence empty).
/// Descriptions come from the list when it has one, else from the document.
std::vector<model::Exhibit> build_exhibits(const std::vector<model::Document>& documents,
                                           const std::vector<ListedExhibit>& listed);

}  // namespace edgarsql::parse
