#include "parse/cover_page.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "parse/body_items.hpp"
#include "util/ascii.hpp"
#include "parse/states.hpp"
#include "parse/values.hpp"

namespace edgarsql::parse {

namespace {

using util::is_digit;
constexpr char lower(char c) { return util::ascii_lower(c); }
constexpr std::size_t blank_at(std::string_view s, std::size_t i) { return util::blank_len(s, i); }
constexpr std::string_view trim(std::string_view s) { return util::trim_blanks(s); }


constexpr std::size_t npos = std::string_view::npos;
/// Longest name and address a cover page is taken to hold.
constexpr std::size_t kMaxName = 150;
constexpr std::size_t kMaxAddress = 200;

/// Lines of a signature block searched for the signer.
constexpr int kSignatureLines = 45;



std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0) {
    for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
        bool ok = true;
        for (std::size_t k = 0; k < needle.size() && ok; ++k) ok = lower(s[i + k]) == needle[k];
        if (ok) return i;
    }
    return npos;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && ifind(s.substr(0, prefix.size()), prefix) == 0;
}

using util::collapse_blanks;

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t e = text.find('\n', pos);
        if (e == npos) e = text.size();
        lines.push_back(trim(text.substr(pos, e - pos)));
        pos = e + 1;
    }
    return lines;
}

/// Columns of a line: separated by tabs or runs of two or more blanks.
std::vector<std::string_view> columns(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    std::size_t start = 0;
    auto flush = [&](std::size_t end) {
        const std::string_view c = trim(line.substr(start, end - start));
        if (!c.empty()) out.push_back(c);
    };
    while (i < line.size()) {
        if (line[i] == '\t') {
            flush(i);
            start = ++i;
            continue;
        }
        std::size_t n = 0;
        std::size_t j = i;
        while (std::size_t b = blank_at(line, j)) {
            j += b;
            ++n;
        }
        if (n >= 2) {
            flush(i);
            start = i = j;
            continue;
        }
        i = j > i ? j : i + 1;
    }
    flush(line.size());
    return out;
}

/// A rule of dashes, underscores or equals signs (a caption underline), or a <PAGE> mark.
bool is_rule(std::string_view line) {
    if (istarts_with(line, "<page>")) return true;
    return std::all_of(line.begin(), line.end(), [](char c) {
        return c == '-' || c == '_' || c == '=' || c == ' ' || c == '\t' || c == '*';
    });
}

/// A parenthesized caption such as "(Commission File Number)"; "(978) 692-8999" is a value.
bool is_caption(std::string_view line) {
    return line.size() > 1 && line.front() == '(' &&
           ((line[1] >= 'A' && line[1] <= 'Z') || (line[1] >= 'a' && line[1] <= 'z'));
}

/// The end of captions wrapped onto a second line, as HTML table cells flatten:
/// "incorporation)  File Number)  Identification No.)" closes more parentheses than it opens.
bool is_caption_tail(std::string_view line) {
    return std::count(line.begin(), line.end(), ')') > std::count(line.begin(), line.end(), '(');
}

/// The nearest line above `at` that holds a value (not blank, not a rule, not a caption).
std::optional<std::size_t> value_above(const std::vector<std::string_view>& lines, std::size_t at,
                                       std::size_t max_up = 4) {
    std::size_t seen = 0;
    for (std::size_t k = at; k-- > 0 && seen < max_up;) {
        const std::string_view l = lines[k];
        if (l.empty() || is_rule(l)) continue;
        ++seen;
        if (is_caption(l)) return std::nullopt;
        return k;
    }
    return std::nullopt;
}

/// The part of a caption line before its '(' caption, or after a ':'; "" when none.
std::string_view inline_value(std::string_view line, std::size_t caption_at) {
    const std::size_t paren = line.rfind('(', caption_at);
    if (paren != npos && paren > 0) {
        std::string_view before = trim(line.substr(0, paren));
        if (!before.empty() && !is_caption(before)) return before;
    }
    const std::size_t colon = line.find(':', caption_at);
    if (colon != npos) {
        std::string_view after = line.substr(colon + 1);
        const std::size_t close = after.find('(');
        if (close != npos) after = after.substr(0, close);
        return trim(after);
    }
    return {};
}

std::size_t find_caption(const std::vector<std::string_view>& lines,
                         std::initializer_list<std::string_view> needles, std::size_t& at) {
    for (std::size_t k = 0; k < lines.size(); ++k) {
        for (std::string_view n : needles) {
            if (const std::size_t p = ifind(lines[k], n); p != npos) {
                at = p;
                return k;
            }
        }
    }
    return npos;
}

bool is_irs(std::string_view s, std::string& out) {
    std::string digits;
    for (char c : s) {
        if (is_digit(c)) digits.push_back(c);
        else if (c != '-' && c != ' ') return false;
    }
    const std::size_t dash = s.find('-');
    if (digits.size() != 9) return false;
    if (dash != npos && dash != 2) return false;
    out = normalize_irs(digits);
    return !out.empty();
}

