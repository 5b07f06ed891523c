#include "index/index_file.hpp"

#include <algorithm>
#include <cctype>

#include "parse/text.hpp"
#include "parse/values.hpp"

namespace edgarsql::index {

namespace {

constexpr std::size_t kBadLinesKept = 20;

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split_lines(std::string_view bytes) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '\n' && bytes[i] != '\r') continue;
        lines.push_back(bytes.substr(start, i - start));
        if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < bytes.size()) lines.push_back(bytes.substr(start));
    return lines;
}

bool is_rule(std::string_view line) {
    line = trim(line);
    return line.size() >= 10 && std::all_of(line.begin(), line.end(), [](char c) { return c == '-'; });
}

// 'YYYY-MM-DD' or 'YYYYMMDD' → 'YYYY-MM-DD'; '' when neither.
std::string iso_date(std::string_view s) {
    std::string out;
    if (s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) &&
        all_digits(s.substr(5, 2)) && all_digits(s.substr(8, 2))) {
        out = std::string(s);
    } else if (s.size() == 8 && all_digits(s)) {
        out = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
              std::string(s.substr(6, 2));
    } else {
        return {};
    }
    // A day that exists in its month (2021-02-30 does not: PostgreSQL would refuse the row).
    if (parse::iso_date(out) != out) return {};
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string_view> split_pipes(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t bar = line.find('|', start);
        out.push_back(trim(line.substr(start, bar == std::string_view::npos ? bar : bar - start)));
        if (bar == std::string_view::npos) return out;
        start = bar + 1;
    }
}

// Column positions of a pipe header; -1 when absent.
struct PipeColumns {
    int cik = -1, company = -1, form = -1, date = -1, file = -1;
    bool usable() const { return cik >= 0 && form >= 0 && date >= 0 && file >= 0; }
};

PipeColumns pipe_columns(std::string_view header) {
    PipeColumns c;
    const std::vector<std::string_view> names = split_pipes(header);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string n = lower(names[i]);
        const int at = static_cast<int>(i);
        if (n == "cik") c.cik = at;
        else if (n.rfind("company", 0) == 0) c.company = at;
        else if (n.rfind("form", 0) == 0) c.form = at;
        else if (n.rfind("date", 0) == 0) c.date = at;
        else if (n.rfind("file", 0) == 0 || n == "url") c.file = at;
    }
    return c;
}

class Builder {
  public:
    explicit Builder(ParsedIndex& out) : out_(out) {}

    void add(std::int64_t line_number, std::string_view cik, std::string_view company,
             std::string_view form, std::string_view date, std::string_view file) {
        Entry e;
        e.date_filed = iso_date(trim(date));
        // Index files are ASCII in practice but Latin-1 in places (company names); everything
        // stored must be valid UTF-8 without NUL, like the parsers' output.
        e.file_name = parse::sanitize_utf8(trim(file));
        e.accession_number = accession_from_path(e.file_name);
        cik = trim(cik);
        form = trim(form);
        if (!all_digits(cik) || cik.size() > 12 || e.date_filed.empty() ||
            e.accession_number.empty() || form.empty()) {
            bad(line_number);
            return;
        }
        e.cik = std::stoll(std::string(cik));
        if (e.cik <= 0) {  // CIK 0 is no registrant: the line is unreadable, not an entry
            bad(line_number);
            return;
        }
        e.company_name = parse::sanitize_utf8(trim(company));
        e.form_type = parse::sanitize_utf8(form);
        e.form_family = parse::form_family(e.form_type);
        out_.entries.push_back(std::move(e));
    }

    void bad(std::int64_t line_number) {
        ++out_.bad_lines;
        if (out_.bad_line_numbers.size() < kBadLinesKept) {
            out_.bad_line_numbers.push_back(line_number);
        }
    }

  private:
    ParsedIndex& out_;
};

// A fixed-width row: the last three tokens are CIK, date and file name; the rest splits at
// `split` into the first and second text columns.
void fixed_row(Builder& b, std::int64_t number, std::string_view line, std::size_t split,
               bool form_first) {
    std::string_view rest = trim(line);
    std::string_view tokens[3];
    for (int i = 2; i >= 0; --i) {
        const std::size_t sp = rest.find_last_of(" \t");
        if (sp == std::string_view::npos) {
            b.bad(number);
            return;
        }
        tokens[i] = rest.substr(sp + 1);
        rest = trim(rest.substr(0, sp));
    }
    // rest: the two text columns. Prefer the header's column boundary; when the first column
    // overflows it, fall back to the last run of two or more spaces.
    std::size_t cut = split;
    if (cut >= rest.size() || (cut > 0 && !is_space(rest[cut - 1]) && !is_space(rest[cut]))) {
        const std::size_t gap = rest.rfind("  ");
        cut = gap == std::string_view::npos ? rest.size() : gap;
    }
    const std::string_view first = trim(rest.substr(0, std::min(cut, rest.size())));
    const std::string_view second = cut < rest.size() ? trim(rest.substr(cut)) : std::string_view();
    if (form_first) {
        b.add(number, tokens[0], second, first, tokens[1], tokens[2]);
    } else {
        b.add(number, tokens[0], first, second, tokens[1], tokens[2]);
    }
}

}  // namespace

