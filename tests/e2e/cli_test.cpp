// The command line itself: parse --json, migrate --status, stats, usage errors, --version.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using edgarsql::test::CommandResult;
using edgarsql::test::run_command;
using edgarsql::test::run_edgarsql;
using edgarsql::test::TempDir;
using edgarsql::test::write_file;

namespace {
std::string q(const fs::path& p) { return edgarsql::test::quoted(p); }
fs::path e2e_fixture(const std::string& name) {
    return fs::path(EDGARSQL_FIXTURES) / "e2e" / name;
}
}  // namespace

TEST_CASE("parse --json prints what would be stored, without a database", "[e2e]") {
    TempDir tmp;
    CommandResult r =
        run_command("cd " + q(tmp.path()) + " && '" + EDGARSQL_BINARY + "' parse --json " +
                    q(e2e_fixture("bluegill_8k_2021.txt")) + " 2>/dev/null");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["status"] == "ingested");
    CHECK(j["parser_version"].get<int>() >= 1);
    CHECK(j["source_sha256"].get<std::string>().size() == 64);
    const auto& f = j["filing"];
    CHECK(f["accession_number"] == "0001900001-21-000007");
    CHECK(f["form_family"] == "8-K");
    CHECK(f["filed_date"] == "2021-03-15");
    CHECK(f["acceptance_datetime"] == "2021-03-15T20:30:15Z");
    CHECK(f["cik"] == 1900001);
    REQUIRE(f["parties"].size() == 1);
    CHECK(f["parties"][0]["business"]["street1"] == "200 HARBOR WAY");
    CHECK(f["parties"][0]["sic_code"] == 3559);
    REQUIRE(f["items"].size() >= 2);
    CHECK(f["items"][0]["item_code"] == "2.02");
    REQUIRE(f["documents"].size() == 2);
    CHECK(f["documents"][1]["type"] == "EX-99.1");
    CHECK(f["documents"][1]["text"].get<std::string>().find("revenue & margin") != std::string::npos);
    CHECK(!f["header_fields"].empty());
    // No database was created as a side effect.
    CHECK(fs::is_empty(tmp.path()));
}

TEST_CASE("parse --json shows a header line without a value as the database stores it",
          "[e2e]") {
    TempDir tmp;
    write_file(tmp / "0001900002-21-000003.txt",
               "<SEC-DOCUMENT>0001900002-21-000003.txt : 20210316\n"
               "<SEC-HEADER>0001900002-21-000003.hdr.sgml : 20210316\n"
               "ACCESSION NUMBER:\t\t0001900002-21-000003\nCONFORMED SUBMISSION TYPE:\t4\n"
               "FILED AS OF DATE:\t\t20210316\nREPORTING-OWNER:\n\tOWNER DATA:\n"
               "\t\tCOMPANY CONFORMED NAME:\t\tPIKE ROSA\n"
               "\t\tCENTRAL INDEX KEY:\t\t0001900003\n\t\tORGANIZATION NAME:\t\n"
               "</SEC-HEADER>\n<DOCUMENT>\n<TYPE>4\n<SEQUENCE>1\n<TEXT>\nForm 4 of Pike Rosa.\n"
               "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n");
    const fs::path input = tmp / "0001900002-21-000003.txt";
    CommandResult r = run_edgarsql("parse --json " + q(input) + " 2>/dev/null");
    REQUIRE(r.exit_code == 0);
    const auto fields = nlohmann::json::parse(r.out)["filing"]["header_fields"];
    const fs::path db = tmp / "x.db";
    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + q(input)).exit_code == 0);
    SQLite::Database d(db.string());
    SQLite::Statement rows(d, "SELECT seq, path, value FROM header_fields ORDER BY seq");
    std::size_t n = 0;
    for (; rows.executeStep(); ++n) {
        REQUIRE(n < fields.size());
        INFO(rows.getColumn(1).getString());
        CHECK(fields[n]["seq"] == rows.getColumn(0).getInt());
        CHECK(fields[n]["path"] == rows.getColumn(1).getString());
        if (rows.getColumn(2).isNull()) {
            CHECK(fields[n]["value"].is_null());
        } else {
            CHECK(fields[n]["value"] == rows.getColumn(2).getString());
        }
    }
    CHECK(n == fields.size());
    const auto org = std::find_if(fields.begin(), fields.end(), [](const auto& f) {
        return f["path"] == "REPORTING-OWNER/OWNER DATA/ORGANIZATION NAME";
    });
    REQUIRE(org != fields.end());
    CHECK((*org)["value"].is_null());
    CHECK(fields[0]["path"] == "SEC-HEADER");
}

