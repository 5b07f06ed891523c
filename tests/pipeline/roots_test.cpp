#include "pipeline/roots.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "support/test_support.hpp"

using namespace edgarsql;
using edgarsql::test::TempDir;
using edgarsql::test::write_file;
namespace fs = std::filesystem;

TEST_CASE("roots: a missing root or one that is neither file nor directory stops the run",
          "[pipeline]") {
    TempDir dir;
    fs::create_directories(dir / "tree");
    const std::string missing = (dir / "nonexistent").string();
    try {
        pipeline::check_roots({(dir / "tree").string(), missing});
        FAIL("a missing root was accepted");
    } catch (const pipeline::RootError& e) {
        CHECK(std::string(e.what()) ==
              "PATH " + missing + ": cannot access: No such file or directory");
    }
    const std::string fifo = (dir / "fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    try {
        pipeline::check_roots({fifo});
        FAIL("a FIFO root was accepted");
    } catch (const pipeline::RootError& e) {
        CHECK(std::string(e.what()) == "PATH " + fifo + ": not a directory or regular file");
    }
}

TEST_CASE("roots: a root inside another one, or given twice, is dropped", "[pipeline]") {
    TempDir dir;
    write_file(dir / "gen" / "edgar" / "a.txt", "a");
    write_file(dir / "gen" / "b.txt", "b");
    write_file(dir / "other" / "c.txt", "c");
    fs::create_directories(dir / "genx");  // shares a prefix with gen, is not inside it
    const std::string gen = (dir / "gen").string();
    const std::string edgar = (dir / "gen" / "edgar").string();
    const std::string other = (dir / "other").string();
    const std::string genx = (dir / "genx").string();

    pipeline::CheckedRoots r = pipeline::check_roots({gen, edgar});
    CHECK(r.roots == std::vector<std::string>{gen});
    REQUIRE(r.dropped.size() == 1);
    CHECK(r.dropped[0].root == edgar);
    CHECK(r.dropped[0].inside == gen);

    // Whatever the order, and for a file root, through '..' or a trailing slash.
    r = pipeline::check_roots({(dir / "gen" / "b.txt").string(), other,
                               (dir / "other" / ".." / "gen/").string(), genx});
    CHECK(r.roots == std::vector<std::string>{other, (dir / "other" / ".." / "gen/").string(),
                                              genx});
    REQUIRE(r.dropped.size() == 1);
    CHECK(r.dropped[0].root == (dir / "gen" / "b.txt").string());

    // The same root twice, once by a symlink: the first one given stays.
    fs::create_directory_symlink(dir / "gen", dir / "link");
    r = pipeline::check_roots({gen, (dir / "link").string(), gen});
    CHECK(r.roots == std::vector<std::string>{gen});
    CHECK(r.dropped.size() == 2);

    // Roots side by side stay.
    r = pipeline::check_roots({gen, other});
    CHECK(r.roots == std::vector<std::string>{gen, other});
    CHECK(r.dropped.empty());
}
