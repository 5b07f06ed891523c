#include "parse/exhibits.hpp"

#include <algorithm>
#include <utility>

#include "parse/body_items.hpp"
#include "parse/values.hpp"
#include "util/ascii.hpp"

namespace edgarsql::parse {

namespace {

using util::is_digit;
constexpr char upper(char c) { return util::ascii_upper(c); }
constexpr std::size_t blank_at(std::string_view s, std::size_t i) { return util::blank_len(s, i); }
constexpr std::string_view trim(std::string_view s) { return util::trim_blanks(s); }


constexpr std::size_t npos = std::string_view::npos;
/// How many lines after an "EXHIBIT INDEX" line are read at most.
constexpr int kIndexLines = 120;



bool istarts_with(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (upper(s[i]) != upper(prefix[i])) return false;
    }
    return true;
}

bool icontains(std::string_view s, std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
        if (istarts_with(s.substr(i), needle)) return true;
    }
    return false;
}

using util::collapse_blanks;

/// Strips a leading "EX-", "Exhibit", "No." from an exhibit reference.
std::string_view strip_prefix(std::string_view s) {
    s = trim(s);
    if (istarts_with(s, "EX-")) s.remove_prefix(3);
    else if (istarts_with(s, "EXHIBIT")) s.remove_prefix(7);
    else if (istarts_with(s, "EX ")) s.remove_prefix(3);
    s = trim(s);
    if (istarts_with(s, "NO.")) s = trim(s.substr(3));
    return s;
}

/// A form's name ("10-K", "10-Q", "8-K", "10-KSB") where a number is expected: a line of a
/// legend wrapped after "Form" ("88K-10.1  Incorporated by reference to the 1988 Form" over
/// "10-K.  Confidential treatment …"), or an "Incorporated by reference" column. Written
/// after "Exhibit" it is an exhibit's number (lists lettered "Exhibit 10-A" to "Exhibit 10-S").
bool is_form_name(std::string_view n) {
    const std::size_t dash = n.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash > 2 ||
        !std::all_of(n.begin(), n.begin() + static_cast<std::ptrdiff_t>(dash), is_digit))
        return false;
    const std::string_view form = n.substr(dash + 1);
    return form == "K" || form == "Q" || form == "KSB" || form == "QSB" || form == "K405";
}

/// An exhibit-list line: the normalized number and where the description starts; "" if the
/// line does not begin with an exhibit number.
/// Whether a description begins with a year or an amount that names something, as in
/// "2022 Employee Stock Plan" or "$300,000,000 364-Day Credit Agreement", where a row of
/// figures ("12.3  14.6", "$5,000  $6,000") does not.
bool names_after_figure(std::string_view rest) {
    std::size_t i = 0;
    if (rest[0] == '$') {
        ++i;
        while (i < rest.size() && (is_digit(rest[i]) || rest[i] == ',' || rest[i] == '.')) ++i;
        if (i == 1 || blank_at(rest, i) == 0) return false;
        i += blank_at(rest, i);
        // The next word holds a letter ("Revolving", "364-Day").
        for (; i < rest.size() && blank_at(rest, i) == 0; ++i) {
            if (util::is_alpha(rest[i])) return true;
        }
        return false;
    }
    while (i < rest.size() && is_digit(rest[i])) ++i;
    if (i != 4 || (rest.substr(0, 2) != "19" && rest.substr(0, 2) != "20")) return false;
    const std::size_t b = blank_at(rest, i);
    return b != 0 && i + b < rest.size() && util::is_upper(rest[i + b]);
}

