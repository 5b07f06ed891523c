#include "parse/detect.hpp"

#include <algorithm>
#include <cctype>

#include "parse/text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edgarsql::parse {

namespace {

constexpr std::size_t kJunkSampleBytes = 64 * 1024;
/// Share of control bytes (NUL and C0 controls other than whitespace) above which an input
/// with no known signature is binary junk. Real EDGAR text has practically none.
constexpr double kJunkControlShare = 0.10;
/// Share of bytes that must be printable ASCII (or whitespace) for a head that is not valid
/// UTF-8 to count as text: cp1252/Latin-1 filings are overwhelmingly ASCII, while random or
/// compressed data without a signature has about 37% printable ASCII.
constexpr double kMinAsciiTextShare = 0.70;
constexpr std::size_t kHeadScanBytes = 8 * 1024;
constexpr std::size_t kCommentScanBytes = 64 * 1024;
constexpr int kHeaderProbeLines = 8;

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) !=
            suffix[i])
            return false;
    }
    return true;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// A known binary signature, or nullptr.
const char* magic_kind(std::string_view b) {
    struct Magic {
        std::string_view bytes;
        const char* kind;
    };
    static const Magic kMagics[] = {
        {std::string_view("\x89PNG\r\n\x1A\n", 8), "PNG image"},
        {std::string_view("\xFF\xD8\xFF", 3), "JPEG image"},
        {"GIF87a", "GIF image"},
        {"GIF89a", "GIF image"},
        {std::string_view("II*\0", 4), "TIFF image"},
        {std::string_view("MM\0*", 4), "TIFF image"},
        {"%PDF-", "PDF file"},
        {std::string_view("PK\x03\x04", 4), "zip archive"},
        {std::string_view("PK\x05\x06", 4), "zip archive (empty)"},
        {std::string_view("\x1F\x8B", 2), "gzip-compressed file"},
        {"BZh", "bzip2-compressed file"},
        {std::string_view("\xFD" "7zXZ\0", 6), "xz-compressed file"},
        {std::string_view("7z\xBC\xAF\x27\x1C", 6), "7-zip archive"},
        {std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "OLE2 (legacy Office) file"},
        {std::string_view("Rar!\x1A\x07", 6), "RAR archive"},
        {std::string_view("\0\0\0\x0C" "jP  ", 8), "JPEG 2000 image"},
        // Databases kept beside a mirror, edgarsql's own among them.
        {std::string_view("SQLite format 3\0", 16), "SQLite database"},
        {std::string_view("\x37\x7F\x06\x82", 4), "SQLite write-ahead log"},
        {std::string_view("\x37\x7F\x06\x83", 4), "SQLite write-ahead log"},
        {std::string_view("\xD9\xD5\x05\xF9\x20\xA1\x63\xD7", 8), "SQLite rollback journal"},
        // A -shm file starts with its format version, 3007000, in the writer's byte order.
        {std::string_view("\x18\xE2\x2D\x00", 4), "SQLite shared-memory index"},
        {std::string_view("\x00\x2D\xE2\x18", 4), "SQLite shared-memory index"},
    };
    for (const Magic& m : kMagics) {
        if (starts_with(b, m.bytes)) return m.kind;
    }
    if (b.size() >= 12 && starts_with(b, "RIFF") && b.compare(8, 4, "WEBP") == 0)
        return "WebP image";
    return nullptr;
}

/// What one pass over the first 64 KB tells about an input without a known signature.
struct SampleStats {
    std::size_t size = 0;      ///< sample bytes
    std::size_t controls = 0;  ///< NUL and C0 controls other than whitespace and ^Z
    bool high = false;         ///< any byte >= 0x80
};

SampleStats sample_stats(std::string_view b) {
    const std::string_view sample = b.substr(0, kJunkSampleBytes);
    const detail::ByteCensus census = detail::byte_census(sample);
    return {sample.size(), census.controls, census.high};
}

bool is_control(unsigned char c) { return c < 0x20 && (c < 0x09 || c > 0x0D) && c != 0x1A; }

