#include "pipeline/filters.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "parse/values.hpp"

namespace edgarsql::pipeline {

namespace {

std::string upper_trimmed(std::string_view text) {
    std::size_t b = 0;
    std::size_t e = text.size();
    while (b < e && std::isspace(static_cast<unsigned char>(text[b])) != 0) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1])) != 0) --e;
    std::string out(text.substr(b, e - b));
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The last name of a path. Members of an archive inside an archive are 'inner!member', so in a
// member's path '!' ends a name as '/' does.
std::string_view base_name(std::string_view path, bool member) {
    const std::size_t slash = path.find_last_of(member ? "/!" : "/");
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The name an input is known by: the member path inside an archive, else the relative path.
std::string_view input_path(const model::SourceRef& ref) {
    if (!ref.member.empty()) return ref.member;
    return ref.relative.empty() ? std::string_view(ref.path) : std::string_view(ref.relative);
}

bool glob_matches(const std::string& glob, std::string_view path, bool member) {
    const bool whole = glob.find('/') != std::string::npos;
    std::string subject(whole ? path : base_name(path, member));
    if (fnmatch(glob.c_str(), subject.c_str(), 0) == 0) return true;
    if (ends_with(subject, ".gz")) {
        subject.resize(subject.size() - 3);
        return fnmatch(glob.c_str(), subject.c_str(), 0) == 0;
    }
    return false;
}

bool looks_like_container(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ends_with(lower, ".tar") || ends_with(lower, ".tar.gz") || ends_with(lower, ".tgz") ||
           ends_with(lower, ".zip");
}

std::string iso_from_days(long days) {
    // Civil-from-days (proleptic Gregorian), after H. Hinnant's public-domain algorithm.
    days += 719468;
    const long era = (days >= 0 ? days : days - 146096) / 146097;
    const long doe = days - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
    return buf;
}

}  // namespace

bool valid_iso_date(std::string_view t) {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
    if (!all_digits(t.substr(0, 4)) || !all_digits(t.substr(5, 2)) || !all_digits(t.substr(8, 2)))
        return false;
    const int y = std::stoi(std::string(t.substr(0, 4)));
    const int m = std::stoi(std::string(t.substr(5, 2)));
    const int d = std::stoi(std::string(t.substr(8, 2)));
    if (m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

long days_from_iso(std::string_view iso) {
    long y = std::stol(std::string(iso.substr(0, 4)));
    const long m = std::stol(std::string(iso.substr(5, 2)));
    const long d = std::stol(std::string(iso.substr(8, 2)));
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Filters Filters::build(const std::string& forms, bool no_amendments, const std::string& since,
                       const std::string& until, std::vector<std::string> include,
                       std::vector<std::string> exclude) {
    Filters f;
    std::size_t start = 0;
    while (start <= forms.size() && !forms.empty()) {
        const std::size_t comma = std::min(forms.find(',', start), forms.size());
        const std::string entry = upper_trimmed(std::string_view(forms).substr(start, comma - start));
        if (entry.empty()) throw std::invalid_argument("--forms has an empty entry: '" + forms + "'");
        if (upper_trimmed(parse::form_family(entry)) == entry) {
            f.families_.push_back(entry);
        } else {
            f.types_.push_back(entry);
        }
        start = comma + 1;
    }
    f.no_amendments_ = no_amendments;
    for (const std::string* d : {&since, &until}) {
        if (!d->empty() && !valid_iso_date(*d)) {
            throw std::invalid_argument("dates must be YYYY-MM-DD, got '" + *d + "'");
        }
    }
    if (!since.empty() && !until.empty() && until < since) {
        throw std::invalid_argument("--until " + until + " is before --since " + since);
    }
    f.since_ = since;
    f.until_ = until;
    f.include_ = std::move(include);
    f.exclude_ = std::move(exclude);
    return f;
}

bool Filters::empty() const {
    return !forms_set() && !no_amendments_ && since_.empty() && until_.empty() &&
           include_.empty() && exclude_.empty();
}

bool Filters::glob_selects(const model::SourceRef& ref) const {
    const std::string_view path = input_path(ref);
    const bool member = !ref.member.empty();
    for (const std::string& g : exclude_) {
        if (glob_matches(g, path, member)) return false;
    }
    if (include_.empty() || looks_like_container(base_name(path, member))) return true;
    return std::any_of(include_.begin(), include_.end(),
                       [&](const std::string& g) { return glob_matches(g, path, member); });
}

bool Filters::name_may_match(const model::SourceRef& ref) const {
    if (since_.empty() && until_.empty()) return true;
    const std::string_view name = base_name(input_path(ref), !ref.member.empty());
    // Daily feed: YYYYMMDD.nc.tar.gz and friends. Its filings were filed on or before the
    // dissemination date, and at most kNameMarginDays before it.
    if (name.size() > 12 && all_digits(name.substr(0, 8)) && name[8] == '.' &&
        name.substr(9, 2) == "nc") {
        const std::string iso = std::string(name.substr(0, 4)) + "-" +
                                std::string(name.substr(4, 2)) + "-" +
                                std::string(name.substr(6, 2));
        if (!valid_iso_date(iso)) return true;
        const long day = days_from_iso(iso);
        // One day of slack for time zones on the near side.
        if (!since_.empty() && iso_from_days(day + 1) < since_) return false;
        if (!until_.empty() && iso_from_days(day - kNameMarginDays) > until_) return false;
        return true;
    }
    // NNNNNNNNNN-YY-NNNNNN.*: YY is the submission year; allow a year either way.
    if (name.size() >= 20 && all_digits(name.substr(0, 10)) && name[10] == '-' &&
        all_digits(name.substr(11, 2)) && name[13] == '-' && all_digits(name.substr(14, 6)) &&
        (name.size() == 20 || name[20] == '.')) {
        const int yy = std::stoi(std::string(name.substr(11, 2)));
        const int year = yy >= 90 ? 1900 + yy : 2000 + yy;
        if (!since_.empty() && year + 1 < std::stoi(since_.substr(0, 4))) return false;
        if (!until_.empty() && year - 1 > std::stoi(until_.substr(0, 4))) return false;
    }
    return true;
}

std::optional<std::string> Filters::filing_rejection(const model::Filing& filing) const {
    return rejection(filing.form_type, filing.filed_date);
}

std::optional<std::string> Filters::rejection(const std::string& form_type,
                                              const std::string& filed_date) const {
    // The parser derives a filing's family and amendment flag from its form type by the same
    // functions, so a decision from a stored (form type, date) equals one from the filing.
    if (no_amendments_ && parse::is_amendment(form_type)) {
        return "amendment " + form_type + " excluded by --no-amendments";
    }
    if (forms_set()) {
        const std::string type = upper_trimmed(form_type);
        const std::string family = upper_trimmed(parse::form_family(form_type));
        bool selected = std::find(families_.begin(), families_.end(), family) != families_.end();
        for (const std::string& t : types_) {
            selected = selected || type == t || type == t + "/A";
        }
        if (!selected) return "form " + form_type + " not in --forms";
    }
    if (!filed_date.empty()) {
        if (!since_.empty() && filed_date < since_) {
            return "filed " + filed_date + ", before --since " + since_;
        }
        if (!until_.empty() && filed_date > until_) {
            return "filed " + filed_date + ", after --until " + until_;
        }
    }
    return std::nullopt;
}

}  // namespace edgarsql::pipeline
