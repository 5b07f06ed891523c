#include "parse/body_items.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <utility>

#include "parse/item_titles.hpp"
#include "parse/values.hpp"
#include "util/ascii.hpp"

namespace edgarsql::parse {

namespace {

using util::blank_len;
using util::is_alpha;
using util::is_digit;
using util::is_lower;
using util::is_upper;
constexpr char lower(char c) { return util::ascii_lower(c); }


constexpr std::size_t npos = std::string_view::npos;



std::size_t skip_blanks(std::string_view s, std::size_t i) {
    while (std::size_t n = blank_len(s, i)) i += n;
    return i;
}

std::string_view trim_line(std::string_view s) {
    s.remove_prefix(std::min(skip_blanks(s, 0), s.size()));
    while (!s.empty()) {
        const char c = s.back();
        if (c == ' ' || c == '\t' || c == '\r') {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && c == '\xA0') {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lower(s[i]) != prefix[i]) return false;
    }
    return true;
}

bool icontains(std::string_view s, std::string_view needle) {
    if (needle.size() > s.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
        if (istarts_with(s.substr(i), needle)) return true;
    }
    return false;
}

/// Length of a dash at s[i]: '-', en dash, em dash; 0 if none.
std::size_t dash_len(std::string_view s, std::size_t i) {
    if (i < s.size() && s[i] == '-') return 1;
    if (i + 2 < s.size() && s[i] == '\xE2' && s[i + 1] == '\x80' &&
        (s[i + 2] == '\x93' || s[i + 2] == '\x94'))
        return 3;
    return 0;
}

struct Token {
    std::string raw;  ///< '2.02', '12', '1A'
    bool dotted = false;
    int number = 0;   ///< integer part
};

/// An item number at s[i]: 'd', 'dd', 'd.dd' or 'dA'; the end position in `end`.
std::optional<Token> read_token(std::string_view s, std::size_t i, std::size_t& end) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j]) && j - i < 3) ++j;
    if (j == i || j - i > 2 || (j < s.size() && is_digit(s[j]))) return std::nullopt;
    Token t;
    t.number = std::stoi(std::string(s.substr(i, j - i)));
    if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
        std::size_t k = j + 1;
        while (k < s.size() && is_digit(s[k])) ++k;
        if (k - j - 1 > 2) return std::nullopt;
        t.dotted = true;
        t.raw = std::string(s.substr(i, k - i));
        end = k;
        return t;
    }
    if (j < s.size() && (s[j] == 'A' || s[j] == 'B' || s[j] == 'C' || s[j] == 'a' ||
                         s[j] == 'b' || s[j] == 'c') &&
        (j + 1 >= s.size() || !is_alpha(s[j + 1]))) {
        t.raw = std::string(s.substr(i, j - i)) + static_cast<char>(s[j] & ~0x20);
        end = j + 1;
        return t;
    }
    t.raw = std::string(s.substr(i, j - i));
    end = j;
    return t;
}

/// Drops a title's trailing punctuation and footnote mark: "Other Events.*", "Agreement;".
void trim_title_end(std::string& title) {
    while (!title.empty() && (title.back() == '.' || title.back() == ':' || title.back() == ';' ||
                              title.back() == ',' || title.back() == '*' || title.back() == ' '))
        title.pop_back();
}

struct Heading {
    std::vector<Token> tokens;
    bool range = false;
    /// One number with a paragraph mark, "Item 5.02(e)", "Item 14 (a)(3):": a paragraph's
    /// heading inside its item, which loses to the item's own heading.
    bool paragraph = false;
    std::string title;
};

/// Reads a connector between two numbers ("," "and" "&" "through" "to" "-") at s[i];
/// returns the position after it (and blanks) or npos. `range` is set for through/to/-.
std::size_t read_connector(std::string_view s, std::size_t i, bool& range) {
    std::size_t j = skip_blanks(s, i);
    range = false;
    if (j < s.size() && (s[j] == ',' || s[j] == '&')) {
        j = skip_blanks(s, j + 1);
        if (istarts_with(s.substr(j), "and ")) j = skip_blanks(s, j + 4);
        return j;
    }
    if (istarts_with(s.substr(j), "and ")) return skip_blanks(s, j + 4);
    if (istarts_with(s.substr(j), "through ")) {
        range = true;
        return skip_blanks(s, j + 8);
    }
    if (istarts_with(s.substr(j), "to ")) {
        range = true;
        return skip_blanks(s, j + 3);
    }
    if (const std::size_t d = dash_len(s, j); d != 0) {
        const std::size_t k = skip_blanks(s, j + d);
        if (k < s.size() && is_digit(s[k])) {
            range = true;
            return k;
        }
    }
    return npos;
}

