#include "parse/documents.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "parse/html_text.hpp"
#include "parse/text.hpp"
#include "parse/uuencode.hpp"
#include "util/ascii.hpp"
#include "util/sha256.hpp"

namespace edgarsql::parse {

namespace {

constexpr std::size_t kKindScanBytes = 4096;
constexpr std::string_view kDocumentOpen = "<DOCUMENT>";
constexpr std::string_view kDocumentClose = "</DOCUMENT>";
constexpr std::string_view kTextOpen = "<TEXT>";
constexpr std::string_view kTextClose = "</TEXT>";

bool starts_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool starts_with_ci(std::string_view s, std::string_view lower_prefix) {
    if (s.size() < lower_prefix.size()) return false;
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        if (util::ascii_lower(s[i]) != lower_prefix[i]) return false;
    }
    return true;
}

bool ends_with_ci(std::string_view s, std::string_view lower_suffix) {
    return s.size() >= lower_suffix.size() &&
           starts_with_ci(s.substr(s.size() - lower_suffix.size()), lower_suffix);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string_view ltrim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

std::size_t line_end(std::string_view s, std::size_t pos) {
    const std::size_t nl = s.find('\n', pos);
    return nl == std::string_view::npos ? s.size() : nl;
}

/// The payload between <TEXT> and </TEXT>: without the line break right after the open tag and
/// the one right before the close tag.
std::string_view trim_payload(std::string_view p) {
    std::size_t start = 0;
    while (start < p.size() && (p[start] == ' ' || p[start] == '\t')) ++start;
    if (start < p.size() && p[start] == '\n') {
        p.remove_prefix(start + 1);
    }
    if (!p.empty() && p.back() == '\n') p.remove_suffix(1);
    return p;
}

bool is_markup_token(std::string_view tok) {
    static constexpr std::string_view kTokens[] = {"<page>",     "<table>", "</table>", "<caption>",
                                                   "</caption>", "<s>",     "</s>",     "<c>",
                                                   "</c>",       "<fn>",    "</fn>",    "</page>"};
    for (std::string_view t : kTokens) {
        if (tok.size() == t.size() && starts_with_ci(tok, t)) return true;
    }
    return false;
}

/// A page number as printed after <PAGE>: "12", "ii", "F-3", "A-1".
bool is_page_number(std::string_view word) {
    if (word.empty() || word.size() > 8) return false;
    for (const char c : word) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        c == '-';
        if (!ok) return false;
    }
    return true;
}

/// "-12-<PAGE>": a page's number, then the page break, on one line.
bool numbered_page_end(std::string_view line) {
    if (line.size() < 7 || !ends_with_ci(line, "<page>")) return false;
    std::string_view number = line.substr(0, line.size() - 6);
    while (!number.empty() && (number.back() == ' ' || number.back() == '\t')) number.remove_suffix(1);
    return is_page_number(number);
}

/// True when the (blank-trimmed, non-empty) line is made only of layout markup tokens, or is
/// "<PAGE>" followed by the page's number ("<PAGE>   12").
bool markup_only(std::string_view line) {
    std::size_t i = 0;
    bool any = false;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        if (line[i] != '<') {
            if (!any || !starts_with_ci(line.substr(0, 6), "<page>")) return false;
            std::string_view rest = line.substr(i);
            while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
                rest.remove_suffix(1);
            return line.find('<', i) == std::string_view::npos && is_page_number(rest);
        }
        const std::size_t gt = line.find('>', i);
        if (gt == std::string_view::npos) return false;
        if (!is_markup_token(line.substr(i, gt + 1 - i))) return false;
        any = true;
        i = gt + 1;
    }
    return any;
}

