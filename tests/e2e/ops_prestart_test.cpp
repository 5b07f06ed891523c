// Operations: what happens before a run starts and around it. A run that stops before it
// starts still writes its report; PATH arguments are checked (missing, empty, overlapping);
// a dry run never migrates; inputs refused by --max-input-bytes are read once the limit
// allows; the SQLite run lock follows symlinks; read-only commands never create or write.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "db/backend.hpp"
#include "db/postgres_test_support.hpp"
#include "e2e/ops_support.hpp"

using namespace edgarsql::test;
using namespace edgarsql::test::ops;

namespace {

nlohmann::json report_of(const fs::path& path) { return nlohmann::json::parse(read_file(path)); }

}  // namespace

TEST_CASE("ops: a run that stops before it starts replaces the report with a failed one",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 2);
    const fs::path report = dir / "last.json";
    const std::string db = (dir / "g.db").string();
    const std::string with_report = "-q --report " + q(report);
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", with_report)).exit_code == 0);
    REQUIRE(report_of(report)["status"] == "ok");

    auto check_failed = [&](const std::string& db_arg, const std::string& extra, int code,
                            const std::string& error_part) {
        const SplitResult r =
            run_split(dir.path(), ingest_args(db_arg, dir / "tree", with_report + " " + extra));
        INFO(r.err);
        CHECK(r.exit_code == code);
        const nlohmann::json j = report_of(report);
        CHECK(j["status"] == "failed");
        CHECK(j["exit_code"] == code);
        CHECK(j["run_id"] == 0);
        CHECK(j["error"].get<std::string>().find(error_part) != std::string::npos);
        CHECK(r.err.find(error_part) != std::string::npos);
        // Reset to a good report for the next case.
        REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", with_report)).exit_code == 0);
        REQUIRE(report_of(report)["status"] == "ok");
    };
    // An unreachable server.
    check_failed("postgresql://postgres@127.0.0.1:1/nope", "", 1, "cannot open database");
    // A schema newer than the binary.
    {
        const fs::path newer = dir / "newer.db";
        REQUIRE(run_split(dir.path(), ingest_args(newer.string(), dir / "tree", "-q")).exit_code ==
                0);
        SQLite::Database d(newer.string(), SQLite::OPEN_READWRITE);
        d.exec("INSERT INTO schema_migrations (version, name, applied_at) "
               "VALUES (9999, 'future', '2030-01-01T00:00:00Z')");
    }
    check_failed((dir / "newer.db").string(), "", 1, "newer than this edgarsql knows");
    // --bulk on a database that holds filings: a usage error.
    check_failed(db, "--bulk", 2, "--bulk builds a new database only");
    // edgarsql's own usage checks after the command line was read.
    check_failed(db, "--since 2021-02-30", 2, "2021-02-30");
    check_failed(db, "--shard 3/2", 2, "--shard must be K/N");
    check_failed((dir / "w.db").string(), "--writers 2", 2, "needs PostgreSQL");
    // A missing PATH (see below).
    check_failed(db, q(dir / "nonexistent"), 1, "nonexistent");
}

TEST_CASE("ops: a missing PATH fails the run before it starts, naming the path", "[e2e]") {
    TempDir dir;
    const fs::path db = dir / "x.db";
    const fs::path missing = dir / "srv" / "nonexistent";
    const SplitResult r = run_split(dir.path(), ingest_args(db.string(), missing, "-q"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(missing.string()) != std::string::npos);
    CHECK(r.err.find("No such file or directory") != std::string::npos);
    // Checked before the database is opened: no run, no rejected input to retry every night.
    CHECK_FALSE(fs::exists(db));
}

TEST_CASE("ops: a PATH that holds no input is an error naming it, not silence, even with -q",
          "[e2e]") {
    TempDir dir;
    fs::create_directories(dir / "mnt" / "mirror");  // an unmounted, empty mount point
    write_tree(dir / "tree", 1);
    const std::string db = (dir / "a.db").string();
    const SplitResult r = run_split(
        dir.path(), "ingest -q --no-progress --db " + q(db) + " " + q(dir / "tree") + " " +
                        q(dir / "mnt" / "mirror"));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("error PATH " + (dir / "mnt" / "mirror").string() + " holds no input") !=
          std::string::npos);
    CHECK(r.err.find((dir / "tree").string() + " holds no input") == std::string::npos);
}

