#include "parse/item_titles.hpp"

#include <cstddef>

namespace edgarsql::parse {
namespace {

struct CodeTitle {
    std::string_view code;
    std::string_view title;
};

constexpr CodeTitle kCurrent8k[] = {
    {"1.01", "Entry into a Material Definitive Agreement"},
    {"1.02", "Termination of a Material Definitive Agreement"},
    {"1.03", "Bankruptcy or Receivership"},
    {"1.04", "Mine Safety - Reporting of Shutdowns and Patterns of Violations"},
    {"1.05", "Material Cybersecurity Incidents"},
    {"2.01", "Completion of Acquisition or Disposition of Assets"},
    {"2.02", "Results of Operations and Financial Condition"},
    {"2.03", "Creation of a Direct Financial Obligation or an Obligation under an Off-Balance "
             "Sheet Arrangement of a Registrant"},
    {"2.04", "Triggering Events That Accelerate or Increase a Direct Financial Obligation or an "
             "Obligation under an Off-Balance Sheet Arrangement"},
    {"2.05", "Costs Associated with Exit or Disposal Activities"},
    {"2.06", "Material Impairments"},
    {"3.01", "Notice of Delisting or Failure to Satisfy a Continued Listing Rule or Standard; "
             "Transfer of Listing"},
    {"3.02", "Unregistered Sales of Equity Securities"},
    {"3.03", "Material Modification to Rights of Security Holders"},
    {"4.01", "Changes in Registrant's Certifying Accountant"},
    {"4.02", "Non-Reliance on Previously Issued Financial Statements or a Related Audit Report "
             "or Completed Interim Review"},
    {"5.01", "Changes in Control of Registrant"},
    {"5.02", "Departure of Directors or Certain Officers; Election of Directors; Appointment of "
             "Certain Officers; Compensatory Arrangements of Certain Officers"},
    {"5.03", "Amendments to Articles of Incorporation or Bylaws; Change in Fiscal Year"},
    {"5.04", "Temporary Suspension of Trading Under Registrant's Employee Benefit Plans"},
    {"5.05", "Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the "
             "Code of Ethics"},
    {"5.06", "Change in Shell Company Status"},
    {"5.07", "Submission of Matters to a Vote of Security Holders"},
    {"5.08", "Shareholder Director Nominations"},
    {"6.01", "ABS Informational and Computational Material"},
    {"6.02", "Change of Servicer or Trustee"},
    {"6.03", "Change in Credit Enhancement or Other External Support"},
    {"6.04", "Failure to Make a Required Distribution"},
    {"6.05", "Securities Act Updating Disclosure"},
    {"6.06", "Static Pool"},
    {"6.10", "Alternative Filings of Asset-Backed Issuers"},
    {"7.01", "Regulation FD Disclosure"},
    {"8.01", "Other Events"},
    {"9.01", "Financial Statements and Exhibits"},
};

// Word prefixes of normalized captions (lowercase, punctuation dropped, '&' read as 'and',
// apostrophes removed so "Registrant's" is 'registrants'). A caption matches the first key
// it starts with at a word boundary; keys cover current titles, the variants EDGAR used over
// time and the legacy (before 2004-08-23) captions, each mapped by meaning.
struct CaptionKey {
    std::string_view prefix;
    std::string_view code;
};

constexpr CaptionKey kCaptionKeys[] = {
    {"entry into a material definitive agreement", "1.01"},
    {"entry into material definitive agreement", "1.01"},
    {"termination of a material definitive agreement", "1.02"},
    {"termination of material definitive agreement", "1.02"},
    {"bankruptcy or receivership", "1.03"},
    {"mine safety", "1.04"},
    {"material cybersecurity incident", "1.05"},
    {"completion of acquisition or disposition of assets", "2.01"},
    {"acquisition or disposition of assets", "2.01"},
    {"results of operations and financial condition", "2.02"},
    {"creation of a direct financial obligation", "2.03"},
    {"creation of direct financial obligation", "2.03"},
    {"triggering events that accelerate or increase", "2.04"},
    {"costs associated with exit or disposal", "2.05"},
    {"cost associated with exit or disposal", "2.05"},
    {"material impairment", "2.06"},
    {"notice of delisting or failure to satisfy", "3.01"},
    {"unregistered sales of equity securities", "3.02"},
    {"unregistered sale of equity securities", "3.02"},
    {"material modification to rights of security holders", "3.03"},
    {"material modifications to rights of security holders", "3.03"},
    {"changes in registrants certifying accountant", "4.01"},
    {"change in registrants certifying accountant", "4.01"},
    {"changes in registrant s certifying accountant", "4.01"},
    {"non reliance on previously issued financial statements", "4.02"},
    {"nonreliance on previously issued financial statements", "4.02"},
    {"changes in control of registrant", "5.01"},
    {"change in control of registrant", "5.01"},
    {"changes in control of the registrant", "5.01"},
    {"departure of directors or", "5.02"},
    {"resignations of registrants directors", "5.02"},
    {"resignation of registrants directors", "5.02"},
    {"resignations of registrant s directors", "5.02"},
    {"amendments to articles of incorporation or bylaws", "5.03"},
    {"amendment to articles of incorporation or bylaws", "5.03"},
    {"change in fiscal year", "5.03"},
    {"changes in fiscal year", "5.03"},
    {"temporary suspension of trading under registrants employee benefit plan", "5.04"},
    {"temporary suspension of trading", "5.04"},
    {"amendments to the registrants code of ethics", "5.05"},
    {"amendments to registrants code of ethics", "5.05"},
    {"amendment to the registrants code of ethics", "5.05"},
    {"amendment to registrants code of ethics", "5.05"},
    {"change in shell company status", "5.06"},
    {"submission of matters to a vote of security holders", "5.07"},
    {"shareholder director nominations", "5.08"},
    {"abs informational and computational material", "6.01"},
    {"change of servicer or trustee", "6.02"},
    {"change in credit enhancement or other external support", "6.03"},
    {"failure to make a required distribution", "6.04"},
    {"securities act updating disclosure", "6.05"},
    {"static pool", "6.06"},
    {"alternative filings of asset backed issuers", "6.10"},
    {"regulation fd", "7.01"},
    {"other events", "8.01"},
    {"other event", "8.01"},
    {"financial statements and exhibits", "9.01"},
    {"financial statements pro forma financial information and exhibits", "9.01"},
    {"financial statement and exhibits", "9.01"},
};

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Lowercase words separated by single spaces; '&' becomes 'and', apostrophes vanish, every
// other non-alphanumeric character separates words.
std::string normalize_caption(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool pending_space = false;
    auto add_word_char = [&](char c) {
        if (pending_space && !out.empty()) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    };
    for (char c : raw) {
        if (is_alnum(c)) {
            add_word_char(lower(c));
        } else if (c == '\'' || c == '`') {
            continue;
        } else if (c == '&') {
            pending_space = true;
            add_word_char('a');
            out.append("nd");
            pending_space = true;
        } else {
            pending_space = true;
        }
    }
    return out;
}

bool starts_with_words(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size() || text.compare(0, prefix.size(), prefix) != 0) return false;
    return text.size() == prefix.size() || text[prefix.size()] == ' ';
}

}  // namespace

