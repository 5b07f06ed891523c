// Resource faults end to end: a full disk and an unreachable database server end the run
// cleanly (exit 1, a message saying what failed), the database stays intact, and a re-run
// once the fault is gone completes with the same data as a run that never failed.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "e2e/hostile_support.hpp"

namespace fs = std::filesystem;
using namespace edgarsql::test;

namespace {

std::string q(const fs::path& p) { return edgarsql::test::quoted(p); }

// A synthetic tree from scripts/gen-tree (deterministic).
fs::path make_tree(const TempDir& dir, int filings) {
    const fs::path tree = dir / "tree";
    const CommandResult r = run_command(q(fs::path(EDGARSQL_SOURCE_DIR) / "scripts" / "gen-tree") +
                                        " " + q(tree) + " " + std::to_string(filings) + " 7");
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    return tree;
}

// 'unshare' with a private mount namespace: directly as root, else in a user namespace.
std::string unshare_prefix() {
    if (run_command("command -v unshare").exit_code != 0) return "";
    const std::string prefix = geteuid() == 0 ? "unshare -m" : "unshare -r -m";
    if (run_command(prefix + " sh -c 'd=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs \"$d\"'")
            .exit_code != 0) {
        return "";
    }
    return prefix;
}

}  // namespace

TEST_CASE("faults: a full disk ends the run with exit 1, the database intact; a re-run completes",
          "[e2e]") {
    const std::string unshare = unshare_prefix();
    if (unshare.empty()) {
        WARN("cannot mount a tmpfs in a private mount namespace here: full-disk test not run");
        SUCCEED();
        return;
    }
    TempDir dir;
    const fs::path tree = make_tree(dir, 200);
    const std::string bin = q(EDGARSQL_BINARY);

    // Reference: the same tree ingested on a roomy disk.
    const CommandResult ref = run_edgarsql("ingest -q --db " + q(dir / "ref.db") + " " + q(tree));
    INFO(ref.out);
    REQUIRE(ref.exit_code == 0);
    REQUIRE(run_command(bin + " dump --db " + q(dir / "ref.db") + " > " + q(dir / "ref.dump"))
                .exit_code == 0);

    // The database lives on a 1 MiB tmpfs that exists only inside the namespace: fill it, check
    // it, grow the filesystem (the fault is fixed), re-run, dump.
    const fs::path mnt = dir / "mnt";
    fs::create_directories(mnt);
    const std::string db = q(mnt / "edgar.db");
    const std::string script =
        "set -u; mount -t tmpfs -o size=1m tmpfs " + q(mnt) + " || exit 90\n" +
        bin + " ingest -q --batch-size 20 --db " + db + " " + q(tree) + "; echo \"first-exit=$?\"\n" +
        "echo \"integrity=$(sqlite3 " + db + " 'PRAGMA integrity_check')\"\n" +
        "echo \"filings-after-fault=$(sqlite3 " + db + " 'SELECT count(*) FROM filings')\"\n" +
        "mount -o remount,size=256m " + q(mnt) + " || exit 91\n" +
        bin + " ingest -q --db " + db + " " + q(tree) + "; echo \"second-exit=$?\"\n" +
        bin + " dump --db " + db + " > " + q(dir / "after.dump") + "; echo \"dump-exit=$?\"\n";
    write_file(dir / "fault.sh", script);
    const CommandResult r = run_command(unshare + " sh " + q(dir / "fault.sh"));
    INFO(r.out);
    CHECK(r.out.find("first-exit=1") != std::string::npos);
    CHECK(r.out.find("integrity=ok") != std::string::npos);
    CHECK(r.out.find("filings-after-fault=<") == std::string::npos);
    const bool says_full = r.out.find("full") != std::string::npos ||
                           r.out.find("No space") != std::string::npos;
    CHECK(says_full);
    CHECK(r.out.find("second-exit=0") != std::string::npos);
    CHECK(r.out.find("dump-exit=0") != std::string::npos);
    CHECK(read_file(dir / "after.dump") == read_file(dir / "ref.dump"));
}

TEST_CASE("faults: a database server that refuses connections ends the run with exit 1",
          "[e2e]") {
    TempDir dir;
    write_file(dir / "tree" / "x.txt", "not a filing");
    const CommandResult r =
        run_edgarsql("ingest -q --db postgresql://edgarsql@127.0.0.1:1/nowhere " + q(dir / "tree"));
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("cannot open database") != std::string::npos);
    CHECK(r.out.find("127.0.0.1") != std::string::npos);
}

TEST_CASE("faults: an unwritable SQLite location ends the run with exit 1 and a reason", "[e2e]") {
    TempDir dir;
    write_file(dir / "tree" / "x.txt", "not a filing");
    const CommandResult r = run_edgarsql("ingest -q --db " + q(dir / "no" / "such" / "dir" / "e.db") +
                                         " " + q(dir / "tree"));
    INFO(r.out);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("cannot open database") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "no"));
}