const char* to_string(Layout layout) {
    switch (layout) {
        case Layout::master: return "master";
        case Layout::form: return "form";
        case Layout::company: return "company";
        case Layout::unknown: break;
    }
    return "unknown";
}

std::string accession_from_path(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    // The 18-digit folder form: edgar/data/CIK/NNNNNNNNNNYYNNNNNN/…
    if (slash != std::string_view::npos && slash > 0) {
        const std::size_t prev = path.find_last_of('/', slash - 1);
        const std::string_view folder =
            path.substr(prev == std::string_view::npos ? 0 : prev + 1,
                        slash - (prev == std::string_view::npos ? 0 : prev + 1));
        if (folder.size() == 18 && all_digits(folder)) {
            return std::string(folder.substr(0, 10)) + "-" + std::string(folder.substr(10, 2)) +
                   "-" + std::string(folder.substr(12));
        }
    }
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    for (std::size_t i = 0; i + 20 <= name.size(); ++i) {
        const std::string_view c = name.substr(i, 20);
        if (all_digits(c.substr(0, 10)) && c[10] == '-' && all_digits(c.substr(11, 2)) &&
            c[13] == '-' && all_digits(c.substr(14, 6)) && (i == 0 || !is_digit(name[i - 1])) &&
            (i + 20 == name.size() || !is_digit(name[i + 20]))) {
            return std::string(c);
        }
    }
    return {};
}

ParsedIndex parse_index(std::string_view bytes) {
    ParsedIndex out;
    Builder builder(out);
    const std::vector<std::string_view> lines = split_lines(bytes);
    std::size_t rule = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (is_rule(lines[i])) {
            rule = i;
            break;
        }
    }
    if (rule == lines.size()) return out;
    // The column header: the non-blank lines right above the rule (one, or two when wrapped).
    std::vector<std::string_view> header;
    for (std::size_t i = rule; i > 0 && header.size() < 2;) {
        --i;
        if (trim(lines[i]).empty()) break;
        header.insert(header.begin(), lines[i]);
    }
    if (header.empty()) return out;
    // Of a wrapped header, the line naming the company and form columns fixes the split.
    std::string_view names = header.front();
    for (const std::string_view h : header) {
        const std::string l = lower(h);
        if (l.find("company") != std::string::npos && l.find("form") != std::string::npos) names = h;
    }

    if (names.find('|') != std::string_view::npos) {
        const PipeColumns c = pipe_columns(names);
        if (!c.usable()) return out;
        out.layout = Layout::master;
        for (std::size_t i = rule + 1; i < lines.size(); ++i) {
            if (trim(lines[i]).empty()) continue;
            const std::vector<std::string_view> f = split_pipes(lines[i]);
            const auto at = [&](int k) {
                return k >= 0 && static_cast<std::size_t>(k) < f.size() ? f[static_cast<std::size_t>(k)]
                                                                          : std::string_view();
            };
            const auto number = static_cast<std::int64_t>(i + 1);
            if (f.size() < 5) {
                builder.bad(number);
                continue;
            }
            if (f.size() > 5 && c.cik == 0 && c.company == 1 && c.form == 2 && c.date == 3 &&
                c.file == 4) {
                // A company name holding '|': the other columns are single fields, so the
                // name is what lies between the CIK and the last three.
                const std::string_view line = trim(lines[i]);
                const std::size_t from = line.find('|') + 1;
                std::size_t to = line.size();
                for (int k = 0; k < 3; ++k) to = line.rfind('|', to - 1);
                builder.add(number, f[0], line.substr(from, to - from), f[f.size() - 3],
                            f[f.size() - 2], f.back());
                continue;
            }
            builder.add(number, at(c.cik), at(c.company), at(c.form), at(c.date), at(c.file));
        }
        return out;
    }

    const std::string l = lower(names);
    const std::size_t company = l.find("company");
    const std::size_t form = l.find("form");
    if (company == std::string::npos || form == std::string::npos) return out;
    const bool form_first = form < company;
    out.layout = form_first ? Layout::form : Layout::company;
    const std::size_t split = form_first ? company : form;
    for (std::size_t i = rule + 1; i < lines.size(); ++i) {
        if (trim(lines[i]).empty()) continue;
        fixed_row(builder, static_cast<std::int64_t>(i + 1), lines[i], split, form_first);
    }
    return out;
}

}  // namespace edgarsql::index
