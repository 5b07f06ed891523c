#pragma once
// Locale-independent ASCII character tests and blank trimming for the text scanners.
// std::tolower/std::isdigit consult the C locale on every call and are measurably slower in
// the parsers' inner loops; EDGAR markup and headers are ASCII, so these plain comparisons
// are exact. Header-only and constexpr where possible; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace edgarsql::util {

constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr char ascii_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ascii_upper(char c) { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

/// Length of the blank at s[i]: space, tab, CR, form feed, vertical tab, or a UTF-8 no-break
/// space (C2 A0, common in text converted from HTML's &nbsp;); 0 if there is none.
constexpr std::size_t blank_len(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
    return c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0' ? 2 : 0;
}

/// `s` without leading and trailing blanks, as blank_len() counts them.
constexpr std::string_view trim_blanks(std::string_view s) {
    while (std::size_t n = blank_len(s, 0)) s.remove_prefix(n);
    for (;;) {
        if (!s.empty() && blank_len(s, s.size() - 1) == 1) {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && blank_len(s, s.size() - 2) == 2) {
            s.remove_suffix(2);
        } else {
            return s;
        }
    }
}

/// `s` with every run of blanks (and line breaks) as one space, none at either end: "Financial
/// Statements,  Pro\nForma" is "Financial Statements, Pro Forma".
inline std::string collapse_blanks(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = blank_len(s, i); n != 0 || s[i] == '\n') {
            i += n != 0 ? n : 1;
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(s[i++]);
    }
    return out;
}

}  // namespace edgarsql::util