bool is_file_number(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == 0 || i > 4 || i >= s.size() || s[i] != '-') return false;
    const std::size_t j0 = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i - j0 < 3 || i - j0 > 6) return false;
    if (i < s.size()) {
        if (s[i] != '-') return false;
        const std::size_t k0 = ++i;
        while (i < s.size() && is_digit(s[i])) ++i;
        if (i == k0 || i - k0 > 3 || i != s.size()) return false;
    }
    return !(j0 == 3 && i - j0 == 7);
}

/// Strips "No.", "Number", ':' and similar around a value cell.
std::string_view clean_cell(std::string_view c) {
    c = trim(c);
    while (!c.empty() && (c.front() == ':' || c.front() == '#')) c = trim(c.substr(1));
    while (!c.empty() && (c.back() == ',' || c.back() == ';' || c.back() == ':')) c.remove_suffix(1);
    return trim(c);
}

void classify(std::string_view cell, CoverPage& cp) {
    cell = clean_cell(cell);
    if (cell.empty()) return;
    std::string irs;
    if (cp.irs_number.empty() && is_irs(cell, irs)) {
        cp.irs_number = std::move(irs);
        return;
    }
    // "Commission File Number 0-12345" written on one line.
    std::string_view last = cell;
    const std::size_t sp = cell.find_last_of(' ');
    if (sp != npos) last = cell.substr(sp + 1);
    if (cp.file_number.empty() && is_file_number(last)) {
        cp.file_number = std::string(last);
        return;
    }
    // "Delaware 22-2084119": two cells a single blank apart.
    if (sp != npos && cp.irs_number.empty() && is_irs(last, irs)) {
        cp.irs_number = std::move(irs);
        classify(cell.substr(0, sp), cp);
        return;
    }
    // "or" in a sentence is not Oregon: a two-letter code is written in capitals.
    if (cell.size() == 2 && !(util::is_upper(cell[0]) && util::is_upper(cell[1]))) return;
    if (cp.state_of_incorporation.empty()) {
        std::string code = state_code(cell);
        if (!code.empty()) cp.state_of_incorporation = std::move(code);
    }
}

/// Whether a value line may be part of an address, not the value of another caption: an IRS
/// number, a file number or a state alone ("Delaware", the state of incorporation).
bool may_be_address_part(std::string_view line, bool first) {
    const std::string_view v = clean_cell(line);
    std::string irs;
    if (is_irs(v, irs) || is_file_number(v)) return false;
    // Captions written without parentheses ("State or Other Jurisdiction of Incorporation").
    for (std::string_view caption : {"jurisdiction", "incorporation", "identification",
                                     "commission file", "exact name", "telephone"}) {
        if (ifind(v, caption) != npos) return false;
    }
    // A state alone right above the caption is the state of incorporation; above a zip code
    // or a city, it is the address's own ("Springdale,", "Arkansas", "72762-6999").
    const bool has_digit = std::any_of(v.begin(), v.end(), is_digit);
    return has_digit || !first || state_code(v).empty();
}

/// A US zip code alone: "10153", "72762-6999".
bool is_zip(std::string_view v) {
    const auto digits = [&](std::size_t from, std::size_t count) {
        return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(from),
                           v.begin() + static_cast<std::ptrdiff_t>(from + count), is_digit);
    };
    return (v.size() == 5 && digits(0, 5)) ||
           (v.size() == 10 && digits(0, 5) && v[5] == '-' && digits(6, 4));
}

/// Street words that end a street before its city when no comma parts them
/// ("500 South Buena Vista Street Burbank").
bool is_street_word(std::string_view w) {
    while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.remove_suffix(1);
    for (std::string_view s :
         {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "drive", "dr",
          "lane", "ln", "way", "place", "pl", "parkway", "pkwy", "court", "ct", "plaza",
          "square", "highway", "hwy", "circle", "terrace", "center", "centre"}) {
        if (w.size() == s.size() && std::equal(w.begin(), w.end(), s.begin(), [](char a, char b) {
                return lower(a) == b;
            }))
            return true;
    }
    return false;
}

