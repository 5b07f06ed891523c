#include "parse/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "util/ascii.hpp"

namespace edgarsql::parse {

namespace {

// windows-1252 0x80–0x9F; 0 marks the five bytes cp1252 leaves undefined.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

inline std::uint64_t load8(const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

/// Length of the well-formed UTF-8 sequence starting at p[0] (a byte >= 0x80), or 0.
inline std::size_t utf8_sequence_length(const unsigned char* p, std::size_t avail) {
    const unsigned char c = p[0];
    auto cont = [&](std::size_t i) { return i < avail && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
        if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogates
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
        if (c == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = util::ascii_lower(c);
    return out;
}

std::string normalize_charset_name(std::string_view raw) {
    std::string name = lower_ascii(raw);
    if (name == "utf-8" || name == "utf8") return "utf-8";
    if (name == "windows-1252" || name == "cp1252" || name == "x-cp1252") return "windows-1252";
    if (name == "iso-8859-1" || name == "iso8859-1" || name == "latin1" || name == "latin-1" ||
        name == "iso_8859-1" || name == "l1")
        return "iso-8859-1";
    if (name == "us-ascii" || name == "ascii") return "us-ascii";
    return name;
}

/// Reads the charset name at `pos` (after 'charset=' or 'encoding='), skipping quotes.
std::string_view charset_token(std::string_view s, std::size_t pos) {
    while (pos < s.size() && (s[pos] == '"' || s[pos] == '\'' || s[pos] == ' ')) ++pos;
    std::size_t end = pos;
    while (end < s.size()) {
        const char c = s[end];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
              c == ':'))
            break;
        ++end;
    }
    return s.substr(pos, end - pos);
}

}  // namespace

char32_t cp1252_code_point(unsigned char byte) {
    if (byte < 0x80 || byte >= 0xA0) return byte;
    const char32_t mapped = kCp1252High[byte - 0x80];
    return mapped == 0 ? char32_t{0xFFFD} : mapped;
}

bool is_ascii(std::string_view bytes) {
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        if (load8(p + i) & kHighBits) return false;
    }
    for (; i < n; ++i) {
        if (static_cast<unsigned char>(p[i]) >= 0x80) return false;
    }
    return true;
}

bool is_valid_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        if (i + 8 <= n && (load8(bytes.data() + i) & kHighBits) == 0) {
            i += 8;
            continue;
        }
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence_length(p + i, n - i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

std::string normalize_newlines(std::string_view bytes) {
    std::string out;
    if (bytes.find('\r') == std::string_view::npos) return std::string(bytes);
    const char* cr = static_cast<const char*>(std::memchr(bytes.data(), '\r', bytes.size()));
    out.reserve(bytes.size());
    std::size_t pos = 0;
    while (cr != nullptr) {
        const auto at = static_cast<std::size_t>(cr - bytes.data());
        out.append(bytes.data() + pos, at - pos);
        out.push_back('\n');
        pos = at + 1;
        if (pos < bytes.size() && bytes[pos] == '\n') ++pos;
        cr = static_cast<const char*>(std::memchr(bytes.data() + pos, '\r', bytes.size() - pos));
    }
    out.append(bytes.data() + pos, bytes.size() - pos);
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp == 0) return;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string sanitize_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 16);
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // Copy the run of plain ASCII (no NUL) in one append.
        std::size_t run = i;
        while (run + 8 <= n) {
            const std::uint64_t v = load8(bytes.data() + run);
            // High bit set, or a zero byte somewhere in the word.
            const bool has_zero = ((v - 0x0101010101010101ULL) & ~v & kHighBits) != 0;
            if ((v & kHighBits) || has_zero) break;
            run += 8;
        }
        while (run < n && p[run] < 0x80 && p[run] != 0) ++run;
        out.append(bytes.data() + i, run - i);
        i = run;
        if (i >= n) break;
        const unsigned char c = p[i];
        if (c == 0) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence_length(p + i, n - i);
        if (len == 2 && c == 0xC2 && p[i + 1] < 0xA0) {
            // U+0080–U+009F: C1 controls, which no EDGAR text means. They are cp1252 text
            // converted to UTF-8 as if it were Latin-1 (U+0092 for a cp1252 right quote, as
            // some tools' tag-stripped 10-Ks have), so they are read as the cp1252 bytes
            // they were.
            append_utf8(out, cp1252_code_point(p[i + 1]));
            i += 2;
            continue;
        }
        if (len > 0) {
            out.append(bytes.data() + i, len);
            i += len;
            continue;
        }
        append_utf8(out, cp1252_code_point(c));
        ++i;
    }
    return out;
}