TEST_CASE("parse --json of an archive lists every member", "[e2e]") {
    TempDir tmp;
    REQUIRE(run_command("cp " + q(e2e_fixture("0001900001-21-000007.nc")) + " " +
                        q(e2e_fixture("bluegill_8k_2019.txt")) + " " + q(tmp.path()) + " && tar -C " +
                        q(tmp.path()) + " -czf " + q(tmp / "feed.tar.gz") +
                        " 0001900001-21-000007.nc bluegill_8k_2019.txt")
                .exit_code == 0);
    CommandResult r = run_edgarsql("parse --json " + q(tmp / "feed.tar.gz") + " 2>/dev/null");
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 2);
    CHECK(j[0]["source_member"] == "0001900001-21-000007.nc");
    CHECK(j[0]["filing"]["source_kind"] == "nc");
    CHECK(j[1]["filing"]["accession_number"] == "0001900001-19-000003");
}

TEST_CASE("parse of a FILE that is not there exits 1, as ingest does for its PATH", "[e2e]") {
    TempDir tmp;
    CommandResult r = run_edgarsql("parse " + q(tmp / "missing.txt"));
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("missing.txt: cannot access") != std::string::npos);
    r = run_edgarsql("parse --json /dev/null");
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("not a directory or regular file") != std::string::npos);
    // A file that is there and would be rejected is still exit 3.
    write_file(tmp / "empty.txt", "");
    r = run_edgarsql("parse " + q(tmp / "empty.txt"));
    INFO(r.out);
    CHECK(r.exit_code == 3);
    CHECK(r.out.find("rejected at detect") != std::string::npos);
}

TEST_CASE("migrate, migrate --status and stats", "[e2e]") {
    TempDir tmp;
    const fs::path db = tmp / "m.db";
    // --status only reads: a database that does not exist is an error, and stays missing.
    CommandResult status = run_edgarsql("migrate --status --db " + q(db));
    CHECK(status.exit_code == 1);
    CHECK(status.out.find("no such database") != std::string::npos);
    CHECK_FALSE(fs::exists(db));
    write_file(db, "");  // an empty file is an empty SQLite database
    status = run_edgarsql("migrate --status --db " + q(db));
    CHECK(status.exit_code == 3);  // pending migrations
    CHECK(status.out.find("pending") != std::string::npos);
    CommandResult m = run_edgarsql("migrate --db " + q(db));
    CHECK(m.exit_code == 0);
    status = run_edgarsql("migrate --status --db " + q(db));
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("0001") != std::string::npos);
    CHECK(status.out.find("pending") == std::string::npos);

    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + q(e2e_fixture("bluegill_8k_2021.txt")))
                .exit_code == 0);
    CommandResult stats = run_edgarsql("stats --db " + q(db));
    INFO(stats.out);
    REQUIRE(stats.exit_code == 0);
    CHECK(stats.out.find("filings") != std::string::npos);
    CHECK(stats.out.find("Last runs") != std::string::npos);
    CHECK(stats.out.find("Rejected inputs: 0") != std::string::npos);
}

TEST_CASE("usage errors exit 2, --version prints the version", "[e2e]") {
    CHECK(run_edgarsql("").exit_code == 2);
    CHECK(run_edgarsql("no-such-command").exit_code == 2);
    CHECK(run_edgarsql("ingest").exit_code == 2);  // PATH is required
    CHECK(run_edgarsql("ingest --shard 3/2 x").exit_code == 2);
    CHECK(run_edgarsql("ingest --jobs 0 x").exit_code == 2);
    CommandResult v = run_edgarsql("--version");
    CHECK(v.exit_code == 0);
    CHECK(v.out.find('.') != std::string::npos);
}

TEST_CASE("a database that cannot be opened ends the run with exit code 1", "[e2e]") {
    TempDir tmp;
    // A directory is not a database file.
    CommandResult r = run_edgarsql("ingest -q --db " + q(tmp.path()) + " " +
                                   q(e2e_fixture("bluegill_8k_2021.txt")));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("cannot open database") != std::string::npos);
}

TEST_CASE("commands that only read refuse a database of a newer schema", "[e2e]") {
    TempDir tmp;
    const std::string db = (tmp / "a.db").string();
    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + q(e2e_fixture("bluegill_8k_2021.txt")))
                .exit_code == 0);
    CHECK(run_edgarsql("stats --db " + q(db)).exit_code == 0);
    SQLite::Database(db, SQLite::OPEN_READWRITE)
        .exec("INSERT INTO schema_migrations VALUES (9999, 'future', '2030-01-01T00:00:00Z')");
    for (const char* command : {"stats", "dump", "search report", "migrate --status"}) {
        INFO(command);
        const CommandResult r = run_edgarsql(std::string(command) + " --db " + q(db));
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("newer than this edgarsql knows") != std::string::npos);
    }
}