void split_address(CoverPage& cp) {
    std::string_view s = cp.business_address;
    std::string_view zip;
    {
        std::size_t e = s.size();
        std::size_t b = e;
        while (b > 0 && (is_digit(s[b - 1]) || s[b - 1] == '-')) --b;
        const std::string_view z = s.substr(b, e - b);
        const std::size_t digits =
            static_cast<std::size_t>(std::count_if(z.begin(), z.end(), is_digit));
        if ((digits == 5 || digits == 9) && z.size() >= 5 && is_digit(z[0]) &&
            (b == 0 || s[b - 1] == ' ' || s[b - 1] == ',')) {
            zip = z;
            s = trim(s.substr(0, b));
            while (!s.empty() && s.back() == ',') s = trim(s.substr(0, s.size() - 1));
        }
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',') {
            const std::string_view p = trim(s.substr(start, i - start));
            if (!p.empty()) parts.push_back(p);
            start = i + 1;
        }
    }
    if (parts.empty()) return;
    std::string state = state_code(parts.back());
    std::string_view city;
    std::size_t street_parts = parts.size();
    if (!state.empty()) {
        street_parts = parts.size() - 1;
        if (parts.size() >= 2) {
            city = parts[parts.size() - 2];
            street_parts = parts.size() - 2;
        }
    } else {
        // "Westford MA": the state is the last word of the last part.
        const std::string_view p = parts.back();
        for (std::size_t sp = p.rfind(' '); sp != npos && sp > 0; sp = p.rfind(' ', sp - 1)) {
            state = state_code(p.substr(sp + 1));
            if (!state.empty()) {
                city = trim(p.substr(0, sp));
                street_parts = parts.size() - 1;
                break;
            }
        }
    }
    if (state.empty()) return;
    std::string street;
    for (std::size_t i = 0; i < street_parts; ++i) {
        if (!street.empty()) street += ", ";
        street.append(parts[i]);
    }
    std::string_view own_street;
    std::string_view own_city;
    if (street.empty() && detail::split_street_city(city, own_street, own_city)) {
        street = std::string(own_street);
        city = own_city;
    }
    // "1096 BC Amsterdam", "75008 Paris": a postal code written before the city, as most of
    // Europe writes it; only abroad (a country's code holds a digit: P7, I0), since a US
    // street number may stand there when the street did not split from its city.
    const bool abroad = std::any_of(state.begin(), state.end(), is_digit);
    if (zip.empty() && abroad) {
        std::size_t d = 0;
        while (d < city.size() && is_digit(city[d])) ++d;
        if (d >= 4 && d <= 5 && d < city.size() && city[d] == ' ') {
            std::size_t end = d;
            // The Dutch code's two letters ("1096 BC").
            if (end + 3 < city.size() && util::is_upper(city[end + 1]) &&
                util::is_upper(city[end + 2]) && city[end + 3] == ' ')
                end += 3;
            zip = city.substr(0, end);
            city = trim(city.substr(end));
        }
    }
    cp.business.street1 = std::move(street);
    cp.business.city = std::string(city);
    cp.business.state = std::move(state);
    cp.business.zip = std::string(zip);
}

/// The letters of `s` in lower case: "Daniel. E. Jackson" and "DANIEL E. JACKSON" are one name.
std::string letters_of(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (util::is_alpha(c)) out.push_back(lower(c));
    }
    return out;
}

/// "Fax: …", "Facsimile: …", "Telecopier: …".
bool is_fax_line(std::string_view s) {
    const std::size_t colon = s.find(':');
    if (colon == npos || colon > 16) return false;
    const std::string label = letters_of(s.substr(0, colon));
    return label == "fax" || label == "facsimile" || label == "telecopier";
}

std::string phone_in(std::string_view s) {
    for (std::string_view c : columns(s)) {
        c = clean_cell(c);
        // "Telephone: (353) (1) 234-3136", "Tel.: …", "Phone: …": the number after its label;
        // a "Fax:" or "Facsimile:" number is not the phone.
        if (const std::size_t colon = c.find(':'); colon != npos && colon <= 16) {
            if (is_fax_line(c)) continue;
            const std::string label = letters_of(c.substr(0, colon));
            if (label == "telephone" || label == "tel" || label == "phone" || label == "ph" ||
                label == "telephoneno" || label == "telno")
                c = clean_cell(c.substr(colon + 1));
        }
        if (c.empty()) continue;
        const auto digits = std::count_if(c.begin(), c.end(), is_digit);
        if (digits >= 7 && digits <= 15 && (c[0] == '(' || is_digit(c[0]))) return std::string(c);
    }
    return "";
}

std::string iso(int y, int m, int d) {
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return "";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return iso_date(buf);
}

int read_int(std::string_view s, std::size_t& i, std::size_t max_digits) {
    const std::size_t b = i;
    int v = 0;
    while (i < s.size() && is_digit(s[i]) && i - b < max_digits) v = v * 10 + (s[i++] - '0');
    return i == b ? -1 : v;
}

std::size_t skip(std::string_view s, std::size_t i) {
    while (i < s.size() && (blank_at(s, i) != 0 || s[i] == ',')) i += std::max<std::size_t>(1, blank_at(s, i));
    return i;
}

/// A signer's name as written after "/s/" or "Name:", without the underscores of its
/// signature line or a trailing comma ("Dean L. Buntrock,").
std::string signer_name(std::string_view v) {
    std::string name = collapse_blanks(v);
    while (!name.empty() && (name.back() == '_' || name.back() == ' ' || name.back() == ','))
        name.pop_back();
    while (!name.empty() && (name.front() == '_' || name.front() == ' ')) name.erase(0, 1);
    return name;
}

