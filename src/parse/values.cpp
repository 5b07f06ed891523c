#include "parse/values.hpp"

#include <cstddef>
#include <cstdio>

#include "parse/item_titles.hpp"
#include "util/ascii.hpp"

namespace edgarsql::parse {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_digit(c)) return false;
    }
    return true;
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && is_leap(y)) ? 29 : kDays[m - 1];
}

// Years EDGAR data can carry; anything else is a typo, not a date.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

bool valid_date(int y, int m, int d) {
    return y >= kMinYear && y <= kMaxYear && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long days_from_civil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int& y, int& m, int& d) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

// 0 = Sunday.
int weekday(int y, int m, int d) {
    const long days = days_from_civil(y, m, d);
    return static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
}

int nth_sunday(int y, int m, int n) {
    const int first = 1 + (7 - weekday(y, m, 1)) % 7;
    return first + 7 * (n - 1);
}

int last_sunday(int y, int m) {
    const int last = days_in_month(y, m);
    return last - weekday(y, m, last);
}

// US Eastern daylight saving time, for a local wall-clock time. Transitions happen at 02:00
// local; the repeated hour on the fall-back day (01:00–01:59) is read as daylight time, and
// the skipped hour on the spring-forward day (02:00–02:59) as daylight time too.
bool eastern_dst(int y, int m, int d, int hh) {
    int start_month = 0;
    int start_day = 0;
    int end_month = 0;
    int end_day = 0;
    if (y >= 2007) {
        start_month = 3;
        start_day = nth_sunday(y, 3, 2);
        end_month = 11;
        end_day = nth_sunday(y, 11, 1);
    } else if (y >= 1987) {
        start_month = 4;
        start_day = nth_sunday(y, 4, 1);
        end_month = 10;
        end_day = last_sunday(y, 10);
    } else {
        start_month = 4;
        start_day = last_sunday(y, 4);
        end_month = 10;
        end_day = last_sunday(y, 10);
    }
    const long key = (m * 100L + d) * 100L + hh;
    const long start = (start_month * 100L + start_day) * 100L + 2;
    const long end = (end_month * 100L + end_day) * 100L + 2;
    return key >= start && key < end;
}

bool is_8k_family(std::string_view form_type) { return form_family(form_type) == "8-K"; }


}  // namespace

namespace {
// Whether `s` starts with `lower_prefix`, ASCII letters compared case-insensitively.
bool starts_with_ci(std::string_view s, std::string_view lower_prefix) {
    if (s.size() < lower_prefix.size()) return false;
    for (std::size_t k = 0; k < lower_prefix.size(); ++k) {
        if (util::ascii_lower(s[k]) != lower_prefix[k]) return false;
    }
    return true;
}
}  // namespace

int month_at(std::string_view s, std::size_t i, std::size_t& end) {
    static constexpr std::string_view kMonths[] = {"january", "february", "march",
                                                   "april",   "may",      "june",
                                                   "july",    "august",   "september",
                                                   "october", "november", "december"};
    for (int m = 0; m < 12; ++m) {
        const std::string_view full = kMonths[m];
        if (starts_with_ci(s.substr(i), full)) {
            end = i + full.size();
            return m + 1;
        }
        const std::size_t abbrev = m == 8 ? 4 : 3;
        if (starts_with_ci(s.substr(i), full.substr(0, abbrev)) &&
            (i + abbrev >= s.size() || s[i + abbrev] == '.' || s[i + abbrev] == ' ')) {
            end = i + abbrev + (i + abbrev < s.size() && s[i + abbrev] == '.' ? 1 : 0);
            return m + 1;
        }
    }
    return 0;
}

