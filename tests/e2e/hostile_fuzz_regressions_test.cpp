// Replays every input that once crashed a fuzz target (fuzz/regressions/<target>/) through the
// code it broke, so sanitizer builds of the suite catch a regression without libFuzzer.
// For fuzz_parse the first byte of each input selects the file name, as in fuzz/fuzz_parse.cpp.

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "index/index_file.hpp"
#include "parse/parser.hpp"
#include "parse/text.hpp"
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

TEST_CASE("hostile: index-file fuzz regressions give only storable entries", "[e2e]") {
    // fuzz/regressions/fuzz_index/: Latin-1 company names and NULs that once reached
    // index_entries as invalid UTF-8, and a CIK of 0 taken for an entry.
    const fs::path dir = fs::path(EDGARSQL_SOURCE_DIR) / "fuzz" / "regressions" / "fuzz_index";
    REQUIRE(fs::is_directory(dir));
    int replayed = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        INFO(entry.path());
        const auto parsed = edgarsql::index::parse_index(edgarsql::test::read_file(entry.path()));
        for (const auto& e : parsed.entries) {
            CHECK(edgarsql::parse::is_valid_utf8(e.company_name));
            CHECK(e.company_name.find('\0') == std::string::npos);
            CHECK(edgarsql::parse::is_valid_utf8(e.form_type));
            CHECK(edgarsql::parse::is_valid_utf8(e.file_name));
            CHECK(e.cik > 0);
        }
        ++replayed;
    }
    CHECK(replayed >= 2);
}