TEST_CASE("ops: a PATH inside another PATH is walked once", "[e2e]") {
    TempDir dir;
    write_tree(dir / "gen", 5);
    const std::string db = (dir / "a.db").string();
    const SplitResult r = run_split(
        dir.path(), "ingest -v --no-progress --db " + q(db) + " " + q(dir / "gen") + " " +
                        q(dir / "gen" / "edgar") + " " + q(dir / "gen"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("5 inputs seen, 5 ingested") != std::string::npos);
    CHECK(sql_one(dir / "a.db", "SELECT count(*) FROM ingest_files") == "5");
    CHECK(r.err.find("PATH " + (dir / "gen" / "edgar").string() + " dropped: it lies inside "
                     "PATH " + (dir / "gen").string()) != std::string::npos);
}

TEST_CASE("ops: --max-errors must not be negative", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 1);
    const SplitResult r = run_split(
        dir.path(), ingest_args((dir / "a.db").string(), dir / "tree", "--max-errors -1"));
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "a.db"));
    CHECK(run_split(dir.path(),
                    ingest_args((dir / "a.db").string(), dir / "tree", "-q --max-errors 0"))
              .exit_code == 0);
}

TEST_CASE("ops: inputs refused by --max-input-bytes are read once the limit allows them",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 3);
    // A plain file, a compressed stream and an archive member over 20000 bytes.
    const std::string pad(30000, 'x');
    const std::string big = synthetic_filing(accession(2021, 901), "8-K", "20210301", 1990100,
                                             "OSPREY WIDGET WORKS 0 " + pad);
    write_file(dir / "tree" / "big.txt", big);
    write_file(dir / "stage" / "gz.txt", synthetic_filing(accession(2021, 902), "8-K", "20210302",
                                                          1990100, "OSPREY " + pad));
    write_file(dir / "stage" / "member.txt",
               synthetic_filing(accession(2021, 903), "8-K", "20210303", 1990100, "WIDGET " + pad));
    write_file(dir / "stage" / "small.txt",
               synthetic_filing(accession(2021, 904), "8-K", "20210304", 1990100, "SMALL"));
    REQUIRE(run_command("gzip -c " + q(dir / "stage" / "gz.txt") + " > " +
                        q(dir / "tree" / "gz.txt.gz"))
                .exit_code == 0);
    REQUIRE(run_command("tar -C " + q(dir / "stage") + " -cf " + q(dir / "tree" / "feed.tar") +
                        " member.txt small.txt")
                .exit_code == 0);
    const std::string db = (dir / "a.db").string();
    const SplitResult limited =
        run_split(dir.path(), ingest_args(db, dir / "tree", "-q --max-input-bytes 20000"));
    INFO(limited.out << limited.err);
    CHECK(limited.exit_code == 3);
    CHECK(sql_one(dir / "a.db", "SELECT count(*) FROM ingest_files WHERE stage = 'limit'") == "3");
    // The same limit: still refused, so skipped.
    const SplitResult same =
        run_split(dir.path(), ingest_args(db, dir / "tree", "--max-input-bytes 20000"));
    CHECK(same.exit_code == 0);
    CHECK(same.out.find("0 ingested") != std::string::npos);
    // A lower limit refuses them too.
    CHECK(run_split(dir.path(), ingest_args(db, dir / "tree", "-q --max-input-bytes 10000"))
              .exit_code == 0);
    // The limit raised (here, dropped): all three are read and ingested.
    const SplitResult raised = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(raised.out << raised.err);
    CHECK(raised.exit_code == 0);
    CHECK(raised.out.find("3 ingested") != std::string::npos);
    CHECK(sql_one(dir / "a.db", "SELECT count(*) FROM ingest_files WHERE status = 'rejected'") ==
          "0");
    CHECK(sql_one(dir / "a.db", "SELECT count(*) FROM filings") == "7");
}

TEST_CASE("ops: a dry run does not migrate a database whose schema is behind", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 3);
    // A database with no schema at all.
    const fs::path bare = dir / "bare.db";
    {
        SQLite::Database d(bare.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        d.exec("CREATE TABLE notes (x)");
    }
    const std::string before = read_file(bare);
    SplitResult r = run_split(dir.path(), ingest_args(bare.string(), dir / "tree", "-v --dry-run"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("3 inputs seen, 3 ingested") != std::string::npos);
    CHECK(r.err.find("does not migrate") != std::string::npos);
    CHECK(read_file(bare) == before);

    // A database one migration behind.
    const fs::path behind = dir / "behind.db";
    REQUIRE(run_split(dir.path(), ingest_args(behind.string(), dir / "tree", "-q")).exit_code == 0);
    {
        SQLite::Database d(behind.string(), SQLite::OPEN_READWRITE);
        d.exec("DELETE FROM schema_migrations WHERE version = "
               "(SELECT max(version) FROM schema_migrations)");
    }
    const std::string migrations = sql_one(behind, "SELECT count(*) FROM schema_migrations");
    r = run_split(dir.path(), ingest_args(behind.string(), dir / "tree", "--dry-run"));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("3 inputs seen, 3 ingested") != std::string::npos);
    CHECK(sql_one(behind, "SELECT count(*) FROM schema_migrations") == migrations);
    CHECK(sql_one(behind, "SELECT count(*) FROM ingest_runs") == "1");
}