std::string escape_invalid_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    if (is_valid_utf8(bytes) && bytes.find('\0') == std::string_view::npos)
        return std::string(bytes);
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(n + 16);
    std::size_t i = 0;
    while (i < n) {
        const std::size_t len = p[i] == 0 ? 0 : p[i] < 0x80 ? 1 : utf8_sequence_length(p + i, n - i);
        if (len > 0) {
            out.append(bytes.data() + i, len);
            i += len;
            continue;
        }
        out.push_back('%');
        out.push_back(kHex[p[i] >> 4]);
        out.push_back(kHex[p[i] & 0x0F]);
        ++i;
    }
    return out;
}

std::size_t find_ascii_ci(std::string_view haystack, std::string_view lower_needle,
                          std::size_t from) {
    const std::size_t m = lower_needle.size();
    if (from > haystack.size() || haystack.size() - from < m) return std::string_view::npos;
    if (m == 0) return from;
    const char* d = haystack.data();
    const char first = lower_needle[0];
    const char first_upper = util::ascii_upper(first);
    const std::size_t last = haystack.size() - m;  // last possible start
    auto rest_matches = [&](std::size_t i) {
        for (std::size_t k = 1; k < m; ++k) {
            if (util::ascii_lower(d[i + k]) != lower_needle[k]) return false;
        }
        return true;
    };
    if (first == first_upper) {
        // Not a letter: jump between occurrences of the first byte.
        for (std::size_t i = from; i <= last;) {
            const void* hit = std::memchr(d + i, first, last + 1 - i);
            if (hit == nullptr) break;
            i = static_cast<std::size_t>(static_cast<const char*>(hit) - d);
            if (rest_matches(i)) return i;
            ++i;
        }
        return std::string_view::npos;
    }
    for (std::size_t i = from; i <= last; ++i) {
        if ((d[i] == first || d[i] == first_upper) && rest_matches(i)) return i;
    }
    return std::string_view::npos;
}

std::string declared_charset(std::string_view payload) {
    constexpr std::size_t kScanBytes = 4096;
    // Searched case-insensitively in place; the token found is lower-cased by
    // normalize_charset_name.
    const std::string_view h = payload.substr(0, kScanBytes);
    const std::size_t decl = find_ascii_ci(h, "<?xml");
    if (decl != std::string_view::npos) {
        const std::size_t end = h.find("?>", decl);
        const std::size_t enc = find_ascii_ci(h, "encoding", decl);
        if (enc != std::string_view::npos && (end == std::string_view::npos || enc < end)) {
            std::size_t pos = enc + 8;
            while (pos < h.size() && (h[pos] == ' ' || h[pos] == '=')) ++pos;
            const std::string_view tok = charset_token(h, pos);
            if (!tok.empty()) return normalize_charset_name(tok);
        }
    }
    for (std::size_t meta = find_ascii_ci(h, "<meta"); meta != std::string_view::npos;
         meta = find_ascii_ci(h, "<meta", meta + 5)) {
        const std::size_t end = h.find('>', meta);
        const std::string_view tag = h.substr(meta, end == std::string_view::npos ? h.npos
                                                                                 : end - meta);
        const std::size_t cs = find_ascii_ci(tag, "charset");
        if (cs == std::string_view::npos) continue;
        std::size_t pos = cs + 7;
        while (pos < tag.size() && (tag[pos] == ' ' || tag[pos] == '=')) ++pos;
        const std::string_view tok = charset_token(tag, pos);
        if (!tok.empty()) return normalize_charset_name(tok);
    }
    return "";
}

namespace {
// Strips one UTF-8 byte-order mark: the one place that decides what a BOM is, so that
// charset_of() and decode_text() always look at the same bytes.
std::string_view without_bom(std::string_view payload) {
    if (payload.size() >= 3 && payload.substr(0, 3) == "\xEF\xBB\xBF") payload.remove_prefix(3);
    return payload;
}

std::string charset_without_bom(std::string_view payload) {
    const std::string declared = declared_charset(payload);
    if (is_ascii(payload)) {
        return (declared == "utf-8" || declared == "windows-1252" || declared == "iso-8859-1")
                   ? declared
                   : "us-ascii";
    }
    if (is_valid_utf8(payload)) return "utf-8";
    return declared == "iso-8859-1" ? "iso-8859-1" : "windows-1252";
}
}  // namespace

std::string charset_of(std::string_view payload) { return charset_without_bom(without_bom(payload)); }

DecodedText decode_text(std::string_view payload) {
    payload = without_bom(payload);
    DecodedText result;
    result.charset = charset_without_bom(payload);
    const bool plain = result.charset == "us-ascii" || is_ascii(payload);
    if (plain && payload.find('\0') == std::string_view::npos) {
        result.text.assign(payload);
    } else if (plain) {
        result.text.reserve(payload.size());
        std::remove_copy(payload.begin(), payload.end(), std::back_inserter(result.text), '\0');
    } else {
        result.text = sanitize_utf8(payload);
    }
    return result;
}

}  // namespace edgarsql::parse