std::string listed_number(std::string_view line, std::size_t& description_at,
                          bool& form_name) {
    // "** 10a.", "*10.4", "+Exhibit 10.2": the marker of a management contract or of another
    // footnote.
    std::string_view s = trim(line);
    while (!s.empty() && (s.front() == '*' || s.front() == '+')) s = trim(s.substr(1));
    // "(c) Exhibit 99.1 - Joint Press Release": Item 9.01's paragraph letter before it.
    if (s.size() > 4 && s[0] == '(' && util::is_alpha(s[1]) && s[2] == ')' &&
        (istarts_with(trim(s.substr(3)), "exhibit") || istarts_with(trim(s.substr(3)), "ex-")))
        s = trim(s.substr(3));
    const std::size_t unprefixed = s.size();
    s = strip_prefix(s);
    const bool prefixed = s.size() != unprefixed;
    if (s.empty() || !is_digit(s[0])) return "";
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i > 3) return "";  // a year or an amount, not an exhibit number
    // Regulation S-K Item 601 numbers its exhibits 1-36 and 95-110: anything else at a line
    // start is a page number or an amount ("55 Consolidated Statements of Operations").
    const int leading = std::stoi(std::string(s.substr(0, i)));
    if (leading > 110 || (leading > 36 && leading < 95)) return "";
    while (i < s.size() && blank_at(s, i) == 0) ++i;
    // A percentage, a date or a fraction ("22%", "6/27/09", "1/2% Notes") is not a number of
    // an exhibit.
    const std::string_view word = s.substr(0, i);
    if (word.find_first_of("%/$") != std::string_view::npos) return "";
    // An unbalanced parenthesis ("33-44849)") ends a file number or a reference, and a part of
    // four digits or more ("1-7327") is a file number: exhibit numbers have short parts.
    if (std::count(word.begin(), word.end(), '(') != std::count(word.begin(), word.end(), ')'))
        return "";
    for (std::size_t k = 0, run = 0; k < word.size(); ++k) {
        run = is_digit(word[k]) ? run + 1 : 0;
        if (run > 3) return "";
    }
    // "96K", "97Q**": a marker for "incorporated by reference to the 1996 Form 10-K", which
    // lists legend their own entries with.
    if (word.size() >= 3 && word[0] == '9' && is_digit(word[1]) &&
        (upper(word[2]) == 'K' || upper(word[2]) == 'Q') &&
        word.find_first_not_of('*', 3) == std::string_view::npos)
        return "";
    std::string number = normalize_exhibit_number(word);
    if (number.empty()) return "";
    form_name = !prefixed && is_form_name(number);
    std::size_t k = i;
    for (;;) {
        if (const std::size_t n = blank_at(s, k)) k += n;
        else if (k < s.size() && (s[k] == '-' || s[k] == ':')) ++k;
        else if (s.substr(k, 2) == "\xE2\x80" && k + 2 < s.size() &&
                 (s[k + 2] == '\x93' || s[k + 2] == '\x94'))
            k += 3;  // an en or em dash
        else break;
    }
    // A number followed directly by a lower-case word is prose ("10 days"), not a list.
    if (k < s.size() && s[k] >= 'a' && s[k] <= 'z') return "";
    if (k < s.size() && (is_digit(s[k]) || s[k] == '%' || s[k] == '$') &&
        !names_after_figure(s.substr(k)))
        return "";
    if (k < s.size() && k == i) return "";
    description_at = static_cast<std::size_t>(s.data() - line.data()) + k;
    return number;
}