TEST_CASE("ops: a dry run does not migrate a PostgreSQL database", "[e2e][postgres]") {
    if (!postgres_available()) return;
    TempDir dir;
    write_tree(dir / "tree", 2);
    PostgresDb pg;
    const SplitResult r = run_split(dir.path(), ingest_args(pg.url(), dir / "tree", "--dry-run"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("2 inputs seen, 2 ingested") != std::string::npos);
    auto b = edgarsql::db::open_backend(pg.url());
    CHECK(b->query("SELECT to_regclass('schema_migrations')::text")[0][0] == std::nullopt);
}

TEST_CASE("ops: the SQLite run lock holds for every name of the database file", "[e2e]") {
    TempDir dir;
    const std::string real = (dir / "s.db").string();
    edgarsql::db::OpenOptions open;
    open.busy_timeout_ms = 300;
    auto first = edgarsql::db::open_backend(real, open);
    first->migrate();
    const std::int64_t run = first->begin_run({"test", "first"});
    fs::create_symlink(dir / "s.db", dir / "slink.db");
    auto second = edgarsql::db::open_backend((dir / "slink.db").string(), open);
    try {
        second->begin_run({"test", "second"});
        FAIL("a run through a symlink started while another held the database");
    } catch (const edgarsql::db::Error& e) {
        CHECK(std::string(e.what()).find("another edgarsql run holds the database") !=
              std::string::npos);
    }
    CHECK(first->query("SELECT status FROM ingest_runs WHERE run_id = " +
                       std::to_string(run))[0][0] == std::optional<std::string>("running"));
    CHECK(fs::exists(dir / "s.db-lock"));
    CHECK_FALSE(fs::exists(dir / "slink.db-lock"));
    first->finish_run(run, {}, "ok");
}

TEST_CASE("ops: read-only commands create no database and write none", "[e2e]") {
    TempDir dir;
    const fs::path typo = dir / "typo.db";
    for (const std::string& command :
         {std::string("stats"), std::string("dump"), std::string("search widget"),
          std::string("migrate --status")}) {
        const SplitResult r = run_split(dir.path(), command + " --db " + q(typo));
        INFO(command << ": " << r.err);
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("no such database: " + typo.string()) != std::string::npos);
        CHECK_FALSE(fs::exists(typo));
    }
    write_tree(dir / "tree", 2);
    // --writers is refused for SQLite before the file is created.
    const SplitResult writers =
        run_split(dir.path(), ingest_args((dir / "new.db").string(), dir / "tree", "--writers 2"));
    CHECK(writers.exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "new.db"));

    // A database in rollback-journal mode (built by --bulk): opening it to write would turn
    // it to WAL, which changes its header. Read-only commands leave every byte as it was,
    // and leave no -wal or -shm file behind.
    const fs::path db = dir / "bulk.db";
    REQUIRE(run_split(dir.path(), ingest_args(db.string(), dir / "tree", "-q --bulk")).exit_code ==
            0);
    REQUIRE(sql_one(db, "PRAGMA journal_mode") != "wal");
    ::chmod(db.c_str(), 0444);
    const std::string before = read_file(db);
    for (const std::string& command :
         {std::string("stats"), std::string("dump"), std::string("search widget"),
          std::string("migrate --status")}) {
        const SplitResult r = run_split(dir.path(), command + " --db " + q(db));
        INFO(command << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(read_file(db) == before);
        CHECK_FALSE(fs::exists(dir / "bulk.db-wal"));
        CHECK_FALSE(fs::exists(dir / "bulk.db-shm"));
    }
}

