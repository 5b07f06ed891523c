#include "cli/search_cmd.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <vector>

#include "cli/app.hpp"
#include "db/backend.hpp"
#include "parse/values.hpp"

namespace edgarsql::cli {

namespace {

// The statement for one dialect. Filters are appended only when given, each with its own
// placeholder, so the planner sees plain comparisons it can serve from an index.
struct Statement {
    std::string sql;
    std::vector<std::string> params;
};

// Appends a placeholder for value in the dialect's notation and returns it.
std::string placeholder(Statement& s, bool postgres, const std::string& value) {
    s.params.push_back(value);
    return (postgres ? "$" : "?") + std::to_string(s.params.size());
}

std::string filters(Statement& s, bool postgres, const SearchOptions& o) {
    std::string where;
    if (!o.form.empty()) {
        const std::string p = placeholder(s, postgres, o.form);
        where += " AND (f.form_type = " + p + " OR f.form_family = " + p + ")";
    }
    if (!o.item.empty() && !o.documents)
        where += " AND t.item_code = " + placeholder(s, postgres, o.item);
    if (!o.part.empty() && !o.documents)
        where += " AND t.part = " + placeholder(s, postgres, o.part);
    if (o.cik != 0) where += " AND f.cik = " + placeholder(s, postgres, std::to_string(o.cik));
    if (!o.since.empty()) where += " AND f.filed_date >= " + placeholder(s, postgres, o.since);
    if (!o.until.empty()) where += " AND f.filed_date <= " + placeholder(s, postgres, o.until);
    return where;
}

// The company as the filing named it, else the accumulated registrant name, else the name on
// its cover page (a filing with no header): filing_overview's company_name.
constexpr const char* kCompany =
    "coalesce((SELECT fp.name FROM filing_parties fp WHERE fp.filing_id = f.filing_id "
    "AND fp.cik = f.cik ORDER BY fp.seq LIMIT 1), r.name, (SELECT fp.name FROM filing_parties "
    "fp WHERE fp.filing_id = f.filing_id AND fp.role = 'cover_page' ORDER BY fp.seq LIMIT 1), '')";

// An item's code, with its part when the form has parts (10-Q): "2 (Part II)".
constexpr const char* kItemLabel =
    "CASE WHEN t.part <> '' THEN t.item_code || ' (Part ' || t.part || ')' ELSE t.item_code END";

Statement sqlite_statement(const SearchOptions& o) {
    Statement s;
    const std::string table = o.documents ? "documents" : "items";
    const std::string fts = table + "_fts";
    const std::string key = o.documents ? "document_id" : "item_id";
    const std::string label = o.documents ? "t.type" : kItemLabel;
    const std::string match = placeholder(s, false, o.query);
    s.sql = std::string("SELECT ") + kCompany + ", f.form_type, f.filed_date, f.accession_number, " +
            label + ", snippet(" + fts + ", 0, '[', ']', '…', 16) FROM " + fts + " JOIN " + table +
            " t ON t." + key + " = " + fts + ".rowid JOIN filings f ON f.filing_id = t.filing_id " +
            "LEFT JOIN registrants r ON r.cik = f.cik WHERE " + fts + " MATCH " + match +
            filters(s, false, o) + " ORDER BY " + fts + ".rank, t." + key + " LIMIT " +
            std::to_string(o.limit);
    return s;
}

// The inner query ranks and limits; ts_headline, the costly part, runs on the kept rows only.
Statement postgres_statement(const SearchOptions& o) {
    Statement s;
    const std::string table = o.documents ? "documents" : "items";
    const std::string key = o.documents ? "document_id" : "item_id";
    const std::string label = o.documents ? "t.type" : kItemLabel;
    const std::string q = "websearch_to_tsquery('english', " + placeholder(s, true, o.query) + ")";
    s.sql = std::string("SELECT m.company, m.form_type, m.filed_date, m.accession_number, m.label, ") +
            "regexp_replace(ts_headline('english', left(m.text, 400000), " + q +
            ", 'StartSel=[, StopSel=], MaxWords=20, MinWords=8'), '\\s+', ' ', 'g') FROM (SELECT " +
            kCompany + " AS company, f.form_type, f.filed_date::text AS filed_date, " +
            "f.accession_number, " + label + " AS label, t.text, ts_rank(t.text_vector, " +
            q + ") AS score, t." + key + " AS id FROM " + table +
            " t JOIN filings f ON f.filing_id = t.filing_id LEFT JOIN registrants r ON r.cik = "
            "f.cik WHERE t.text_vector @@ " + q + filters(s, true, o) +
            " ORDER BY score DESC, id LIMIT " + std::to_string(o.limit) +
            ") m ORDER BY m.score DESC, m.id";
    return s;
}

// One line per snippet: line breaks inside it would break the table.
std::string one_line(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

// `text` as one FTS5 string: a phrase of its tokens, so that punctuation is text ("5.02",
// "10-K"; unquoted, FTS5 refuses them, or reads the hyphen as a column filter: "no such
// column: K"). A quote inside is doubled.
std::string fts5_quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// Every whitespace-separated word of `query` as a quoted term, all required: a query with no
// term that websearch syntax would read (a stray quote, a lone `or`) is searched as its text.
std::string fts5_literal_terms(const std::string& query) {
    std::string out;
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i]))) ++i;
        if (i >= query.size()) break;
        std::size_t end = i;
        while (end < query.size() && !std::isspace(static_cast<unsigned char>(query[end]))) ++end;
        if (!out.empty()) out += ' ';
        out += fts5_quoted(query.substr(i, end - i));
        i = end;
    }
    return out;
}