/// A caption of a signature block standing alone: "Name:", "Title:", "Date:", "By:".
bool is_signer_caption(std::string_view l) {
    for (std::string_view c : {"name:", "title:", "date:", "dated:", "by:"}) {
        if (istarts_with(l, c)) return true;
    }
    return false;
}

/// A line of captions with no values: "Name:", "Name:  Title:  Date:".
bool only_captions(std::string_view l) {
    for (std::string_view c : columns(l)) {
        if (!is_signer_caption(c) || trim(c.substr(c.find(':') + 1)).size() > 0) return false;
    }
    return true;
}

/// The value of a caption that ends its line ("Name:" in a table cell of its own): the first
/// cell of the next non-blank line within two, unless that is a caption itself, or, for the
/// caption in `column` of a line of `columns_above` captions, the cell in that column of a
/// line of as many cells. `at` is set to the value's line.
std::string_view value_below(const std::vector<std::string_view>& lines, std::size_t k,
                             std::size_t& at, std::size_t column, std::size_t columns_above) {
    for (std::size_t j = k + 1; j < lines.size() && j <= k + 3; ++j) {
        if (lines[j].empty() || is_rule(lines[j])) continue;
        if (is_signer_caption(lines[j]) || lines[j].find("/s/") != npos) return {};
        const std::vector<std::string_view> cols = columns(lines[j]);
        // Captions side by side ("Name:      Title:") have their values in the same columns
        // below; a line of another shape is not theirs.
        if (columns_above > 1 && cols.size() != columns_above) return {};
        at = j;
        return columns_above > 1 ? cols[column] : cols.front();
    }
    return {};
}

/// A line under a signer's name that is not its title and ends it: a date alone ("December
/// 19, 1995"), a power of attorney, or a paragraph's line: longer than 100 characters once a
/// title has `started`, than 160 for its first line (a title of 114 characters, "Executive
/// Vice President, Chief Financial Officer and Chief Accounting Officer (Principal Financial
/// and Accounting Officer)", stands on one line).
bool ends_title(std::string_view l, bool started) {
    std::size_t e = 0;
    if (month_at(l, 0, e) != 0 && !text_date(l).empty()) return true;
    return istarts_with(l, "power of attorney") || istarts_with(l, "know all") ||
           collapse_blanks(l).size() > (started ? 100U : 160U);
}

/// A title wrapped onto the next lines ("Title: Vice President and Controller" over "and
/// Chief Accounting Officer"): a line of one cell goes on the title when the title ends in
/// "and", "of", "&" or a comma, or when the line starts with a lower-case word. A title in a
/// paragraph of its own below its caption (`below`: table cells converted to text) goes on
/// over any line up to a blank one, a caption, a signature, an exhibit, a number or a line
/// that ends a title ("Vice President, Associate General" over "Counsel and Secretary").
/// A title that breaks off in its middle: it ends in "and", "of", "&" or a comma.
bool title_open(std::string_view t) {
    for (std::string_view end : {" and", " of", " &", ","}) {
        if (t.size() >= end.size() && ifind(t.substr(t.size() - end.size()), end) == 0)
            return true;
    }
    return false;
}

/// The text after "Jane Roe," on a line that names the signer before the title ("Jane Roe,
/// Chief Financial Officer", "Date: March 30, 2021 Jane Roe, Senior Vice President"); "" when
/// the line does not.
std::string_view after_signer_name(std::string_view line, const std::string& name) {
    if (name.empty()) return {};
    std::string lower_name = name;
    for (char& c : lower_name) c = lower(c);
    const std::size_t at = ifind(line, lower_name);
    // The name as a whole word ("Joann Lee" is not "Ann Lee").
    if (at == npos || (at > 0 && util::is_alpha(line[at - 1]))) return {};
    std::size_t k = at + name.size();
    if (k >= line.size() || line[k] != ',') return {};
    const std::string_view title = trim(line.substr(k + 1));
    // A sentence about the signer ("John Roe, who has served as …") is no title.
    if (title.empty() || util::is_lower(title.front()) || ends_title(title, false)) return {};
    return title;
}

std::string title_continued(std::string title, const std::vector<std::string_view>& lines,
                            std::size_t k, bool below) {
    for (std::size_t j = k + 1; j < lines.size() && !title.empty() && title.size() < 200; ++j) {
        const std::string_view l = lines[j];
        if (l.empty() || is_signer_caption(l) || columns(l).size() != 1) break;
        if (below && (l.find("/s/") != npos || istarts_with(l, "exhibit") || is_digit(l.front()) ||
                      ends_title(l, true)))
            break;
        if (!below && !title_open(title) && !util::is_lower(l.front())) break;
        title.push_back(' ');
        title += collapse_blanks(l);
    }
    return title;
}

/// A signature line with its "By": "By______________".
bool is_signature_rule(std::string_view l) {
    return l.size() > 3 && istarts_with(l, "by") && (l[2] == '_' || l[2] == '-') &&
           is_rule(l.substr(2));
}

