// The example queries of docs/queries.md, run on the sample database on SQLite and (with
// $EDGARSQL_TEST_PG) on PostgreSQL: each must return rows holding every value its "Expect:"
// line lists. Also `edgarsql search` on both backends, its filters, and that its input is
// bound rather than spliced into SQL.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "db/backend.hpp"
#include "db/postgres_test_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using edgarsql::test::CommandResult;
using edgarsql::test::PostgresDb;
using edgarsql::test::read_file;
using edgarsql::test::run_command;
using edgarsql::test::run_edgarsql;
using edgarsql::test::TempDir;

namespace {

std::string q(const std::string& s) { return "'" + s + "'"; }

struct Example {
    std::string title;
    std::vector<std::string> expect;
    std::vector<std::string> reads_all;  ///< tables the question reads whole, by design
    std::string sqlite;
    std::string postgres;
};

std::vector<Example> examples() {
    const std::string md = read_file(fs::path(EDGARSQL_SOURCE_DIR) / "docs" / "queries.md");
    std::vector<Example> out;
    std::vector<std::size_t> starts;
    for (std::size_t p = md.find("\n## "); p != std::string::npos; p = md.find("\n## ", p + 1))
        starts.push_back(p + 1);
    for (std::size_t k = 0; k < starts.size(); ++k) {
        const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : md.size();
        const std::string sec = md.substr(starts[k], end - starts[k]);
        Example e;
        e.title = sec.substr(3, sec.find('\n') - 3);
        const auto ticked = [&sec](const std::string& label) {
            std::vector<std::string> values;
            std::smatch m;
            if (std::regex_search(sec, m, std::regex("\n" + label + ": ([^\n]*)"))) {
                const std::string line = m[1];
                const std::regex tick("`([^`]*)`");
                for (auto it = std::sregex_iterator(line.begin(), line.end(), tick);
                     it != std::sregex_iterator(); ++it)
                    values.push_back((*it)[1]);
            }
            return values;
        };
        e.expect = ticked("Expect");
        e.reads_all = ticked("Reads all");
        const auto block = [&sec](const std::string& tag) {
            const std::string open = "```sql " + tag + "\n";
            const std::size_t b = sec.find(open);
            if (b == std::string::npos) return std::string();
            const std::size_t s = b + open.size();
            return sec.substr(s, sec.find("```", s) - s);
        };
        e.sqlite = block("sqlite");
        e.postgres = block("postgres");
        out.push_back(e);
    }
    return out;
}

fs::path make_sample(const TempDir& tmp) {
    const fs::path tree = tmp / "sample";
    const CommandResult r = run_command(
        "bash " + q((fs::path(EDGARSQL_SOURCE_DIR) / "scripts" / "make-sample").string()) + " " +
        q(tree.string()));
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    return tree;
}

void ingest(const std::string& url, const fs::path& tree) {
    const CommandResult r = run_edgarsql("ingest -q --db " + q(url) + " " + q(tree.string()));
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
}

// The sample tree ingested into a new SQLite file in tmp; returns the database path.
std::string sample_sqlite(const TempDir& tmp) {
    const fs::path tree = make_sample(tmp);
    const std::string url = (tmp / "sample.db").string();
    ingest(url, tree);
    return url;
}

bool contains(const std::vector<edgarsql::db::Backend::Row>& rows, const std::string& value) {
    for (const auto& row : rows)
        for (const auto& cell : row)
            if (cell && *cell == value) return true;
    return false;
}

void run_examples(const std::string& url, bool postgres) {
    const auto all = examples();
    REQUIRE(all.size() >= 10);
    auto backend = edgarsql::db::open_backend(url);
    for (const Example& e : all) {
        INFO(e.title);
        const std::string& sql = postgres ? e.postgres : e.sqlite;
        REQUIRE(!sql.empty());
        REQUIRE(!e.expect.empty());
        const auto rows = backend->query(sql);
        CHECK(!rows.empty());
        for (const std::string& value : e.expect) {
            INFO("expected value: " << value);
            CHECK(contains(rows, value));
        }
    }
}

void check_search(const std::string& url) {
    const std::string db = " --db " + q(url);
    CommandResult r = run_edgarsql("search resigned --item 5.02 --form 8-K" + db);
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("0009000202-21-000003") != std::string::npos);
    CHECK(r.out.find("[resigned]") != std::string::npos);
    CHECK(r.out.find("1 match") != std::string::npos);