// A query FTS5 refused, as PostgreSQL's websearch syntax reads it, in FTS5's: words and
// "quoted phrases" are required (each quoted, so that punctuation is text: "5.02", "10-K"),
// `or` in any case separates alternatives, and `-word` or `-"a phrase"` is left out (FTS5's
// NOT, which binds tighter than the implicit AND, and that than OR, as in websearch). nullopt
// when an alternative holds only words left out: FTS5 cannot search for the absence of words.
// A query with no term at all is its literal terms (a stray quote: no match).
std::optional<std::string> fts5_from_websearch(const std::string& query) {
    struct Term {
        std::string text;
        bool left_out = false;
    };
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    std::vector<std::vector<Term>> alternatives(1);
    std::size_t terms = 0;
    const std::size_t n = query.size();
    std::size_t i = 0;
    while (i < n) {
        while (i < n && space(query[i])) ++i;
        if (i >= n) break;
        Term term;
        if (query[i] == '-' && i + 1 < n && !space(query[i + 1])) {
            term.left_out = true;
            ++i;
        }
        if (query[i] == '"') {
            const std::size_t end = std::min(query.find('"', i + 1), n);
            term.text = query.substr(i + 1, end - i - 1);
            i = end < n ? end + 1 : n;
        } else {
            std::size_t end = i;
            while (end < n && !space(query[end])) ++end;
            term.text = query.substr(i, end - i);
            i = end;
            std::string lowered = term.text;
            for (char& c : lowered)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (!term.left_out && lowered == "or") {
                if (!alternatives.back().empty()) alternatives.emplace_back();
                continue;
            }
        }
        if (blank(term.text)) continue;
        alternatives.back().push_back(std::move(term));
        ++terms;
    }
    if (terms == 0) return fts5_literal_terms(query);
    if (alternatives.back().empty()) alternatives.pop_back();  // a trailing `or`
    std::string out;
    for (const std::vector<Term>& alternative : alternatives) {
        std::string found;
        std::string left_out;
        for (const Term& t : alternative) {
            if (t.left_out) {
                left_out += " NOT " + fts5_quoted(t.text);
            } else {
                if (!found.empty()) found += ' ';
                found += fts5_quoted(t.text);
            }
        }
        if (found.empty()) return std::nullopt;
        if (!out.empty()) out += " OR ";
        out += alternatives.size() > 1 ? "(" + found + left_out + ")" : found + left_out;
    }
    return out;
}

// Whether SQLite refused the query text itself, not the statement around it: FTS5's own
// syntax errors, and a column filter naming a column that does not exist, which only the
// query can name (the statement's columns are fixed and tested).
bool fts5_query_refused(const std::string& message, const std::string& query) {
    for (const char* refusal : {"fts5: syntax error", "unterminated string", "unknown special query"}) {
        if (message.find(refusal) != std::string::npos) return true;
    }
    const std::string prefix = "no such column: ";
    const std::size_t at = message.find(prefix);
    if (at == std::string::npos) return false;
    std::string column;
    for (std::size_t i = at + prefix.size(); i < message.size(); ++i) {
        const char c = message[i];
        if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ')') break;
        column += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string lowered;
    for (const char c : query) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return !column.empty() && lowered.find(column) != std::string::npos;
}