/// The caption under a signature line: "(Signature)", "(Name and Title)".
bool is_signature_caption(std::string_view l) {
    while (!l.empty() && l.back() == '*') l.remove_suffix(1);  // "(Signature)*", a footnote's
    if (l.size() < 3 || l.front() != '(' || l.back() != ')') return false;
    const std::string inner = letters_of(l);
    return inner == "signature" || inner == "name" || inner == "title" ||
           inner == "nameandtitle" || inner == "printname";
}


/// The date a value starts with ("December 31, 2009", "DEC. 31, 2000", "3/31/2017"), after
/// blanks and a colon; "" when the value starts otherwise ("________", "or").
std::string leading_date(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == ':' || v.front() == ','))
        v.remove_prefix(1);
    std::size_t e = 0;
    if (v.empty() || (month_at(v, 0, e) == 0 && !is_digit(v.front()))) return "";
    return text_date(v.substr(0, std::min<std::size_t>(v.size(), 24)));
}

/// The period a 10-K or 10-Q cover page reports on: the date after "For the fiscal year
/// ended" or "For the quarterly period ended" (on its line, or alone on the next non-blank
/// line), unless the "For the transition period from … to …" line below it is filled in, as
/// in a transition report: then the transition period's end.
std::string period_ended(const std::vector<std::string_view>& lines) {
    std::string period;
    std::size_t found = npos;
    for (std::size_t k = 0; k < lines.size() && (found == npos || k <= found + 8); ++k) {
        const std::string l = collapse_blanks(lines[k]);
        if (found == npos) {
            for (std::string_view n :
                 {"for the fiscal year ended", "for the quarterly period ended",
                  "for the quarter ended", "for the fiscal quarter ended"}) {
                const std::size_t p = ifind(l, n);
                if (p == npos) continue;
                found = k;
                std::string_view rest = std::string_view(l).substr(p + n.size());
                while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':'))
                    rest.remove_prefix(1);
                period = leading_date(rest);
                for (std::size_t j = k + 1; j < lines.size() && j <= k + 3 && rest.empty(); ++j) {
                    if (lines[j].empty()) continue;
                    period = leading_date(collapse_blanks(lines[j]));
                    break;
                }
                break;
            }
        }
        // The transition period's line of a cover page: below its period caption, or a line
        // of its own (a transition report's cover may have no other); not a sentence.
        if (const std::size_t t = ifind(l, "transition period from");
            t != npos && (found != npos || istarts_with(l, "for the transition period from"))) {
            const std::size_t to = ifind(l, " to ", t);
            if (to != npos) {
                if (std::string end = leading_date(std::string_view(l).substr(to + 4));
                    !end.empty())
                    return end;
            }
            if (found != npos) break;
        }
    }
    return period;
}

}  // namespace

namespace detail {

/// "500 South Buena Vista Street Burbank" → street "500 South Buena Vista Street", city
/// "Burbank"; "401 Congress Ave. Suite 1650 Austin" → "… Suite 1650", "Austin". The city is
/// what follows the last street word (or a suite, floor or unit and its number), at most three
/// words; a part that does not start with a street number is left whole.
bool split_street_city(std::string_view part, std::string_view& street, std::string_view& city) {
    if (part.empty() || !is_digit(part[0])) return false;
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < part.size();) {
        while (i < part.size() && part[i] == ' ') ++i;
        std::size_t e = i;
        while (e < part.size() && part[e] != ' ') ++e;
        if (e > i) words.push_back(part.substr(i, e - i));
        i = e;
    }
    std::size_t end = 0;  // words before `end` are the street
    for (std::size_t w = 1; w < words.size(); ++w) {
        if (is_street_word(words[w])) end = w + 1;
        std::string lw;
        for (const char c : words[w]) {
            if (c != '.' && c != ',') lw.push_back(lower(c));
        }
        if ((lw == "suite" || lw == "ste" || lw == "floor" || lw == "fl" || lw == "unit" ||
             lw == "room") &&
            w + 1 < words.size() && is_digit(words[w + 1][0]))
            end = w + 2;
    }
    if (end == 0 || end >= words.size() || words.size() - end > 3) return false;
    const auto at = [&](std::size_t w) { return static_cast<std::size_t>(words[w].data() - part.data()); };
    const std::string_view rest = trim(part.substr(at(end)));
    if (rest.empty() || is_digit(rest[0])) return false;
    street = trim(part.substr(0, at(end - 1) + words[end - 1].size()));
    city = rest;
    return true;
}

}  // namespace detail