    // Text is indexed once: the 8-K's main document was divided into items, so its words are
    // found through the items and not a second time as document text.
    r = run_edgarsql("search Departure" + db);
    INFO(r.out);
    CHECK(r.out.find("0009000202-21-000003") != std::string::npos);
    CHECK(r.out.find("1 match") != std::string::npos);
    r = run_edgarsql("search Departure --documents" + db);
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0 matches") != std::string::npos);

    r = run_edgarsql("search retire --cik 9000101" + db);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0 matches") != std::string::npos);

    r = run_edgarsql("search retire --since 2021-03-16" + db);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0 matches") != std::string::npos);

    r = run_edgarsql("search revenue --documents --cik 9000101 --until 2021-12-31" + db);
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("EX-99.1") != std::string::npos);
    // Each: the arguments after `search`, the exit code, text the output holds, text it must
    // not hold ('' for none).
    struct Case {
        const char* args;
        int exit_code;
        const char* holds;
        const char* lacks;
    };
    const Case cases[] = {
        // A CIK as EDGAR writes it, with leading zeros, is decimal, not octal (which would
        // refuse this one, and read 0000000777 as 511).
        {"retire --cik 0009000202", 0, "0009000202-21-000003", ""},
        {"retire --cik 0x10", 2, "", ""},
        {"retire --cik 0", 2, "", ""},
        {"retire --cik 12345678901", 2, "", ""},
        {"retire --cik -5", 2, "", ""},
        {"retire --cik 9000202x", 2, "", ""},
        // A 10-Q's items are numbered within its parts: Item 2 of Part I is the discussion of
        // results, Item 2 of Part II unregistered sales.
        {"Discussion --form 10-Q --item 2 --part i", 0, "2 (Part I)", "2 (Part II)"},
        {"Discussion --form 10-Q --item 2 --part II", 0, "0 matches", ""},
        {"Unregistered --item 2", 0, "2 (Part II)", ""},
        {"Discussion --part III", 2, "", ""},
        {"Discussion --part I --documents", 2, "", ""},
        // Form types are stored in capitals: 8-k is 8-K.
        {"retire --form 8-k", 0, "0009000202-21-000003", ""},
        // A word left out (-word, websearch's syntax) is left out on both engines.
        {"'retire -Solvang'", 0, "", "0009000202-21-000003"},
        {"'retire -Zyxwvu'", 0, "0009000202-21-000003", ""},
        {"'Zyxwvu or retire -\"Solvang-Mbeki\"'", 0, "", "0009000202-21-000003"},
        {"'Zyxwvu or Item 5.02'", 0, "0009000202-21-000003", ""},
        // Item codes are stored in capitals: 1a is 1A.
        {"material --item 1a", 0, "0009000202-06-000011", "0 matches"},
    };
    for (const Case& c : cases) {
        r = run_edgarsql(std::string("search ") + c.args + db);
        INFO(c.args << ": " << r.out);
        CHECK(r.exit_code == c.exit_code);
        if (*c.holds != '\0') CHECK(r.out.find(c.holds) != std::string::npos);
        if (*c.lacks != '\0') CHECK(r.out.find(c.lacks) == std::string::npos);
    }

    // The query may be several words, joined with spaces: unquoted, they are the same query
    // as in quotes. One that starts with - follows --.
    r = run_edgarsql("search net income" + db);
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0009000202-06-000011") != std::string::npos);
    CHECK(r.out == run_edgarsql("search 'net income'" + db).out);
    r = run_edgarsql("search" + db + " -- -income revenue");
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0009000101-03-000004") != std::string::npos);
    CHECK(r.out == run_edgarsql("search" + db + " -- '-income revenue'").out);

    // Input is bound, never spliced: a quote is just text.
    r = run_edgarsql("search retire --form \"8-K' OR 1=1; DROP TABLE filings; --\"" + db);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0 matches") != std::string::npos);
    // Plain words with punctuation work on both engines (FTS5 would reject '5.02' and quotes
    // in its own syntax), and a quote in the query is only text.
    r = run_edgarsql("search \"Item 5.02\" --item 5.02" + db);
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0009000202-21-000003") != std::string::npos);
    // A hyphen inside a word is text too (FTS5 would read it as a column filter).
    for (const char* hyphenated : {"Solvang-Mbeki", "solvang-mbeki offer"}) {
        r = run_edgarsql(std::string("search \"") + hyphenated + "\"" + db);
        INFO(hyphenated << ": " << r.out);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("0009000202-21-000003") != std::string::npos);
        CHECK(r.out.find("2 matches") != std::string::npos);  // items 5.02 and 9.01
    }
    r = run_edgarsql("search 10-K" + db);
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0009000202-06-000011") != std::string::npos);
    CHECK(r.out.find("1 match") != std::string::npos);
    r = run_edgarsql("search Solvang-Nobody" + db);
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0 matches") != std::string::npos);
    r = run_edgarsql("search \"retire'; DROP TABLE filings; --\"" + db);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0 matches") != std::string::npos);
    // A stray quote is text, on both engines: no match, not an error. A query that holds no
    // word to search for ('"', '""', '*', '-') is a usage error, as an empty one is.
    r = run_edgarsql("search 'retire\"'" + db);
    CHECK(r.exit_code == 0);
    for (const char* odd : {"'\"'", "'\"\"'", "'*'"}) {
        r = run_edgarsql(std::string("search ") + odd + db + " 2>&1");
        INFO(odd << ": " << r.out);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("no word to search for") != std::string::npos);
    }
    r = run_edgarsql("search" + db + " -- - 2>&1");
    CHECK(r.exit_code == 2);
    // Usage errors, before the database is asked: an empty query, a date that does not exist,
    // an item filter on document text (documents have no item).
    r = run_edgarsql("search '  '" + db);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("the query is empty") != std::string::npos);
    r = run_edgarsql("search retire --since 2021-02-30" + db);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("2021-02-30") != std::string::npos);
    r = run_edgarsql("search retire --until 2021-13-01" + db);
    CHECK(r.exit_code == 2);
    r = run_edgarsql("search revenue --documents --item 2.02" + db);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("excludes") != std::string::npos);
    if (url.rfind("postgres", 0) != 0) {
        // FTS5 refuses "AND NOT"; quoting its words would search for "not": refused, with
        // the engine's reason, and the valid form works.
        r = run_edgarsql("search 'retire AND NOT Solvang'" + db);
        INFO(r.out);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("SQLite cannot read the query") != std::string::npos);
        // Words with punctuation around an operator: refused, and told how to write them.
        r = run_edgarsql("search '10-K OR 10-Q'" + db);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("\"10-K\" OR \"10-Q\"") != std::string::npos);
        r = run_edgarsql("search '\"10-K\" OR \"10-Q\"'" + db);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("0009000202-06-000011") != std::string::npos);
        r = run_edgarsql("search 'retire NOT Solvang'" + db);
        INFO(r.out);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("0009000202-21-000003") == std::string::npos);
        r = run_edgarsql("search 'retire NOT Zyxwvu'" + db);
        INFO(r.out);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("0009000202-21-000003") != std::string::npos);
        // Only words left out: FTS5 cannot search for what is absent (PostgreSQL can).
        r = run_edgarsql("search" + db + " -- -Solvang");
        INFO(r.out);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("add a word to find") != std::string::npos);
    } else {
        // Stop words only: no text can match, and the user is told why.
        r = run_edgarsql("search 'the of'" + db);
        INFO(r.out);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("0 matches") != std::string::npos);
        CHECK(r.out.find("every word of the query is a stop word") != std::string::npos);
        r = run_edgarsql("search 'Zyxwvu'" + db);
        CHECK(r.out.find("stop word") == std::string::npos);
    }
    auto backend = edgarsql::db::open_backend(url);
    CHECK(backend->query("SELECT count(*) FROM filings").at(0).at(0).value_or("") == "10");
}

}  // namespace

