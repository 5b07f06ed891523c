// What only the SQLite backend does, against a temporary database file: its schema file, the
// run lock, bulk mode, URL routing, concurrent first migrations, persons in registrants and the
// dump's keys. The behaviour both backends share (precedence, registrants, atomic batches,
// lookups, migrations) is tested once for both in conformance_tests.cpp.

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "db/backend.hpp"
#include "db/dump.hpp"
#include "db/migrations.hpp"
#include "support/test_support.hpp"

using namespace edgarsql;
using edgarsql::test::TempDir;

namespace {

model::Party company(std::int64_t cik, const std::string& name, const std::string& role = "filer") {
    model::Party p;
    p.role = role;
    p.seq = 1;
    p.cik = cik;
    p.name = name;
    p.company_data = true;
    return p;
}

model::Filing make_filing(const std::string& accession, const std::string& filed_date,
                          model::SourceKind kind = model::SourceKind::full_submission) {
    model::Filing f;
    f.accession_number = accession;
    f.form_type = "8-K";
    f.form_family = "8-K";
    f.filed_date = filed_date;
    f.period_of_report = filed_date;
    f.acceptance_datetime = filed_date + "T14:30:00Z";
    f.source_kind = kind;
    f.document_count = 1;
    model::Party p = company(1000001, "ACME WIDGETS INC");
    p.sic_code = 3690;
    p.sic_description = "MISC ELECTRICAL MACHINERY";
    p.state_of_incorporation = "DE";
    p.business.city = "SPRINGFIELD";
    f.parties.push_back(p);
    f.cik = p.cik;
    f.header_fields.push_back({1, "ACCESSION NUMBER", accession});
    f.header_fields.push_back({2, "FILER/COMPANY DATA/COMPANY CONFORMED NAME", p.name});
    model::Item item;
    item.item_code = "2.02";
    item.item_raw = "2.02";
    item.title = "Results of Operations and Financial Condition";
    item.seq = 1;
    f.items.push_back(item);
    model::Document d;
    d.sequence = 1;
    d.type = "8-K";
    d.content_kind = "text";
    d.charset = "utf-8";
    d.text = "Item 2.02. Results.\nRevenue rose.\n";
    d.bytes = static_cast<std::int64_t>(d.text->size());
    d.sha256 = std::string(64, 'a');
    f.documents.push_back(d);
    model::Exhibit x;
    x.seq = 1;
    x.exhibit_number = "99.1";
    x.description = "Press release";
    x.listed_in_index = true;
    f.exhibits.push_back(x);
    return f;
}

db::InputResult make_input(const std::string& path, const model::Filing& f,
                           const std::string& sha256, int parser_version = 1,
                           const std::string& member = "") {
    db::InputResult r;
    r.source.path = path;
    r.source.member = member;
    r.source.bytes = 1234;
    r.source.mtime = 1700000000;
    r.source.sha256 = sha256;
    r.status = db::InputStatus::ingested;
    r.filing = f;
    r.parser_version = parser_version;
    return r;
}

std::string sha(char c) {
    return std::string(64, c);
}

struct TestDb {
    TempDir dir;
    std::string path = (dir / "edgar.db").string();
    std::unique_ptr<db::Backend> backend = open();