/// "Item 1117 of Regulation AB. Legal Proceedings.": the sections an asset-backed issuer's 10-K
/// gives in place of its omitted items (General Instruction J), numbered by Regulation AB's
/// items 1100–1125. A heading of a number that no form's list has, so it ends the item above
/// it and starts none; `i` is where its number starts.
std::optional<Heading> regulation_ab_heading(std::string_view line, std::size_t i) {
    std::size_t j = i;
    while (j < line.size() && is_digit(line[j])) ++j;
    if (j - i != 4 || line.substr(i, 2) != "11") return std::nullopt;
    const int number = std::stoi(std::string(line.substr(i, 4)));
    if (number > 1125) return std::nullopt;
    while (j < line.size() && line[j] == '(') {
        const std::size_t close = line.find(')', j);
        if (close == npos || close - j > 5) return std::nullopt;
        j = close + 1;
    }
    j = skip_blanks(line, j);
    if (!istarts_with(line.substr(j), "of regulation ab")) return std::nullopt;
    Heading h;
    Token t;
    t.number = number;
    t.raw = std::string(line.substr(i, 4));
    h.tokens.push_back(std::move(t));
    h.title = std::string(trim_line(line.substr(j)));
    return h;
}

/// Parses a trimmed line as an item heading; nullopt when it is not one.
std::optional<Heading> parse_heading(std::string_view line) {
    if (!istarts_with(line, "item")) return std::nullopt;
    std::size_t i = 4;
    if (i < line.size() && (line[i] == 's' || line[i] == 'S')) ++i;
    const std::size_t after_word = i;
    i = skip_blanks(line, i);
    if (i == after_word && !(i < line.size() && is_digit(line[i]))) return std::nullopt;
    Heading h;
    std::size_t end = i;
    std::optional<Token> t = read_token(line, i, end);
    if (!t) return regulation_ab_heading(line, i);
    h.tokens.push_back(std::move(*t));
    i = end;
    // "Items 1.01(a) and 5.02(e)": a paragraph letter after a number is part of it.
    auto skip_paragraph = [&line](std::size_t at) {
        if (at < line.size() && line[at] == '(') {
            const std::size_t close = line.find(')', at);
            if (close != npos && close - at <= 4) return close + 1;
        }
        return at;
    };
    for (;;) {
        const std::size_t after_paragraph = skip_paragraph(i);
        if (after_paragraph != i) {
            bool probe = false;
            const std::size_t next = read_connector(line, after_paragraph, probe);
            if (next != npos && next < line.size() && is_digit(line[next])) i = after_paragraph;
        }
        bool range = false;
        std::size_t next = read_connector(line, i, range);
        // "Items 10, 11 12, 13 and 14": a comma missing inside a list.
        if (next == npos && h.tokens.size() > 1 && blank_len(line, i) != 0) {
            const std::size_t k = skip_blanks(line, i);
            if (k < line.size() && is_digit(line[k])) next = k;
        }
        // "Item 7.01 and Item 8.01", "Item 1 & Item 2.": the word said again.
        if (next != npos && next < line.size() && istarts_with(line.substr(next), "item")) {
            std::size_t k = next + 4;
            if (k < line.size() && (line[k] == 's' || line[k] == 'S')) ++k;
            const std::size_t digit = skip_blanks(line, k);
            if (digit != k && digit < line.size() && is_digit(line[digit])) next = digit;
        }
        if (next == npos || next >= line.size() || !is_digit(line[next])) break;
        std::size_t tend = next;
        std::optional<Token> more = read_token(line, next, tend);
        if (!more) break;
        h.range = h.range || range;
        h.tokens.push_back(std::move(*more));
        i = tend;
    }
    // "Item 9A(T)": the smaller companies' Item 9A of 2007–2009.
    if (line.substr(i, 3) == "(T)" || line.substr(i, 3) == "(t)") i += 3;
    // "Items 1.01(a) and 5.02(e) Amendment …", "Item 5.02(b), (c) and (e) Departure …": the
    // paragraphs of a current 8-K item are part of its number, not of the title.
    h.paragraph = h.tokens.size() == 1 && skip_paragraph(skip_blanks(line, i)) !=
                                              skip_blanks(line, i);
    if (h.tokens.back().dotted) {
        for (std::size_t at = skip_blanks(line, i), after = skip_paragraph(at); after != at;
             at = skip_blanks(line, i), after = skip_paragraph(at)) {
            i = after;
            bool probe = false;
            const std::size_t next = read_connector(line, i, probe);
            if (next != npos && next < line.size() && line[next] == '(' &&
                skip_paragraph(next) != next)
                i = next;
        }
    }
    // What follows the numbers tells a heading from a sentence that starts with "Item 7".
    if (i < line.size()) {
        const char c = line[i];
        const std::size_t blank = blank_len(line, i);
        const std::size_t dash = dash_len(line, i);
        if (blank != 0) {
            const std::size_t k = skip_blanks(line, i);
            if (k < line.size() && is_lower(line[k])) return std::nullopt;
        } else if (dash == 0 && c != '.' && c != ':' && c != ')' && c != ';' && c != ',' &&
                   c != '(' && c != '\xE2') {
            return std::nullopt;
        }
        // "Item 8, of this Form 10-K", "Item 5) which …": a sentence carried over to a new
        // line, not a heading (a heading's title is capitalized).
        if (c == ',' || c == ')' || c == ';') {
            const std::size_t k = skip_blanks(line, i + 1);
            if (k < line.size() && is_lower(line[k])) return std::nullopt;
            // 'Item 7, "Management's Discussion …"': an item cited by its quoted caption.
            if (c == ',' && k < line.size() &&
                (line[k] == '"' || line[k] == '\'' || line.substr(k, 3) == "\xE2\x80\x9C" ||
                 line.substr(k, 3) == "\xE2\x80\x98"))
                return std::nullopt;
        }
        std::size_t k = i;
        while (k < line.size()) {
            if (const std::size_t b = blank_len(line, k)) {
                k += b;
            } else if (const std::size_t d = dash_len(line, k)) {
                k += d;
            } else if (line[k] == '.' || line[k] == ':' || line[k] == ')' || line[k] == ';' ||
                       line[k] == ',') {
                ++k;
            } else {
                break;
            }
        }
        h.title = std::string(trim_line(line.substr(k)));
        trim_title_end(h.title);
    }
    return h;
}