// SQLite plans do not depend on table sizes here (no ANALYZE statistics), so the sample's plans
// are those of a database of any size: no example may read all of items, documents,
// filing_parties (aliases i, d, fp in docs/queries.md and the views), index_entries or
// former_names unless its section says "Reads all:" for that table.
TEST_CASE("docs/queries.md: no full scan of items, documents or parties on SQLite",
          "[e2e][analyst]") {
    TempDir tmp;
    const std::string url = sample_sqlite(tmp);
    auto backend = edgarsql::db::open_backend(url);
    const std::regex scan(
        R"(^SCAN (items|documents|filing_parties|index_entries|former_names|i|d|fp)( |$))");
    const std::map<std::string, std::string> table_of = {
        {"i", "items"}, {"d", "documents"}, {"fp", "filing_parties"}};
    // The tables a statement's plan reads whole.
    const auto scanned = [&](const std::string& sql) {
        std::vector<std::string> tables;
        for (const auto& row : backend->query("EXPLAIN QUERY PLAN " + sql)) {
            const std::string detail = row.at(3).value_or("");
            std::smatch m;
            if (!std::regex_search(detail, m, scan)) continue;
            std::string table = m[1];
            tables.push_back(table_of.count(table) ? table_of.at(table) : table);
        }
        return tables;
    };
    // The check is alive: a statement that must read all of items is seen to.
    CHECK(scanned("SELECT count(*) FROM items i WHERE i.text LIKE '%zyx%'") ==
          std::vector<std::string>{"items"});
    std::vector<Example> statements = examples();
    // The views, looked up by one filing, read that filing's rows only.
    for (const char* view : {"filing_overview", "item_agreement", "exhibit_documents"}) {
        Example lookup;
        lookup.title = std::string(view) + " of one filing";
        lookup.sqlite = std::string("SELECT * FROM ") + view +
                        " WHERE accession_number = '0009000202-06-000011'";
        statements.push_back(lookup);
    }
    // What the EDGAR index lists for one company; who once bore a name.
    statements.push_back({"index entries of a CIK", {}, {},
                          "SELECT * FROM index_entries WHERE cik = 9000101", ""});
    statements.push_back({"a former name", {}, {},
                          "SELECT cik FROM former_names WHERE former_name = 'QUILLFEATHER "
                          "DATA SYSTEMS INC'",
                          ""});
    for (const Example& e : statements) {
        INFO(e.title);
        for (const std::string& table : scanned(e.sqlite)) {
            INFO("reads all of " << table);
            CHECK(std::find(e.reads_all.begin(), e.reads_all.end(), table) != e.reads_all.end());
        }
    }
}

