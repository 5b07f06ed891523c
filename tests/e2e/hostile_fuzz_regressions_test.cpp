// Replays every input that once crashed a fuzz target (fuzz/regressions/fuzz_parse/) through
// the whole parser, so sanitizer builds of the suite catch a regression without libFuzzer.
// The first byte of each input selects the file name, as in fuzz/fuzz_parse.cpp.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "parse/parser.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

TEST_CASE("hostile: fuzz regression inputs parse without crashing", "[e2e]") {
    const fs::path dir = fs::path(EDGARSQL_SOURCE_DIR) / "fuzz" / "regressions" / "fuzz_parse";
    REQUIRE(fs::is_directory(dir));
    int replayed = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string bytes = edgarsql::test::read_file(entry.path());
        if (bytes.empty()) continue;
        INFO(entry.path());
        const edgarsql::parse::Result r =
            edgarsql::parse::parse(std::string_view(bytes).substr(1), "0000999004-24-000031.txt");
        CHECK((r.outcome == edgarsql::parse::Outcome::filing || !r.reason.empty()));
        ++replayed;
    }
    CHECK(replayed > 0);
}