std::string_view current_8k_title(std::string_view code) {
    for (const auto& entry : kCurrent8k) {
        if (entry.code == code) return entry.title;
    }
    return {};
}

std::optional<std::string> canonical_8k_code(std::string_view raw) {
    std::size_t b = 0;
    std::size_t e = raw.size();
    while (b < e && (raw[b] == ' ' || raw[b] == '\t')) ++b;
    while (e > b && (raw[e - 1] == ' ' || raw[e - 1] == '\t' || raw[e - 1] == '.')) --e;
    std::string_view s = raw.substr(b, e - b);
    if (s.size() > 4 && lower(s[0]) == 'i' && lower(s[1]) == 't' && lower(s[2]) == 'e' &&
        lower(s[3]) == 'm') {
        s.remove_prefix(4);
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    }
    const std::size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 >= s.size()) return std::nullopt;
    int section = 0;
    for (std::size_t i = 0; i < dot; ++i) {
        if (s[i] < '0' || s[i] > '9' || section > 99) return std::nullopt;
        section = section * 10 + (s[i] - '0');
    }
    int number = 0;
    for (std::size_t i = dot + 1; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9' || number > 99) return std::nullopt;
        number = number * 10 + (s[i] - '0');
    }
    const std::string_view digits = s.substr(dot + 1);
    // '5.2' and '5.02' both mean 5.02; '6.1' is ambiguous with 6.10 and stays '6.01' only when
    // written with two digits.
    if (digits.size() == 1 && section == 6 && number == 1) return std::nullopt;
    std::string code = std::to_string(section) + '.';
    if (number < 10) code.push_back('0');
    code += std::to_string(number);
    if (current_8k_title(code).empty()) return std::nullopt;
    return code;
}

std::optional<std::string> match_8k_caption(std::string_view caption) {
    const std::string norm = normalize_caption(caption);
    if (norm.empty()) return std::nullopt;
    for (const auto& key : kCaptionKeys) {
        if (starts_with_words(norm, key.prefix)) return std::string(key.code);
    }
    return std::nullopt;
}

}  // namespace edgarsql::parse