TEST_CASE("docs/queries.md answers on the SQLite sample database", "[e2e][analyst]") {
    TempDir tmp;
    const std::string url = sample_sqlite(tmp);
    run_examples(url, /*postgres=*/false);
}

TEST_CASE("docs/queries.md answers on the PostgreSQL sample database", "[e2e][analyst][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path tree = make_sample(tmp);
    PostgresDb pg;
    ingest(pg.url(), tree);
    run_examples(pg.url(), /*postgres=*/true);
}

TEST_CASE("edgarsql search finds, filters and binds its input on SQLite", "[e2e][analyst]") {
    TempDir tmp;
    const std::string url = sample_sqlite(tmp);
    check_search(url);
}

TEST_CASE("edgarsql search finds, filters and binds its input on PostgreSQL",
          "[e2e][analyst][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path tree = make_sample(tmp);
    PostgresDb pg;
    ingest(pg.url(), tree);
    check_search(pg.url());
    // FTS5's operators mean something else to websearch_to_tsquery ("a NOT b" is a and b):
    // refused on PostgreSQL with its own way to say it; its "or" and "-word" work.
    const std::string db = " --db " + q(pg.url());
    for (const char* query : {"'retire NOT Solvang'", "'retire AND Solvang'", "'retir*'",
                              "'NEAR(retire Solvang)'"}) {
        const CommandResult r = run_edgarsql(std::string("search ") + query + db + " 2>&1");
        INFO(query << ": " << r.out);
        CHECK(r.exit_code == 2);
        CHECK(r.out.find("-word") != std::string::npos);
    }
    const CommandResult r = run_edgarsql("search 'retire or Zyxwvu'" + db);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("0009000202-21-000003") != std::string::npos);
}