std::string text_date(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z')))
            continue;
        std::size_t e = 0;
        if (const int m = month_at(s, i, e); m != 0) {
            std::size_t k = skip(s, e);
            const int d = read_int(s, k, 2);
            if (d < 1) continue;
            while (k < s.size() && ((s[k] >= 'a' && s[k] <= 'z'))) ++k;  // 8th
            k = skip(s, k);
            const int y = read_int(s, k, 4);
            if (y >= 1900) {
                std::string out = iso(y, m, d);
                if (!out.empty()) return out;
            }
            continue;
        }
        if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]))) {
            std::size_t k = i;
            const int a = read_int(s, k, 2);
            if (k < s.size() && s[k] == '/' && a >= 1) {
                ++k;
                const int d = read_int(s, k, 2);
                if (k < s.size() && s[k] == '/' && d >= 1) {
                    ++k;
                    const std::size_t yb = k;
                    int y = read_int(s, k, 4);
                    if (k - yb == 2) y += y < 50 ? 2000 : 1900;
                    std::string out = iso(y, a, d);
                    if (!out.empty()) return out;
                }
            } else if (k < s.size() && a >= 1) {
                // "8 October 2003"
                std::size_t k2 = skip(s, k);
                std::size_t e2 = 0;
                if (k2 > k) {
                    if (const int m = month_at(s, k2, e2); m != 0) {
                        std::size_t k3 = skip(s, e2);
                        const int y = read_int(s, k3, 4);
                        if (y >= 1900) {
                            std::string out = iso(y, m, a);
                            if (!out.empty()) return out;
                        }
                    }
                }
            }
        }
    }
    return "";
}

