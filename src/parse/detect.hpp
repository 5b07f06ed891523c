#pragma once
// Format detection by content (DESIGN §2, §3 "Not inputs"): what an input is, decided from its
// first bytes and markers, never from a date; the name is only a hint ('-index.htm').
//
// Pure function; thread-safe; looks at a bounded prefix of the input (plus memchr-speed scans),
// so it costs microseconds whatever the input size.

#include <cstddef>
#include <string>
#include <string_view>

namespace edgarsql::parse {

enum class Format {
    full_submission,     ///< <SEC-DOCUMENT>/<SEC-HEADER>/<IMS-…>, possibly PEM-wrapped
    headerless,          ///< a submission starting at <DOCUMENT>, no header
    document_block,      ///< one document block's <TYPE>… <TEXT> lines without <DOCUMENT>
    nc,                  ///< <SUBMISSION> tag-dialect root (daily feed .nc or .hdr.sgml)
    tag_header,          ///< tag-dialect header lines without a <SUBMISSION> root
    text_header,         ///< text-dialect header lines without an envelope (maybe a body after)
    index_headers_html,  ///< an '-index-headers.html' page wrapping a header in an HTML comment
    bare_html,           ///< one HTML document without an SEC header
    bare_text,           ///< one text document without an SEC header
    not_filing,          ///< index file, JSON, image/PDF/archive, '-index.htm' page → ignored
    invalid,             ///< empty or binary junk → rejected
};

struct Detection {
    Format format = Format::invalid;
    /// Where the content of interest starts: past a PEM preamble, a BOM, leading blank lines
    /// (full_submission, headerless, nc, tag_header, text_header); the start of the header
    /// text inside the comment for index_headers_html; 0 otherwise.
    std::size_t offset = 0;
    /// End of the header text for index_headers_html; npos otherwise.
    std::size_t end = std::string_view::npos;
    /// For not_filing and invalid: what it looks like, one line a user can act on.
    std::string reason;
};

/// Classifies an input. `bytes` may use any line endings.
Detection detect(std::string_view bytes, std::string_view name);

namespace detail {

/// What detection counts in an input's head: control bytes (NUL and the C0 controls other
/// than \t \n \v \f \r and ^Z), and whether any byte is >= 0x80.
struct ByteCensus {
    std::size_t controls = 0;
    bool high = false;
};
/// 16 bytes at a time where SSE2 is available; byte_census_scalar is its definition.
ByteCensus byte_census(std::string_view s);
ByteCensus byte_census_scalar(std::string_view s);

}  // namespace detail

}  // namespace edgarsql::parse
