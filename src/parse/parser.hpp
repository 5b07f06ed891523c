#pragma once
// The parser entry point: a pure function from the bytes of one input to a Filing, or to the
// reason it is not one. No I/O, no database, no global state: safe to call from any number of
// threads at once, and testable on string fixtures.
//
// Formats (DESIGN §2), detected by content, never by date or file name alone:
//  - full submission: <SEC-DOCUMENT>/<SEC-HEADER> (or <IMS-DOCUMENT>/<IMS-HEADER>), optionally
//    inside a -----BEGIN PRIVACY-ENHANCED MESSAGE----- envelope, or headerless (starts at
//    <DOCUMENT>); header lines are 'LABEL:<TAB>value', indented, possibly blank-line separated
//    and mixed with tag lines;
//  - daily feed .nc: <SUBMISSION> root, '<TAG>value' lines, documents inline;
//  - .hdr.sgml: the tag dialect, header only;
//  - bare document: one document's text or HTML with no SEC header;
//  - anything else (index files, JSON, images, '-index.htm' pages) is not a filing: ignored.
// Line endings \n, \r\n and bare \r are all accepted.

#include <string>
#include <string_view>

#include "model/filing.hpp"

namespace edgarsql::parse {

/// Bumped whenever a change to the parsers changes what is stored, so that inputs ingested by
/// an older parser are re-parsed (DESIGN §5, "Rejected inputs are retried when … the parser
/// version changes"; issue "re-parse on upgrade"), and when the rule that accumulates
/// registrants changes, since reading every filing again is what applies it to a database.
inline constexpr int kParserVersion = 25;

struct Options {
    /// Store the text of XML/XBRL documents too (documents.text); off by default because
    /// XBRL instances are large and rarely queried as text.
    bool xml_text = false;
    /// Extract documents' text, and with it body items, exhibits read from an exhibit index,
    /// the signer and a headerless input's cover page. Off only to measure the rest of the
    /// parser alone (header, document split, decoding and hashing of attachments:
    /// tools/parse_ceiling): a filing parsed without text is not what ingest stores.
    bool text = true;
};

enum class Outcome {
    filing,    ///< result.filing is valid (parse_status complete or partial)
    ignored,   ///< not a filing at all; result.reason says what it looks like
    rejected,  ///< a filing (or meant to be) that cannot be stored; stage + reason
};

struct Result {
    Outcome outcome = Outcome::rejected;
    model::Filing filing;
    std::string stage;   ///< for rejected: 'detect', 'envelope', 'header', 'documents', …
    std::string reason;  ///< for rejected and ignored: one line a user can act on
    std::string input_sha256;  ///< lowercase hex SHA-256 of the input bytes, whatever the outcome
};

/// Parses one input. `name` is the file or member name (without directories is fine, a full
/// path is fine too); it is only a hint: '.hdr.sgml' and an accession number or
/// 'edgar/data/<CIK>/<accession>' in the name help label bare documents.
Result parse(std::string_view bytes, std::string_view name, const Options& options = {});

}  // namespace edgarsql::parse