/// The title of a paragraph's heading: "(a)(3)", "(d) Exhibits".
bool is_paragraph_title(std::string_view title) {
    if (title.size() < 3 || title[0] != '(') return false;
    const std::size_t close = title.find(')');
    return close != npos && close >= 2 && close <= 4;
}

/// A heading repeated at the top of a page, "Item 1. Business (Continued)": the section goes on.
bool is_continuation_title(std::string_view title) {
    while (!title.empty() && (title.back() == ')' || title.back() == '.' || title.back() == ' '))
        title.remove_suffix(1);
    constexpr std::string_view kWord = "continued";
    if (title.size() < kWord.size()) return false;
    for (std::size_t i = 0; i < kWord.size(); ++i) {
        if (lower(title[title.size() - kWord.size() + i]) != kWord[i]) return false;
    }
    return title.size() == kWord.size() || !is_alpha(title[title.size() - kWord.size() - 1]);
}

/// Whether a line ends with "(Continued)" in parentheses (a '.' or blanks may follow).
bool ends_with_continued_in_parentheses(std::string_view line) {
    while (!line.empty() && (line.back() == '.' || line.back() == ' ')) line.remove_suffix(1);
    constexpr std::string_view kWord = "(continued)";
    if (line.size() < kWord.size()) return false;
    for (std::size_t i = 0; i < kWord.size(); ++i) {
        if (lower(line[line.size() - kWord.size() + i]) != kWord[i]) return false;
    }
    return true;
}

/// A heading whose next non-blank line is only "(Continued)", or the rest of its wrapped title
/// ending with "(Continued)" ("and Results of Operations (Continued)").
bool continues_on_next_line(std::string_view text, std::size_t line_end) {
    std::size_t pos = line_end + 1;
    while (pos < text.size()) {
        std::size_t e = text.find('\n', pos);
        if (e == npos) e = text.size();
        std::string_view next = trim_line(text.substr(pos, e - pos));
        if (!next.empty()) {
            while (!next.empty() && (next.front() == '(' || next.front() == '-' ||
                                     next.front() == ' '))
                next.remove_prefix(1);
            if (next.size() <= 12) return is_continuation_title(next);
            return next.size() <= 100 && ends_with_continued_in_parentheses(next);
        }
        pos = e + 1;
    }
    return false;
}

/// A table-of-contents line: the title ends in a page number ("Business .... 3", "Business\t3").
bool is_toc_title(std::string_view title) {
    std::size_t n = title.size();
    std::size_t digits = 0;
    while (n > 0 && is_digit(title[n - 1])) {
        --n;
        ++digits;
    }
    if (digits == 0 || digits > 3 || n == 0) return false;
    const char c = title[n - 1];
    return c == ' ' || c == '\t' || c == '.' || c == '\xA0';
}