/// Whether a list entry that names no filed document is no exhibit either:
/// - a bare number with no description: a page number ("3" above the signatures), or a form
///   named in an "Incorporated by reference" column ("10-Q");
/// - an entry that says the exhibit does not exist ("Inapplicable", "None");
/// - a heading or a pointer ("3. Exhibits", "3 Exhibit List", "See the Exhibit Index
///   beginning on page 65"), as Item 15(a)(3) reads;
/// - a legend's entry ("Incorporated by reference to the exhibit of that number in …");
/// - a report listed under Item 14(b) ("1. Current Report on Form 8-K dated …").
bool not_an_exhibit(const ListedExhibit& x) {
    const std::string_view d = trim(x.description);
    if (d.empty()) {
        const std::string_view n = x.number;
        if (std::all_of(n.begin(), n.end(), is_digit)) return true;
        const std::size_t dash = n.find('-');
        return dash != std::string_view::npos && dash > 0 &&
               std::all_of(n.begin(), n.begin() + static_cast<std::ptrdiff_t>(dash), is_digit) &&
               (n.substr(dash + 1) == "K" || n.substr(dash + 1) == "Q");
    }
    std::string bare(d);
    while (!bare.empty() && (bare.back() == '.' || bare.back() == ';' || bare.back() == ','))
        bare.pop_back();
    for (char& c : bare) c = util::ascii_lower(c);
    for (const char* none : {"none", "inapplicable", "not applicable", "n/a"}) {
        if (bare == none) return true;
    }
    // Item 14(b)'s "Reports on Form 8-K" numbered like an exhibit list: "1. Current Report on
    // Form 8-K dated September 29, 1993 that included …".
    if (istarts_with(d, "current report on form 8-k") || istarts_with(d, "report on form 8-k"))
        return true;
    return istarts_with(d, "exhibit") || istarts_with(d, "see the exhibit index") ||
           istarts_with(d, "see exhibit index") ||
           istarts_with(d, "incorporated by reference to the exhibit of that number");
}

/// A line that cannot be an exhibit's description standing in a paragraph of its own: a
/// heading in capitals ("POWER OF ATTORNEY", "SCHEDULE II"), a running page header ("Table
/// of Contents"), a list's column heads ("Exhibit No. Description"), a lettered paragraph
/// ("(b) Reports on Form 8-K") or a footnote marker ("**10b …").
/// "Exhibit 10.4(b).", "EX-99": a line that is a prefixed number and nothing else.
bool prefixed_number(std::string_view line) {
    const std::string_view s = trim(line);
    return strip_prefix(s).size() != s.size();
}

/// A description that breaks off where a reference follows: "… attached hereto as", "… filed
/// as an exhibit to", "see".
bool awaits_reference(std::string_view d) {
    for (std::string_view w : {" as", " in", " to", " see", " under"}) {
        if (d.size() >= w.size() && istarts_with(d.substr(d.size() - w.size()), w)) return true;
    }
    return false;
}

/// Whether a description that ends so goes on with `line`, which starts with a number: it
/// ends in "Exhibit" (the number is the exhibit it refers to) or in a month, whose day and
/// year begin the line ("30, 2001").
bool breaks_before_number(std::string_view d, std::string_view line) {
    if (line.empty() || !is_digit(line[0])) return false;
    std::size_t w = d.size();
    while (w > 0 && util::is_alpha(d[w - 1])) --w;
    const std::string_view word = d.substr(w);
    if (word.empty() || (w > 0 && d[w - 1] != ' ')) return false;
    if (word.size() >= 7 && istarts_with(word, "exhibit") && word.size() <= 8) return true;
    std::size_t month_end = 0;
    if (month_at(word, 0, month_end) == 0 || month_end != word.size()) return false;
    std::size_t i = 0;
    while (i < line.size() && is_digit(line[i])) ++i;
    return i >= 1 && i <= 2 && i < line.size() && line[i] == ',';
}

/// "EX-23.1" alone on a line, with the document's sequence number alone on the next: a
/// document's start in a submission converted to text whole, not an entry.
bool starts_document(std::string_view line, std::string_view after) {
    if (!istarts_with(line, "EX-") || line.find(' ') != std::string_view::npos) return false;
    const std::size_t nl = after.find('\n');
    const std::string_view next = trim(after.substr(0, nl));
    return !next.empty() && next.size() <= 4 && std::all_of(next.begin(), next.end(), is_digit);
}

/// "Exhibits", "Exhibit No.", "Exhibits." alone on a line.
bool is_exhibits_caption(std::string_view line) {
    std::string_view t = trim(line);
    while (!t.empty() && (t.back() == '.' || t.back() == ':')) t.remove_suffix(1);
    return t.size() <= 12 && istarts_with(t, "exhibit") &&
           (t.size() <= 8 || istarts_with(t, "exhibit no"));
}

