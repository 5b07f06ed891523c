// PostgreSQL end to end, through the CLI: the same trees give the same dump as SQLite; several
// writers and several processes over overlapping shards change nothing in the result; a run
// whose server connection is killed stops with exit 1 and a re-run finishes it; a password in
// --db is never shown. Needs $EDGARSQL_TEST_PG (see tests/db/postgres_test_support.hpp).

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "db/backend.hpp"
#include "db/postgres_test_support.hpp"
#include "ops_support.hpp"
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
std::string q(const fs::path& p) { return q(p.string()); }

fs::path script(const std::string& name) { return fs::path(EDGARSQL_SOURCE_DIR) / "scripts" / name; }

// A synthetic tree of scripts/gen-tree: `filings` submissions, corrections, .nc.tar.gz archives.
fs::path gen_tree(const TempDir& tmp, int filings) {
    const fs::path tree = tmp / "tree";
    const CommandResult r = run_command("bash " + q(script("gen-tree")) + " " + q(tree) + " " +
                                        std::to_string(filings) + " 7");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    return tree;
}

std::string dump(const std::string& db) {
    const CommandResult r = run_edgarsql("dump --db " + q(db));
    INFO(r.out.substr(0, 2000));
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::string scalar(const std::string& url, const std::string& sql) {
    auto b = edgarsql::db::open_backend(url);
    const auto rows = b->query(sql);
    REQUIRE(rows.size() == 1);
    return rows[0][0].value_or("NULL");
}

// The URL with `password` added to its user ('postgresql://user@…' only).
std::string with_password(const std::string& url, const std::string& password) {
    const std::size_t scheme = url.find("://");
    const std::size_t at = url.find('@');
    REQUIRE(scheme != std::string::npos);
    REQUIRE(at != std::string::npos);
    REQUIRE(url.find(':', scheme + 3) > at);
    return url.substr(0, at) + ":" + password + url.substr(at);
}

}  // namespace

TEST_CASE("postgres: the sample tree and the e2e fixtures dump the same as from SQLite",
          "[e2e][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path sample = tmp / "sample";
    const CommandResult made = run_command("bash " + q(script("make-sample")) + " " + q(sample));
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
    const std::string roots =
        q(sample) + " " + q(fs::path(EDGARSQL_FIXTURES) / "e2e");

    const std::string sqlite = (tmp / "edgar.db").string();
    const CommandResult lite = run_edgarsql("ingest -q --db " + q(sqlite) + " " + roots);
    INFO(lite.out);
    PostgresDb pg;
    const CommandResult post = run_edgarsql("ingest -q --db " + q(pg.url()) + " " + roots);
    INFO(post.out);
    CHECK(post.exit_code == lite.exit_code);
    CHECK((lite.exit_code == 0 || lite.exit_code == 3));

    const std::string expected = dump(sqlite);
    CHECK(expected.find("0009000101-21-000007") != std::string::npos);
    CHECK(expected.find("0001900001-21-000007") != std::string::npos);
    CHECK(dump(pg.url()) == expected);
    CHECK(scalar(pg.url(), "SELECT count(*) FROM filings") ==
          scalar(sqlite, "SELECT count(*) FROM filings"));
}

TEST_CASE("names that are not UTF-8 are stored escaped, on both backends", "[e2e][postgres]") {
    // File names are bytes on Linux. PostgreSQL refused them as text, and the failed lookup
    // stopped the whole run on every run; SQLite stored invalid UTF-8.
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    edgarsql::test::write_file(tree / std::string("caf\xE9.txt"),
                               edgarsql::test::ops::synthetic_filing("0001990000-21-000101", "8-K",
                                                                "20210301", 1990100, "CAFE ONE"));
    edgarsql::test::write_file(tree / std::string("dir\xFF") / "ok.txt",
                               edgarsql::test::ops::synthetic_filing("0001990000-21-000102", "8-K",
                                                                "20210302", 1990100, "CAFE ONE"));
    const fs::path stage = tmp / "stage";
    edgarsql::test::write_file(stage / std::string("m\xE9mber.txt"),
                               edgarsql::test::ops::synthetic_filing("0001990000-21-000103", "8-K",
                                                                "20210303", 1990100, "CAFE ONE"));
    REQUIRE(run_command("tar -C " + q(stage) + " -cf " + q(tree / "names.tar") + " .").exit_code ==
            0);
    const auto check = [&tree](const std::string& db) {
        const CommandResult first = run_edgarsql("ingest -q --db " + q(db) + " " + q(tree));
        INFO(first.out);
        CHECK(first.exit_code == 0);
        CHECK(scalar(db, "SELECT count(*) FROM filings") == "3");
        const std::string root = tree.string();
        CHECK(scalar(db, "SELECT count(*) FROM ingest_files WHERE source_path = '" + root +
                             "/caf%E9.txt'") == "1");
        CHECK(scalar(db, "SELECT count(*) FROM filings WHERE source_path = '" + root +
                             "/dir%FF/ok.txt'") == "1");
        CHECK(scalar(db, "SELECT source_member FROM ingest_files WHERE source_member <> ''") ==
              "./m%E9mber.txt");
        // The next run finds them under the same names: nothing read again.
        const CommandResult second = run_edgarsql("ingest --db " + q(db) + " " + q(tree));
        INFO(second.out);
        CHECK(second.exit_code == 0);
        CHECK(second.out.find("3 inputs seen, 0 ingested, 3 skipped") != std::string::npos);
    };
    check((tmp / "edgar.db").string());
    if (!edgarsql::test::postgres_available()) return;
    PostgresDb pg;
    check(pg.url());
}