bool says_not_applicable(std::string_view s) {
    s = trim_line(s);
    std::size_t i = 0;
    while (i < s.size() && (s[i] == '.' || s[i] == ':' || s[i] == '-' || s[i] == '(' ||
                            blank_len(s, i) != 0 || s[i] == '\n'))
        i += std::max<std::size_t>(1, blank_len(s, i));
    s = s.substr(std::min(i, s.size()));
    // A whole word: "Nonetheless, …" and "Omittedly" are text.
    const auto word = [&s](std::string_view w) {
        return istarts_with(s, w) && (s.size() == w.size() || !is_alpha(s[w.size()]));
    };
    if (word("not applicable") || word("inapplicable") || word("n/a") ||
        word("no information") || word("omitted"))
        return true;
    // "None." says nothing happened; "None of the notes remain outstanding" is the item's text.
    if (!word("none")) return false;
    std::size_t k = 4;
    while (k < s.size() && (s[k] == '.' || s[k] == ';' || s[k] == ':' || blank_len(s, k) != 0))
        k += std::max<std::size_t>(1, blank_len(s, k));
    return k >= s.size() || s[k] == '\n';
}

bool valid_10k(const std::string& raw) {
    static constexpr std::string_view kCodes[] = {
        "1", "1A", "1B", "1C", "2", "3", "4", "5", "6", "7", "7A", "8", "9", "9A", "9B", "9C",
        "10", "11", "12", "13", "14", "15", "16"};
    return std::find(std::begin(kCodes), std::end(kCodes), raw) != std::end(kCodes);
}

bool valid_10q(const std::string& part, const std::string& raw) {
    if (part == "I") return raw == "1" || raw == "2" || raw == "3" || raw == "4";
    return raw == "1" || raw == "1A" || raw == "2" || raw == "3" || raw == "4" || raw == "5" ||
           raw == "6";
}

/// "PART I" / "PART II" at a line start; "" when the line is not a part heading.
std::string part_heading(std::string_view line) {
    if (!istarts_with(line, "part")) return "";
    std::size_t i = skip_blanks(line, 4);
    if (i == 4) return "";
    std::size_t j = i;
    while (j < line.size() && (line[j] == 'I' || line[j] == 'i')) ++j;
    if (j == i || j - i > 2) return "";
    if (j < line.size() && is_alpha(line[j])) return "";
    return j - i == 1 ? "I" : "II";
}

/// "PART III", "PART II - OTHER INFORMATION": the heading of the part that follows a section.
bool is_part_line(std::string_view line) {
    if (line.size() > 80 || !istarts_with(line, "part")) return false;
    std::size_t i = skip_blanks(line, 4);
    if (i == 4) return false;
    std::size_t j = i;
    while (j < line.size() && (line[j] == 'I' || line[j] == 'V' || line[j] == 'X')) ++j;
    return j > i && j - i <= 4 && (j == line.size() || !is_alpha(line[j]));
}

/// Position of a line start at or after `from` whose trimmed text satisfies `pred`.
template <typename Pred>
std::size_t find_line(std::string_view text, std::size_t from, Pred pred) {
    std::size_t pos = from;
    if (pos > 0 && pos < text.size() && text[pos - 1] != '\n') {
        const std::size_t nl = text.find('\n', pos);
        pos = nl == npos ? text.size() : nl + 1;
    }
    while (pos < text.size()) {
        std::size_t e = text.find('\n', pos);
        if (e == npos) e = text.size();
        const std::string_view line = trim_line(text.substr(pos, e - pos));
        if (!line.empty() && pred(line)) return pos;
        pos = e + 1;
    }
    return npos;
}

/// Whether a title line breaks off inside its caption: it ends in a word that joins ("and",
/// "of", "on", …) or in a comma or semicolon ("… of Financial Condition and" / "Results of
/// Operations").
bool title_goes_on(std::string_view line) {
    if (line.empty()) return false;
    if (line.back() == ',' || line.back() == ';' || line.back() == '&') return true;
    std::size_t w = line.size();
    while (w > 0 && is_alpha(line[w - 1])) --w;
    if (w == line.size() || (w > 0 && line[w - 1] != ' ' && line[w - 1] != '\t')) return false;
    const std::string_view word = line.substr(w);
    for (std::string_view joiner : {"and", "of", "on", "in", "for", "to", "the", "or", "with",
                                    "by", "from", "upon", "under", "an", "a"}) {
        if (word.size() == joiner.size() && istarts_with(word, joiner)) return true;
    }
    return false;
}

/// The line after the one that ends at `line_end` when it is not blank, or npos; its end in
/// `end`.
std::size_t next_line(std::string_view text, std::size_t line_end, std::size_t limit,
                      std::size_t& end) {
    if (line_end >= limit) return npos;
    const std::size_t start = line_end + 1;
    end = text.find('\n', start);
    if (end == npos || end > limit) end = limit;
    return trim_line(text.substr(start, end - start)).empty() ? npos : start;
}

/// One space for each run of blanks (titles set in columns: "Financial  Statements,  Pro
/// Forma"), no trailing punctuation.
std::string tidy_title(std::string_view raw) {
    std::string title = util::collapse_blanks(raw);
    trim_title_end(title);
    return title;
}