// Whether a query the engine refused was meant as FTS5 syntax: it holds an operator (AND, OR,
// NOT, NEAR, which FTS5 reads only in capitals) or a parenthesis. Quoting its words would
// turn "revenue AND NOT loss" into a search that requires "not" and "loss": an answer to
// another question, so such a query is refused with the engine's reason instead.
bool meant_as_syntax(const std::string& query) {
    if (query.find_first_of("()") != std::string::npos) return true;
    std::size_t i = 0;
    while (i < query.size()) {
        while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i]))) ++i;
        std::size_t end = i;
        while (end < query.size() && !std::isspace(static_cast<unsigned char>(query[end]))) ++end;
        const std::string word = query.substr(i, end - i);
        if (word == "AND" || word == "OR" || word == "NOT" || word.rfind("NEAR", 0) == 0)
            return true;
        i = end;
    }
    return false;
}

// A word written as an FTS5 prefix query: "reven*".
bool has_prefix_word(const std::string& query) {
    for (std::size_t star = query.find('*'); star != std::string::npos;
         star = query.find('*', star + 1)) {
        if (star > 0 && std::isalnum(static_cast<unsigned char>(query[star - 1]))) return true;
    }
    return false;
}

// Whether a query holds a word to search for: a letter or digit (any non-ASCII character
// counts, "Estée"); '""', '*' or '-' alone hold none.
bool has_word(const std::string& query) {
    return std::any_of(query.begin(), query.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x80 || std::isalnum(u) != 0;
    });
}

}  // namespace

void setup_search(CLI::App& app, SearchOptions& o) {
    o.db.add_to(app);
    o.log.add_to(app, /*with_log_file=*/false);
    // One or more words, joined with single spaces: `search net income` is the query
    // "net income", as `search "net income"` is. The engines read the query from its text alone
    // (FTS5 and websearch_to_tsquery both take any run of blanks between words as one), so the
    // split the shell made carries no meaning of its own.
    app.add_option_function<std::vector<std::string>>(
           "query",
           [&o](const std::vector<std::string>& words) {
               o.query.clear();
               for (const std::string& word : words) {
                   if (!o.query.empty()) o.query += ' ';
                   o.query += word;
               }
           },
           "Full-text query: one or more words, joined with spaces, or the engine's own syntax "
           "(SQLite FTS5, PostgreSQL websearch); a phrase in quotes: '\"net income\"'; a query "
           "that starts with - after --: -- -income revenue")
        ->required();
    CLI::Option* documents =
        app.add_flag("--documents", o.documents,
                     "Search the text of documents not divided into items (exhibits, press "
                     "releases, forms without items) instead of item text");
    // Form types are stored in capitals, as EDGAR writes them: 8-k is 8-K.
    app.add_option("--form", o.form, "Form type or family, e.g. 8-K (includes 8-K/A)")
        ->transform(CLI::Validator(
            [](std::string& v) {
                for (char& c : v)
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                return std::string();
            },
            "FORM"));
    // Item codes are stored in capitals: 1a is 1A.
    app.add_option("--item", o.item,
                   "Canonical item code, e.g. 2.02 or 1A; finds legacy 8-K items mapped to it "
                   "(2.02 finds a 2003 Item 12)")
        ->transform(CLI::Validator(
            [](std::string& v) {
                for (char& c : v)
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                return std::string();
            },
            "CODE"))
        ->excludes(documents);
    // 10-Q items are numbered within Part I and Part II: Item 2 is the discussion of results
    // in one, unregistered sales of equity in the other.
    app.add_option("--part", o.part, "Part of a 10-Q, I or II (with --item: one of its items)")
        ->transform(CLI::Validator(
            [](std::string& v) -> std::string {
                for (char& c : v)
                    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                return v == "I" || v == "II" ? "" : "expected I or II, got '" + v + "'";
            },
            "I|II"))
        ->excludes(documents);
    // Decimal digits, with EDGAR's leading zeros (0000014272): CLI11's own conversion would
    // read a leading zero as octal and 0x as hexadecimal.
    app.add_option("--cik", o.cik, "Primary registrant's CIK, with or without leading zeros")
        ->transform(CLI::Validator(
            [](std::string& v) -> std::string {
                const bool digits = !v.empty() && v.size() <= 10 &&
                                    std::all_of(v.begin(), v.end(), [](char c) {
                                        return std::isdigit(static_cast<unsigned char>(c)) != 0;
                                    });
                const std::size_t first = v.find_first_not_of('0');
                if (!digits || first == std::string::npos)
                    return "expected a CIK of 1 to 10 digits, not 0, got '" + v + "'";
                v.erase(0, first);
                return std::string();
            },
            "CIK"));
    // A real calendar date: PostgreSQL refuses 2005-02-30 where SQLite would compare text.
    const auto date = [](const std::string& v) -> std::string {
        const bool ok = v.size() == 10 && parse::iso_date(v) == v;
        return ok ? std::string() : "expected a date YYYY-MM-DD, got '" + v + "'";
    };
    app.add_option("--since", o.since, "Filed on or after this date (YYYY-MM-DD)")
        ->check(CLI::Validator(date, "DATE"));
    app.add_option("--until", o.until, "Filed on or before this date (YYYY-MM-DD)")
        ->check(CLI::Validator(date, "DATE"));
    app.add_option("--limit", o.limit, "At most this many matches")->check(CLI::Range(1, 100000));
}

