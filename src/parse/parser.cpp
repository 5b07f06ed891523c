#include "parse/parser.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <optional>
#include <utility>

#include "parse/body_items.hpp"
#include "parse/cover_page.hpp"
#include "parse/detect.hpp"
#include "parse/documents.hpp"
#include "parse/exhibits.hpp"
#include "parse/header.hpp"
#include "parse/text.hpp"
#include "parse/values.hpp"
#include "util/sha256.hpp"

namespace edgarsql::parse {

namespace {

/// How far into a bare document's text a 'FORM 8-K' line is looked for.
constexpr std::size_t kFormScanBytes = 8 * 1024;
constexpr int kFormScanLines = 80;

/// Text of a document divided into items that may lie outside every item, and the document
/// still be searched through its items only: a cover page, a table of contents and a
/// signature block (on ../shared/corpus: up to 5.5 KB before the first item, 11 KB with a
/// long contents, and 0.3-3.3 KB after the last). More than this is content (a press release
/// after an 8-K's signature, statements after a 10-K's, a 10-Q's Part I without item
/// headings), so the document is indexed whole as well.
constexpr std::size_t kMaxTextOutsideItems = 8 * 1024;

bool starts_with(std::string_view s, std::string_view p) {
    return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::size_t line_end(std::string_view s, std::size_t pos) {
    const std::size_t nl = s.find('\n', pos);
    return nl == std::string_view::npos ? s.size() : nl;
}

void sanitize(std::string& s) {
    if (is_ascii(s) && s.find('\0') == std::string::npos) return;
    s = sanitize_utf8(s);
}

/// Every string that leaves the parser is valid UTF-8 without NUL, header values included.
void sanitize(HeaderData& h) {
    for (std::string* s : {&h.accession_number, &h.form_type, &h.filed_date,
                           &h.period_of_report, &h.acceptance_datetime, &h.date_as_of_change}) {
        sanitize(*s);
    }
    for (std::string& v : h.item_values) sanitize(v);
    for (std::string& w : h.warnings) sanitize(w);
    for (model::HeaderField& f : h.fields) {
        sanitize(f.path);
        sanitize(f.value);
    }
    for (model::Party& p : h.parties) {
        for (std::string* s :
             {&p.role, &p.name, &p.form_type, &p.sec_act, &p.file_number, &p.film_number,
              &p.irs_number, &p.state_of_incorporation, &p.sic_description,
              &p.organization_name, &p.fiscal_year_end, &p.business_address}) {
            sanitize(*s);
        }
        for (model::Address* a : {&p.business, &p.mail}) {
            for (std::string* s : {&a->street1, &a->street2, &a->city, &a->state, &a->zip,
                                   &a->phone}) {
                sanitize(*s);
            }
        }
        for (model::FormerName& fn : p.former_names) {
            sanitize(fn.name);
            sanitize(fn.date_changed);
        }
    }
}

bool is_text_dialect(std::string_view header) {
    return header.find("ACCESSION NUMBER:") != std::string_view::npos ||
           header.find("CONFORMED SUBMISSION TYPE:") != std::string_view::npos ||
           header.find("FILED AS OF DATE:") != std::string_view::npos;
}

HeaderData parse_header_any(std::string_view header) {
    HeaderData h = is_text_dialect(header) ? parse_text_header(header) : parse_tag_header(header);
    sanitize(h);
    return h;
}

/// A line a text-dialect header can hold: blank, a tag, a dissemination stamp, or an
/// upper-case 'LABEL:' (container or key/value).
bool header_like_line(std::string_view line) {
    const std::string_view t = trim(line);
    if (t.empty() || t[0] == '<') return true;
    if (std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return true;
    if (t.find(".txt : ") != std::string_view::npos ||
        t.find(".hdr.sgml : ") != std::string_view::npos)
        return true;
    const std::size_t colon = t.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    if (!(t[0] >= 'A' && t[0] <= 'Z')) return false;
    for (char c : t.substr(0, colon)) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' ||
                        c == '-' || c == '&' || c == '/' || c == '.' || c == ',' || c == '(' ||
                        c == ')' || c == '\'' || c == '_' || c == '\t';
        if (!ok) return false;
    }
    return true;
}

/// End of an envelope-less text header starting at `from`: the first line that cannot be a
/// header line, or a <DOCUMENT> line, or just past </SEC-HEADER>.
std::size_t text_header_end(std::string_view s, std::size_t from) {
    std::size_t pos = from;
    std::size_t last_nonblank_end = from;
    while (pos < s.size()) {
        const std::size_t e = line_end(s, pos);
        const std::string_view line = s.substr(pos, e - pos);
        const std::string_view t = trim(line);
        if (starts_with(t, "<DOCUMENT>")) return pos;
        if (starts_with(t, "</SEC-HEADER>") || starts_with(t, "</IMS-HEADER>"))
            return std::min(s.size(), e + 1);
        if (!header_like_line(line)) return last_nonblank_end;
        if (!t.empty()) last_nonblank_end = std::min(s.size(), e + 1);
        pos = e + 1;
    }
    return s.size();
}

/// A 'FORM 8-K' / 'Form 10-Q/A' line near the top of a bare document's text; "" if none.
std::string form_type_from_text(std::string_view text) {
    text = text.substr(0, kFormScanBytes);
    std::size_t pos = 0;
    for (int n = 0; n < kFormScanLines && pos < text.size(); ++n) {
        const std::size_t e = line_end(text, pos);
        std::string_view t = trim(text.substr(pos, e - pos));
        pos = e + 1;
        if (t.size() < 6) continue;
        std::string upper(t.substr(0, 5));
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (upper != "FORM " && upper != "FORM\t") continue;
        t = trim(t.substr(5));
        std::size_t k = 0;
        while (k < t.size() && t[k] >= '0' && t[k] <= '9') ++k;
        if (k == 0 || k > 3 || k >= t.size() || t[k] != '-') continue;
        std::size_t j = k + 1;
        while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '/'))
            ++j;
        std::string form(t.substr(0, j));
        for (char& c : form) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (form.size() < k + 2 || !std::isalpha(static_cast<unsigned char>(form[k + 1])))
            continue;
        if (form.back() == '/') form.pop_back();
        return form;
    }
    return "";
}

void apply_header(model::Filing& f, HeaderData&& h) {
    f.accession_number = std::move(h.accession_number);
    f.form_type = std::move(h.form_type);
    f.filed_date = std::move(h.filed_date);
    f.period_of_report = std::move(h.period_of_report);
    f.acceptance_datetime = std::move(h.acceptance_datetime);
    f.date_as_of_change = std::move(h.date_as_of_change);
    f.declared_document_count = h.declared_document_count;
    f.items = header_items(h.item_values, f.form_type, f.filed_date, f.period_of_report);
    for (model::Item& item : f.items) {
        sanitize(item.item_raw);
        sanitize(item.title);
    }
    f.parties = std::move(h.parties);
    f.header_fields = std::move(h.fields);
    for (std::string& w : h.warnings) f.warnings.push_back(std::move(w));
}

void finish(model::Filing& f, std::string_view name, bool expect_accession) {
    if (!f.form_type.empty()) {
        f.form_family = form_family(f.form_type);
        f.is_amendment = is_amendment(f.form_type);
    }
    if (f.accession_number.empty()) {
        std::string from_name = accession_from_name(name);
        if (expect_accession) {
            f.warn_partial(from_name.empty()
                               ? "header has no accession number"
                               : "header has no accession number; taken from the file name");
        }
        f.accession_number = std::move(from_name);
    }
    f.document_count = static_cast<int>(f.documents.size());
    if (f.declared_document_count && !f.documents.empty() &&
        *f.declared_document_count != f.document_count) {
        f.warnings.push_back("header declares " + std::to_string(*f.declared_document_count) +
                             " documents, " + std::to_string(f.document_count) + " parsed");
    }
    f.cik = model::primary_cik(f.parties);
    for (std::string& w : f.warnings) sanitize(w);
}

void add_documents(model::Filing& f, DocumentSplit&& split) {
    f.documents = std::move(split.documents);
    for (std::string& w : split.warnings) f.warnings.push_back(std::move(w));
    if (split.more_submissions) {
        f.warnings.push_back("input holds more than one submission; only the first was read");
    }
    if (split.truncated) f.warn_partial("input is truncated; documents kept as far as they go");
}

/// One document with no SEC header; metadata from its text and the name.
void parse_bare(model::Filing& f, std::string_view body, std::string_view name,
                const Options& options, util::Sha256Lanes& lanes) {
    f.source_kind = model::SourceKind::bare;
    std::vector<std::string> warnings;
    std::string_view base = name;
    if (const std::size_t slash = base.find_last_of("/\\"); slash != std::string_view::npos)
        base.remove_prefix(slash + 1);
    // A member of an archive inside an archive: 'inner!member'.
    if (const std::size_t bang = base.rfind('!'); bang != std::string_view::npos)
        base.remove_prefix(bang + 1);
    model::Document doc =
        make_document(body, 1, "", std::string(base), "", options, warnings, &lanes);
    if (f.form_type.empty() && doc.text) f.form_type = form_type_from_text(*doc.text);
    doc.type = f.form_type;
    f.documents.push_back(std::move(doc));
    for (std::string& w : warnings) f.warnings.push_back(std::move(w));
}

/// The CIK of an 'edgar/data/<CIK>/…' path; nullopt when the name has none.
std::optional<std::int64_t> cik_from_name(std::string_view name) {
    constexpr std::string_view kData = "edgar/data/";
    const std::size_t p = name.find(kData);
    if (p == std::string_view::npos) return std::nullopt;
    const std::size_t b = p + kData.size();
    std::size_t e = b;
    while (e < name.size() && name[e] >= '0' && name[e] <= '9') ++e;
    if (e == b || e >= name.size() || name[e] != '/') return std::nullopt;
    return parse_cik(name.substr(b, e - b));
}

/// The document that carries the filing's own text: the first one of the filing's form
/// family, else the first document with text.
const model::Document* primary_document(const model::Filing& f) {
    for (const model::Document& d : f.documents) {
        if (d.text && !d.type.empty() && form_family(d.type) == f.form_family) return &d;
    }
    for (const model::Document& d : f.documents) {
        if (d.text) return &d;
    }
    return nullptr;
}

/// Content read from the documents' text: body items, exhibits, the signer and, for inputs
/// without an SEC header, the cover page (DESIGN §3, §4).
void add_content(model::Filing& f, std::string_view name) {
    const model::Document* doc = primary_document(f);
    const bool content_form =
        f.form_family == "8-K" || f.form_family == "10-K" || f.form_family == "10-Q";
    if (doc != nullptr && f.parties.empty()) {
        CoverPage cp = extract_cover_page(*doc->text);
        if (cp.found()) {
            model::Party p;
            p.role = "cover_page";
            p.seq = 1;
            p.cik = cik_from_name(name);
            p.name = std::move(cp.name);
            p.form_type = f.form_type;
            p.file_number = std::move(cp.file_number);
            p.irs_number = std::move(cp.irs_number);
            p.state_of_incorporation = std::move(cp.state_of_incorporation);
            p.business_address = std::move(cp.business_address);
            p.business = std::move(cp.business);
            f.parties.push_back(std::move(p));
            if (!f.cik) f.cik = f.parties.back().cik;
        }
        // A 10-K or 10-Q reports on the period its cover names; an 8-K on its event's date.
        if (f.period_of_report.empty() && (f.form_family == "10-K" || f.form_family == "10-Q"))
            f.period_of_report = std::move(cp.period_ended);
        if (f.period_of_report.empty()) f.period_of_report = std::move(cp.date_of_report);
    }
    if (doc == nullptr || !content_form) {
        if (!f.documents.empty()) f.exhibits = build_exhibits(f.documents, {});
        return;
    }
    const std::string_view text = *doc->text;
    if (f.signer_name.empty()) {
        Signer s = extract_signer(text);
        f.signer_name = std::move(s.name);
        f.signer_title = std::move(s.title);
    }
    const std::string& era = f.filed_date.empty() ? f.period_of_report : f.filed_date;
    BodyItems body = body_items(text, f.form_family, era, doc->sequence);
    for (const std::string& raw : body.open_ended) {
        f.warnings.push_back("item " + raw + " of document " + std::to_string(doc->sequence) +
                             " has no following heading, signature or exhibit index; its "
                             "section runs to the end of the document");
    }
    std::vector<model::Item> exhibit_items;
    for (const model::Item& item : body.items) {
        if (!item.item_code) continue;
        const std::string& code = *item.item_code;
        if ((f.form_family == "8-K" && code == "9.01") ||
            (f.form_family == "10-K" && (code == "15" || code == "14")) ||
            (f.form_family == "10-Q" && code == "6" && item.part == "II"))
            exhibit_items.push_back(item);
    }
    f.exhibits = build_exhibits(f.documents, exhibit_list(text, exhibit_items));
    bool has_item_text = false;
    std::size_t in_items = 0;
    for (model::Item& item : body.items) {
        if (item.text) {
            has_item_text = true;
            if (item.start_offset && item.end_offset && *item.end_offset > *item.start_offset)
                in_items += static_cast<std::size_t>(*item.end_offset - *item.start_offset);
        }
        f.items.push_back(std::move(item));
    }
    const bool text_in_items =
        has_item_text && text.size() <= in_items + kMaxTextOutsideItems;
    // This very document, not every one with its sequence number: real submissions repeat
    // sequence numbers, and a document marked by mistake would drop out of the text index.
    if (text_in_items)
        f.documents[static_cast<std::size_t>(doc - f.documents.data())].text_in_items = true;
}

Result parse_normalized(std::string_view body, const Detection& d, std::string_view name,
                        const Options& options, util::Sha256Lanes& lanes) {
    Result r;
    r.outcome = Outcome::filing;
    model::Filing& f = r.filing;
    const std::string_view s = body.substr(std::min(d.offset, body.size()));
    switch (d.format) {
        case Format::full_submission: {
            f.source_kind = model::SourceKind::full_submission;
            const std::size_t first_doc = find_line_tag(s, "<DOCUMENT>");
            std::size_t open = find_line_tag(s, "<SEC-HEADER>", 0, first_doc);
            if (open == std::string_view::npos) open = find_line_tag(s, "<IMS-HEADER>", 0, first_doc);
            bool header_complete = true;
            std::size_t docs_from = 0;
            if (open != std::string_view::npos) {
                std::size_t close = find_line_tag(s, "</SEC-HEADER>", open, first_doc);
                if (close == std::string_view::npos)
                    close = find_line_tag(s, "</IMS-HEADER>", open, first_doc);
                std::size_t header_end = close;
                if (close == std::string_view::npos) {
                    header_end = first_doc == std::string_view::npos ? s.size() : first_doc;
                    header_complete = first_doc != std::string_view::npos;
                    if (!header_complete) f.warn_partial("input ends inside the SEC header");
                    else f.warnings.push_back("SEC header has no close tag");
                }
                apply_header(f, parse_header_any(s.substr(open, header_end - open)));
                docs_from = header_end;
            } else {
                f.warn_partial("submission has no SEC header");
            }
            add_documents(f, split_documents(s.substr(docs_from), options, &lanes));
            if (f.documents.empty() && header_complete && open != std::string_view::npos &&
                f.parse_status == model::ParseStatus::complete)
                f.source_kind = model::SourceKind::hdr_sgml;
            finish(f, name, true);
            break;
        }
        case Format::nc:
        case Format::tag_header: {
            const std::size_t first_doc = find_line_tag(s, "<DOCUMENT>");
            const std::size_t header_end = first_doc == std::string_view::npos ? s.size() : first_doc;
            apply_header(f, parse_header_any(s.substr(0, header_end)));
            add_documents(f, split_documents(s.substr(header_end), options, &lanes));
            f.source_kind = f.documents.empty() ? model::SourceKind::hdr_sgml : model::SourceKind::nc;
            finish(f, name, true);
            break;
        }
        case Format::index_headers_html: {
            const std::size_t end = std::min(d.end, body.size());
            apply_header(f, parse_header_any(body.substr(std::min(d.offset, end),
                                                         end - std::min(d.offset, end))));
            f.source_kind = model::SourceKind::hdr_sgml;
            finish(f, name, true);
            break;
        }
        case Format::text_header: {
            const std::size_t header_end = text_header_end(s, 0);
            apply_header(f, parse_header_any(s.substr(0, header_end)));
            const std::string_view rest = s.substr(header_end);
            if (find_line_tag(rest, "<DOCUMENT>") != std::string_view::npos) {
                f.source_kind = model::SourceKind::full_submission;
                add_documents(f, split_documents(rest, options, &lanes));
            } else if (!trim(rest).empty()) {
                // A header followed by a body without document tags (a tag-stripped copy):
                // one bare document, labelled by the header.
                parse_bare(f, trim(rest), name, options, lanes);
                f.documents.front().type = f.form_type;
            } else {
                f.source_kind = model::SourceKind::hdr_sgml;
            }
            finish(f, name, true);
            break;
        }
        case Format::headerless: {
            // Documents without their header: a bare copy (docs/decisions.md), which ranks
            // below any copy that carries the header, and is whole unless a block is cut.
            f.source_kind = model::SourceKind::bare;
            f.warnings.push_back("submission has no SEC header (starts at <DOCUMENT>)");
            add_documents(f, split_documents(s, options, &lanes));
            if (!f.documents.empty()) f.form_type = f.documents.front().type;
            finish(f, name, false);
            break;
        }
        case Format::document_block: {
            // A document's own tag lines with no <DOCUMENT> around them (a saved exhibit).
            f.source_kind = model::SourceKind::bare;
            const std::string wrapped = "<DOCUMENT>\n" + std::string(s);
            add_documents(f, split_documents(wrapped, options, &lanes));
            if (!f.documents.empty()) f.form_type = f.documents.front().type;
            finish(f, name, false);
            break;
        }
        case Format::bare_html:
        case Format::bare_text: {
            parse_bare(f, body, name, options, lanes);
            finish(f, name, false);
            break;
        }
        case Format::not_filing:
        case Format::invalid:
            break;
    }
    if (r.outcome == Outcome::filing) add_content(f, name);
    return r;
}

}  // namespace

