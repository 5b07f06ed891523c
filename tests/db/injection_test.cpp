// Injection-proof writes: every value reaches the database as a bound parameter (or, for
// PostgreSQL, through COPY), so names and texts holding quotes, backslashes, SQL comments,
// tabs, newlines, COPY escapes and bytes that are not UTF-8 are stored exactly as given and
// never change the schema. Runs on SQLite always, and on PostgreSQL when EDGARSQL_TEST_PG
// names a database the test may fill (a postgresql:// URL to an empty, disposable database).

#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "db/backend.hpp"
#include "support/test_support.hpp"

namespace {

using namespace edgarsql;
using edgarsql::test::TempDir;

const std::vector<std::string>& nasty_values() {
    static const std::vector<std::string> values = {
        "O'BRIEN & SONS' \"QUOTED\" INC",
        "'; DROP TABLE filings; --",
        "\"; DROP TABLE documents; --",
        "back\\slash \\N \\\\ \\t \\. end\\",
        "tab\there\tand\nnew\r\nlines\n",
        "-- comment /* block */ ; SELECT 1;",
        "$$ dollar $$ $tag$ x $tag$",
        "%s %d %n {} {0} ?1 :name @p $1",
        "\xe2\x80\x99 curly \xc3\xa9 \xf0\x9f\x93\x88 emoji",
    };
    return values;
}

// Bytes that are not UTF-8. SQLite stores them as given; PostgreSQL refuses them, which is why
// the parser hands the database only sanitized UTF-8 (see hostile tests for the whole path).
const std::string kInvalidUtf8 = std::string("bad \xff\xfe \xc3\x28 \xed\xa0\x80 end");

model::Filing nasty_filing(const std::string& accession, const std::string& value) {
    model::Filing f;
    f.accession_number = accession;
    f.form_type = value;
    f.form_family = "8-K";
    f.filed_date = "2024-03-01";
    f.source_kind = model::SourceKind::full_submission;
    f.document_count = 1;
    model::Party p;
    p.seq = 1;
    p.role = "filer";
    p.cik = 1000777;
    p.name = value;
    p.company_data = true;
    p.business.street1 = value;
    f.parties.push_back(p);
    f.cik = p.cik;
    f.header_fields.push_back({1, value, value});
    model::Item item;
    item.item_raw = value;
    item.title = value;
    item.seq = 1;
    f.items.push_back(item);
    model::Document d;
    d.sequence = 1;
    d.type = value;
    d.filename = value;
    d.description = value;
    d.content_kind = "text";
    d.charset = "utf-8";
    d.text = value;
    d.bytes = static_cast<std::int64_t>(value.size());
    d.sha256 = std::string(64, 'c');
    f.documents.push_back(d);
    f.warnings.push_back(value);
    return f;
}

db::InputResult input_for(const model::Filing& f, const std::string& path) {
    db::InputResult r;
    r.source.path = path;
    r.source.member = f.form_type;  // a member name is user data too
    r.source.bytes = 10;
    r.source.mtime = 1700000000;
    r.source.sha256 = std::string(64, 'd');
    r.status = db::InputStatus::ingested;
    r.filing = f;
    r.parser_version = 1;
    return r;
}

// Writes one filing per nasty value and reads every stored column back.
void check_round_trip(db::Backend& backend, bool with_invalid_utf8) {
    backend.migrate();
    const std::int64_t run = backend.begin_run({"test", "edgarsql ingest '; DROP TABLE x; --"});
    std::vector<std::string> values = nasty_values();
    if (with_invalid_utf8) values.push_back(kInvalidUtf8);
    std::vector<db::InputResult> batch;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string acc = "0001000777-24-" + std::string(6 - std::to_string(i).size(), '0') +
                                std::to_string(i);
        batch.push_back(input_for(nasty_filing(acc, values[i]), "/data/" + values[i]));
    }
    backend.write_batch(run, batch);
    backend.finish_run(run, {}, "ok");

    for (std::size_t i = 0; i < values.size(); ++i) {
        INFO("value #" << i);
        const std::string acc = batch[i].filing->accession_number;
        const std::string where = " WHERE f.accession_number = '" + acc + "'";
        const std::vector<std::string> queries = {
            "SELECT f.form_type FROM filings f" + where,
            "SELECT f.warnings FROM filings f" + where,
            "SELECT p.name FROM filing_parties p JOIN filings f USING (filing_id)" + where,
            "SELECT p.business_street1 FROM filing_parties p JOIN filings f USING (filing_id)" +
                where,
            "SELECT h.path FROM header_fields h JOIN filings f USING (filing_id)" + where,
            "SELECT h.value FROM header_fields h JOIN filings f USING (filing_id)" + where,
            "SELECT i.item_raw FROM items i JOIN filings f USING (filing_id)" + where,
            "SELECT d.type FROM documents d JOIN filings f USING (filing_id)" + where,
            "SELECT d.filename FROM documents d JOIN filings f USING (filing_id)" + where,
            "SELECT d.text FROM documents d JOIN filings f USING (filing_id)" + where,
            "SELECT i.source_member FROM ingest_files i JOIN filings f USING (filing_id)" + where,
        };
        for (const auto& q : queries) {
            INFO(q);
            const auto rows = backend.query(q);
            REQUIRE(rows.size() == 1);
            REQUIRE(rows[0][0].has_value());
            CHECK(*rows[0][0] == values[i]);
        }
        const auto path = backend.query(
            "SELECT i.source_path FROM ingest_files i JOIN filings f USING (filing_id)" + where);
        REQUIRE(path.size() == 1);
        CHECK(path[0][0].value_or("") == "/data/" + values[i]);
    }
    // Nothing was dropped or added: every table is still there with the expected row counts.
    CHECK(backend.query("SELECT count(*) FROM filings")[0][0].value_or("") ==
          std::to_string(values.size()));
    CHECK(backend.query("SELECT count(*) FROM documents")[0][0].value_or("") ==
          std::to_string(values.size()));
    CHECK(backend.query("SELECT count(*) FROM registrants")[0][0].value_or("") == "1");
    CHECK(backend.query("SELECT count(*) FROM ingest_runs")[0][0].value_or("0") != "0");
}

}  // namespace

TEST_CASE("injection: hostile values are stored exactly, as bound parameters (SQLite)", "[db]") {
    TempDir dir;
    auto backend = db::open_backend((dir / "edgar.db").string());
    check_round_trip(*backend, /*with_invalid_utf8=*/true);
    // The dump of such values is still one line per row: tabs, newlines and backslashes are
    // escaped, so the dump cannot be forged either.
    std::ostringstream dump;
    backend->dump(dump);
    CHECK(dump.str().find("\tand\nnew") == std::string::npos);
    CHECK(dump.str().find("DROP TABLE filings") != std::string::npos);
}

TEST_CASE("injection: hostile values are stored exactly (PostgreSQL, EDGARSQL_TEST_PG)",
          "[db][postgres]") {
    const char* url = std::getenv("EDGARSQL_TEST_PG");
    if (url == nullptr || *url == '\0') {
        WARN("EDGARSQL_TEST_PG not set: PostgreSQL injection test not run");
        SUCCEED();
        return;
    }
    auto backend = db::open_backend(url);
    check_round_trip(*backend, /*with_invalid_utf8=*/false);
}
