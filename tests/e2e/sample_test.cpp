// The sample tree of scripts/make-sample, ingested end to end into SQLite, against exact
// expected rows: a golden dump (tests/fixtures/sample-expected/sample.dump) plus explicit
// checks of the facts each sample file is there to demonstrate (samples/README.md).
//
// When a change legitimately alters what is stored, regenerate the golden dump with
//   EDGARSQL_UPDATE_GOLDEN=1 build/dev/tests/edgarsql_e2e_tests '[sample]'
// and review the difference with `git diff`.

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using edgarsql::test::CommandResult;
using edgarsql::test::read_file;
using edgarsql::test::run_command;
using edgarsql::test::run_edgarsql;
using edgarsql::test::TempDir;
using edgarsql::test::write_file;

namespace {

std::string q(const fs::path& p) { return edgarsql::test::quoted(p); }

std::string one(const fs::path& db, const std::string& sql) {
    return edgarsql::test::sqlite_value(db, sql);
}

// The dump with the temporary sample root replaced by a fixed placeholder.
std::string portable_dump(const fs::path& db, const fs::path& root) {
    CommandResult r = run_edgarsql("dump --db " + q(db));
    REQUIRE(r.exit_code == 0);
    std::string out = r.out;
    const std::string from = root.string();
    for (std::size_t p = 0; (p = out.find(from, p)) != std::string::npos;) {
        out.replace(p, from.size(), "$SAMPLE");
        p += 7;
    }
    return out;
}

}  // namespace

TEST_CASE("the sample tree ingests to exactly the expected rows", "[e2e][sample]") {
    TempDir tmp;
    const fs::path sample = tmp / "sample";
    CommandResult made =
        run_command("bash " + q(fs::path(EDGARSQL_SOURCE_DIR) / "scripts" / "make-sample") + " " +
                    q(sample));
    INFO(made.out);
    REQUIRE(made.exit_code == 0);

    const fs::path db = tmp / "sample.db";
    CommandResult r = run_edgarsql("ingest -q --jobs 2 --db " + q(db) + " " + q(sample));
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.empty());  // -q on success: nothing at all

    // What each sample file demonstrates (samples/README.md).
    CHECK(one(db, "SELECT count(*) FROM ingest_files WHERE status = 'ingested'") == "11");
    CHECK(one(db, "SELECT count(*) FROM ingest_files WHERE status = 'ignored'") == "2");
    CHECK(one(db, "SELECT count(*) FROM filings") == "10");
    // 2003 8-K of a SIC 7372 registrant: era header titles and legacy body headings both
    // map to the current codes; the main document's text is indexed through its items.
    CHECK(one(db, "SELECT group_concat(source || ':' || item_code || ':' || item_raw, ' ') FROM "
                  "(SELECT i.* FROM items i JOIN filings f USING (filing_id) WHERE "
                  "f.accession_number = '0009000101-03-000004' ORDER BY source, seq)") ==
          "body:9.01:7 body:2.02:12 header:9.01:Financial statements and exhibits "
          "header:2.02:Results of Operations and Financial Condition");
    CHECK(one(db, "SELECT group_concat(d.type || '=' || d.text_in_items, ' ') FROM documents d "
                  "JOIN filings f USING (filing_id) WHERE f.accession_number = "
                  "'0009000101-03-000004'") == "8-K=1 EX-99.1=0");
    // The same accession from the .txt and the feed's .nc: the full submission wins.
    CHECK(one(db, "SELECT source_kind FROM filings WHERE accession_number = '0009000101-21-000007'") ==
          "full_submission");
    CHECK(one(db, "SELECT count(DISTINCT filing_id) FROM ingest_files WHERE source_member LIKE "
                  "'%0009000101-21-000007.nc' OR source_path LIKE '%0009000101-21-000007.txt'") == "1");
    // Acceptance times converted from US Eastern to UTC, on both sides of daylight time.
    CHECK(one(db, "SELECT acceptance_datetime FROM filings WHERE accession_number = "
                  "'0009000101-21-000007'") == "2021-03-15T20:30:45Z");
    CHECK(one(db, "SELECT acceptance_datetime FROM filings WHERE accession_number = "
                  "'0009000404-21-000009'") == "2021-03-01T13:30:15Z");
    // Legacy 1997 header items mapped through the crosswalk; current ones kept.
    CHECK(one(db, "SELECT group_concat(item_raw || '=' || item_code, ' ') FROM (SELECT i.* FROM "
                  "items i JOIN filings f USING (filing_id) WHERE f.accession_number = "
                  "'0009000101-97-000003' AND i.source = 'header' ORDER BY i.seq)") == "5=8.01 7=9.01");
    CHECK(one(db, "SELECT source_kind || ' ' || form_type || ' ' || is_amendment FROM filings "
                  "WHERE accession_number = '0009000404-21-000010'") == "nc 8-K/A 1");
    CHECK(one(db, "SELECT source_kind FROM filings WHERE accession_number = '0009000404-21-000009'") ==
          "hdr_sgml");
    CHECK(one(db, "SELECT source_kind FROM filings WHERE accession_number = '0009000202-03-000005'") ==
          "bare");
    CHECK(one(db, "SELECT source_member FROM filings WHERE accession_number = '0009000202-06-000011'") ==
          "0009000202-06-000011.txt");
    // Registrants accumulate: the newest filing's name and address, the old name as a former name.
    CHECK(one(db, "SELECT name || ' / ' || state_of_incorporation || ' / ' || business_city FROM "
                  "registrants WHERE cik = 9000101") == "QUILLFEATHER ANALYTICS INC / DE / AUSTIN");
    CHECK(one(db, "SELECT count(*) FROM former_names WHERE cik = 9000101 AND former_name = "
                  "'QUILLFEATHER DATA SYSTEMS INC'") == "1");
    CHECK(one(db, "SELECT state_of_incorporation || ' ' || ifnull(irs_number, 'NULL') FROM "
                  "registrants WHERE cik = 9000404") == "E9 NULL");
    CHECK(one(db, "SELECT irs_number FROM registrants WHERE cik = 9000303") == "061234567");
    // A person gets a name and an address only.
    CHECK(one(db, "SELECT name || ' ' || ifnull(sic_code, 'NULL') FROM registrants WHERE cik = 9000505") ==
          "Delacroix Marguerite A NULL");
    CHECK(one(db, "SELECT role FROM filing_parties p JOIN filings f USING (filing_id) WHERE "
                  "f.accession_number = '0009000505-21-000002' AND p.cik = 9000505") == "reporting_owner");
    // The Form 4's primary registrant is the issuer, not the person.
    CHECK(one(db, "SELECT cik FROM filings WHERE accession_number = '0009000505-21-000002'") == "9000101");
    // The uuencoded GIF is measured, not stored as text.
    CHECK(one(db, "SELECT content_kind || ' ' || bytes || ' ' || (text IS NULL) FROM documents d JOIN "
                  "filings f USING (filing_id) WHERE f.accession_number = '0009000101-21-000007' AND "
                  "d.type = 'GRAPHIC'") == "binary 62 1");

    // The whole database, row for row.
    const std::string dump = portable_dump(db, sample);
    const fs::path golden = fs::path(EDGARSQL_FIXTURES) / "sample-expected" / "sample.dump";
    if (const char* update = std::getenv("EDGARSQL_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        write_file(golden, dump);
    }
    CHECK(dump == read_file(golden));

    // One parser thread or two, and a second run: the same database.
    const fs::path serial = tmp / "serial.db";
    REQUIRE(run_edgarsql("ingest -q --jobs 1 --db " + q(serial) + " " + q(sample)).exit_code == 0);
    CHECK(portable_dump(serial, sample) == dump);
    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + q(sample)).exit_code == 0);
    CHECK(portable_dump(db, sample) == dump);
}