TEST_CASE("postgres: --writers 2 stores exactly what one writer stores", "[e2e][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path tree = gen_tree(tmp, 240);
    const std::string sqlite = (tmp / "one.db").string();
    const CommandResult one = run_edgarsql("ingest -q --batch-size 7 --db " + q(sqlite) + " " + q(tree));
    INFO(one.out);
    REQUIRE(one.exit_code == 0);

    PostgresDb pg;
    const CommandResult two =
        run_edgarsql("ingest -q --writers 2 --batch-size 7 --db " + q(pg.url()) + " " + q(tree));
    INFO(two.out);
    REQUIRE(two.exit_code == 0);
    CHECK(dump(pg.url()) == dump(sqlite));
    // Every archive was recorded complete by whichever writer committed its last member, so
    // a second run opens nothing.
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_archives WHERE complete") ==
          scalar(sqlite, "SELECT count(*) FROM ingest_archives WHERE complete"));
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_archives") != "0");
    const CommandResult again =
        run_edgarsql("ingest --writers 2 --db " + q(pg.url()) + " " + q(tree));
    INFO(again.out);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find(" 0 ingested") != std::string::npos);
    CHECK(again.out.find(" 0 rejected") != std::string::npos);

    // SQLite has one writer: asking for more is a usage error.
    const CommandResult refused =
        run_edgarsql("ingest --writers 2 --db " + q(tmp / "other.db") + " " + q(tree));
    CHECK(refused.exit_code == 2);
    CHECK(refused.out.find("--writers 2 needs PostgreSQL") != std::string::npos);
}

TEST_CASE("postgres: three processes over overlapping shards of a fresh database",
          "[e2e][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path tree = gen_tree(tmp, 300);
    const std::string sqlite = (tmp / "single.db").string();
    const CommandResult single = run_edgarsql("ingest -q --db " + q(sqlite) + " " + q(tree));
    INFO(single.out);
    REQUIRE(single.exit_code == 0);

    // Shards 1/2 and 2/2 and the whole tree at once, into a database nobody migrated yet.
    PostgresDb pg;
    std::string cmd;
    const std::vector<std::string> shards = {"--shard 1/2", "--shard 2/2", ""};
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const std::string n = std::to_string(i);
        cmd += "( " + q(std::string(EDGARSQL_BINARY)) + " ingest -q --batch-size 9 " + shards[i] +
               " --db " + q(pg.url()) + " " + q(tree) + " > " + q(tmp / ("out" + n)) +
               " 2>&1; echo $? > " + q(tmp / ("code" + n)) + " ) & ";
    }
    const CommandResult all = run_command(cmd + "wait");
    INFO(all.out);
    for (int i = 0; i < 3; ++i) {
        const std::string n = std::to_string(i);
        INFO("process " << i << ": " << read_file(tmp / ("out" + n)));
        CHECK(read_file(tmp / ("code" + n)) == "0\n");
    }
    CHECK(dump(pg.url()) == dump(sqlite));
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs") == "3");
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") == "3");
    CHECK(scalar(pg.url(), "SELECT count(*) - count(DISTINCT accession_number) FROM filings") ==
          "0");
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_files") ==
          scalar(sqlite, "SELECT count(*) FROM ingest_files"));
}