/// A line that starts with a number only exhibits have: 10 dotted ("10.1") or 95 and up
/// ("99.1", "101", "104").
bool exhibit_numbered(std::string_view line) {
    std::size_t at = 0;
    bool form_name = false;
    const std::string number = listed_number(line, at, form_name);
    if (number.empty() || form_name) return false;
    std::size_t i = 0;
    while (i < number.size() && is_digit(number[i])) ++i;
    if (i == 0) return false;
    // Not 1.1 or 2.1, which number financial statements too ("(a) … 1.1 Report of
    // Independent Auditors").
    const int leading = std::stoi(number.substr(0, i));
    return leading >= 95 || (leading == 10 && i < number.size() && number[i] == '.');
}

bool not_a_description(std::string_view line) {
    if (line.empty() || !(util::is_alpha(line[0]) || is_digit(line[0]))) return true;
    if (istarts_with(line, "table of contents") || istarts_with(line, "exhibit") ||
        istarts_with(line, "page")) {
        return true;
    }
    int letters = 0;
    for (const char c : line) {
        if (util::is_lower(c)) return false;
        if (util::is_upper(c)) ++letters;
    }
    return letters >= 2;
}

void read_list(std::string_view text, std::size_t from, std::size_t to, bool need_keyword,
               int max_lines, std::vector<ListedExhibit>& out) {
    bool active = !need_keyword;
    ListedExhibit* open = nullptr;
    // Table cells converted to text put an entry's number and its description in paragraphs
    // of their own. An entry with a lettered or dotted number ("3A", "99.1") may take the
    // next paragraph as its description; one with a plain number ("12") only once the list has
    // shown that layout, since a plain number alone is more often a page number.
    bool cells = false;
    bool blank = false;
    std::size_t pos = from;
    int quiet = 0;  // lines read since the list's last entry
    while (pos < to && quiet++ < max_lines) {
        std::size_t e = text.find('\n', pos);
        if (e == npos || e > to) e = to;
        const std::string_view line = trim(text.substr(pos, e - pos));
        pos = e + 1;
        if (line.empty()) {
            const bool waits = open != nullptr && open->description.empty() &&
                               (cells || !std::all_of(open->number.begin(),
                                                      open->number.end(), is_digit));
            if (!waits) open = nullptr;
            blank = true;
            continue;
        }
        const bool after_blank = blank;
        blank = false;
        // A document of a submission converted to text as a whole, its type, sequence and
        // file name each on a line ("EX-23.1" / "3" / "dex231.htm"): the list is over.
        if (starts_document(line, pos < to ? text.substr(pos, std::min(to, pos + 64) - pos)
                                           : std::string_view{}))
            break;
        if (!active) {
            // A line naming exhibits, or a first entry numbered as only exhibits are ("10.1",
            // "99.1", "104"), where an item lists no "Exhibits" line above its list.
            active = icontains(line, "exhibit") || exhibit_numbered(line);
            if (!active) continue;
        }
        std::size_t at = 0;
        bool form_name = false;
        // "… dated as of January" / "30, 2001 …", "… attached hereto as Exhibit" / "21.": a
        // description wrapped where a number goes on with it, not a new entry.
        if (open != nullptr && !after_blank && !open->description.empty() &&
            breaks_before_number(open->description, line)) {
            open->description += ' ' + collapse_blanks(line);
            continue;
        }
        std::string number = listed_number(line, at, form_name);
        if (!number.empty()) {
            std::string description = collapse_blanks(line.substr(std::min(at, line.size())));
            // "… is attached hereto as" / "Exhibit 10.4(b).": a reference wrapped onto a
            // line of its own, not an entry.
            if (open != nullptr && !after_blank && prefixed_number(line) && description.empty() &&
                awaits_reference(open->description)) {
                open->description += ' ' + collapse_blanks(line);
                continue;
            }
            auto same = std::find_if(out.begin(), out.end(),
                                     [&](const ListedExhibit& x) { return x.number == number; });
            // A form's name met first (a legend) gives way to a later entry of that number,
            // in the later one's place: "Exhibit 10-K", or "10-K" among its lettered siblings.
            if (same != out.end() && same->form_name) {
                out.erase(same);  // moves the entries after it: `open` may point elsewhere
                same = out.end();
                open = nullptr;
            }
            if (same != out.end()) {
                if (same->description.empty()) same->description = std::move(description);
                open = nullptr;
                continue;
            }
            out.push_back({std::move(number), std::move(description), form_name});
            open = &out.back();
            quiet = 0;
            continue;
        }
        // A description goes on over the lines that do not start with a number of up to three
        // digits (a page number, an amount, an exhibit number refused above); a year does.
        std::size_t digits = 0;
        while (digits < line.size() && is_digit(line[digits])) ++digits;
        // A footnote under the list ("*Certain schedules have been omitted …") or a rule
        // ("- --------", "_____") ends the entry.
        if (line[0] == '*' || line.substr(0, 3) == "\xE2\x80\xA0" ||
            std::none_of(line.begin(), line.end(),
                         [](char c) { return util::is_alpha(c) || is_digit(c); })) {
            open = nullptr;
            continue;
        }
        // A caption between an entry's number and its description ("99.1" / "Exhibits." /
        // "Earnings Press Release …", cells of a table).
        if (open != nullptr && open->description.empty() && is_exhibits_caption(line)) continue;
        if (open != nullptr && (digits == 0 || digits > 3) && !istarts_with(line, "item") &&
            !istarts_with(line, "signature") && !istarts_with(line, "<page>")) {
            if (after_blank && open->description.empty()) {
                if (not_a_description(line)) {
                    open = nullptr;
                    continue;
                }
                cells = true;
            }
            if (!open->description.empty()) open->description.push_back(' ');
            open->description += collapse_blanks(line);
        } else {
            open = nullptr;
        }
    }
}

}  // namespace