TEST_CASE("output that cannot be written fails the command", "[e2e]") {
    TempDir tmp;
    const std::string db = (tmp / "a.db").string();
    const std::string filing = q(e2e_fixture("bluegill_8k_2021.txt"));
    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + filing).exit_code == 0);
    for (const std::string& command :
         {"stats --db " + q(db), "dump --db " + q(db), "search report --db " + q(db),
          "parse --json " + filing, "migrate --status --db " + q(db)}) {
        INFO(command);
        const CommandResult r = run_command("'" + std::string(EDGARSQL_BINARY) + "' " +
                                            command + " 2>&1 >/dev/full");
        CHECK(r.exit_code == 1);
    }
}

namespace {
enum class Piped { out, err, both };

/// Runs the binary with `args`, its stdout, stderr or both the write end of a pipe whose
/// reader is gone before it starts, and SIGPIPE at its default action, as a shell pipeline
/// into `head` leaves it: every write fails with EPIPE (or kills). The other stream goes to
/// `file`. Returns the raw wait status.
int run_into_closed_pipe(const std::vector<std::string>& args, Piped piped,
                         const fs::path& file) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    close(fds[0]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (const int fd : {1, 2}) {
        if (piped == Piped::both || (piped == Piped::out) == (fd == 1)) {
            posix_spawn_file_actions_adddup2(&actions, fds[1], fd);
        } else {
            posix_spawn_file_actions_addopen(&actions, fd, file.c_str(),
                                             O_WRONLY | O_CREAT | O_TRUNC, 0644);
        }
    }
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    std::vector<std::string> all = {EDGARSQL_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, EDGARSQL_BINARY, &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(fds[1]);
    REQUIRE(spawned == 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return status;
}
}  // namespace

TEST_CASE("a reader that closes the pipe is an output error, not a fatal signal", "[e2e]") {
    TempDir tmp;
    const std::string db = (tmp / "a.db").string();
    const std::string filing = e2e_fixture("bluegill_8k_2021.txt").string();
    REQUIRE(run_edgarsql("ingest -q --db " + q(db) + " " + q(filing)).exit_code == 0);
    const fs::path err = tmp / "err.txt";
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"dump", "--db", db},
                                               {"stats", "--db", db},
                                               {"parse", "--json", filing}}) {
        INFO(args[0]);
        const int status = run_into_closed_pipe(args, Piped::out, err);
        CHECK_FALSE(WIFSIGNALED(status));
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 1);
        CHECK(edgarsql::test::read_file(err).find("Broken pipe") != std::string::npos);
    }
    // An ingest whose log goes into a closed pipe runs to its end and records it.
    const int status =
        run_into_closed_pipe({"ingest", "-vv", "--force", "--db", db, filing}, Piped::err, err);
    CHECK_FALSE(WIFSIGNALED(status));
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    // Its summary lost in a closed pipe, the data intact: the run is ok, the command is not.
    const int lost =
        run_into_closed_pipe({"ingest", "--force", "--db", db, filing}, Piped::out, err);
    CHECK(WIFEXITED(lost));
    CHECK(WEXITSTATUS(lost) == 1);
    CHECK(edgarsql::test::read_file(err).find("cannot write the summary: Broken pipe") !=
          std::string::npos);
    // Both streams into it: nothing to say it with, the same exit code.
    const int both =
        run_into_closed_pipe({"ingest", "-vv", "--force", "--db", db, filing}, Piped::both, err);
    CHECK(WIFEXITED(both));
    CHECK(WEXITSTATUS(both) == 1);
    SQLite::Database d(db);
    CHECK(d.execAndGet("SELECT group_concat(status, ',') FROM (SELECT status FROM ingest_runs "
                       "ORDER BY run_id)")
              .getString() == "ok,ok,ok,ok");
}

TEST_CASE("a database that is not edgarsql's, or not there, is named as such", "[e2e]") {
    TempDir tmp;
    const std::string other = (tmp / "other.db").string();
    SQLite::Database(other, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE)
        .exec("CREATE TABLE notes (body TEXT)");
    for (const char* command : {"stats", "dump", "search report"}) {
        INFO(command);
        const CommandResult r = run_edgarsql(std::string(command) + " --db " + q(other));
        CHECK(r.exit_code == 1);
        CHECK(r.out.find("holds no edgarsql schema") != std::string::npos);
    }
    // reconcile compares an index with what was ingested: a mistyped database is no new one.
    const fs::path missing = tmp / "typo.db";
    const CommandResult r =
        run_edgarsql("reconcile --db " + q(missing) + " " +
                     q(fs::path(EDGARSQL_FIXTURES) / "index" / "master.idx"));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("no such database") != std::string::npos);
    CHECK_FALSE(fs::exists(missing));
}