TEST_CASE("postgres: a run whose connection is terminated stops; a re-run completes it",
          "[e2e][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    TempDir tmp;
    const fs::path tree = gen_tree(tmp, 1500);
    PostgresDb pg;
    const std::string migrate = run_edgarsql("migrate --db " + q(pg.url())).out;
    INFO(migrate);
    const std::string ingest =
        "ingest --jobs 1 --batch-size 5 --db " + q(pg.url()) + " " + q(tree);

    CommandResult first;
    std::thread runner([&] { first = run_edgarsql(ingest); });
    // Wait until some batches are committed, then cut every connection to the database.
    std::int64_t seen = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (seen < 50 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        seen = std::stoll(scalar(pg.url(), "SELECT count(*) FROM ingest_files"));
    }
    edgarsql::db::postgres::execute(
        edgarsql::test::postgres_server(),
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + pg.name() +
            "' AND pid <> pg_backend_pid()");
    runner.join();
    INFO(first.out);
    REQUIRE(seen >= 50);
    CHECK(first.exit_code == 1);
    CHECK(first.out.find("ingest failed: PostgreSQL") != std::string::npos);
    CHECK(first.out.find("edgarsql ingest: failed;") != std::string::npos);
    // What was committed stays.
    const std::int64_t kept = std::stoll(scalar(pg.url(), "SELECT count(*) FROM ingest_files"));
    CHECK(kept >= seen);
    CHECK(kept < 1500);

    const CommandResult second = run_edgarsql(ingest);
    INFO(second.out);
    CHECK(second.exit_code == 0);
    CHECK(second.out.find(" skipped") != std::string::npos);
    // The cut run is recorded 'failed', through a new connection; none is left 'running'.
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs WHERE status = 'failed' AND "
                           "finished_at IS NOT NULL AND files_seen > 0") == "1");
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs WHERE status = 'running'") == "0");
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") == "1");

    const std::string sqlite = (tmp / "clean.db").string();
    const CommandResult clean = run_edgarsql("ingest -q --db " + q(sqlite) + " " + q(tree));
    REQUIRE(clean.exit_code == 0);
    CHECK(dump(pg.url()) == dump(sqlite));
}

TEST_CASE("postgres: a password in --db never appears in output, logs, report or runs",
          "[e2e][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    const std::string secret = "Pw-9xQ7-secret";
    TempDir tmp;
    PostgresDb pg;
    // The test server trusts loopback connections, so a password is accepted and ignored.
    const std::string url = with_password(pg.url(), secret);
    const fs::path log = tmp / "edgarsql.log";
    const fs::path report = tmp / "report.json";
    std::string all;
    for (const std::string& args :
         {"migrate --db " + q(url), "migrate --status --db " + q(url),
          "ingest -vv --log-file " + q(log) + " --report " + q(report) + " --db " + q(url) + " " +
              q(fs::path(EDGARSQL_FIXTURES) / "e2e"),
          "stats --db " + q(url)}) {
        const CommandResult r = run_edgarsql(args);
        INFO(args << "\n" << r.out);
        CHECK(r.exit_code == 0);
        all += r.out;
    }
    const std::string report_text = read_file(report);
    const std::string log_text = read_file(log);
    CHECK(report_text.find("***") != std::string::npos);
    CHECK(all.find(secret) == std::string::npos);
    CHECK(report_text.find(secret) == std::string::npos);
    CHECK(log_text.find(secret) == std::string::npos);
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs WHERE arguments LIKE '%***%'") == "1");
    CHECK(scalar(pg.url(), "SELECT count(*) FROM ingest_runs WHERE arguments LIKE '%" + secret +
                               "%'") == "0");

    // A connection that fails: the message names the server, never the password.
    for (const std::string& bad :
         {"postgresql://edgar:" + secret + "@127.0.0.1:1/nowhere?connect_timeout=3",
          "host=127.0.0.1 port=1 dbname=nowhere user=edgar password=" + secret +
              " connect_timeout=3"}) {
        for (const std::string cmd : {"ingest", "stats", "migrate"}) {
            const std::string args = cmd + " --db " + q(bad) +
                                     (cmd == "ingest" ? " " + q(fs::path(EDGARSQL_FIXTURES) / "e2e")
                                                      : std::string());
            const CommandResult r = run_edgarsql(args);
            INFO(args << "\n" << r.out);
            CHECK(r.exit_code == 1);
            CHECK(r.out.find(secret) == std::string::npos);
            CHECK(r.out.find("***") != std::string::npos);
        }
    }
}