TEST_CASE("edgarsql search names a filing known only by its cover page", "[e2e][analyst]") {
    // A bare 8-K outside an edgar/data/<CIK> path: no CIK, no registrant, only its cover page.
    TempDir tmp;
    fs::create_directories(tmp / "tree");
    edgarsql::test::write_file(tmp / "tree" / "0000999006-05-000009.txt",
                               edgarsql::test::fixture("parse/bare_8k_0000999006-05-000009.txt"));
    const std::string db = (tmp / "c.db").string();
    ingest(db, tmp / "tree");
    auto backend = edgarsql::db::open_backend(db);
    REQUIRE(!backend->query("SELECT cik FROM filings").at(0).at(0).has_value());
    const CommandResult r = run_edgarsql("search plant --db " + q(db));
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("MAPLEWOOD FOODS INC") != std::string::npos);
    CHECK(r.out.find("1 match") != std::string::npos);
}

TEST_CASE("edgarsql search lines up a company's name with accents, in characters",
          "[e2e][analyst]") {
    TempDir tmp;
    fs::create_directories(tmp / "tree");
    std::string text =
        edgarsql::test::fixture("parse/bare_8k_0000999006-05-000009.txt");
    const std::size_t at = text.find("MAPLEWOOD FOODS INC");
    REQUIRE(at != std::string::npos);
    text.replace(at, 19, "MAPLEWOOD CAF\xC3\x89S INC");
    edgarsql::test::write_file(tmp / "tree" / "0000999006-05-000009.txt", text);
    const std::string db = (tmp / "c.db").string();
    ingest(db, tmp / "tree");
    const CommandResult r = run_edgarsql("search plant --db " + q(db));
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    // The header's "form" and the row's form value start in the same column (counted in
    // characters: the É is two bytes).
    const auto columns = [](const std::string& s, std::size_t bytes) {
        return std::count_if(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(bytes),
                             [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    };
    const std::size_t header_end = r.out.find('\n');
    const std::string header = r.out.substr(0, header_end);
    const std::string row = r.out.substr(header_end + 1, r.out.find('\n', header_end + 1) -
                                                             header_end - 1);
    REQUIRE(row.find("CAF\xC3\x89S") != std::string::npos);
    REQUIRE(header.find("form") != std::string::npos);
    REQUIRE(row.find("8-K") != std::string::npos);
    CHECK(columns(header, header.find("form")) == columns(row, row.find("8-K")));
}

TEST_CASE("queries filtered by CIK, form, item or date do not scan items or documents",
          "[e2e][analyst]") {
    TempDir tmp;
    const std::string url = sample_sqlite(tmp);
    auto backend = edgarsql::db::open_backend(url);
    const std::vector<std::string> queries = {
        "SELECT * FROM filing_overview WHERE cik = 9000101",
        "SELECT * FROM items i JOIN filings f ON f.filing_id = i.filing_id WHERE f.cik = 9000101",
        "SELECT * FROM items WHERE item_code = '2.02'",
        "SELECT * FROM items i JOIN filings f ON f.filing_id = i.filing_id "
        "WHERE f.form_family = '8-K' AND f.filed_date >= '2021-01-01'",
        "SELECT * FROM documents d JOIN filings f ON f.filing_id = d.filing_id "
        "WHERE f.cik = 9000101",
        "SELECT * FROM documents WHERE type = 'EX-99.1'",
        "SELECT * FROM exhibit_documents WHERE cik = 9000101 AND exhibit_number = '99.1'",
    };
    for (const std::string& sql : queries) {
        std::string plan;
        for (const auto& row : backend->query("EXPLAIN QUERY PLAN " + sql))
            plan += row.back().value_or("") + "\n";
        INFO(sql << "\n" << plan);
        CHECK(!std::regex_search(plan, std::regex(R"(SCAN (items|documents|i|d)\b)")));
    }
}

namespace {

// The sample's 2003 8-K (legacy Item 12) as another company's filing: `accession`, filed on
// `filed` (YYYYMMDD, the period the day before), with SIC `sic`, as form `form`.
std::string company_filing(const std::string& accession, const std::string& filed,
                           const std::string& sic, const std::string& form = "8-K") {
    std::string text = read_file(fs::path(EDGARSQL_SOURCE_DIR) / "samples" / "full" /
                                 "0009000101-03-000004.txt");
    const auto replace_all = [&text](const std::string& from, const std::string& to) {
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    };
    replace_all("0009000101-03-000004", accession);
    replace_all("0009000101", "0009100001");
    replace_all("QUILLFEATHER DATA SYSTEMS INC", "TALLOW LEDGER SOFTWARE INC");
    replace_all("SERVICES-PREPACKAGED SOFTWARE [7372]", "INDUSTRY [" + sic + "]");
    replace_all("20031023", filed);
    replace_all("20031022", std::to_string(std::stol(filed) - 1));
    replace_all("CONFORMED SUBMISSION TYPE:\t8-K", "CONFORMED SUBMISSION TYPE:\t" + form);
    replace_all("FORM TYPE:\t\t8-K", "FORM TYPE:\t\t" + form);
    return text;
}

std::vector<edgarsql::db::Backend::Row> example_rows(edgarsql::db::Backend& backend,
                                                     const std::string& number, bool postgres) {
    for (const Example& e : examples()) {
        if (e.title.rfind(number + ". ", 0) == 0)
            return backend.query(postgres ? e.postgres : e.sqlite);
    }
    FAIL("no example " << number << " in docs/queries.md");
    return {};
}

// One company's history: software (SIC 7372) with a legacy Item 12 8-K in 2003, computers
// (3571) by 2010, two originals of the same form family before an amendment of the later one,
// and a Form 4 without items.
void check_history(const std::string& url, bool postgres, const TempDir& tmp) {
    const fs::path tree = tmp / "history";
    const fs::path dir = tree / "edgar" / "data" / "9100001";
    edgarsql::test::write_file(dir / "a.txt",
                               company_filing("0009100001-03-000001", "20031023", "7372"));
    edgarsql::test::write_file(dir / "b.txt",
                               company_filing("0009100001-10-000002", "20100115", "3571"));
    edgarsql::test::write_file(
        dir / "c.txt", company_filing("0009100001-10-000003", "20100201", "3571", "8-K/A"));
    edgarsql::test::write_file(
        tree / "edgar" / "data" / "9000505" / "d.txt",
        read_file(fs::path(EDGARSQL_SOURCE_DIR) / "samples" / "full" / "0009000505-21-000002.txt"));
    ingest(url, tree);
    auto backend = edgarsql::db::open_backend(url);
    // The registrant is in computers today; in 2003 it was software, and is found so.
    CHECK(backend->query("SELECT sic_code FROM registrants WHERE cik = 9100001")
              .at(0).at(0).value_or("") == "3571");
    CHECK(contains(example_rows(*backend, "1", postgres), "0009100001-03-000001"));
    CHECK(backend->query("SELECT sic_code FROM filing_overview WHERE accession_number = "
                         "'0009100001-03-000001'")
              .at(0).at(0).value_or("") == "7372");
    // The amendment of 2010 amends the 8-K of 2010, not every earlier one.
    const auto amends = example_rows(*backend, "11", postgres);
    int rows_of_amendment = 0;
    for (const auto& row : amends) {
        if (row.at(0).value_or("") != "0009100001-10-000003") continue;
        ++rows_of_amendment;
        CHECK(row.at(2).value_or("") == "0009100001-10-000002");
    }
    CHECK(rows_of_amendment == 1);
    // item_agreement has a row for every filing, the Form 4 without items too.
    CHECK(backend->query("SELECT count(*) FROM item_agreement").at(0).at(0) ==
          backend->query("SELECT count(*) FROM filings").at(0).at(0));
    const auto form4 = backend->query(
        "SELECT header_items, body_items, agree FROM item_agreement a JOIN filings f "
        "USING (filing_id) WHERE f.form_family = '4'");
    REQUIRE(form4.size() == 1);
    CHECK(form4[0].at(0).value_or("") == "0");
    CHECK(form4[0].at(1).value_or("") == "0");
    CHECK_FALSE(form4[0].at(2).has_value());
}

}  // namespace

TEST_CASE("docs/queries.md: a company's SIC as of each filing, the filing an amendment amends, "
          "on SQLite",
          "[e2e][analyst]") {
    TempDir tmp;
    check_history((tmp / "h.db").string(), /*postgres=*/false, tmp);
}

TEST_CASE("docs/queries.md: a company's SIC as of each filing, the filing an amendment amends, "
          "on PostgreSQL",
          "[e2e][analyst][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    PostgresDb pg;
    check_history(pg.url(), /*postgres=*/true, tmp);
}

namespace {

// docs/items.md: items.text is the byte range [start_offset, end_offset) of its document's
// text, by each backend's recipe; documents with non-ASCII text are among them.
void check_offsets(const std::string& url, bool postgres) {
    auto backend = edgarsql::db::open_backend(url);
    const std::string range =
        postgres ? "convert_from(substring(convert_to(d.text, 'UTF8') FROM "
                   "i.start_offset::int + 1 FOR (i.end_offset - i.start_offset)::int), 'UTF8')"
                 : "CAST(substr(CAST(d.text AS BLOB), i.start_offset + 1, "
                   "i.end_offset - i.start_offset) AS TEXT)";
    const std::string from =
        " FROM items i JOIN documents d ON d.filing_id = i.filing_id AND "
        "d.sequence = i.document_sequence WHERE i.source = 'body' AND i.start_offset IS NOT NULL";
    const std::string non_ascii = postgres ? "octet_length(d.text) <> length(d.text)"
                                           : "length(CAST(d.text AS BLOB)) <> length(d.text)";
    CHECK(backend->query("SELECT count(*)" + from + " AND " + non_ascii).at(0).at(0).value_or(
              "0") != "0");
    CHECK(backend->query("SELECT count(*)" + from).at(0).at(0).value_or("0") != "0");
    CHECK(backend->query("SELECT count(*)" + from + " AND " + range + " <> i.text")
              .at(0)
              .at(0)
              .value_or("") == "0");
}

}  // namespace

TEST_CASE("docs/items.md: item offsets are byte ranges of the document text, on SQLite",
          "[e2e][analyst]") {
    TempDir tmp;
    check_offsets(sample_sqlite(tmp), /*postgres=*/false);
}

TEST_CASE("docs/items.md: item offsets are byte ranges of the document text, on PostgreSQL",
          "[e2e][analyst][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path tree = make_sample(tmp);
    PostgresDb pg;
    ingest(pg.url(), tree);
    check_offsets(pg.url(), /*postgres=*/true);
}
