#pragma once
// SEC header parsing, both dialects, into one dialect-neutral value.
//
//  - Text dialect (full-submission .txt, inside <SEC-HEADER> or <IMS-HEADER>):
//      ACCESSION NUMBER:<TAB>0000950144-94-000103
//      FILER:
//      <TAB>COMPANY DATA:
//      <TAB><TAB>COMPANY CONFORMED NAME:<TAB>…
//    Nesting is by the container labels (FILER, COMPANY DATA, …), not by indentation, which
//    varies (whole files indented by spaces exist). Blank lines between lines, tag lines mixed
//    in (<ACCEPTANCE-DATETIME>, <REPORTING-OWNER>, <RELATIONSHIP>, <PRIVATE-TO-PUBLIC>) and
//    malformed tags (<GROUP-MEMBERS>>) are accepted.
//  - Tag dialect (.nc <SUBMISSION>, .hdr.sgml): '<TAG>value' leaves, '<TAG>' … '</TAG>'
//    containers; the header ends at the first <DOCUMENT>.
//
// Both functions accept either dialect (the text dialect mixes in tag lines anyway) and stop at
// </SEC-HEADER>, </IMS-HEADER>, </SUBMISSION> or the first <DOCUMENT>, so the whole input may be
// passed. They never throw and never reject: malformed lines, stray close tags and invalid
// dates or numbers become `warnings` (naming the field and the value) and the affected value
// stays empty, while every key/value line is still kept in `fields`.
//
// Pure functions; thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::parse {

/// Everything a header says, normalized, independent of the dialect it was written in.
struct HeaderData {
    std::string accession_number;      ///< first top-level accession (MULTI-ACCESSION-NUMBERS ignored)
    std::string form_type;             ///< CONFORMED SUBMISSION TYPE / <TYPE>
    std::string filed_date;            ///< ISO date
    std::string period_of_report;      ///< ISO date
    std::string acceptance_datetime;   ///< ISO-8601 UTC ('…Z'), converted from US Eastern
    std::string date_as_of_change;     ///< ISO date
    std::optional<int> declared_document_count;
    std::vector<std::string> item_values;  ///< ITEM INFORMATION titles / <ITEMS> codes, in order
    std::vector<model::Party> parties;     ///< every party block, seq in header order
    std::vector<model::HeaderField> fields;  ///< every key/value line, with its path
    std::vector<std::string> warnings;     ///< recoverable problems (malformed lines, bad dates)
};

/// Parses the text between <SEC-HEADER> (or <IMS-HEADER>) and its close tag; the opening
/// line's own text ('0000…hdr.sgml : 19940125') may be included or not.
HeaderData parse_text_header(std::string_view header);

/// Parses a tag-dialect header: from <SUBMISSION> (or the first tag) up to, not including,
/// the first <DOCUMENT>.
HeaderData parse_tag_header(std::string_view header);

}  // namespace edgarsql::parse