std::string normalize_exhibit_number(std::string_view raw) {
    std::string_view s = strip_prefix(raw);
    if (s.empty()) return "";
    if (!is_digit(s[0])) {
        // Named exhibits ('EX-FILING FEES', 'EX-101.INS' starts with digits): kept upper-case.
        std::string out = collapse_blanks(s);
        for (char& c : out) c = upper(c);
        // Exhibit 107 (the filing fee tables, since 2022) is filed as type 'EX-FILING FEES'.
        if (out == "FILING FEES") return "107";
        return out;
    }
    std::size_t end = 0;
    while (end < s.size() && blank_at(s, end) == 0 && s[end] != '\n') ++end;
    std::string word(s.substr(0, end));
    while (!word.empty() && (word.back() == '*' || word.back() == '+' || word.back() == '.' ||
                             word.back() == ',' || word.back() == ':' || word.back() == ';'))
        word.pop_back();
    std::string out;
    std::size_t i = 0;
    while (i < word.size()) {
        std::size_t j = i;
        while (j < word.size() && word[j] != '.' && word[j] != '-') ++j;
        std::string_view part(word.data() + i, j - i);
        const bool digits = !part.empty() && std::all_of(part.begin(), part.end(), is_digit);
        if (digits) {
            while (part.size() > 1 && part[0] == '0') part.remove_prefix(1);
            out.append(part);
        } else {
            for (char c : part) out.push_back(upper(c));
        }
        if (j < word.size()) out.push_back(word[j]);
        i = j + 1;
    }
    return out;
}