int run_search(const SearchOptions& o) {
    o.log.apply();
    if (blank(o.query)) {
        std::fprintf(stderr, "edgarsql search: the query is empty\n");
        return kExitUsage;
    }
    if (!has_word(o.query)) {
        std::fprintf(stderr, "edgarsql search: the query '%s' holds no word to search for\n",
                     o.query.c_str());
        return kExitUsage;
    }
    const std::string url = o.db.resolve();
    try {
        auto backend = open_for_reading(url);
        std::vector<db::Backend::Row> rows;
        if (backend->dialect() == "postgres") {
            // FTS5's own operators mean something else to websearch_to_tsquery, which reads
            // "revenue NOT loss" as revenue and loss: refused, with PostgreSQL's way to say it.
            if (meant_as_syntax(o.query) || has_prefix_word(o.query)) {
                std::fprintf(stderr,
                             "edgarsql search: PostgreSQL reads queries as websearch text, "
                             "without AND, NOT, NEAR, parentheses or prefix*: write words, "
                             "\"a phrase\", a or b, and -word to leave a word out "
                             "(revenue -loss)\n");
                return kExitUsage;
            }
            const Statement s = postgres_statement(o);
            rows = backend->query_params(s.sql, s.params);
            // A query of stop words only ('the', 'AT&T' as 'at' and 't') is empty to the
            // server, which then matches nothing with a mere notice.
            if (rows.empty() &&
                backend
                        ->query_params("SELECT numnode(websearch_to_tsquery('english', $1))",
                                       {o.query})
                        .at(0)
                        .at(0)
                        .value_or("0") == "0") {
                std::fprintf(stderr,
                             "edgarsql search: every word of the query is a stop word, which "
                             "PostgreSQL's english configuration does not index: no text can "
                             "match it\n");
            }
        } else {
            try {
                const Statement s = sqlite_statement(o);
                rows = backend->query_params(s.sql, s.params);
            } catch (const std::exception& e) {
                if (!fts5_query_refused(e.what(), o.query)) throw;
                if (meant_as_syntax(o.query)) {
                    std::fprintf(stderr,
                                 "edgarsql search: SQLite cannot read the query: %s\n"
                                 "  write words, \"a phrase\", a OR b, a NOT b, (a OR b) c, "
                                 "prefix*, NEAR(a b, 5); operators in capitals; words "
                                 "with punctuation in quotes: \"10-K\" OR \"10-Q\"\n",
                                 e.what());
                    return kExitUsage;
                }
                const std::optional<std::string> words = fts5_from_websearch(o.query);
                if (!words) {
                    std::fprintf(stderr,
                                 "edgarsql search: SQLite's full-text index cannot search for "
                                 "words left out alone ('%s'): add a word to find\n",
                                 o.query.c_str());
                    return kExitUsage;
                }
                SearchOptions literal = o;
                literal.query = *words;
                const Statement s = sqlite_statement(literal);
                rows = backend->query_params(s.sql, s.params);
            }
        }
        for (auto& row : rows)
            if (row.size() > 5 && row[5]) row[5] = one_line(*row[5]);
        print_table({"company", "form", "filed", "accession", o.documents ? "document" : "item",
                     "snippet"},
                    rows);
        std::printf("%zu match%s\n", rows.size(), rows.size() == 1 ? "" : "es");
        return with_output_flushed(kExitOk);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "edgarsql search: %s\n", e.what());
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