TEST_CASE("ops: a WAL database in a directory the reader cannot write is read, nothing created",
          "[e2e]") {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read |
                                    fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
    write_tree(dir / "tree", 3);
    const fs::path pub = dir / "pub";
    const fs::path db = pub / "edgar.db";
    fs::create_directories(pub);
    REQUIRE(run_split(dir.path(), ingest_args(db.string(), dir / "tree", "-q")).exit_code == 0);
    REQUIRE(sql_one(db, "PRAGMA journal_mode") == "wal");
    const std::string expected = dump(db);
    // Those two reads left an empty -wal and its -shm behind (the directory was writable).
    fs::remove(pub / "edgar.db-wal");
    fs::remove(pub / "edgar.db-shm");
    // The reader: another account (root reads any directory it likes, so it becomes nobody),
    // running a copy of the binary it may execute.
    const fs::path binary = dir / "edgarsql";
    fs::copy_file(EDGARSQL_BINARY, binary);
    ::chmod(binary.c_str(), 0755);
    const std::string as_reader =
        ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
    ::chmod(db.c_str(), 0444);
    ::chmod(pub.c_str(), 0555);
    for (const std::string& command :
         {std::string("stats"), std::string("dump"), std::string("search widget"),
          std::string("migrate --status")}) {
        INFO(command);
        const CommandResult r = run_command(as_reader + q(binary) + " " + command + " --db " +
                                            q(db) + " 2>&1");
        INFO(r.out);
        CHECK(r.exit_code == 0);
        if (command == "dump") CHECK(r.out == expected);
        CHECK_FALSE(fs::exists(pub / "edgar.db-wal"));
        CHECK_FALSE(fs::exists(pub / "edgar.db-shm"));
    }
    ::chmod(pub.c_str(), 0755);
}

TEST_CASE("ops: --include and --exclude take one GLOB each, and the PATHs after them stay PATHs",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "a", 3);
    write_tree(dir / "b", 2, 2020);
    for (const char* option : {"--include '*.txt'", "--exclude '*.xml'"}) {
        INFO(option);
        const fs::path db = dir / (std::string(option).substr(2, 7) + ".db");
        const SplitResult r =
            run_split(dir.path(), "ingest --no-progress --db " + q(db) + " " + option + " " +
                                      q(dir / "a") + " " + q(dir / "b"));
        INFO(r.out << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find("5 inputs seen, 5 ingested") != std::string::npos);
    }
}

TEST_CASE("ops: an option given an empty value is a usage error, not the option left out",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 2);
    const fs::path db = dir / "a.db";
    for (const char* option : {"--forms ''", "--since ''", "--until ''", "--shard ''",
                               "--include ''", "--exclude ' '", "--report ''", "--log-file ''"}) {
        INFO(option);
        const SplitResult r = run_split(dir.path(), "ingest --no-progress --db " + q(db) + " " +
                                                        option + " " + q(dir / "tree"));
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("empty value") != std::string::npos);
        CHECK_FALSE(fs::exists(db));
    }
    // '--opt=' with nothing after it: CLI11 would take the next argument (a PATH) instead.
    for (const char* option : {"--exclude=", "--include=", "--forms=", "--db=", "--since="}) {
        INFO(option);
        const SplitResult r = run_split(dir.path(), "ingest --no-progress --db " + q(db) + " " +
                                                        option + " " + q(dir / "tree") + " " +
                                                        q(dir / "tree"));
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("empty value") != std::string::npos);
        CHECK_FALSE(fs::exists(db));
    }
    // A value that ends in '=' is a value: a glob, a libpq password in base64.
    const SplitResult glob = run_split(
        dir.path(), "ingest --no-progress --dry-run --db " + q(db) + " --include='*=' " +
                        q(dir / "tree"));
    CHECK(glob.exit_code == 0);
    CHECK(glob.out.find("0 inputs seen") != std::string::npos);
    // --db '' would be ./edgar.db.
    const SplitResult r =
        run_split(dir.path(), "ingest --no-progress --db '' " + q(dir / "tree"));
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "edgar.db"));
}

TEST_CASE("ops: a report that is a directory, or a log file that cannot be opened, fails the "
          "run before it starts",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 2);
    fs::create_directories(dir / "reports");
    const SplitResult r = run_split(
        dir.path(), "ingest -q --no-progress --db " + q(dir / "a.db") + " --report " +
                        q(dir / "reports") + " " + q(dir / "tree"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("cannot write report") != std::string::npos);
    CHECK(r.err.find("Is a directory") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "a.db"));
    // The last run's report said ok: it says failed now.
    write_file(dir / "last.json", "{\"status\": \"ok\"}");
    // Under a file, not a directory: no directory can be made for it.
    const SplitResult log = run_split(
        dir.path(), "ingest -q --no-progress --db " + q(dir / "b.db") + " --log-file " +
                        q(dir / "last.json" / "x.log") + " --report " + q(dir / "last.json") +
                        " " + q(dir / "tree"));
    CHECK(log.exit_code == 1);
    CHECK(log.err.find("cannot open --log-file") != std::string::npos);
    CHECK(read_file(dir / "last.json").find("\"status\": \"failed\"") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "b.db"));
}