// docs/schema.md says that its examples are values of the sample database: each column's
// example is looked up in that column. Left out, as schema.md says: PostgreSQL-only columns,
// times (TIMESTAMPTZ columns: those of the run) and the filtered_… columns (from a run with
// --forms); and versions, edgarsql's and the parser's, which change with releases.
TEST_CASE("docs/schema.md: every example is a value of the sample database", "[e2e][sample]") {
    TempDir tmp;
    const fs::path sample = tmp / "sample";
    REQUIRE(run_command("bash " + q(fs::path(EDGARSQL_SOURCE_DIR) / "scripts" / "make-sample") +
                        " " + q(sample))
                .exit_code == 0);
    const fs::path db = tmp / "sample.db";
    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + q(sample)).exit_code == 0);

    const std::string md = read_file(fs::path(EDGARSQL_SOURCE_DIR) / "docs" / "schema.md");
    std::istringstream lines(md.substr(0, md.find("\n## Views")));
    const std::regex heading(R"(### `(\w+)`)");
    const std::regex row(R"(\| `(\w+)` \| (\w+|-) \| (\w+|-) \| .* \| `(.*)` \|)");
    SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
    std::string line;
    std::string table;
    int checked = 0;
    while (std::getline(lines, line)) {
        std::smatch m;
        if (std::regex_match(line, m, heading)) table = m[1];
        if (table.empty() || !std::regex_match(line, m, row)) continue;
        const std::string column = m[1];
        if (m[2] == "-" || m[3] == "TIMESTAMPTZ" || column.rfind("filtered_", 0) == 0 ||
            column == "version" || column == "parser_version")
            continue;
        // Written escaped in the table: '\|' is '|', '\n' a line break.
        std::string example;
        const std::string written = m[4];
        for (std::size_t i = 0; i < written.size(); ++i) {
            if (written[i] == '\\' && i + 1 < written.size() &&
                (written[i + 1] == '|' || written[i + 1] == 'n')) {
                example += written[++i] == 'n' ? '\n' : '|';
            } else {
                example += written[i];
            }
        }
        INFO(table << "." << column << ": " << example);
        SQLite::Statement count(database, "SELECT count(*) FROM " + table + " WHERE CAST(" +
                                              column + " AS TEXT) = ?");
        count.bind(1, example);
        REQUIRE(count.executeStep());
        CHECK(count.getColumn(0).getInt() > 0);
        ++checked;
    }
    CHECK(checked > 100);
}