std::string iso_date(std::string_view raw) {
    const std::string_view s = trim(raw);
    int y = 0;
    int m = 0;
    int d = 0;
    if (s.size() == 8 && all_digits(s)) {
        y = to_int(s.substr(0, 4));
        m = to_int(s.substr(4, 2));
        d = to_int(s.substr(6, 2));
    } else if (s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) &&
               all_digits(s.substr(5, 2)) && all_digits(s.substr(8, 2))) {
        y = to_int(s.substr(0, 4));
        m = to_int(s.substr(5, 2));
        d = to_int(s.substr(8, 2));
    } else {
        return {};
    }
    if (!valid_date(y, m, d)) return {};
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string acceptance_to_utc(std::string_view raw) {
    const std::string_view s = trim(raw);
    if (s.size() != 14 || !all_digits(s)) return {};
    int y = to_int(s.substr(0, 4));
    int mo = to_int(s.substr(4, 2));
    int d = to_int(s.substr(6, 2));
    const int hh = to_int(s.substr(8, 2));
    const int mi = to_int(s.substr(10, 2));
    const int ss = to_int(s.substr(12, 2));
    if (!valid_date(y, mo, d) || hh > 23 || mi > 59 || ss > 59) return {};
    const int offset_hours = eastern_dst(y, mo, d, hh) ? 4 : 5;
    long days = days_from_civil(y, mo, d);
    int h = hh + offset_hours;
    if (h >= 24) {
        h -= 24;
        ++days;
    }
    civil_from_days(days, y, mo, d);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, ss);
    return buf;
}

std::optional<std::int64_t> parse_cik(std::string_view raw) {
    const std::string_view s = trim(raw);
    // A CIK has at most 10 digits; allow a few leading zeros beyond that.
    if (!all_digits(s) || s.size() > 15) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    if (v <= 0 || v > 9999999999LL) return std::nullopt;
    return v;
}

std::string normalize_accession(std::string_view raw) {
    const std::string_view s = trim(raw);
    if (s.size() == 20 && s[10] == '-' && s[13] == '-' && all_digits(s.substr(0, 10)) &&
        all_digits(s.substr(11, 2)) && all_digits(s.substr(14, 6))) {
        return std::string(s);
    }
    if (s.size() == 18 && all_digits(s)) {
        std::string out;
        out.reserve(20);
        out.append(s.substr(0, 10)).push_back('-');
        out.append(s.substr(10, 2)).push_back('-');
        out.append(s.substr(12, 6));
        return out;
    }
    return {};
}

std::string accession_from_name(std::string_view name) {
    const std::size_t n = name.size();
    auto digit_at = [&](std::size_t i) { return i < n && is_digit(name[i]); };
    // Dashed form anywhere, not glued to other digits.
    for (std::size_t i = 0; i + 20 <= n; ++i) {
        if (i > 0 && is_digit(name[i - 1])) continue;
        const std::string_view cand = name.substr(i, 20);
        if (!normalize_accession(cand).empty() && !digit_at(i + 20)) return std::string(cand);
    }
    // 18 digits: a directory under edgar/data/<CIK>/, or a name '<18 digits>.txt'.
    for (std::size_t i = 0; i + 18 <= n; ++i) {
        if (i > 0 && is_digit(name[i - 1])) continue;
        const std::string_view cand = name.substr(i, 18);
        if (!all_digits(cand) || digit_at(i + 18)) continue;
        const std::string_view after = name.substr(i + 18);
        const bool txt = after.size() >= 4 && after[0] == '.' && upper(after[1]) == 'T' &&
                         upper(after[2]) == 'X' && upper(after[3]) == 'T';
        bool in_data_dir = false;
        if (i > 0 && name[i - 1] == '/') {
            std::size_t j = i - 1;
            std::size_t k = j;
            while (k > 0 && is_digit(name[k - 1])) --k;
            if (k < j && k >= 11 && name[k - 1] == '/') {
                const std::string_view prefix = name.substr(k - 11, 10);
                in_data_dir = prefix == "edgar/data";
            }
        }
        if (txt || in_data_dir) return normalize_accession(cand);
    }
    return {};
}