bool printable(unsigned char c) {
    return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

double control_share(const SampleStats& st) {
    return st.size == 0 ? 0.0 : static_cast<double>(st.controls) / static_cast<double>(st.size);
}

/// True when the head of `b` is neither UTF-8 text nor mostly printable ASCII.
bool undecodable(std::string_view b, const SampleStats& st) {
    if (!st.high) return false;  // ASCII only: valid UTF-8
    std::string_view sample = b.substr(0, kJunkSampleBytes);
    // A multi-byte character cut by the sample's end must not make valid UTF-8 look invalid.
    if (sample.size() < b.size()) {
        std::size_t cut = 0;
        while (cut < 3 && cut < sample.size() &&
               (static_cast<unsigned char>(sample[sample.size() - 1 - cut]) & 0xC0) == 0x80)
            ++cut;
        if (cut < sample.size() && static_cast<unsigned char>(sample[sample.size() - 1 - cut]) >= 0xC0)
            sample.remove_suffix(cut + 1);
    }
    if (is_valid_utf8(sample)) return false;
    // Rare (neither ASCII nor UTF-8): count the printable bytes only here. The cut bytes are
    // all >= 0x80, so the count is the shortened sample's either way.
    const std::size_t ascii = static_cast<std::size_t>(
        std::count_if(sample.begin(), sample.end(),
                      [](char c) { return printable(static_cast<unsigned char>(c)); }));
    return static_cast<double>(ascii) < kMinAsciiTextShare * static_cast<double>(sample.size());
}

/// The line starting at pos (without its terminator) and the position of the next line.
std::string_view line_at(std::string_view s, std::size_t pos, std::size_t& next) {
    std::size_t end = pos;
    while (end < s.size() && s[end] != '\n' && s[end] != '\r') ++end;
    next = end;
    if (next < s.size() && s[next] == '\r') ++next;
    if (next < s.size() && s[next] == '\n' && (next == end || s[next - 1] == '\r' || next == end))
        ++next;
    return s.substr(pos, end - pos);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool is_pem_header_line(std::string_view line) {
    if (line.empty()) return true;
    if (line[0] == ' ' || line[0] == '\t') return true;  // continuation of a base64 field
    static constexpr std::string_view kFields[] = {
        "Proc-Type:", "Originator-", "MIC-Info:", "Key-Info:", "Content-Domain:",
        "DEK-Info:",  "Recipient-",  "Issuer-",   "-----BEGIN PRIVACY"};
    for (std::string_view f : kFields) {
        if (starts_with(line, f)) return true;
    }
    return false;
}

/// Skips a PEM preamble, blank lines and a UTF-8 BOM; returns the first content line's offset.
std::size_t content_start(std::string_view b) {
    std::size_t pos = 0;
    if (starts_with(b, "\xEF\xBB\xBF")) pos = 3;
    while (pos < b.size() && std::isspace(static_cast<unsigned char>(b[pos]))) ++pos;
    if (pos >= b.size()) return b.size();  // nothing but whitespace
    // Back up to the start of that line so indentation is kept.
    while (pos > 0 && b[pos - 1] != '\n' && b[pos - 1] != '\r' && pos > 3) --pos;
    if (starts_with(b.substr(pos), "-----BEGIN PRIVACY-ENHANCED MESSAGE-----")) {
        std::size_t next = 0;
        while (pos < b.size()) {
            const std::string_view line = line_at(b, pos, next);
            if (!is_pem_header_line(line)) break;
            pos = next;
        }
    }
    return pos;
}

bool is_text_header_label(std::string_view t) {
    return starts_with(t, "ACCESSION NUMBER:") || starts_with(t, "CONFORMED SUBMISSION TYPE:");
}

bool is_stamp_line(std::string_view t) {
    return t.find(".txt : ") != std::string_view::npos ||
           t.find(".hdr.sgml : ") != std::string_view::npos || t.find(".nc : ") != std::string_view::npos;
}

/// A header without envelope: the first lines are header labels (text or tag dialect), maybe
/// after dissemination stamp lines. Returns text_header, tag_header or invalid (= neither).
Format probe_header(std::string_view b, std::size_t pos) {
    std::size_t next = 0;
    for (int n = 0; n < kHeaderProbeLines && pos < b.size(); pos = next) {
        const std::string_view t = trim(line_at(b, pos, next));
        if (next == pos) break;
        if (t.empty()) continue;
        ++n;
        if (is_text_header_label(t)) return Format::text_header;
        if (starts_with(t, "<ACCESSION-NUMBER>") || starts_with(t, "<PUBLIC-DOCUMENT-COUNT>"))
            return Format::tag_header;
        const bool digits_only = std::all_of(t.begin(), t.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        if (starts_with(t, "<ACCEPTANCE-DATETIME>") || is_stamp_line(t) || digits_only) continue;
        break;
    }
    return Format::invalid;
}

bool is_index_file(std::string_view head) {
    if (head.find("CIK|Company Name|Form Type|Date Filed|Filename") != std::string_view::npos)
        return true;
    const bool description = starts_with(head, "Description:") ||
                             head.find("\nDescription:") != std::string_view::npos;
    return description && head.find("Last Data Received:") != std::string_view::npos;
}

/// An HTML comment wrapping a header ('-index-headers.html'): the header's start and end.
bool find_commented_header(std::string_view b, std::size_t& start, std::size_t& end) {
    const std::string_view scan = b.substr(0, kCommentScanBytes);
    for (std::size_t c = scan.find("<!--"); c != std::string_view::npos;
         c = scan.find("<!--", c + 4)) {
        std::size_t p = c + 4;
        while (p < b.size() && std::isspace(static_cast<unsigned char>(b[p]))) ++p;
        const std::string_view rest = b.substr(p);
        if (starts_with(rest, "<SEC-HEADER>") || starts_with(rest, "<SUBMISSION>") ||
            starts_with(rest, "<IMS-HEADER>")) {
            start = p;
            const std::size_t close = b.find("-->", p);
            end = close == std::string_view::npos ? b.size() : close;
            return true;
        }
    }
    return false;
}

/// Finds an envelope tag at a line start within the first few KB (after stray preamble lines).
std::size_t find_envelope(std::string_view b, std::size_t from) {
    static constexpr std::string_view kTags[] = {"<SEC-DOCUMENT>", "<IMS-DOCUMENT>",
                                                 "<SEC-HEADER>", "<IMS-HEADER>"};
    const std::string_view scan = b.substr(0, std::min(b.size(), from + kHeadScanBytes));
    std::size_t best = std::string_view::npos;
    for (std::string_view tag : kTags) {
        for (std::size_t p = scan.find(tag, from); p != std::string_view::npos;
             p = scan.find(tag, p + 1)) {
            if (p == 0 || b[p - 1] == '\n' || b[p - 1] == '\r') {
                best = std::min(best, p);
                break;
            }
        }
    }
    return best;
}

/// A plain-text file counts as a bare filing document only if its head carries some mark of
/// one; notes, READMEs and data files lying in an archive tree are not filings.
bool looks_like_sec_text(const std::string& lower_head) {
    static constexpr std::string_view kMarks[] = {
        "securities and exchange commission", "commission file", "registrant", "pursuant to",
        "exhibit", "press release", "form 8-k", "form 10-k", "form 10-q", "item ",
        "<article>", "financial data schedule", "annual report", "quarterly report",
        "agreement", "prospectus", "proxy statement"};
    for (std::string_view mark : kMarks) {
        if (lower_head.find(mark) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

namespace detail {

ByteCensus byte_census_scalar(std::string_view s) {
    ByteCensus census;
    unsigned char high = 0;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        high |= c;
        census.controls += is_control(c) ? 1 : 0;
    }
    census.high = (high & 0x80) != 0;
    return census;
}

// Every input's first 64 KB is counted (most of detection's time, which the parser spends
// on every file): 16 bytes at a time with SSE2, where the byte loop above tests one. A lane
// of `counts` adds one per control byte; it is summed before it can pass 255.
ByteCensus byte_census(std::string_view s) {
    std::size_t i = 0;
    ByteCensus census;
#if defined(__SSE2__)
    const char* p = s.data();
    const std::size_t n = s.size();
    const __m128i zero = _mm_setzero_si128();
    const __m128i x1f = _mm_set1_epi8(0x1F);
    const __m128i nine = _mm_set1_epi8(9);
    const __m128i four = _mm_set1_epi8(4);
    const __m128i ctrl_z = _mm_set1_epi8(0x1A);
    __m128i high = zero;
    while (i + 16 <= n) {
        __m128i counts = zero;
        const std::size_t stop = std::min(n - (n - i) % 16, i + 255 * 16);
        for (; i < stop; i += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            high = _mm_or_si128(high, v);
            const __m128i below = _mm_cmpeq_epi8(_mm_min_epu8(v, x1f), v);  // <= 0x1F
            const __m128i d = _mm_sub_epi8(v, nine);  // 0x09–0x0D → 0–4, as unsigned bytes
            const __m128i blank = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, four), d),
                                               _mm_cmpeq_epi8(v, ctrl_z));
            counts = _mm_sub_epi8(counts, _mm_andnot_si128(blank, below));  // -(-1) per control
        }
        const __m128i sums = _mm_sad_epu8(counts, zero);
        census.controls += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
                           static_cast<std::size_t>(_mm_extract_epi16(sums, 4));
    }
    census.high = _mm_movemask_epi8(high) != 0;
#endif
    const ByteCensus rest = byte_census_scalar(s.substr(i));
    census.controls += rest.controls;
    census.high = census.high || rest.high;
    return census;
}

}  // namespace detail

Detection detect(std::string_view bytes, std::string_view name) {
    Detection d;
    if (bytes.empty()) {
        d.format = Format::invalid;
        d.reason = "empty file";
        return d;
    }
    if (const char* kind = magic_kind(bytes)) {
        d.format = Format::not_filing;
        d.reason = std::string("not a filing: ") + kind;
        return d;
    }
    const SampleStats stats = sample_stats(bytes);
    const double share = control_share(stats);
    if (share > kJunkControlShare) {
        d.format = Format::invalid;
        d.reason = "binary content (" + std::to_string(static_cast<int>(share * 100)) +
                   "% control bytes in the first 64 KB) with no known file signature";
        return d;
    }
    if (undecodable(bytes, stats)) {
        d.format = Format::invalid;
        d.reason = "binary content: neither UTF-8 nor mostly ASCII text, and no known file "
                   "signature";
        return d;
    }
    const std::size_t pos = content_start(bytes);
    if (pos >= bytes.size()) {
        d.format = Format::invalid;
        d.reason = "no content (only whitespace)";
        return d;
    }
    d.offset = pos;
    const std::string_view rest = bytes.substr(pos);
    const std::string_view first = trim(rest.substr(0, rest.find_first_of("\r\n")));

    if (!first.empty() && (first[0] == '{' || first[0] == '[')) {
        d.format = Format::not_filing;
        d.reason = "not a filing: JSON document";
        return d;
    }
    if (starts_with(first, "<SEC-DOCUMENT>") || starts_with(first, "<IMS-DOCUMENT>") ||
        starts_with(first, "<SEC-HEADER>") || starts_with(first, "<IMS-HEADER>")) {
        d.format = Format::full_submission;
        return d;
    }
    if (starts_with(first, "<SUBMISSION>")) {
        d.format = Format::nc;
        return d;
    }
    if (starts_with(first, "<DOCUMENT>")) {
        // An EDGAR document block opens with its <TYPE> line. Datasets that reuse the tag for
        // records of their own ("<DOCUMENT>\nFILE:…\nTIME:…\nTEXT:") are not submissions:
        // stored as one, a bundle of a hundred 8-Ks became one filing with no accession.
        if (rest.substr(0, 512).find("\n<TYPE>") == std::string_view::npos) {
            d.format = Format::not_filing;
            d.reason = "not a filing: <DOCUMENT> blocks without a <TYPE> line (not EDGAR's format)";
            return d;
        }
        d.format = Format::headerless;
        return d;
    }
    if (starts_with(first, "<TYPE>") && rest.substr(0, kHeadScanBytes).find("\n<TEXT>") !=
                                            std::string_view::npos) {
        d.format = Format::document_block;
        return d;
    }
    const Format header = probe_header(bytes, pos);
    if (header != Format::invalid) {
        d.format = header;
        return d;
    }
    const std::string_view head = rest.substr(0, kHeadScanBytes);
    if (is_index_file(head)) {
        d.format = Format::not_filing;
        d.reason = "not a filing: EDGAR index file";
        return d;
    }
    const std::string lower = lower_ascii(head);
    const bool html = lower.find("<html") != std::string::npos ||
                      lower.find("<!doctype html") != std::string::npos ||
                      lower.find("<body") != std::string::npos;
    std::size_t hdr_start = 0;
    std::size_t hdr_end = 0;
    if (html && find_commented_header(bytes, hdr_start, hdr_end)) {
        d.format = Format::index_headers_html;
        d.offset = hdr_start;
        d.end = hdr_end;
        return d;
    }
    const std::size_t envelope = find_envelope(bytes, pos);
    if (envelope != std::string_view::npos) {
        d.format = Format::full_submission;
        d.offset = envelope;
        return d;
    }
    if (html) {
        const bool index_name = ends_with_ci(name, "-index.htm") || ends_with_ci(name, "-index.html");
        if (index_name || lower.find("edgar filing index") != std::string::npos ||
            lower.find("id=\"formdiv\"") != std::string::npos ||
            lower.find("<div class=\"formgrouping\"") != std::string::npos) {
            d.format = Format::not_filing;
            d.reason = "not a filing: EDGAR filing index page";
            return d;
        }
        d.format = Format::bare_html;
        return d;
    }
    if (!looks_like_sec_text(lower)) {
        d.format = Format::not_filing;
        d.reason = "not a filing: text with no mark of an SEC document";
        return d;
    }
    d.format = Format::bare_text;
    return d;
}

}  // namespace edgarsql::parse