    std::unique_ptr<db::Backend> open(const db::OpenOptions& options = {}) {
        auto b = db::open_backend(path, options);
        b->migrate();
        return b;
    }
    std::int64_t run() { return backend->begin_run({"test", "edgarsql ingest"}); }
    void write(const std::vector<db::InputResult>& batch) { backend->write_batch(run(), batch); }
    std::string dump() {
        std::ostringstream out;
        backend->dump(out);
        return out.str();
    }
    std::string scalar(const std::string& sql) {
        auto rows = backend->query(sql);
        REQUIRE(rows.size() == 1);
        REQUIRE(rows[0].size() == 1);
        return rows[0][0].value_or("NULL");
    }
};

// sqlite_master as `.schema` would print it, whitespace collapsed, for comparison.
std::string normalize_sql(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string schema_of(db::Backend& b) {
    std::string out;
    for (const auto& row : b.query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                   "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
        out += *row[0] + ";\n\n";
    }
    return out;
}

}  // namespace

TEST_CASE("migrations produce exactly schema/sqlite.sql", "[db]") {
    TestDb t;
    const std::string actual = schema_of(*t.backend);
    const std::string file = std::string(EDGARSQL_SOURCE_DIR) + "/schema/sqlite.sql";
    if (const char* update = std::getenv("EDGARSQL_UPDATE_SCHEMA"); update && *update == '1') {
        test::write_file(file,
                         "-- The full SQLite schema that migrations/sqlite/*.sql produce "
                         "(sqlite_master, in creation order).\n-- Generated by the [db] test "
                         "with EDGARSQL_UPDATE_SCHEMA=1; a test checks that it matches.\n\n" +
                             actual);
    }
    std::string expected = test::read_file(file);
    // Drop the file's leading comment lines.
    while (expected.rfind("--", 0) == 0) expected.erase(0, expected.find('\n') + 1);
    CHECK(normalize_sql(actual) == normalize_sql(expected));
    CHECK(t.scalar("PRAGMA page_size") == "65536");
    CHECK(t.scalar("PRAGMA journal_mode") == "wal");
    CHECK(t.scalar("PRAGMA foreign_keys") == "1");
}

TEST_CASE("a full database stops the batch with a fatal error that names the database",
          "[db]") {
    TestDb t;
    const std::int64_t run_id = t.run();
    // No room for one more page: the next write fails as a full disk does.
    const std::string pages = t.scalar("PRAGMA page_count");
    t.backend->query("PRAGMA max_page_count = " + pages);
    model::Filing big = make_filing("0001000001-24-000031", "2024-03-01");
    big.documents.front().text = std::string(2'000'000, 'x');
    try {
        t.backend->write_batch(run_id, {make_input("/f/big.txt", big, sha('3'))});
        FAIL("the write succeeded");
    } catch (const db::Error& e) {
        INFO(e.what());
        CHECK(e.fatal());
        CHECK(std::string(e.what()).find("SQLite database " + t.path + ": write_batch") !=
              std::string::npos);
        CHECK(std::string(e.what()).find("full") != std::string::npos);
    }
    CHECK(t.scalar("SELECT count(*) FROM filings") == "0");
}

TEST_CASE("persons update only name and address of a registrant", "[db]") {
    TestDb t;
    model::Filing company_filing = make_filing("0001000001-20-000002", "2020-01-01");
    company_filing.parties[0].cik = 2000002;
    t.write({make_input("/q/company.txt", company_filing, sha('1'))});

    model::Filing form4 = make_filing("0001000001-24-000004", "2024-01-01");
    model::Party owner;
    owner.role = "reporting_owner";
    owner.seq = 2;
    owner.cik = 2000002;
    owner.name = "DOE JANE";
    owner.company_data = false;
    owner.state_of_incorporation = "NV";
    owner.sic_code = 1111;
    owner.business.city = "SHELBYVILLE";
    owner.mail.street1 = "1 MAIN ST";
    form4.parties.push_back(owner);
    t.write({make_input("/q/form4.txt", form4, sha('2'))});

    CHECK(t.scalar("SELECT name || business_city || mail_street1 FROM registrants "
                   "WHERE cik = 2000002") == "DOE JANESHELBYVILLE1 MAIN ST");
    CHECK(t.scalar("SELECT state_of_incorporation || sic_code FROM registrants "
                   "WHERE cik = 2000002") == "DE3690");
    CHECK(t.scalar("SELECT count(*) FROM filing_parties WHERE cik = 2000002") == "2");
}

TEST_CASE("runs are recorded and a leftover running run is abandoned", "[db]") {
    TestDb t;
    const std::int64_t first = t.run();
    const std::int64_t second = t.run();
    CHECK(second > first);
    CHECK(t.scalar("SELECT status FROM ingest_runs WHERE run_id = " + std::to_string(first)) ==
          "abandoned");
    db::RunCounts c;
    c.files_seen = 5;
    c.files_ingested = 4;
    c.files_rejected = 1;
    c.bytes_read = 999;
    t.backend->finish_run(second, c, "rejects");
    CHECK(t.scalar("SELECT status || files_seen || files_ingested || files_rejected || bytes_read "
                   "FROM ingest_runs WHERE run_id = " +
                   std::to_string(second)) == "rejects541999");
    const std::string finished =
        t.scalar("SELECT finished_at FROM ingest_runs WHERE run_id = " + std::to_string(second));
    CHECK(finished.size() == 20);
    CHECK(finished.back() == 'Z');
}

TEST_CASE("the dump keys children by accession and sorts rows", "[db]") {
    TestDb t;
    model::Filing later = make_filing("0001000001-24-000011", "2024-03-11");
    model::Filing earlier = make_filing("0001000001-24-000010", "2024-03-10");
    t.write({make_input("/d/b.txt", later, sha('2')), make_input("/d/a.txt", earlier, sha('1'))});
    const std::string d = t.dump();
    CHECK(d.rfind("# edgarsql dump 1\n## registrants\ncik\tname", 0) == 0);
    const auto p10 = d.find("0001000001-24-000010\t1\tACCESSION NUMBER");
    const auto p11 = d.find("0001000001-24-000011\t1\tACCESSION NUMBER");
    REQUIRE(p10 != std::string::npos);
    REQUIRE(p11 != std::string::npos);
    CHECK(p10 < p11);
    CHECK(d.find("\\N") != std::string::npos);
    for (const char* excluded : {"## ingest_runs", "## ingest_archives", "## schema_migrations",
                                 "filing_id", "run_id", "mtime"}) {
        CHECK(d.find(excluded) == std::string::npos);
    }
    for (const char* section :
         {"## former_names\n", "## filings\n", "## filing_parties\n", "## header_fields\n",
          "## items\n", "## documents\n", "## exhibits\n", "## ingest_files\n"}) {
        CHECK(d.find(section) != std::string::npos);
    }
}

TEST_CASE("bulk mode builds a database without a journal", "[db]") {
    TempDir dir;
    const std::string path = (dir / "bulk.db").string();
    db::OpenOptions options;
    options.bulk = true;
    auto b = db::open_backend("sqlite:" + path, options);
    b->migrate();
    CHECK(b->empty());
    CHECK(b->query("PRAGMA journal_mode")[0][0].value_or("") == "off");
    auto lookup = b->open_lookup();
    b->write_batch(
        b->begin_run({"test", "bulk"}),
        {make_input("/k/a.txt", make_filing("0001000001-24-000012", "2024-03-12"), sha('1'))});
    CHECK_FALSE(b->empty());
    CHECK_FALSE(lookup->find_input("/k/a.txt", "").has_value());
}

TEST_CASE("committed pages reach the database file while the writer goes on", "[db]") {
    // A background connection checkpoints the WAL after the writer's commits. SQLite's own
    // automatic checkpoint would wait for 1,000 pages (64 MiB); here 24 MiB of text are
    // committed, and the database file must grow past them while the backend is still open.
    TestDb t;
    std::vector<db::InputResult> batch;
    for (int i = 0; i < 96; ++i) {
        const std::string acc = "0001000001-24-" + std::to_string(200000 + i);
        model::Filing f = make_filing(acc, "2024-03-12");
        std::string text(256 * 1024, ' ');
        for (std::size_t j = 0; j < text.size(); j += 8)
            text[j] = static_cast<char>('a' + (j + static_cast<std::size_t>(i)) % 26);
        f.documents[0].text = text;
        batch.push_back(make_input("/w/" + acc + ".txt", f, sha('1')));
    }
    const std::int64_t run = t.run();
    t.backend->write_batch(run, batch);
    const auto file_bytes = [&] { return std::filesystem::file_size(t.path); };
    for (int waited = 0; waited < 200 && file_bytes() < 24u * 1024 * 1024; ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(file_bytes() >= 24u * 1024 * 1024);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the checkpoint's last pages
    // The checkpointed WAL is written again from its start: it does not keep growing.
    batch.clear();
    for (int i = 0; i < 96; ++i) {
        const std::string acc = "0001000001-25-" + std::to_string(200000 + i);
        model::Filing f = make_filing(acc, "2025-03-12");
        f.documents[0].text = std::string(256 * 1024, 'q');
        batch.push_back(make_input("/w/" + acc + ".txt", f, sha('2')));
    }
    t.backend->write_batch(run, batch);
    const std::filesystem::path wal = t.path + "-wal";
    REQUIRE(std::filesystem::exists(wal));
    CHECK(std::filesystem::file_size(wal) < 40u * 1024 * 1024);
    CHECK(t.scalar("SELECT count(*) FROM documents") == "192");
    CHECK(t.scalar("PRAGMA integrity_check") == "ok");
}

TEST_CASE("open_backend routes URLs and mask_password hides secrets", "[db]") {
    for (const char* url :
         {"postgresql://u:secret@host/db", "postgres://host/db", "host=db1 dbname=edgar"}) {
        try {
            db::open_backend(url);
            FAIL("opened " << url);
        } catch (const db::Error& e) {
            CHECK(e.fatal());
            CHECK(std::string(e.what()).find("PostgreSQL") != std::string::npos);
            CHECK(std::string(e.what()).find("secret") == std::string::npos);
        }
    }
    CHECK(db::mask_password("postgresql://alice:s3cr%40t@db.example:5432/edgar") ==
          "postgresql://alice:***@db.example:5432/edgar");
    CHECK(db::mask_password("postgres://alice@db/edgar") == "postgres://alice@db/edgar");
    CHECK(db::mask_password("host=db password=hunter2 dbname=edgar") ==
          "host=db password=*** dbname=edgar");
    CHECK(db::mask_password("host=db password = 'two words' user=x") ==
          "host=db password = *** user=x");
    CHECK(db::mask_password("postgresql://db/edgar?user=bob&password=pw&sslmode=require") ==
          "postgresql://db/edgar?user=bob&password=***&sslmode=require");
    CHECK(db::mask_password("edgarsql ingest --db postgresql://u:pw@h/d /data") ==
          "edgarsql ingest --db postgresql://u:***@h/d /data");
    CHECK(db::mask_password("edgar.db") == "edgar.db");
    CHECK(db::mask_password("PASSWORD=x") == "PASSWORD=***");
}

TEST_CASE("two connections migrating a fresh file at once both succeed", "[db]") {
    TempDir dir;
    const std::string path = (dir / "race.db").string();
    std::vector<std::string> errors(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < errors.size(); ++i) {
        threads.emplace_back([&, i] {
            try {
                db::open_backend(path)->migrate();
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    }
    for (auto& th : threads) th.join();
    for (const std::string& e : errors) {
        INFO(e);
        CHECK(e.empty());
    }
    auto b = db::open_backend(path);
    CHECK(b->query("SELECT count(*) FROM schema_migrations")[0][0].value_or("") ==
          std::to_string(db::migrations_for("sqlite").size()));
}

// Not run by default: `edgarsql_db_tests "[.bench]"` prints the write rate.
TEST_CASE("write_batch throughput", "[.bench]") {
    TestDb t;
    constexpr int kFilings = 20000;
    constexpr std::size_t kBatch = 500;
    model::Filing base = make_filing("", "2024-01-01");
    for (int i = 3; i <= 40; ++i)
        base.header_fields.push_back({i, "FILER/FIELD", "value " + std::to_string(i)});
    const std::int64_t run_id = t.run();
    std::int64_t rows = 0;
    std::vector<std::vector<db::InputResult>> batches(1);
    for (int i = 0; i < kFilings; ++i) {
        model::Filing f = base;
        std::array<char, 32> acc{};
        std::snprintf(acc.data(), acc.size(), "%010d-24-%06d", 1000000 + i % 5000, i);
        f.accession_number = acc.data();
        f.parties[0].cik = 1000000 + i % 5000;
        rows +=
            2 + static_cast<std::int64_t>(f.parties.size() + f.header_fields.size() +
                                          f.items.size() + f.documents.size() + f.exhibits.size());
        if (batches.back().size() == kBatch) batches.emplace_back();
        batches.back().push_back(make_input("/bench/" + std::to_string(i) + ".txt", f, sha('a')));
    }
    const auto start = std::chrono::steady_clock::now();
    for (const auto& batch : batches) t.backend->write_batch(run_id, batch);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WARN(kFilings << " filings, " << rows << " rows in " << seconds
                  << " s: " << static_cast<double>(rows) / seconds << " rows/s, "
                  << kFilings / seconds << " filings/s");
    CHECK(t.scalar("SELECT count(*) FROM filings") == std::to_string(kFilings));
}
