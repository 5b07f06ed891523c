// Interruption: SIGTERM stops a running ingest, which commits what is complete, records the run
// as interrupted and exits 143; re-running the same command converges to the database of an
// uninterrupted run. A second signal ends the process at once without a half-written filing.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "e2e/ops_support.hpp"

extern char** environ;

using namespace edgarsql::test;
using namespace edgarsql::test::ops;

namespace {

constexpr int kFilings = 4000;

// Starts `edgarsql ingest` in the background with stdout and stderr to /dev/null.
pid_t spawn_ingest(const fs::path& db, const fs::path& tree) {
    const std::string binary = EDGARSQL_BINARY;
    std::vector<std::string> args = {binary,   "ingest", "-q",           "--db",
                                     db.string(), "--jobs", "1",           "--batch-size",
                                     "20",     "--report", db.string() + ".json", tree.string()};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    return pid;
}

// Waits until the running ingest has committed at least `rows` inputs. Polls; the run is far
// from done by then (kFilings inputs), so the signal lands mid-run.
void wait_for_rows(const fs::path& db, int rows) {
    for (;;) {
        try {
            if (fs::exists(db) && std::stoi("0" + sql_one(db, "SELECT count(*) FROM ingest_files")) >= rows)
                return;
        } catch (const std::exception&) {
            // The schema may not exist yet.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

int exit_code_of(pid_t pid) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string rerun(const fs::path& dir, const fs::path& db, const fs::path& tree, int expected) {
    const SplitResult r = run_split(dir, "ingest -q --db " + q(db) + " --jobs 1 --batch-size 20 " +
                                             q(tree));
    CHECK(r.exit_code == expected);
    return r.out + r.err;
}

}  // namespace

TEST_CASE("ops: SIGTERM mid-run exits 143, records 'interrupted', and a re-run converges",
          "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    write_tree(tree, kFilings);

    const fs::path reference = dir / "reference.db";
    rerun(dir.path(), reference, tree, 0);

    const fs::path db = dir / "interrupted.db";
    const pid_t pid = spawn_ingest(db, tree);
    wait_for_rows(db, 200);
    REQUIRE(kill(pid, SIGTERM) == 0);
    CHECK(exit_code_of(pid) == 143);
    CHECK(sql_one(db, "SELECT status FROM ingest_runs WHERE run_id = 1") == "interrupted");
    const std::string report = read_file(db.string() + ".json");
    CHECK(report.find("\"status\": \"interrupted\"") != std::string::npos);
    CHECK(report.find("\"exit_code\": 143") != std::string::npos);
    const int committed = std::stoi(sql_one(db, "SELECT count(*) FROM ingest_files"));
    CHECK(committed >= 200);
    CHECK(committed < kFilings);
    CHECK(sql_one(db, "SELECT files_ingested FROM ingest_runs WHERE run_id = 1") ==
          std::to_string(committed));
    // Every stored filing is whole.
    CHECK(sql_one(db, "SELECT count(*) FROM filings f WHERE document_count <> (SELECT count(*) "
                      "FROM documents d WHERE d.filing_id = f.filing_id)") == "0");

    INFO(rerun(dir.path(), db, tree, 0));
    CHECK(sql_one(db, "SELECT status FROM ingest_runs WHERE run_id = 2") == "ok");
    CHECK(sql_one(db, "SELECT files_skipped FROM ingest_runs WHERE run_id = 2") ==
          std::to_string(committed));
    CHECK(dump(db) == dump(reference));
}

TEST_CASE("ops: a second signal exits at once without a half-written filing", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    write_tree(tree, kFilings);
    const fs::path db = dir / "killed.db";
    const pid_t pid = spawn_ingest(db, tree);
    wait_for_rows(db, 200);
    REQUIRE(kill(pid, SIGINT) == 0);
    kill(pid, SIGINT);
    const int code = exit_code_of(pid);
    CHECK(code == 130);
    CHECK(sql_one(db, "PRAGMA integrity_check") == "ok");
    CHECK(sql_one(db, "SELECT count(*) FROM filings f WHERE document_count <> (SELECT count(*) "
                      "FROM documents d WHERE d.filing_id = f.filing_id)") == "0");
    // Whatever the first signal managed to record, the next run finishes the rest.
    const std::string status = sql_one(db, "SELECT status FROM ingest_runs WHERE run_id = 1");
    CHECK((status == "interrupted" || status == "running"));
    // The report says the same: never a finished run's status.
    const std::string report = read_file(db.string() + ".json");
    CHECK((report.find("\"status\": \"running\"") != std::string::npos ||
           report.find("\"status\": \"interrupted\"") != std::string::npos));
    rerun(dir.path(), db, tree, 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == std::to_string(kFilings));
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_runs WHERE status = 'running'") == "0");
}

TEST_CASE("ops: a run killed outright leaves its report saying 'running', not the last run's",
          "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    write_tree(tree, kFilings);
    const fs::path db = dir / "killed.db";
    write_file(db.string() + ".json", "{\"status\": \"ok\", \"exit_code\": 0}\n");
    const pid_t pid = spawn_ingest(db, tree);
    wait_for_rows(db, 200);
    REQUIRE(kill(pid, SIGKILL) == 0);
    exit_code_of(pid);
    const std::string report = read_file(db.string() + ".json");
    INFO(report);
    CHECK(report.find("\"status\": \"running\"") != std::string::npos);
    CHECK(report.find("\"exit_code\": null") != std::string::npos);
    CHECK(report.find("\"finished_at\": null") != std::string::npos);
    CHECK(report.find("\"started_at\": \"20") != std::string::npos);
}