/// "OTHER INFORMATION" in capitals, alone on its line (a '.' or ':' may follow).
bool is_part_ii_caption(std::string_view line) {
    while (!line.empty() && (line.back() == '.' || line.back() == ':')) line.remove_suffix(1);
    return line == "OTHER INFORMATION";
}

/// Where the next part's heading begins when the text `text[after, end)` ends with it: a
/// part line ("PART II", "PART II - OTHER INFORMATION"), then at most two short caption or
/// rule lines, and, just above it, a page's "Table of Contents" link; npos when it does not.
std::size_t part_heading_at_end(std::string_view text, std::size_t after, std::size_t end) {
    const auto line_start = [text](std::size_t line_end) {
        const std::size_t nl = line_end == 0 ? npos : text.rfind('\n', line_end - 1);
        return nl == npos ? std::size_t{0} : nl + 1;
    };
    // The line before the one starting at `from`, skipping blank lines; npos at `after`.
    const auto previous = [&](std::size_t from, std::string_view& line) {
        while (from > after + 1) {
            const std::size_t start = line_start(from - 1);
            if (start <= after) return npos;
            line = trim_line(text.substr(start, from - 1 - start));
            if (!line.empty()) return start;
            from = start;
        }
        return npos;
    };
    std::size_t from = line_start(end);
    if (from <= after) return npos;
    std::string_view line = trim_line(text.substr(from, end - from));
    if (line.empty()) return npos;
    for (int captions = 0;; ++captions) {
        // "Part II, Item 7, Management's" wrapped from a sentence is not a part's heading.
        if (is_part_line(line) && line.find(',') == std::string_view::npos &&
            (captions == 0 || line.size() <= 40))
            break;
        if (captions == 2 || line.size() > 40 || is_lower(line[0])) return npos;
        from = previous(from, line);
        if (from == npos) return npos;
    }
    std::string_view above;
    const std::size_t link = previous(from, above);
    if (link != npos && above.size() == 17 && istarts_with(above, "table of contents"))
        return link;
    return from;
}

struct Candidate {
    Heading heading;
    std::string part;
    std::size_t start = 0;       ///< offset of the heading text (line start after blanks)
    std::size_t line_end = 0;
    std::size_t end = 0;
    bool open_ended = false;
};

/// An item's title: the rest of its heading line, or, when that has only the number, the next
/// line unless that is the start of a sentence (the line under it goes on in lower case: "On
/// May 3, 1996, the Company completed" / "the sale of …"); a caption broken over lines
/// (title_goes_on) takes up to two more.
std::string item_title(std::string_view text, const Candidate& c) {
    std::string title = c.heading.title;
    std::string_view last = trim_line(text.substr(c.start, c.line_end - c.start));
    std::size_t line_end = c.line_end;
    if (title.empty()) {
        std::size_t p = c.line_end + 1;
        std::size_t e = npos;
        for (; p < c.end; p = e + 1) {
            e = text.find('\n', p);
            if (e == npos || e > c.end) e = c.end;
            last = trim_line(text.substr(p, e - p));
            if (!last.empty()) break;
        }
        if (p >= c.end || last.size() >= 160 || istarts_with(last, "item")) return "";
        std::size_t after_end = 0;
        const std::size_t after = next_line(text, e, c.end, after_end);
        if (after != npos) {
            const std::string_view under = trim_line(text.substr(after, after_end - after));
            if (is_lower(under[0])) return "";
        }
        title = std::string(last);
        line_end = e;
    }
    // A heading whose text runs on after its title ("Other Events. On March 4, the Company
    // signed a lease with the") does not go on into its section.
    const bool run_in = title.find(". ") != std::string::npos;
    for (int more = 0; more < 2 && !run_in && title_goes_on(last); ++more) {
        std::size_t e = 0;
        const std::size_t p = next_line(text, line_end, c.end, e);
        if (p == npos) break;
        const std::string_view next = trim_line(text.substr(p, e - p));
        if (next.size() > 100 || istarts_with(next, "item") || is_part_line(next)) break;
        // The heading's title was read without its trailing ';' or ','.
        if ((last.back() == ';' || last.back() == ',') && !title.empty() &&
            title.back() != last.back())
            title += last.back();
        title += ' ';
        title += next;
        last = next;
        line_end = e;
    }
    return tidy_title(title);
}

}  // namespace