Sic parse_sic(std::string_view raw) {
    Sic sic;
    const std::string_view s = trim(raw);
    if (s.empty()) return sic;
    const std::size_t open = s.find('[');
    std::string_view digits;
    if (open == std::string_view::npos) {
        if (all_digits(s)) {
            digits = s;
        } else {
            sic.description = std::string(s);
            return sic;
        }
    } else {
        sic.description = std::string(trim(s.substr(0, open)));
        std::string_view inner = s.substr(open + 1);
        const std::size_t close = inner.find(']');
        if (close != std::string_view::npos) inner = inner.substr(0, close);
        digits = trim(inner);
    }
    if (all_digits(digits) && digits.size() <= 4) {
        const int code = to_int(digits);
        if (code > 0) sic.code = code;
    }
    return sic;
}

std::string normalize_irs(std::string_view raw) {
    std::string digits;
    for (char c : trim(raw)) {
        if (is_digit(c)) {
            digits.push_back(c);
        } else if (c != '-' && c != ' ') {
            return {};
        }
    }
    if (digits.size() == 8) digits.insert(digits.begin(), '0');
    if (digits.size() != 9 || digits == "000000000") return {};
    return digits;
}

std::string normalize_sec_act(std::string_view raw) {
    std::string_view s = trim(raw);
    if (s.empty()) return {};
    if (s.size() > 4) {
        const std::string_view tail = s.substr(s.size() - 4);
        if (tail[0] == ' ' && upper(tail[1]) == 'A' && upper(tail[2]) == 'C' &&
            upper(tail[3]) == 'T') {
            s = trim(s.substr(0, s.size() - 4));
        }
    }
    if (s.size() == 4 && all_digits(s) && s[0] == '1' && s[1] == '9') return std::string(s.substr(2));
    if (s.size() == 10) {
        // 'Dodd Frank Act' / 'Dodd-Frank Act' in text headers is <ACT>DF in the tag dialect.
        std::string up;
        for (char c : s) up.push_back(c == '-' ? ' ' : upper(c));
        if (up == "DODD FRANK") return "DF";
    }
    if (s.size() == 2 && all_digits(s)) return std::string(s);
    return std::string(trim(raw));
}

namespace {
// Form ATS-N's amendments are typed by kind: material (/MA), updating (/UA), correcting (/CA).
bool ats_n_amendment(std::string_view s) {
    if (s.size() < 8) return false;
    std::string tail;
    for (char c : s.substr(s.size() - 8)) tail.push_back(upper(c));
    return tail == "ATS-N/MA" || tail == "ATS-N/UA" || tail == "ATS-N/CA";
}
}  // namespace

bool is_amendment(std::string_view form_type) {
    const std::string_view s = trim(form_type);
    return (s.size() >= 2 && s[s.size() - 2] == '/' && upper(s.back()) == 'A') ||
           ats_n_amendment(s);
}

std::string form_family(std::string_view form_type) {
    std::string_view s = trim(form_type);
    if (ats_n_amendment(s)) {
        s = trim(s.substr(0, s.size() - 3));
    } else if (is_amendment(s)) {
        s = trim(s.substr(0, s.size() - 2));
    }
    std::string base;
    base.reserve(s.size());
    for (char c : s) base.push_back(upper(c));
    // EDGAR renamed Schedules 13D and 13G from 'SC 13D'/'SC 13G' to 'SCHEDULE 13D'/'SCHEDULE
    // 13G' in December 2024: one family across the rename, as the 8-K items are one scheme.
    if (base == "SCHEDULE 13D" || base == "SCHEDULE 13G") return "SC " + base.substr(9);
    auto starts = [&](std::string_view p) { return base.compare(0, p.size(), p) == 0; };
    if (starts("8-K") && base.size() > 3) {
        // 8-K12B, 8-K12G3, 8-K15D5 (and other numeric-rule variants) are 8-Ks.
        if (is_digit(base[3])) return "8-K";
    }
    if (starts("10-K") && base.size() > 4) {
        const std::string_view rest = std::string_view(base).substr(4);
        if (rest == "405" || rest == "SB" || rest == "T" || rest == "SB40" || rest == "T405" ||
            rest == "SB405" || rest == "T/A") {
            return "10-K";
        }
    }
    if (starts("10-Q") && base.size() > 4) {
        const std::string_view rest = std::string_view(base).substr(4);
        if (rest == "SB" || rest == "T") return "10-Q";
    }
    return base;
}