CoverPage extract_cover_page(std::string_view text) {
    CoverPage cp;
    std::size_t limit = std::min(text.size(), kCoverBytes);
    while (limit > 0 && limit < text.size() &&
           (static_cast<unsigned char>(text[limit]) & 0xC0) == 0x80)
        --limit;  // never cut a UTF-8 sequence
    const std::string_view region = text.substr(0, limit);
    const std::vector<std::string_view> lines = split_lines(region);

    std::size_t at = 0;
    if (const std::size_t k = find_caption(lines, {"exact name of registrant", "exact name of the registrant",
                                                   "name of registrant as specified"},
                                           at);
        k != npos) {
        std::string_view v = inline_value(lines[k], at);
        if (v.empty() || v.size() < 2) {
            if (const auto above = value_above(lines, k)) v = lines[*above];
        }
        cp.name = collapse_blanks(v);
        // EDGAR's conformed names are at most 150 characters: a longer "name" is the text of
        // a cover page without line breaks, run up to the caption.
        if (cp.name.size() > kMaxName) cp.name.clear();
    }

    for (std::initializer_list<std::string_view> needles :
         {std::initializer_list<std::string_view>{"jurisdiction", "state of incorporation",
                                                  "state or other"},
          std::initializer_list<std::string_view>{"commission file", "file number"},
          std::initializer_list<std::string_view>{"employer identification", "i.r.s. employer",
                                                  "irs employer", "employer id"}}) {
        const std::size_t k = find_caption(lines, needles, at);
        if (k == npos) continue;
        std::string_view own = lines[k];
        // Cells of the caption line that are not themselves captions may hold values.
        for (std::string_view c : columns(own)) {
            if (is_caption(c)) continue;
            const std::size_t colon = c.find(':');
            classify(colon != npos ? c.substr(colon + 1) : c, cp);
        }
        // The captions may be stacked one per line under values stacked the same way (HTML
        // table cells): read every value line directly above the block of captions.
        // HTML table cells converted to text stand in paragraphs of their own, captions
        // included, so blank lines and caption lines may alternate in the block.
        // A caption line may hold another caption's value in a cell of its own
        // ("incorporation)<tab>000-27038").
        std::size_t top = k;
        while (top > 0 && (is_caption(lines[top - 1]) || is_caption_tail(lines[top - 1]) ||
                           (lines[top - 1].empty() && top > 1 &&
                            (is_caption(lines[top - 2]) || is_caption_tail(lines[top - 2]))))) {
            --top;
            for (std::string_view c : columns(lines[top])) {
                if (!is_caption(c) && !is_caption_tail(c)) classify(c, cp);
            }
        }
        int values = 0;
        for (std::size_t j = top; j-- > 0 && values < 4;) {
            const std::string_view l = lines[j];
            if (l.empty() || is_rule(l)) continue;
            if (is_caption(l) || is_caption_tail(l)) break;
            ++values;
            for (std::string_view c : columns(l)) classify(c, cp);
        }
    }

    if (const std::size_t k = find_caption(lines, {"principal executive office", "address of principal",
                                                   "principal business office"},
                                           at);
        k != npos) {
        std::string_view v = inline_value(lines[k], at);
        std::string address;
        if (!v.empty() && !istarts_with(v, "(")) {
            address = collapse_blanks(v);
        } else {
            // The value lines directly above the caption, top to bottom.
            // Table cells converted to text put the street, the city and the zip code in
            // paragraphs of their own: blank lines between them do not end the address; a
            // caption, or a value of another caption (an IRS or file number, a state alone),
            // does.
            std::vector<std::string_view> parts;
            std::size_t j = k;
            // A caption wrapped onto this line: its head above ("(Address, including zip
            // code, and telephone number, including area code, of" over "Registrant's
            // principal executive offices)") is part of it, and the values are above that.
            const bool wrapped = at > 0 && lines[k].find('(') == npos && lines[k].find(')') != npos;
            bool head_passed = !wrapped;
            // A combined caption names the phone too: its number, on a line of its own above,
            // is not part of the address.
            bool phone_above = false;
            while (j > 0 && parts.size() < 4) {
                const std::string_view l = lines[j - 1];
                if (l.empty() || is_rule(l)) {
                    --j;
                    continue;
                }
                if (!head_passed) {
                    head_passed = true;
                    if (trim(l).front() == '(' && l.find(')') == npos) {
                        phone_above = ifind(l, "telephone") != npos;
                        --j;
                        continue;
                    }
                }
                if (phone_above && parts.empty() && !phone_in(l).empty() &&
                    std::none_of(l.begin(), l.end(), util::is_alpha)) {
                    --j;
                    continue;
                }
                if (is_caption(l) || is_caption_tail(l) || !may_be_address_part(l, parts.empty()))
                    break;
                parts.push_back(l);
                --j;
            }
            std::reverse(parts.begin(), parts.end());
            // The cells of the address; a caption in a cell of its own ("(Zip Code)" in the
            // column beside the street) is none of it.
            std::vector<std::string_view> cells;
            for (std::string_view p : parts) {
                for (std::string_view c : columns(p)) {
                    if (!is_caption(c) && !is_caption_tail(c)) cells.push_back(c);
                }
            }
            // A zip code above the street, in the column of its caption one line lower
            // ("02481" over "45 Main Street, Wellesley, Massachusetts   (Zip Code)"), ends it.
            if (cells.size() > 1 && is_zip(cells.front()) && !is_zip(cells[1]))
                std::rotate(cells.begin(), cells.begin() + 1, cells.end());
            {
                for (std::string_view c : cells) {
                    if (!address.empty()) {
                        const bool zip = is_zip(c);
                        // "Columbus, OH 43085" then "43085" in the zip code's own cell.
                        if (zip && address.size() > c.size() &&
                            address.compare(address.size() - c.size(), c.size(), c) == 0)
                            continue;
                        address += zip ? " " : ", ";
                    }
                    address += collapse_blanks(c);
                    // "270 Park Avenue," in its own cell: the join adds the comma.
                    while (!address.empty() && (address.back() == ',' || address.back() == ' '))
                        address.pop_back();
                }
            }
        }
        // The zip code in a cell of its own below the address's caption, over its own
        // caption ("767 Fifth Avenue, New York, New York" / "(Address of principal executive
        // offices)" / "10153" / "(Zip Code)"), as HTML table rows flatten.
        if (!address.empty() && !is_digit(address.back())) {
            for (std::size_t j = k + 1; j < lines.size() && j <= k + 4; ++j) {
                if (lines[j].empty()) continue;
                const std::string_view zip = trim(lines[j]);
                std::size_t n = j + 1;
                while (n < lines.size() && lines[n].empty()) ++n;
                if (is_zip(zip) && n < lines.size() && ifind(lines[n], "zip code") != npos)
                    address += " " + std::string(zip);
                break;
            }
        }
        if (address.size() > kMaxAddress) address.clear();  // as for the name
        cp.business_address = std::move(address);
        split_address(cp);
    }

    if (const std::size_t k = find_caption(lines, {"telephone number", "telephone no"}, at);
        k != npos) {
        std::string phone = phone_in(lines[k].substr(0, lines[k].rfind('(', at) == npos ? at : lines[k].rfind('(', at)));
        if (phone.empty()) {
            const std::size_t colon = lines[k].find(':', at);
            if (colon != npos) phone = phone_in(lines[k].substr(colon + 1));
        }
        if (phone.empty()) {
            // After the caption: its closing parenthesis when it is parenthesized, else its
            // words ("telephone number, including area code (206) 628-2111", where the first
            // ')' is the area code's).
            const std::string_view l = lines[k];
            const std::size_t open = l.rfind('(', at);
            const bool in_parens = open != npos && l.find(')', open) > at;
            std::size_t from = in_parens ? l.find(')', at) : at;
            if (from != npos) from = l.find_first_of("(0123456789", from + (in_parens ? 1 : 0));
            if (from != npos) phone = phone_in(l.substr(from));
        }
        if (phone.empty()) {
            // Over a "Facsimile: …" line, the phone is the line above it.
            for (std::optional<std::size_t> above = value_above(lines, k);
                 above && phone.empty(); above = value_above(lines, *above)) {
                phone = phone_in(lines[*above]);
                if (!is_fax_line(lines[*above])) break;
            }
        }
        if (phone.empty() && !is_caption(trim(lines[k]))) {
            // A caption without parentheses over its number ("Registrant's telephone number,
            // including area code" / "212-572-4200"): a line of the number alone.
            std::size_t n = k + 1;
            while (n < lines.size() && lines[n].empty()) ++n;
            if (n < lines.size() && std::none_of(lines[n].begin(), lines[n].end(), util::is_alpha))
                phone = phone_in(lines[n]);
        }
        cp.business.phone = std::move(phone);
    }

    if (const std::size_t k = find_caption(lines, {"date of report", "earliest event reported"}, at);
        k != npos) {
        std::string date = text_date(lines[k]);
        if (date.empty()) {
            if (const auto above = value_above(lines, k)) date = text_date(lines[*above]);
        }
        for (std::size_t j = k + 1; j < lines.size() && j < k + 4 && date.empty(); ++j) {
            if (!lines[j].empty()) date = text_date(lines[j]);
        }
        cp.date_of_report = std::move(date);
    }
    cp.period_ended = period_ended(lines);
    return cp;
}

