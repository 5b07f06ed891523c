#include "parse/exhibits.hpp"

#include <algorithm>
#include <utility>

#include "parse/body_items.hpp"
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

std::string collapse_blanks(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (const std::size_t n = blank_at(s, i); n != 0 || c == '\n') {
            if (n == 2) ++i;
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

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

/// An exhibit-list line: the normalized number and where the description starts; "" if the
/// line does not begin with an exhibit number.
std::string listed_number(std::string_view line, std::size_t& description_at) {
    const std::string_view s = strip_prefix(line);
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
    if (s.substr(0, i).find_first_of("%/$") != std::string_view::npos) return "";
    std::string number = normalize_exhibit_number(s.substr(0, i));
    if (number.empty()) return "";
    std::size_t k = i;
    for (;;) {
        if (const std::size_t n = blank_at(s, k)) k += n;
        else if (k < s.size() && (s[k] == '-' || s[k] == ':')) ++k;
        else break;
    }
    // A number followed directly by a lower-case word is prose ("10 days"), not a list.
    if (k < s.size() && s[k] >= 'a' && s[k] <= 'z') return "";
    if (k < s.size() && (is_digit(s[k]) || s[k] == '%' || s[k] == '$')) return "";
    if (k < s.size() && k == i) return "";
    description_at = static_cast<std::size_t>(s.data() - line.data()) + k;
    return number;
}

void read_list(std::string_view text, std::size_t from, std::size_t to, bool need_keyword,
               int max_lines, std::vector<ListedExhibit>& out) {
    bool active = !need_keyword;
    ListedExhibit* open = nullptr;
    std::size_t pos = from;
    int lines = 0;
    while (pos < to && lines++ < max_lines) {
        std::size_t e = text.find('\n', pos);
        if (e == npos || e > to) e = to;
        const std::string_view line = trim(text.substr(pos, e - pos));
        pos = e + 1;
        if (line.empty()) {
            open = nullptr;
            continue;
        }
        if (!active) {
            active = icontains(line, "exhibit");
            if (!active) continue;
        }
        std::size_t at = 0;
        std::string number = listed_number(line, at);
        if (!number.empty()) {
            std::string description = collapse_blanks(line.substr(std::min(at, line.size())));
            auto same = std::find_if(out.begin(), out.end(),
                                     [&](const ListedExhibit& x) { return x.number == number; });
            if (same != out.end()) {
                if (same->description.empty()) same->description = std::move(description);
                open = nullptr;
                continue;
            }
            out.push_back({std::move(number), std::move(description)});
            open = &out.back();
            continue;
        }
        // A description goes on over the lines that do not start with a number of up to three
        // digits (a page number, an amount, an exhibit number refused above); a year does.
        std::size_t digits = 0;
        while (digits < line.size() && is_digit(line[digits])) ++digits;
        if (open != nullptr && (digits == 0 || digits > 3) && !istarts_with(line, "item") &&
            !istarts_with(line, "signature") && !istarts_with(line, "<page>")) {
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
        return out;
    }
    std::size_t end = 0;
    while (end < s.size() && blank_at(s, end) == 0 && s[end] != '\n') ++end;
    std::string word(s.substr(0, end));
    while (!word.empty() && (word.back() == '*' || word.back() == '.' || word.back() == ',' ||
                             word.back() == ':' || word.back() == ';'))
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
    return out;
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
    for (std::size_t li = 0; li < listed.size(); ++li) {
        for (model::Exhibit& x : out) {
            if (!x.listed_in_index && x.exhibit_number == listed[li].number) {
                link(li, x);
                break;
            }
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
        if (count == 1 && !only->listed_in_index) link(li, *only);
    }
    for (std::size_t li = 0; li < listed.size(); ++li) {
        if (used[li]) continue;
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
