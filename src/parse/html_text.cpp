#include "parse/html_text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>
#include <utility>
#include <vector>

#include "parse/text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edgarsql::parse {

namespace {

constexpr std::size_t kMaxEntityName = 32;
constexpr std::size_t kMaxTagName = 24;
constexpr int kMaxBlankLines = 2;  // newlines in a row: at most one blank line

using EntityTable = std::vector<std::pair<std::string_view, char32_t>>;

const EntityTable& entity_table() {
    static const EntityTable table = [] {
        // HTML 4 Latin-1 entities, U+00A0 … U+00FF in order.
        static constexpr std::array<std::string_view, 96> kLatin1 = {
            "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",
            "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",
            "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
            "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest",
            "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
            "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
            "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
            "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
            "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
            "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
            "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
            "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};
        EntityTable t;
        for (std::size_t i = 0; i < kLatin1.size(); ++i) {
            t.emplace_back(kLatin1[i], static_cast<char32_t>(0xA0 + i));
        }
        const std::pair<std::string_view, char32_t> others[] = {
            {"quot", 0x22},     {"amp", 0x26},      {"apos", 0x27},     {"lt", 0x3C},
            {"gt", 0x3E},       {"OElig", 0x152},   {"oelig", 0x153},   {"Scaron", 0x160},
            {"scaron", 0x161},  {"Yuml", 0x178},    {"fnof", 0x192},    {"circ", 0x2C6},
            {"tilde", 0x2DC},   {"Alpha", 0x391},   {"Beta", 0x392},    {"Gamma", 0x393},
            {"Delta", 0x394},   {"Sigma", 0x3A3},   {"Omega", 0x3A9},   {"alpha", 0x3B1},
            {"beta", 0x3B2},    {"gamma", 0x3B3},   {"delta", 0x3B4},   {"epsilon", 0x3B5},
            {"lambda", 0x3BB},  {"mu", 0x3BC},      {"pi", 0x3C0},      {"sigma", 0x3C3},
            {"tau", 0x3C4},     {"omega", 0x3C9},   {"ensp", 0x2002},   {"emsp", 0x2003},
            {"thinsp", 0x2009}, {"zwnj", 0x200C},   {"zwj", 0x200D},    {"lrm", 0x200E},
            {"rlm", 0x200F},    {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},
            {"rsquo", 0x2019},  {"sbquo", 0x201A},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
            {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021}, {"bull", 0x2022},
            {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},  {"Prime", 0x2033},
            {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"oline", 0x203E},  {"frasl", 0x2044},
            {"euro", 0x20AC},   {"trade", 0x2122},  {"larr", 0x2190},   {"uarr", 0x2191},
            {"rarr", 0x2192},   {"darr", 0x2193},   {"harr", 0x2194},   {"sum", 0x2211},
            {"minus", 0x2212},  {"radic", 0x221A},  {"infin", 0x221E},  {"asymp", 0x2248},
            {"ne", 0x2260},     {"le", 0x2264},     {"ge", 0x2265},     {"loz", 0x25CA},
            {"check", 0x2713},  {"cross", 0x2717},  {"squ", 0x25A1},    {"square", 0x25A1},
            {"hyphen", 0x2010}, {"dash", 0x2010},   {"Hat", 0x5E},      {"lowbar", 0x5F},
            {"nbhy", 0x2011},   {"hairsp", 0x200A}, {"numsp", 0x2007},  {"puncsp", 0x2008}};
        for (const auto& e : others) t.push_back(e);
        std::sort(t.begin(), t.end());
        return t;
    }();
    return table;
}

/// Entities that browsers also accept without the closing ';'.
bool legacy_without_semicolon(std::string_view name) {
    return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "nbsp" ||
           name == "copy" || name == "reg" || name == "AMP" || name == "LT" || name == "GT";
}

char32_t lookup_named(std::string_view name) {
    const EntityTable& t = entity_table();
    auto it = std::lower_bound(t.begin(), t.end(), name,
                               [](const auto& e, std::string_view n) { return e.first < n; });
    if (it != t.end() && it->first == name) return it->second;
    if (name == "AMP") return 0x26;
    if (name == "LT") return 0x3C;
    if (name == "GT") return 0x3E;
    if (name == "QUOT") return 0x22;
    return 0;
}

inline bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
inline bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool spacing_code_point(char32_t cp) {
    return cp == 0x20 || cp == 0x09 || cp == 0x0A || cp == 0x0D || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x3000;
}
bool invisible_code_point(char32_t cp) {
    return cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF;
}

enum class TagKind { inline_tag, line, paragraph, br, cell, row, pre, skip_content };

// Most tags of filing HTML are inline (span, font, b, a, the ix: facts), so the name's first
// letter picks the few candidates to compare and anything longer than the longest layout name
// ("blockquote", "figcaption") is inline at once: a chain of fifty comparisons per tag was
// 6 % of the parser's time.
TagKind classify(std::string_view name) {
    if (name.empty() || name.size() > 10) return TagKind::inline_tag;
    const auto any = [name](std::initializer_list<std::string_view> names) {
        return std::find(names.begin(), names.end(), name) != names.end();
    };
    switch (name[0]) {
        case 'a':
            if (any({"address", "article", "aside"})) return TagKind::line;
            break;
        case 'b':
            if (name == "br") return TagKind::br;
            if (name == "blockquote") return TagKind::paragraph;
            if (name == "body") return TagKind::line;
            break;
        case 'c':
            if (any({"center", "caption"})) return TagKind::line;
            break;
        case 'd':
            if (name == "dl") return TagKind::paragraph;
            if (any({"div", "dt", "dd"})) return TagKind::line;
            break;
        case 'f':
            if (any({"footer", "form", "figure", "figcaption", "fieldset"})) return TagKind::line;
            break;
        case 'h':
            if (name.size() == 2 && name[1] >= '1' && name[1] <= '6') return TagKind::paragraph;
            if (any({"hr", "header", "html"})) return TagKind::line;
            break;
        case 'i':
            if (name == "ix:header") return TagKind::skip_content;
            break;
        case 'l':
            if (name == "listing") return TagKind::pre;
            if (any({"li", "legend"})) return TagKind::line;
            break;
        case 'm':
            if (name == "main") return TagKind::line;
            break;
        case 'n':
            if (name == "noscript") return TagKind::skip_content;
            if (name == "nav") return TagKind::line;
            break;
        case 'o':
            if (name == "ol") return TagKind::paragraph;
            if (name == "option") return TagKind::line;
            break;
        case 'p':
            if (name == "p") return TagKind::paragraph;
            if (any({"pre", "plaintext"})) return TagKind::pre;
            if (name == "page") return TagKind::line;
            break;
        case 's':
            if (any({"script", "style"})) return TagKind::skip_content;
            if (name == "section") return TagKind::line;
            break;
        case 't':
            if (any({"td", "th"})) return TagKind::cell;
            if (name == "tr") return TagKind::row;
            if (name == "table") return TagKind::paragraph;
            if (any({"title", "template"})) return TagKind::skip_content;
            if (any({"thead", "tbody", "tfoot"})) return TagKind::line;
            break;
        case 'u':
            if (name == "ul") return TagKind::paragraph;
            break;
        case 'x':
            if (name == "xmp") return TagKind::pre;
            break;
        default:
            break;
    }
    return TagKind::inline_tag;
}

// '<', '&', whitespace and the lead byte of a UTF-8 no-break space end a run of text.
constexpr std::array<bool, 256> kSpecial = [] {
    std::array<bool, 256> t{};
    for (const char c : {'<', '&', ' ', '\t', '\n', '\r', '\f', '\v', '\xC2'})
        t[static_cast<unsigned char>(c)] = true;
    return t;
}();
inline bool special(char c) { return kSpecial[static_cast<unsigned char>(c)]; }

class Converter {
public:
    explicit Converter(std::string_view in) : in_(in) { out_.reserve(in.size() / 2); }

    std::string run() {
        const std::size_t n = in_.size();
        std::size_t i = 0;
        while (i < n) {
            const char c = in_[i];
            if (c == '<') {
                i = tag(i);
            } else if (c == '&') {
                i = entity(i);
            } else if (is_space(c)) {
                whitespace(c);
                ++i;
            } else if (c == '\xC2' && i + 1 < n && in_[i + 1] == '\xA0') {
                pending_space_ = true;
                i += 2;
            } else {
                flush();
                const std::size_t start = i;
                i = detail::text_run_end(in_, i + 1, pre_depth_ > 0);
                out_.append(in_.data() + start, i - start);
            }
        }
        while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t' || out_.back() == '\n'))
            out_.pop_back();
        return std::move(out_);
    }

private:
    void whitespace(char c) {
        if (pre_depth_ > 0) {
            if (c == '\n') {
                newline(1, true);
            } else if (c == ' ' || c == '\t') {
                flush();
                out_.push_back(c == '\t' ? '\t' : ' ');
            }
            return;
        }
        pending_space_ = true;
    }

    bool at_line_start() const { return out_.empty() || out_.back() == '\n'; }

    /// Emits the pending separator before visible text.
    void flush() {
        if (pending_newlines_ > 0) {
            if (!out_.empty()) {
                while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\t'))
                    out_.pop_back();
                int have = 0;
                for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n' && have < 2; ++it)
                    ++have;
                for (int k = have; k < std::min(pending_newlines_, kMaxBlankLines); ++k)
                    out_.push_back('\n');
            }
        } else if (pending_tab_ && !at_line_start()) {
            out_.push_back('\t');
        } else if (pending_space_ && !at_line_start() && out_.back() != '\t') {
            out_.push_back(' ');
        }
        pending_newlines_ = 0;
        pending_space_ = false;
        pending_tab_ = false;
    }

    void newline(int count, bool additive) {
        pending_newlines_ = additive ? std::min(pending_newlines_ + count, kMaxBlankLines)
                                     : std::max(pending_newlines_, count);
        pending_space_ = false;
        pending_tab_ = false;
    }

    void emit(char32_t cp) {
        if (spacing_code_point(cp)) {
            if (pre_depth_ > 0 && cp != 0x0A) {
                flush();
                out_.push_back(' ');
            } else {
                pending_space_ = true;
            }
            return;
        }
        if (invisible_code_point(cp)) return;
        flush();
        append_utf8(out_, cp);
    }

    std::size_t entity(std::size_t i) {
        const std::size_t n = in_.size();
        std::size_t j = i + 1;
        if (j < n && in_[j] == '#') {
            ++j;
            const bool hex = j < n && (in_[j] == 'x' || in_[j] == 'X');
            if (hex) ++j;
            const std::size_t digits_start = j;
            std::uint32_t value = 0;
            bool overflow = false;
            while (j < n && j - digits_start < 8) {
                const char d = in_[j];
                int v = -1;
                if (d >= '0' && d <= '9') v = d - '0';
                else if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
                else if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
                if (v < 0) break;
                value = value * (hex ? 16u : 10u) + static_cast<std::uint32_t>(v);
                if (value > 0x10FFFF) overflow = true;
                ++j;
            }
            if (j == digits_start) {
                emit('&');
                return i + 1;
            }
            if (j < n && in_[j] == ';') ++j;
            char32_t cp = overflow || value == 0 ? char32_t{0xFFFD} : char32_t{value};
            if (cp >= 0x80 && cp <= 0x9F) cp = cp1252_code_point(static_cast<unsigned char>(cp));
            emit(cp);
            return j;
        }
        while (j < n && j - (i + 1) < kMaxEntityName && is_alnum(in_[j])) ++j;
        const std::string_view name = in_.substr(i + 1, j - (i + 1));
        if (!name.empty()) {
            const char32_t cp = lookup_named(name);
            if (cp != 0 && j < n && in_[j] == ';') {
                emit(cp);
                return j + 1;
            }
            if (cp != 0 && legacy_without_semicolon(name)) {
                emit(cp);
                return j;
            }
        }
        emit('&');
        return i + 1;
    }

    /// Skips past the close tag '</name' … '>' (case-insensitive); end of input if none.
    std::size_t skip_element(std::size_t from, std::string_view name) {
        const std::size_t n = in_.size();
        std::size_t pos = from;
        while (pos < n) {
            const char* lt = static_cast<const char*>(std::memchr(in_.data() + pos, '<', n - pos));
            if (lt == nullptr) return n;
            pos = static_cast<std::size_t>(lt - in_.data());
            if (pos + 1 + name.size() < n && in_[pos + 1] == '/') {
                bool match = true;
                for (std::size_t k = 0; k < name.size() && match; ++k) {
                    match = lower(in_[pos + 2 + k]) == name[k];
                }
                const std::size_t after = pos + 2 + name.size();
                if (match && (after >= n || !is_alnum(in_[after]))) {
                    const std::size_t gt = in_.find('>', after);
                    return gt == std::string_view::npos ? n : gt + 1;
                }
            }
            ++pos;
        }
        return n;
    }

    std::size_t tag(std::size_t i) {
        const std::size_t n = in_.size();
        if (i + 3 < n && in_[i + 1] == '!' && in_[i + 2] == '-' && in_[i + 3] == '-') {
            const std::size_t end = in_.find("-->", i + 4);
            return end == std::string_view::npos ? n : end + 3;
        }
        std::size_t j = i + 1;
        if (j < n && (in_[j] == '!' || in_[j] == '?')) {
            const std::size_t end = in_.find('>', j);
            return end == std::string_view::npos ? n : end + 1;
        }
        const bool closing = j < n && in_[j] == '/';
        if (closing) ++j;
        if (j >= n || !((in_[j] >= 'a' && in_[j] <= 'z') || (in_[j] >= 'A' && in_[j] <= 'Z'))) {
            emit('<');
            return i + 1;
        }
        char name_buf[kMaxTagName];
        std::size_t len = 0;
        while (j < n && (is_alnum(in_[j]) || in_[j] == ':' || in_[j] == '-' || in_[j] == '_')) {
            if (len < kMaxTagName) name_buf[len++] = lower(in_[j]);
            ++j;
        }
        const std::string_view name(name_buf, len);
        const std::size_t gt = in_.find('>', j);
        const std::size_t end = gt == std::string_view::npos ? n : gt + 1;
        if (name == "div" && inline_div(closing, in_.substr(j, end - j))) return end;
        switch (classify(name)) {
            case TagKind::inline_tag:
                break;
            case TagKind::br:
                newline(1, true);
                break;
            case TagKind::line:
                newline(1, false);
                break;
            case TagKind::paragraph:
                newline(2, false);
                break;
            case TagKind::row:
                newline(1, false);
                break;
            case TagKind::cell:
                if (!closing && pending_newlines_ == 0) pending_tab_ = true;
                break;
            case TagKind::pre:
                newline(1, false);
                if (closing) {
                    if (pre_depth_ > 0) --pre_depth_;
                } else {
                    ++pre_depth_;
                }
                break;
            case TagKind::skip_content:
                if (!closing && !(gt != std::string_view::npos && gt > 0 && in_[gt - 1] == '/'))
                    return skip_element(end, name);
                break;
        }
        return end;
    }

    /// Whether a <div> (or the </div> that closes it) is laid out inline and so breaks no
    /// line: `style="display:inline"` (inline-block, inline-table too), which inline XBRL
    /// filings put around the words of one line ("FORM" "8-K"; "(" "972" ")" "934-4700").
    /// The open divs' flags are stacked so that each </div> answers as its <div> did.
    bool inline_div(bool closing, std::string_view attributes) {
        if (closing) {
            if (div_inline_.empty()) return false;
            const bool was_inline = div_inline_.back();
            div_inline_.pop_back();
            return was_inline;
        }
        bool is_inline = false;
        for (std::size_t at = find_ascii_ci(attributes, "display"); at != std::string_view::npos;
             at = find_ascii_ci(attributes, "display", at + 7)) {
            std::size_t k = at + 7;
            while (k < attributes.size() && is_space(attributes[k])) ++k;
            if (k >= attributes.size() || attributes[k] != ':') continue;
            ++k;
            while (k < attributes.size() && is_space(attributes[k])) ++k;
            is_inline = find_ascii_ci(attributes.substr(k, 6), "inline") == 0;
            break;
        }
        const bool self_closing = attributes.size() >= 2 && attributes[attributes.size() - 2] == '/';
        if (!self_closing && div_inline_.size() < kMaxDivDepth) div_inline_.push_back(is_inline);
        return is_inline;
    }

    static constexpr std::size_t kMaxDivDepth = 4096;

    std::string_view in_;
    std::string out_;
    std::vector<bool> div_inline_;
    int pending_newlines_ = 0;
    bool pending_space_ = false;
    bool pending_tab_ = false;
    int pre_depth_ = 0;
};

}  // namespace

char32_t decode_entity(std::string_view body) {
    if (body.size() > 1 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        std::uint32_t value = 0;
        for (std::size_t k = hex ? 2 : 1; k < body.size(); ++k) {
            const char d = body[k];
            int v = -1;
            if (d >= '0' && d <= '9') v = d - '0';
            else if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
            else if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
            if (v < 0 || value > 0x10FFFF) return 0;
            value = value * (hex ? 16u : 10u) + static_cast<std::uint32_t>(v);
        }
        if (value > 0x10FFFF) return 0;
        if (value >= 0x80 && value <= 0x9F) return cp1252_code_point(static_cast<unsigned char>(value));
        return value;
    }
    return lookup_named(body);
}

namespace detail {

std::size_t text_run_end_scalar(std::string_view in, std::size_t from, bool preformatted) {
    const std::size_t n = in.size();
    std::size_t i = from;
    for (;;) {
        while (i < n && !special(in[i])) ++i;
        // Outside <pre>, a single space between two visible characters comes out as itself
        // (the converter would emit exactly one ' ' for it), so the run goes on.
        if (!preformatted && i + 1 < n && in[i] == ' ' && !special(in[i + 1])) {
            i += 2;
            continue;
        }
        return i;
    }
}

// Text runs are most of the converter's work: 16 bytes at a time with SSE2 (part of x86-64
// itself), where the byte loop above tests one. Byte k ends the run when it is '<', '&',
// 0xC2 or one of \t \n \v \f \r (0x09–0x0D), or a space that the next byte does not
// continue (a space or one of those); inside <pre> every space ends it. The byte loop
// finishes the last 16 bytes, and is the definition the tests hold this to.
std::size_t text_run_end(std::string_view in, std::size_t from, bool preformatted) {
    std::size_t i = from;
#if defined(__SSE2__)
    const std::size_t n = in.size();
    const char* p = in.data();
    const __m128i lt = _mm_set1_epi8('<');
    const __m128i amp = _mm_set1_epi8('&');
    const __m128i c2 = _mm_set1_epi8(static_cast<char>(0xC2));
    const __m128i space = _mm_set1_epi8(' ');
    const __m128i nine = _mm_set1_epi8(9);
    const __m128i four = _mm_set1_epi8(4);
    const auto hard = [&](__m128i v) {
        const __m128i d = _mm_sub_epi8(v, nine);  // 0x09–0x0D → 0–4, as unsigned bytes
        const __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(d, four), d);
        return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
                            _mm_or_si128(_mm_cmpeq_epi8(v, c2), ctl));
    };
    while (i + 17 <= n) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i sp = _mm_cmpeq_epi8(a, space);
        __m128i stop = hard(a);
        if (preformatted) {
            stop = _mm_or_si128(stop, sp);
        } else {
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
            const __m128i next = _mm_or_si128(hard(b), _mm_cmpeq_epi8(b, space));
            stop = _mm_or_si128(stop, _mm_and_si128(sp, next));
        }
        const int mask = _mm_movemask_epi8(stop);
        if (mask != 0)
            return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        i += 16;
    }
#endif
    return text_run_end_scalar(in, i, preformatted);
}

}  // namespace detail

std::string html_to_text(std::string_view html) { return Converter(html).run(); }

}  // namespace edgarsql::parse