bool is_legacy_8k_era(std::string_view iso) {
    const std::string date = iso_date(iso);
    return !date.empty() && date < "2004-08-23";
}

std::optional<std::string> legacy_8k_to_current(int legacy_item, std::string_view date) {
    switch (legacy_item) {
        case 1: return std::string("5.01");
        case 2: return std::string("2.01");
        case 3: return std::string("1.03");
        case 4: return std::string("4.01");
        case 5: return std::string("8.01");
        case 6: return std::string("5.02");
        case 7: return std::string("9.01");
        case 8: return std::string("5.03");
        case 9: {
            // Regulation FD took effect 2000-10-23; an earlier Item 9 meant something else.
            const std::string iso = iso_date(date);
            if (iso.empty() || iso < "2000-10-23") return std::nullopt;
            return std::string("7.01");
        }
        case 10: return std::string("5.05");
        case 11: return std::string("5.04");
        case 12: return std::string("2.02");
        default: return std::nullopt;
    }
}

std::vector<model::Item> header_items(const std::vector<std::string>& values,
                                      std::string_view form_type, std::string_view filed_date,
                                      std::string_view period_of_report) {
    std::vector<model::Item> items;
    const bool eight_k = is_8k_family(form_type);
    std::string era_date = iso_date(filed_date);
    if (era_date.empty()) era_date = iso_date(period_of_report);
    for (const auto& value : values) {
        const std::string_view raw = trim(value);
        if (raw.empty()) continue;
        model::Item item;
        item.source = "header";
        item.item_raw = std::string(raw);
        item.seq = static_cast<int>(items.size()) + 1;
        if (eight_k) {
            std::optional<std::string> code = canonical_8k_code(raw);
            if (!code) {
                // A bare number ('7', 'Item 7') is a legacy item number in any era: current
                // codes are always dotted, and late amendments keep the legacy numbering.
                std::string_view num = raw;
                if (num.size() > 4 && upper(num[0]) == 'I' && upper(num[1]) == 'T' &&
                    upper(num[2]) == 'E' && upper(num[3]) == 'M') {
                    num = trim(num.substr(4));
                }
                while (!num.empty() && (num.back() == '.' || num.back() == ':')) {
                    num.remove_suffix(1);
                }
                if (all_digits(num) && num.size() <= 2) {
                    code = legacy_8k_to_current(to_int(num), era_date);
                } else {
                    code = match_8k_caption(raw);
                }
            }
            if (code) {
                item.title = std::string(current_8k_title(*code));
                item.item_code = std::move(code);
            }
        }
        if (item.title.empty()) item.title = item.item_raw;
        items.push_back(std::move(item));
    }
    return items;
}

std::string party_role(std::string_view label) {
    std::string key;
    bool space = false;
    for (char c : trim(label)) {
        if (c == '-' || c == '_' || c == ' ' || c == '\t') {
            space = !key.empty();
            continue;
        }
        if (space) key.push_back(' ');
        space = false;
        key.push_back(upper(c));
    }
    if (key == "FILER") return "filer";
    if (key == "FILED BY") return "filed_by";
    if (key == "FILED FOR") return "filed_for";
    if (key == "SUBJECT COMPANY") return "subject_company";
    if (key == "REPORTING OWNER") return "reporting_owner";
    if (key == "ISSUER") return "issuer";
    if (key == "SERIAL COMPANY") return "serial_company";
    if (key == "DEPOSITOR") return "depositor";
    if (key == "SECURITIZER") return "securitizer";
    if (key == "ISSUING ENTITY") return "issuing_entity";
    return {};
}

}  // namespace edgarsql::parse