std::size_t find_signature_block(std::string_view text, std::size_t from) {
    return find_line(text, from, [text](std::string_view line) {
        std::string_view t = line;
        while (!t.empty() && (t.back() == ':' || t.back() == '.')) t.remove_suffix(1);
        if (t.size() <= 16) {
            std::string compact;
            for (char c : t) {
                if (c != ' ') compact.push_back(lower(c));
            }
            if (compact == "signature" || compact == "signatures" || compact == "signaturepage" ||
                compact == "signaturespage")
                return true;
        }
        constexpr std::string_view kPursuant = "pursuant to the requirements of ";
        if (!istarts_with(line, kPursuant)) return false;
        const std::string_view rest = line.substr(kPursuant.size());
        if (istarts_with(rest, "the securities exchange act") ||
            istarts_with(rest, "section 13 or 15(d)"))
            return true;
        // The wordings that also begin sentences of an item ("Pursuant to the requirements of
        // the Exchange Act, management assessed …") count when the signing follows.
        if (!istarts_with(rest, "the securities and exchange act") &&
            !istarts_with(rest, "the exchange act"))
            return false;
        const std::string_view sentence =
            text.substr(static_cast<std::size_t>(line.data() - text.data()), 400);
        return icontains(sentence, "duly caused") || icontains(sentence, "has caused") ||
               icontains(sentence, "be signed");
    });
}

/// Whether a 10-Q item title belongs to Part II ("Other Information") by its subject: what
/// decides the part of a first heading with no PART line above it, as in an amendment that
/// restates only "Item 4. Submission of Matters to a Vote of Security Holders".
bool is_10q_part_ii_title(std::string_view title) {
    for (const char* subject :
         {"legal proceedings", "changes in securities", "unregistered sales", "defaults upon",
          "submission of matters", "other information", "exhibits and reports", "mine safety",
          "risk factors"}) {
        if (icontains(title, subject)) return true;
    }
    return false;
}

/// A table of contents without page numbers, as body_items finds one: this many headings in a
/// row, each with a section shorter than kContentsSection bytes.
constexpr std::size_t kContentsRun = 5;
constexpr std::size_t kContentsSection = 200;

std::size_t find_exhibit_index(std::string_view text, std::size_t from) {
    return find_line(text, from, [](std::string_view line) {
        return line.size() < 48 &&
               (istarts_with(line, "exhibit index") || istarts_with(line, "index to exhibits") ||
                istarts_with(line, "index of exhibits") || istarts_with(line, "exhibits index"));
    });
}