Signer extract_signer(std::string_view text) {
    for (std::size_t at = find_signature_block(text, 0); at != npos;
         at = find_signature_block(text, at + 1)) {
        std::size_t end = at;
        for (int n = 0; n < kSignatureLines && end < text.size(); ++n) {
            const std::size_t e = text.find('\n', end);
            end = e == npos ? text.size() : e + 1;
        }
        const std::vector<std::string_view> lines = split_lines(text.substr(at, end - at));
        Signer s;
        std::size_t name_line = npos;
        for (std::size_t k = 0; k < lines.size() && name_line == npos; ++k) {
            const std::size_t p = lines[k].find("/s/");
            const std::size_t p2 = p == npos ? ifind(lines[k], "/s/") : p;
            if (p2 == npos) continue;
            std::string_view v = lines[k].substr(p2 + 3);
            const std::vector<std::string_view> cols = columns(v);
            v = cols.empty() ? std::string_view{} : cols.front();
            s.name = signer_name(v);
            name_line = k;
        }
        if (name_line == npos) continue;
        // "Name:" and "Title:" under the signature, up to the next one: the value may stand
        // in the caption's column, in the next column, or on the next line.
        for (std::size_t k = name_line; k < lines.size() && s.title.empty(); ++k) {
            if (k > name_line && lines[k].find("/s/") != npos) break;
            const std::vector<std::string_view> cols = columns(lines[k]);
            for (std::size_t c = 0; c < cols.size(); ++c) {
                const bool is_name = istarts_with(cols[c], "name:");
                if (!is_name && !istarts_with(cols[c], "title:")) continue;
                std::string_view v = trim(cols[c].substr(is_name ? 5 : 6));
                std::size_t value_line = k;
                if (v.empty() && c + 1 < cols.size() && !is_signer_caption(cols[c + 1]))
                    v = cols[++c];
                else if (v.empty()) v = value_below(lines, k, value_line, c, cols.size());
                const bool below = value_line != k;
                if (is_name) {
                    if (std::string name = signer_name(v); !name.empty()) s.name = std::move(name);
                } else {
                    s.title = title_continued(collapse_blanks(v), lines, value_line, below);
                }
            }
        }
        if (s.title.empty()) {
            std::string title;
            for (std::size_t k = name_line + 1; k < lines.size(); ++k) {
                const std::string_view l = lines[k];
                if (is_signature_rule(l) || is_signature_caption(l)) continue;
                // The footnote of a "(Signature)*" caption: "* Print name and title …".
                if (!l.empty() && l.front() == '*') continue;
                if (l.empty() || is_rule(l)) {
                    if (title.empty() && l.empty() && k == name_line + 1) continue;
                    if (!title.empty()) {
                        // Table cells converted to text: "Executive Vice President" / "" /
                        // "and Chief Financial Officer".
                        std::size_t j = k + 1;
                        while (j < lines.size() && lines[j].empty()) ++j;
                        // The cell below is short and alone ("and Chief Financial Officer"),
                        // not a paragraph that starts with "and".
                        const bool cell = j < lines.size() && lines[j].size() <= 60 &&
                                          (j + 1 >= lines.size() || lines[j + 1].empty());
                        if (l.empty() && cell &&
                            (title_open(title) || istarts_with(lines[j], "and ") ||
                             istarts_with(lines[j], "& "))) {
                            k = j - 1;
                            continue;
                        }
                        break;
                    }
                    continue;
                }
                const std::string_view named = title.empty() ? after_signer_name(l, s.name)
                                                             : std::string_view{};
                if (named.empty() &&
                    (istarts_with(l, "date") || istarts_with(l, "by:") || only_captions(l) ||
                     l.find("/s/") != npos || istarts_with(l, "exhibit") ||
                     ends_title(l, !title.empty())))
                    break;
                const std::vector<std::string_view> cols = columns(named.empty() ? l : named);
                const std::string cell = collapse_blanks(cols.back());
                if (title.empty() && letters_of(cell) == letters_of(s.name)) continue;
                if (!title.empty()) title.push_back(' ');
                title += cell;
                if (title.size() > 200) break;
            }
            s.title = std::move(title);
        }
        if (!s.name.empty()) return s;
    }
    return {};
}

}  // namespace edgarsql::parse