std::vector<ListedExhibit> exhibit_list(std::string_view text,
                                        const std::vector<model::Item>& exhibit_items) {
    std::vector<ListedExhibit> out;
    for (const model::Item& item : exhibit_items) {
        if (!item.start_offset || !item.end_offset) continue;
        const auto b = static_cast<std::size_t>(*item.start_offset);
        const auto e = std::min(text.size(), static_cast<std::size_t>(*item.end_offset));
        if (b >= e) continue;
        std::size_t first = text.find('\n', b);
        if (first == npos || first >= e) continue;
        // "Item 9.01 Financial Statements and Exhibits" may list financial statements first
        // (numbered too): the list starts at a line naming exhibits. A heading that names
        // exhibits alone ("Item 6. Exhibits") starts it at once.
        const std::string_view heading = text.substr(b, first - b);
        const bool exhibits_only = icontains(heading, "exhibit") && !icontains(heading, "financial");
        read_list(text, first + 1, e, !exhibits_only, 400, out);
    }
    for (std::size_t at = find_exhibit_index(text, 0); at != npos;
         at = find_exhibit_index(text, at + 1)) {
        const std::size_t nl = text.find('\n', at);
        if (nl == npos) break;
        std::size_t to = find_signature_block(text, nl + 1);
        if (to == npos) to = text.size();
        read_list(text, nl + 1, to, false, kIndexLines, out);
    }
    // A form's name is an exhibit only among siblings lettered like it ("10-J" beside "10-K").
    const auto lettered_sibling = [&](const ListedExhibit& x) {
        const std::string prefix = x.number.substr(0, x.number.find('-') + 1);
        return std::any_of(out.begin(), out.end(), [&](const ListedExhibit& y) {
            return !y.form_name && y.number.size() == prefix.size() + 1 &&
                   y.number.compare(0, prefix.size(), prefix) == 0 &&
                   util::is_alpha(y.number.back());
        });
    };
    std::vector<bool> keep(out.size());
    for (std::size_t k = 0; k < out.size(); ++k)
        keep[k] = !out[k].form_name || lettered_sibling(out[k]);
    std::vector<ListedExhibit> kept;
    kept.reserve(out.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (keep[k]) kept.push_back(std::move(out[k]));
    }
    return kept;
}

std::string exhibit_match_key(std::string_view number) {
    // Parts split at '.', '-', parentheses, blanks and every change between digits and
    // letters; digits without leading zeros, letters in capitals; joined by '.'.
    std::string key;
    std::size_t i = 0;
    while (i < number.size()) {
        const char c = number[i];
        if (!is_digit(c) && !util::is_alpha(c)) {
            ++i;
            continue;
        }
        const bool digits = is_digit(c);
        std::size_t j = i;
        while (j < number.size() && (digits ? is_digit(number[j]) : util::is_alpha(number[j])))
            ++j;
        std::string_view part = number.substr(i, j - i);
        if (digits) {
            while (part.size() > 1 && part[0] == '0') part.remove_prefix(1);
        }
        if (!key.empty()) key.push_back('.');
        for (const char p : part) key.push_back(upper(p));
        i = j;
    }
    return key;
}