BodyItems body_items(std::string_view text, std::string_view form_family,
                     std::string_view era_date, int document_sequence) {
    BodyItems out;
    const bool is_8k = form_family == "8-K";
    const bool is_10k = form_family == "10-K";
    const bool is_10q = form_family == "10-Q";
    if (!is_8k && !is_10k && !is_10q) return out;

    std::vector<Candidate> found;
    std::string part;
    int last_number = 0;
    bool part_ii_caption = false;  // "OTHER INFORMATION" seen since the last heading
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t e = text.find('\n', pos);
        if (e == npos) e = text.size();
        const std::string_view raw_line = text.substr(pos, e - pos);
        const std::size_t lead = skip_blanks(raw_line, 0);
        const std::string_view line = trim_line(raw_line);
        if (is_10q && !line.empty() && (line[0] == 'P' || line[0] == 'p')) {
            if (std::string p = part_heading(line); !p.empty()) {
                part = std::move(p);
                last_number = 0;
            }
        }
        // Part II's caption in capitals on a line of its own, without "PART II" above it,
        // after Part I's items: what follows is Part II, even where its numbering goes on
        // ("Item 4. Submission of Matters …" after Part I's Item 2).
        if (is_10q && part == "I" && last_number > 0 && is_part_ii_caption(line))
            part_ii_caption = true;
        if (line.size() >= 5 && (line[0] == 'I' || line[0] == 'i')) {
            std::optional<Heading> h = parse_heading(line);
            if (h && (is_continuation_title(h->title) || continues_on_next_line(text, e))) h.reset();
            if (h) {
                Candidate c;
                c.heading = std::move(*h);
                c.start = pos + lead;
                c.line_end = e;
                if (is_10q && c.heading.tokens.front().number <= 16) {
                    const int n = c.heading.tokens.front().number;
                    if (part.empty()) part = is_10q_part_ii_title(c.heading.title) ? "II" : "I";
                    // Part II's caption, when the heading under it is Part II's by its
                    // subject or starts the numbering again; a sub-caption of Part I's MD&A
                    // ("OTHER INFORMATION" over Items 3 and 4) is not.
                    if (part_ii_caption && part == "I" &&
                        (is_10q_part_ii_title(c.heading.title) || n <= last_number)) {
                        part = "II";
                        last_number = 0;
                    }
                    part_ii_caption = false;
                    if (n < last_number && part == "I" && !is_toc_title(c.heading.title)) {
                        // Numbering restarted without a PART II line.
                        part = "II";
                    }
                    last_number = n;
                    c.part = part;
                }
                found.push_back(std::move(c));
            }
        }
        pos = e + 1;
    }

    // Section ends: the next heading that counts, the signature block or the exhibit index.
    // `boundary[j]` says whether heading j ends the section before it.
    // Only the sections whose next heading changes are found again (the search for the
    // signature block and the exhibit index reads the whole section).
    // Linear in the candidates and the text, however many headings a document has: a
    // heading that is not a boundary lost all its rows, so its own section is not needed.
    const auto set_ends = [&found, text](const std::vector<bool>& boundary, bool again) {
        std::size_t next = found.size();  // the next boundary after k
        for (std::size_t k = found.size(); k-- > 0;) {
            const std::size_t after = next;
            if (boundary[k]) next = k;
            if (again && (!boundary[k] || after == k + 1)) continue;
            Candidate& c = found[k];
            std::size_t end = after < found.size() ? found[after].start : text.size();
            const std::size_t sig = find_signature_block(text.substr(0, end), c.line_end);
            if (sig != npos) end = sig;
            const std::size_t idx = find_exhibit_index(text.substr(0, end), c.line_end);
            if (idx != npos) end = idx;
            c.open_ended = after == found.size() && sig == npos && idx == npos;
            const auto trim_end = [&end, &c, text] {
                while (end > c.start && (text[end - 1] == '\n' || text[end - 1] == ' ' ||
                                         text[end - 1] == '\t'))
                    --end;
            };
            trim_end();
            // The next part's heading, just before the next item, is not this item's text,
            // nor are the caption or rule under it ("PART II" / "OTHER INFORMATION") and a
            // page's "Table of Contents" link above it.
            if (const std::size_t cut = part_heading_at_end(text, c.line_end, end); cut != npos) {
                end = cut;
                trim_end();
            }
            c.end = std::max(end, std::min(c.line_end, text.size()));
        }
    };
    set_ends(std::vector<bool>(found.size(), true), false);

    struct Row {
        model::Item item;
        std::size_t length;
        std::string key;
        std::size_t candidate;
        bool paragraph;  ///< a paragraph's heading (Heading::paragraph, or a "(a)(3)" title)
    };
    std::vector<Row> rows;
    for (std::size_t ci = 0; ci < found.size(); ++ci) {
        const Candidate& c = found[ci];
        const Heading& h = c.heading;
        if (is_toc_title(h.title)) continue;
        const std::string_view section = text.substr(c.start, c.end - c.start);
        const std::string_view body =
            c.line_end < c.end ? text.substr(c.line_end, c.end - c.line_end) : std::string_view{};
        const bool not_applicable = icontains(h.title, "not applicable") ||
                                    icontains(h.title, "inapplicable") ||
                                    (is_8k && says_not_applicable(body));
        if (h.range && (not_applicable || is_8k)) continue;
        if (is_8k && not_applicable) continue;

        std::vector<Token> tokens = h.tokens;
        if (h.range && tokens.size() == 2 && !tokens[0].dotted && !tokens[1].dotted &&
            tokens[0].raw.size() <= 2 && tokens[1].number > tokens[0].number &&
            tokens[1].number - tokens[0].number < 16) {
            std::vector<Token> expanded;
            for (int n = tokens[0].number; n <= tokens[1].number; ++n) {
                Token t;
                t.number = n;
                t.raw = std::to_string(n);
                expanded.push_back(std::move(t));
            }
            tokens = std::move(expanded);
        }
        const std::string title = item_title(text, c);
        const bool combined = tokens.size() > 1;
        for (const Token& t : tokens) {
            model::Item item;
            item.source = "body";
            item.item_raw = t.raw;
            if (is_8k) {
                if (t.dotted) {
                    std::optional<std::string> code = canonical_8k_code(t.raw);
                    if (!code) continue;
                    item.item_code = std::move(code);
                } else {
                    if (t.number < 1 || t.number > 12) continue;
                    item.item_code = legacy_8k_to_current(t.number, era_date);
                }
            } else if (is_10k) {
                // A section the filing numbers outside the form's list ("Item 4A. Executive
                // Officers of the Registrant", the 10-KSB's "Item 8A") is kept with its number
                // as written and no code: its text stays in an item, and so searchable.
                if (t.dotted || t.number < 1 || t.number > 16) continue;
                if (valid_10k(t.raw)) item.item_code = t.raw;
            } else {
                if (t.dotted || t.number < 1 || t.number > 6) continue;
                if (valid_10q(c.part, t.raw)) item.item_code = t.raw;
                item.part = c.part;
            }
            item.title = title;
            item.combined = combined;
            item.document_sequence = document_sequence;
            item.start_offset = static_cast<std::int64_t>(c.start);
            std::string key = item.part + "|" + (item.item_code ? *item.item_code : item.item_raw);
            const bool paragraph = h.paragraph || is_paragraph_title(item.title);
            rows.push_back({std::move(item), section.size(), std::move(key), ci, paragraph});
        }
    }

    // A table of contents without page numbers: a run of at least kContentsRun headings in a
    // row whose sections are all shorter than kContentsSection bytes (a heading and its title
    // each). Its headings lose to the same item's heading outside such a run whatever the
    // lengths: the body's "ITEM 12 … NONE" is shorter than the contents' line for Item 12.
    std::vector<bool> contents(found.size(), false);
    // A contents list without page numbers followed by other text before the body (a
    // preamble, a forward-looking statement): headings in a row with nothing under any but the
    // last, whose items all come again further on. The last one's section is that text, and
    // may be longer than the body's heading of the same item, so the list loses whole.
    {
        std::vector<std::vector<std::size_t>> rows_of_candidate(found.size());
        // The last heading of each item that is the item's own: "Item 14: Exhibits …" over
        // its "Item 14(a)(1):" is one item and its paragraphs, not a list.
        std::unordered_map<std::string_view, std::size_t> last_own;
        for (std::size_t a = 0; a < rows.size(); ++a) {
            rows_of_candidate[rows[a].candidate].push_back(a);
            if (!rows[a].paragraph) last_own[rows[a].key] = rows[a].candidate;
        }
        const auto again_after = [&rows, &last_own](std::size_t a, std::size_t candidate) {
            const auto own = last_own.find(rows[a].key);
            return own != last_own.end() && own->second > candidate;
        };
        for (std::size_t k = 0; k < found.size();) {
            std::size_t last = k;
            while (last + 1 < found.size() && found[last].end <= found[last].line_end) ++last;
            std::vector<std::string_view> listed;
            bool all_again = true;
            for (std::size_t j = k; j <= last && all_again; ++j) {
                for (std::size_t a : rows_of_candidate[j]) {
                    if (std::find(listed.begin(), listed.end(), rows[a].key) == listed.end())
                        listed.push_back(rows[a].key);
                    all_again = all_again && again_after(a, last);
                }
            }
            if (last > k && listed.size() >= 2 && all_again) {
                for (std::size_t j = k; j <= last; ++j) contents[j] = true;
            }
            k = last + 1;
        }
    }
    if (!is_8k) {
        for (std::size_t k = 0; k < found.size();) {
            std::size_t run = k;
            while (run < found.size() && found[run].end - found[run].start < kContentsSection)
                ++run;
            if (run - k >= kContentsRun) {
                for (std::size_t j = k; j < run; ++j) contents[j] = true;
            }
            k = run == k ? k + 1 : run;
        }
    }

    // One row per item: the heading with the longest section (tables of contents lose). A
    // paragraph's heading ("Item 14 (a)(3):") loses to the item's own whatever the lengths.
    // Each row meets the one kept so far for its item, in document order, and the loser drops.
    std::vector<bool> keep(rows.size(), true);
    std::unordered_map<std::string_view, std::size_t> kept;
    for (std::size_t b = 0; b < rows.size(); ++b) {
        const auto [it, first] = kept.emplace(rows[b].key, b);
        if (first) continue;
        const std::size_t a = it->second;
        const bool a_contents = contents[rows[a].candidate];
        const bool b_contents = contents[rows[b].candidate];
        const bool a_paragraph = rows[a].paragraph;
        const bool b_paragraph = rows[b].paragraph;
        bool a_loses = false;
        if (a_contents != b_contents) {
            a_loses = a_contents;
        } else if (a_paragraph != b_paragraph) {
            a_loses = a_paragraph;
        } else {
            a_loses = rows[b].length > rows[a].length;
        }
        keep[a_loses ? a : b] = false;
        if (a_loses) it->second = b;
    }
    // A heading whose every row lost to a longer section of the same item (a contents line
    // without a page number, a stray line that reads like a heading) does not end the section
    // before it, so no text between the first and the last item falls outside every item.
    enum Rows : char { none, all_lost, one_kept };
    std::vector<Rows> rows_of(found.size(), none);
    for (std::size_t a = 0; a < rows.size(); ++a) {
        Rows& r = rows_of[rows[a].candidate];
        if (keep[a]) r = one_kept;
        else if (r == none) r = all_lost;
    }
    std::vector<bool> boundary(found.size());
    bool moved = false;
    for (std::size_t k = 0; k < found.size(); ++k) {
        boundary[k] = rows_of[k] != all_lost;
        moved = moved || !boundary[k];
    }
    if (moved) set_ends(boundary, true);

    // The text of the kept rows only, once their sections are final.
    int seq = 0;
    for (std::size_t a = 0; a < rows.size(); ++a) {
        if (!keep[a]) continue;
        const Candidate& c = found[rows[a].candidate];
        model::Item& item = rows[a].item;
        item.text = std::string(text.substr(c.start, c.end - c.start));
        item.end_offset = static_cast<std::int64_t>(c.end);
        item.seq = ++seq;
        if (c.open_ended) out.open_ended.push_back(item.item_raw);
        out.items.push_back(std::move(item));
    }
    return out;
}

}  // namespace edgarsql::parse