Result parse(std::string_view bytes, std::string_view name, const Options& options) {
    Result r;
    // The input's hash runs beside its documents' hashes (util::Sha256Lanes).
    util::Sha256Lanes lanes(bytes);
    try {
        Detection d = detect(bytes, name);
        if (d.format == Format::invalid) {
            r.outcome = Outcome::rejected;
            r.stage = "detect";
            r.reason = d.reason;
        } else if (d.format == Format::not_filing) {
            r.outcome = Outcome::ignored;
            r.reason = d.reason;
        } else if (bytes.find('\r') == std::string_view::npos) {
            r = parse_normalized(bytes, d, name, options, lanes);
        } else {
            const std::string normalized = normalize_newlines(bytes);
            d = detect(normalized, name);
            r = parse_normalized(normalized, d, name, options, lanes);
        }
    } catch (const std::bad_alloc&) {
        r = Result{};
        r.outcome = Outcome::rejected;
        r.stage = "parse";
        r.reason = "out of memory while parsing (" + std::to_string(bytes.size()) + " bytes)";
    } catch (const std::exception& e) {
        // A defect in a parser, not in the input's format: reported per input, never fatal.
        r = Result{};
        r.outcome = Outcome::rejected;
        r.stage = "parse";
        r.reason = std::string("internal parser error: ") + e.what();
    }
    r.input_sha256 = lanes.main_hex();
    return r;
}

}  // namespace edgarsql::parse