std::vector<model::Exhibit> build_exhibits(const std::vector<model::Document>& documents,
                                           const std::vector<ListedExhibit>& listed) {
    std::vector<model::Exhibit> out;
    std::vector<bool> used(listed.size(), false);
    for (const model::Document& d : documents) {
        if (!istarts_with(d.type, "EX-")) continue;
        model::Exhibit x;
        x.exhibit_number = normalize_exhibit_number(d.type);
        if (x.exhibit_number.empty()) continue;
        x.document_sequence = d.sequence;
        x.description = collapse_blanks(d.description);
        out.push_back(std::move(x));
    }
    auto link = [&](std::size_t li, model::Exhibit& x) {
        used[li] = true;
        x.listed_in_index = true;
        if (!listed[li].description.empty()) x.description = listed[li].description;
    };
    // The document's type and the index line may write one number two ways ("EX-12.(C)" and
    // "12(C)", "10.A-8" and "10.A.8"): they match by their parts. Exact matches go first, so
    // that a document takes its own spelling's line when both are listed.
    for (std::size_t li = 0; li < listed.size(); ++li) {
        for (model::Exhibit& x : out) {
            if (!x.listed_in_index && x.exhibit_number == listed[li].number) {
                link(li, x);
                break;
            }
        }
    }
    std::vector<std::string> document_keys;
    for (const model::Exhibit& x : out) document_keys.push_back(exhibit_match_key(x.exhibit_number));
    for (std::size_t li = 0; li < listed.size(); ++li) {
        if (used[li]) continue;
        const std::string key = exhibit_match_key(listed[li].number);
        for (std::size_t d = 0; d < out.size(); ++d) {
            if (!out[d].listed_in_index && document_keys[d] == key) {
                link(li, out[d]);
                break;
            }
        }
    }
    const auto base_of = [](const std::string& n) { return n.substr(0, n.find('.')); };
    // '31.1' and '31.2' listed, two 'EX-31' documents: the same exhibits, in order.
    for (std::size_t li = 0; li < listed.size(); ++li) {
        const std::string& n = listed[li].number;
        if (used[li] || n.find('.') == std::string::npos) continue;
        const std::string base = base_of(n);
        std::vector<std::size_t> lines;
        for (std::size_t lj = li; lj < listed.size(); ++lj) {
            if (!used[lj] && listed[lj].number.find('.') != std::string::npos &&
                base_of(listed[lj].number) == base)
                lines.push_back(lj);
        }
        std::vector<model::Exhibit*> documents_of_base;
        for (model::Exhibit& x : out) {
            if (!x.listed_in_index && x.exhibit_number == base) documents_of_base.push_back(&x);
        }
        if (lines.size() < 2 || lines.size() != documents_of_base.size()) continue;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            link(lines[k], *documents_of_base[k]);
            documents_of_base[k]->exhibit_number = listed[lines[k]].number;  // the fuller
        }
    }
    // '99.1' listed, one 'EX-99' document: the same exhibit.
    for (std::size_t li = 0; li < listed.size(); ++li) {
        if (used[li]) continue;
        const std::string& n = listed[li].number;
        const std::size_t dot = n.find('.');
        if (dot == std::string::npos) continue;
        const std::string base = n.substr(0, dot);
        model::Exhibit* only = nullptr;
        int count = 0;
        for (model::Exhibit& x : out) {
            if (x.exhibit_number == base) {
                ++count;
                only = &x;
            }
        }
        if (count == 1 && !only->listed_in_index) {
            link(li, *only);
            only->exhibit_number = n;  // the list's number says more than the type
        }
    }
    // '99' listed, one 'EX-99.1' document and no other of that number: the same exhibit.
    for (std::size_t li = 0; li < listed.size(); ++li) {
        const std::string& n = listed[li].number;
        if (used[li] || n.empty() || !std::all_of(n.begin(), n.end(), is_digit)) continue;
        model::Exhibit* only = nullptr;
        int count = 0;
        for (model::Exhibit& x : out) {
            if (x.document_sequence && x.exhibit_number.find('.') != std::string::npos &&
                base_of(x.exhibit_number) == n) {
                ++count;
                only = &x;
            }
        }
        if (count == 1 && !only->listed_in_index) link(li, *only);
    }
    // A line that matched no document must show it is an exhibit; one that names a filed
    // document is one, even as a bare number.
    for (std::size_t li = 0; li < listed.size(); ++li) {
        if (used[li] || not_an_exhibit(listed[li])) continue;
        model::Exhibit x;
        x.exhibit_number = listed[li].number;
        x.description = listed[li].description;
        x.listed_in_index = true;
        out.push_back(std::move(x));
    }
    for (std::size_t i = 0; i < out.size(); ++i) out[i].seq = static_cast<int>(i + 1);
    return out;
}

}  // namespace edgarsql::parse
