#pragma once
// <DOCUMENT> blocks of a submission (DESIGN §3 'documents' row): splitting, per-document
// metadata, content kind, size and hash of the decoded payload, and readable text.
//
// Markers are found with std::string_view::find (memchr speed); uuencoded payloads are decoded
// only to be measured and then skipped as a whole, so a 300 MB submission is split in one pass.
// Pure functions; thread-safe; never throw except std::bad_alloc; any byte sequence is accepted.

#include <string>
#include <string_view>
#include <vector>

#include "model/filing.hpp"
#include "parse/parser.hpp"
#include "util/sha256.hpp"

namespace edgarsql::parse {

struct DocumentSplit {
    std::vector<model::Document> documents;
    std::vector<std::string> warnings;
    /// A document ran to the end of the input without </TEXT> or </DOCUMENT>: the input was
    /// cut short; what is there is kept and the filing is partial.
    bool truncated = false;
    /// Another submission's envelope follows the first one; only the first was read.
    bool more_submissions = false;
};

/// Position of `tag` at a line start (after optional blanks) at or after `from` and before
/// `limit`, else npos.
std::size_t find_line_tag(std::string_view s, std::string_view tag, std::size_t from = 0,
                          std::size_t limit = std::string_view::npos);

/// Splits the <DOCUMENT> … </DOCUMENT> blocks of `body` (LF line endings; may start with the
/// header, which is skipped). Stops at the first submission's close tag (</SEC-DOCUMENT>,
/// </IMS-DOCUMENT>, </SUBMISSION>) when another block follows it. With `lanes`, the
/// documents are hashed beside the input it hashes (parse does this); without, one by one.
DocumentSplit split_documents(std::string_view body, const Options& options,
                              util::Sha256Lanes* lanes = nullptr);

/// Builds one document from its payload (LF line endings): content kind, charset, bytes and
/// sha256 of the decoded payload, and text. Warnings (an unterminated uuencoded section) are
/// appended to `warnings`. `lanes` as for split_documents.
model::Document make_document(std::string_view payload, int sequence, std::string type,
                              std::string filename, std::string description,
                              const Options& options, std::vector<std::string>& warnings,
                              util::Sha256Lanes* lanes = nullptr);

/// Content kind of a payload: 'html', 'xml', 'pdf', 'binary' (uuencoded) or 'text'. The file
/// name breaks ties (a '.pdf' uuencoded payload is 'pdf', an '.htm' fragment is 'html').
std::string content_kind(std::string_view payload, std::string_view filename);

/// Removes the lines of plain-text SGML layout markup (<PAGE>, <TABLE>, </TABLE>, <CAPTION>,
/// <S>, <C>, <FN> and their close tags, alone or several on a line) from a text document.
std::string strip_sgml_markup(std::string_view text);

}  // namespace edgarsql::parse