int parse_sequence(std::string_view raw, int fallback) {
    raw = trim(raw);
    if (raw.empty() || raw.size() > 9) return fallback;
    int v = 0;
    for (char c : raw) {
        if (c < '0' || c > '9') return fallback;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::string content_kind(std::string_view payload, std::string_view filename) {
    std::size_t start = 0;
    while (start < payload.size() && std::isspace(static_cast<unsigned char>(payload[start])))
        ++start;
    const std::string_view head = payload.substr(start, kKindScanBytes);
    const bool pdf_name = ends_with_ci(trim(filename), ".pdf");
    if (starts_with_ci(head, "<pdf>")) return "pdf";
    const std::size_t uu = find_uuencode_begin(payload.substr(0, kKindScanBytes));
    if (uu != std::string_view::npos) {
        const std::string_view begin = payload.substr(uu, line_end(payload, uu) - uu);
        return (pdf_name || ends_with_ci(trim(begin), ".pdf")) ? "pdf" : "binary";
    }
    // Searched case-insensitively in place (no lower-cased copy of the head).
    const bool has_html = find_ascii_ci(head, "<html") != std::string_view::npos ||
                          find_ascii_ci(head, "<!doctype html") != std::string_view::npos;
    if (starts_with_ci(head, "<xml>") || starts_with_ci(head, "<?xml") ||
        starts_with_ci(head, "<xbrl>")) {
        return has_html ? "html" : "xml";
    }
    if (has_html) return "html";
    if (ends_with_ci(trim(filename), ".htm") || ends_with_ci(trim(filename), ".html")) {
        if (starts_with(head, "<")) return "html";
    }
    if (ends_with_ci(trim(filename), ".xml") || ends_with_ci(trim(filename), ".xsd")) {
        if (starts_with(head, "<")) return "xml";
    }
    return "text";
}

std::string strip_sgml_markup(std::string_view text) {
    if (text.find('<') == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = line_end(text, pos);
        const std::string_view line = text.substr(pos, end - pos);
        const std::string_view body = ltrim_blanks(line);
        const bool drop = !body.empty() && ((body[0] == '<' && markup_only(body)) ||
                                            (body.back() == '>' && numbered_page_end(body)));
        if (!drop) {
            out.append(line);
            if (end < text.size()) out.push_back('\n');
        }
        pos = end + 1;
    }
    return out;
}

model::Document make_document(std::string_view payload, int sequence, std::string type,
                              std::string filename, std::string description,
                              const Options& options, std::vector<std::string>& warnings,
                              util::Sha256Lanes* lanes) {
    model::Document doc;
    doc.sequence = sequence;
    doc.type = sanitize_utf8(trim(type));
    doc.filename = sanitize_utf8(trim(filename));
    doc.description = sanitize_utf8(trim(description));
    doc.content_kind = content_kind(payload, doc.filename);

    const std::size_t uu = (doc.content_kind == "binary" || doc.content_kind == "pdf")
                               ? find_uuencode_begin(payload.substr(0, kKindScanBytes))
                               : std::string_view::npos;
    if (uu != std::string_view::npos) {
        const UuMeasure m = lanes != nullptr ? measure_uuencoded(payload.substr(uu), *lanes)
                                             : measure_uuencoded(payload.substr(uu));
        doc.uuencoded = true;
        doc.bytes = m.bytes;
        doc.sha256 = m.sha256;
        if (!m.complete) {
            warnings.push_back("document " + std::to_string(sequence) +
                               ": uuencoded payload has no 'end' line");
        }
        return doc;
    }
    doc.bytes = static_cast<std::int64_t>(payload.size());
    doc.sha256 = lanes != nullptr ? lanes->hex(payload) : util::sha256_hex(payload);
    if (doc.content_kind == "binary" || doc.content_kind == "pdf" || !options.text) return doc;
    // The scripts and style sheets of EDGAR's financial report viewer (Show.js, report.css,
    // filed with every XBRL financial statement): code, not text, as <script> and <style> are
    // in HTML. Measured and hashed; no text, so nothing of them in the full-text index.
    if (ends_with_ci(trim(doc.filename), ".js") || ends_with_ci(trim(doc.filename), ".css")) {
        doc.charset = charset_of(payload);
        return doc;
    }
    if (doc.content_kind == "xml" && !options.xml_text) {
        doc.charset = charset_of(payload);
        return doc;
    }
    DecodedText decoded = decode_text(payload);
    doc.charset = std::move(decoded.charset);
    if (doc.content_kind == "html") {
        doc.text = html_to_text(decoded.text);
    } else if (doc.content_kind == "text") {
        doc.text = strip_sgml_markup(decoded.text);
    } else {
        doc.text = std::move(decoded.text);
    }
    return doc;
}

namespace {

/// Whether position `p` of `s` starts a line, after optional blanks.
bool at_line_start(std::string_view s, std::size_t p) {
    while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t')) --p;
    return p == 0 || s[p - 1] == '\n';
}

/// The first of "</TEXT>" (anywhere) and "<DOCUMENT>" (at a line start) at or after `from`:
/// sets `text_close` or `next_open` to its position, the other stays npos. One pass over the
/// payload, where two searches read it twice (a payload is most of a submission's bytes).
void next_payload_tag(std::string_view body, std::size_t from, std::size_t& text_close,
                      std::size_t& next_open) {
    for (std::size_t p = body.find('<', from); p != std::string_view::npos;
         p = body.find('<', p + 1)) {
        const std::string_view at = body.substr(p);
        if (starts_with(at, kTextClose)) {
            text_close = p;
            return;
        }
        if (starts_with(at, kDocumentOpen) && at_line_start(body, p)) {
            next_open = p;
            return;
        }
    }
}

/// body.find(needle, from) for `from` that never decreases, remembering the last answer: a
/// needle missing from the rest of a body is then looked for once, not once per document
/// (a body of 100,000 unclosed documents was quadratic: hours for 50 MB).
class ForwardFind {
public:
    ForwardFind(std::string_view body, std::string_view needle) : body_(body), needle_(needle) {}

    std::size_t operator()(std::size_t from) {
        if (!known_ || from < from_ || (found_ != std::string_view::npos && found_ < from)) {
            found_ = body_.find(needle_, from);
            from_ = from;
            known_ = true;
        }
        return found_;
    }

private:
    std::string_view body_;
    std::string_view needle_;
    std::size_t from_ = 0;
    std::size_t found_ = std::string_view::npos;
    bool known_ = false;
};

}  // namespace

std::size_t find_line_tag(std::string_view s, std::string_view tag, std::size_t from,
                          std::size_t limit) {
    limit = std::min(limit, s.size());
    for (std::size_t p = s.find(tag, from); p != std::string_view::npos && p < limit;
         p = s.find(tag, p + 1)) {
        if (at_line_start(s, p)) return p;
    }
    return std::string_view::npos;
}

DocumentSplit split_documents(std::string_view body, const Options& options,
                              util::Sha256Lanes* lanes) {
    DocumentSplit split;
    ForwardFind next_document_close(body, kDocumentClose);
    ForwardFind next_uuencode_end(body, "\nend");
    std::size_t pos = 0;
    int position = 0;
    while (pos < body.size()) {
        const std::size_t open = find_line_tag(body, kDocumentOpen, pos);
        if (open == std::string_view::npos) break;
        if (position > 0) {
            const std::string_view gap = body.substr(pos, open - pos);
            if (gap.find("</SEC-DOCUMENT>") != std::string_view::npos ||
                gap.find("</IMS-DOCUMENT>") != std::string_view::npos ||
                gap.find("</SUBMISSION>") != std::string_view::npos) {
                split.more_submissions = true;
                break;
            }
        }
        ++position;
        std::string type, sequence_raw, filename, description;
        std::size_t p = line_end(body, open) + 1;
        std::size_t text_start = std::string_view::npos;
        bool closed_without_text = false;
        std::size_t meta_end = p;
        while (p < body.size()) {
            const std::size_t e = line_end(body, p);
            const std::string_view t = ltrim_blanks(body.substr(p, e - p));
            if (starts_with(t, "<TYPE>")) {
                type = std::string(t.substr(6));
            } else if (starts_with(t, "<SEQUENCE>")) {
                sequence_raw = std::string(t.substr(10));
            } else if (starts_with(t, "<FILENAME>")) {
                filename = std::string(t.substr(10));
            } else if (starts_with(t, "<DESCRIPTION>")) {
                description = std::string(t.substr(13));
            } else if (starts_with(t, kTextOpen)) {
                text_start = p + static_cast<std::size_t>(t.data() - body.data() - p) +
                             kTextOpen.size();
                break;
            } else if (starts_with(t, kDocumentClose)) {
                closed_without_text = true;
                meta_end = p;
                break;
            } else if (!trim(t).empty()) {
                text_start = p;  // a payload without <TEXT>
                break;
            }
            p = e + 1;
            meta_end = p;
        }
        const int sequence = parse_sequence(sequence_raw, position);
        const std::string label = "document " + std::to_string(sequence);
        std::string_view payload;
        if (closed_without_text || text_start == std::string_view::npos) {
            if (!closed_without_text) {
                split.truncated = true;
                split.warnings.push_back(label + ": input ends inside the document header");
                pos = body.size();
            } else {
                pos = meta_end + kDocumentClose.size();
            }
        } else {
            // Skip a uuencoded section as a whole, so its lines are never searched for markers.
            std::size_t search_from = text_start;
            const std::string_view rest = body.substr(text_start);
            const std::size_t uu = find_uuencode_begin(rest.substr(0, kKindScanBytes));
            if (uu != std::string_view::npos) {
                const std::size_t end_line = next_uuencode_end(text_start + uu);
                if (end_line != std::string_view::npos) search_from = end_line;
            }
            // The payload ends at </TEXT> unless a <DOCUMENT> line comes first.
            std::size_t text_close = std::string_view::npos;
            std::size_t next_open = std::string_view::npos;
            next_payload_tag(body, search_from, text_close, next_open);
            if (text_close != std::string_view::npos)
                next_open = find_line_tag(body, kDocumentOpen, text_close);
            if (text_close != std::string_view::npos) {
                payload = body.substr(text_start, text_close - text_start);
                const std::size_t after = text_close + kTextClose.size();
                const std::size_t doc_close = next_document_close(after);
                if (doc_close == std::string_view::npos ||
                    (next_open != std::string_view::npos && next_open < doc_close)) {
                    if (next_open == std::string_view::npos) {
                        split.truncated = true;
                        split.warnings.push_back(label + ": no </DOCUMENT> before end of input");
                    } else {
                        split.warnings.push_back(label + ": no </DOCUMENT>");
                    }
                    pos = after;
                } else {
                    pos = doc_close + kDocumentClose.size();
                }
            } else {
                std::size_t doc_close = next_document_close(search_from);
                if (doc_close != std::string_view::npos && next_open != std::string_view::npos &&
                    next_open < doc_close)
                    doc_close = std::string_view::npos;
                if (doc_close != std::string_view::npos) {
                    payload = body.substr(text_start, doc_close - text_start);
                    split.warnings.push_back(label + ": no </TEXT>");
                    pos = doc_close + kDocumentClose.size();
                } else if (next_open != std::string_view::npos) {
                    payload = body.substr(text_start, next_open - text_start);
                    split.warnings.push_back(label + ": no </TEXT> and no </DOCUMENT>");
                    pos = next_open;
                } else {
                    payload = body.substr(text_start);
                    // Drop the envelope close tags of a complete file that only lacks the
                    // document's own close tags.
                    for (std::string_view tag : {"</SEC-DOCUMENT>", "</IMS-DOCUMENT>",
                                                 "</SUBMISSION>"}) {
                        const std::size_t c = find_line_tag(payload, tag, 0);
                        if (c != std::string_view::npos) payload = payload.substr(0, c);
                    }
                    split.truncated = true;
                    split.warnings.push_back(label +
                                             ": input ends before </TEXT> (truncated); kept "
                                             "what is there");
                    pos = body.size();
                }
            }
        }
        split.documents.push_back(make_document(trim_payload(payload), sequence, std::move(type),
                                                std::move(filename), std::move(description),
                                                options, split.warnings, lanes));
    }
    return split;
}

}  // namespace edgarsql::parse
