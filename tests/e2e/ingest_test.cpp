// End-to-end tests of `edgarsql ingest` into SQLite, through the real binary: idempotence,
// one winner per accession in every order, registrants accumulating in any order, the
// incremental skip, and bad inputs.

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using edgarsql::test::CommandResult;
using edgarsql::test::read_file;
using edgarsql::test::run_command;
using edgarsql::test::run_edgarsql;
using edgarsql::test::TempDir;
using edgarsql::test::write_file;

namespace {

std::string q(const fs::path& p) { return edgarsql::test::quoted(p); }

CommandResult ingest(const fs::path& db, const std::vector<fs::path>& paths,
                     const std::string& extra = "") {
    std::string args = "ingest -q --db " + q(db) + " " + extra;
    for (const auto& p : paths) args += " " + q(p);
    return run_edgarsql(args);
}

std::string dump(const fs::path& db) {
    CommandResult r = run_edgarsql("dump --db " + q(db));
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::string one(const fs::path& db, const std::string& sql) {
    return edgarsql::test::sqlite_value(db, sql);
}

fs::path e2e_fixture(const std::string& name) {
    return fs::path(EDGARSQL_FIXTURES) / "e2e" / name;
}

// Copies the named fixtures into dir and returns their new paths.
std::vector<fs::path> stage(const fs::path& dir, const std::vector<std::string>& names) {
    std::vector<fs::path> out;
    fs::create_directories(dir);
    for (const auto& n : names) {
        fs::copy_file(e2e_fixture(n), dir / n, fs::copy_options::overwrite_existing);
        out.push_back(dir / n);
    }
    return out;
}

bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        }
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("one winner per accession, whatever the order of its inputs", "[e2e]") {
    TempDir tmp;
    // The same accession as a full submission, as a daily-feed .nc and as a bare copy.
    const auto inputs = stage(tmp / "tree",
                              {"bluegill_8k_2021.txt", "0001900001-21-000007.nc",
                               "0001900001-21-000007.txt"});
    std::array<int, 3> order = {0, 1, 2};
    std::string first_dump;
    int orders = 0;
    do {
        const fs::path db = tmp / ("order" + std::to_string(orders) + ".db");
        for (int i : order) {
            CommandResult r = ingest(db, {inputs[static_cast<std::size_t>(i)]});
            INFO(r.out);
            REQUIRE(r.exit_code == 0);
        }
        CHECK(one(db, "SELECT count(*) FROM filings") == "1");
        CHECK(one(db, "SELECT source_kind FROM filings") == "full_submission");
        CHECK(one(db, "SELECT source_path FROM filings") == inputs[0].string());
        CHECK(one(db, "SELECT count(*) FROM documents") == "2");
        CHECK(one(db, "SELECT count(DISTINCT filing_id) FROM ingest_files") == "1");
        const std::string d = dump(db);
        if (orders == 0) {
            first_dump = d;
        } else {
            CHECK(d == first_dump);
        }
        ++orders;
    } while (std::next_permutation(order.begin(), order.end()));
    CHECK(orders == 6);
}

TEST_CASE("a copy without its header never replaces one with it", "[e2e]") {
    TempDir tmp;
    // The full submission with its SEC header cut off: it starts at <DOCUMENT>.
    const std::string full = read_file(e2e_fixture("bluegill_8k_2021.txt"));
    const std::size_t first_doc = full.find("<DOCUMENT>");
    REQUIRE(first_doc != std::string::npos);
    fs::create_directories(tmp / "tree");
    const fs::path headerless = tmp / "tree" / "0001900001-21-000007-copy.txt";
    write_file(headerless, full.substr(first_doc));
    const fs::path nc = stage(tmp / "tree", {"0001900001-21-000007.nc"})[0];
    for (const bool nc_first : {true, false}) {
        const fs::path db = tmp / (nc_first ? "a.db" : "b.db");
        for (const fs::path& p : nc_first ? std::vector<fs::path>{nc, headerless}
                                          : std::vector<fs::path>{headerless, nc}) {
            const CommandResult r = ingest(db, {p});
            INFO(r.out);
            REQUIRE(r.exit_code == 0);
        }
        INFO("nc first: " << nc_first);
        CHECK(one(db, "SELECT count(*) FROM filings") == "1");
        CHECK(one(db, "SELECT source_kind || ' ' || cik || ' ' || filed_date || ' ' || "
                      "parse_status FROM filings") == "nc 1900001 2021-03-15 complete");
    }
    // Alone, the headerless copy is a bare copy, whole.
    const fs::path db = tmp / "c.db";
    REQUIRE(ingest(db, {headerless}).exit_code == 0);
    CHECK(one(db, "SELECT source_kind || ' ' || parse_status FROM filings") == "bare complete");
}

TEST_CASE("registrants accumulate column by column in any ingest order", "[e2e]") {
    TempDir tmp;
    const auto inputs = stage(tmp / "tree", {"bluegill_8k_2019.txt", "bluegill_8k_2021.txt"});
    const fs::path old_first = tmp / "old_first.db";
    const fs::path new_first = tmp / "new_first.db";
    REQUIRE(ingest(old_first, {inputs[0]}).exit_code == 0);
    REQUIRE(ingest(old_first, {inputs[1]}).exit_code == 0);
    REQUIRE(ingest(new_first, {inputs[1]}).exit_code == 0);
    REQUIRE(ingest(new_first, {inputs[0]}).exit_code == 0);

    CHECK(dump(old_first) == dump(new_first));
    for (const auto& db : {old_first, new_first}) {
        CHECK(one(db, "SELECT name FROM registrants WHERE cik = 1900001") ==
              "BLUEGILL ROBOTICS HOLDINGS INC");
        CHECK(one(db, "SELECT business_street1 FROM registrants WHERE cik = 1900001") ==
              "200 HARBOR WAY");
        CHECK(one(db, "SELECT business_phone FROM registrants WHERE cik = 1900001") ==
              "207-555-0142");
        CHECK(one(db, "SELECT as_of_accession FROM registrants WHERE cik = 1900001") ==
              "0001900001-21-000007");
        CHECK(one(db, "SELECT sic_code FROM registrants WHERE cik = 1900001") == "3559");
        CHECK(one(db, "SELECT irs_number FROM registrants WHERE cik = 1900001") == "841234567");
        CHECK(one(db, "SELECT former_name || ' ' || date_changed || ' ' || first_accession "
                      "FROM former_names WHERE cik = 1900001") ==
              "BLUEGILL ROBOTICS INC 2020-06-01 0001900001-21-000007");
        // Each filing keeps the party values as of that filing.
        CHECK(one(db, "SELECT p.business_street1 FROM filing_parties p JOIN filings f "
                      "USING (filing_id) WHERE f.accession_number = '0001900001-19-000003'") ==
              "17 CANNERY ROAD");
    }
}

TEST_CASE("ingesting the same tree twice changes nothing", "[e2e]") {
    TempDir tmp;
    const auto inputs = stage(tmp / "tree", {"bluegill_8k_2019.txt", "bluegill_8k_2021.txt",
                                             "0001900001-21-000007.nc"});
    const fs::path db = tmp / "twice.db";
    REQUIRE(ingest(db, {tmp / "tree"}).exit_code == 0);
    const std::string first = dump(db);
    CHECK(first.find("0001900001-19-000003") != std::string::npos);
    REQUIRE(ingest(db, {tmp / "tree"}, "--force").exit_code == 0);
    CHECK(dump(db) == first);
    REQUIRE(ingest(db, {tmp / "tree"}).exit_code == 0);
    CHECK(dump(db) == first);
}

TEST_CASE("a second run over an unchanged tree opens no input for reading", "[e2e]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    stage(tree / "a", {"bluegill_8k_2019.txt"});
    stage(tree / "b", {"bluegill_8k_2021.txt", "0001900001-21-000007.nc"});
    REQUIRE(run_command("gzip -n " + q(tree / "a" / "bluegill_8k_2019.txt")).exit_code == 0);
    REQUIRE(run_command("tar -C " + q(tree / "b") + " -czf " + q(tree / "feed.nc.tar.gz") +
                        " 0001900001-21-000007.nc && rm " + q(tree / "b" / "0001900001-21-000007.nc"))
                .exit_code == 0);

    const fs::path db = tmp / "incremental.db";
    REQUIRE(ingest(db, {tree}).exit_code == 0);
    const std::string before = dump(db);
    REQUIRE(one(db, "SELECT files_ingested FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == "3");

    // Overwrite every input with garbage of the same size and put the mtime back: a run that
    // read any of them would see junk and reject it, or change the database.
    for (const auto& entry : fs::recursive_directory_iterator(tree)) {
        if (!entry.is_regular_file()) continue;
        const auto mtime = fs::last_write_time(entry.path());
        const auto size = fs::file_size(entry.path());
        write_file(entry.path(), std::string(size, '\x01'));
        fs::last_write_time(entry.path(), mtime);
    }
    CommandResult second = ingest(db, {tree});
    INFO(second.out);
    CHECK(second.exit_code == 0);
    CHECK(dump(db) == before);
    CHECK(one(db, "SELECT files_skipped FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == "3");
    CHECK(one(db, "SELECT bytes_read FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == "0");
    CHECK(one(db, "SELECT status FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == "ok");
}

TEST_CASE("bad inputs are rejected or kept partial, everything else lands", "[e2e]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    stage(tree, {"bluegill_8k_2019.txt", "bluegill_8k_2021.txt"});
    const std::string good = read_file(e2e_fixture("bluegill_8k_2021.txt"));
    auto variant = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto pos = s.find(from);
        REQUIRE(pos != std::string::npos);
        s.replace(pos, from.size(), to);
        return s;
    };
    auto acc = [](const std::string& s, const std::string& n) {
        std::string out = s;
        for (std::size_t p; (p = out.find("0001900001-21-000007")) != std::string::npos;) {
            out.replace(p, 20, "0001900001-21-00" + n);
        }
        return out;
    };

    write_file(tree / "bad" / "empty.txt", "");
    std::string junk;
    for (int i = 0; i < 600; ++i) junk.push_back(static_cast<char>((i * 7919 + 13) % 256));
    write_file(tree / "bad" / "junk.bin", junk);
    // Invalid UTF-8 and cp1252 smart quotes in a company name and a document.
    write_file(tree / "bad" / "cp1252.txt",
               acc(variant("BLUEGILL ROBOTICS HOLDINGS INC", "BLUEGILL \x93ROBOTICS\x94 \xff\xfe INC"),
                   "0101"));
    write_file(tree / "bad" / "group_members.txt",
               acc(variant("FILED AS OF DATE:", "<GROUP-MEMBERS>>JANE ROE\nFILED AS OF DATE:"), "0102"));
    write_file(tree / "bad" / "no_accession.txt",
               variant("ACCESSION NUMBER:\t\t0001900001-21-000007\n", ""));
    // A truncated gzip and a tar whose second member's header is corrupt.
    write_file(tree / "bad" / "whole.txt", acc(good, "0103"));
    REQUIRE(run_command("cd " + q(tree / "bad") + " && gzip -n -c whole.txt | head -c 400 > truncated.txt.gz && rm whole.txt").exit_code == 0);
    write_file(tmp / "m" / "m1.txt", acc(good, "0104"));
    write_file(tmp / "m" / "m2.txt", acc(good, "0105"));
    REQUIRE(run_command("tar -C " + q(tmp / "m") + " -cf " + q(tree / "bad" / "corrupt.tar") + " m1.txt m2.txt").exit_code == 0);
    {
        // The second member's header starts at the first 512-byte boundary after member one.
        std::string tar = read_file(tree / "bad" / "corrupt.tar");
        const std::size_t m1 = acc(good, "0104").size();
        const std::size_t second_header = 512 + ((m1 + 511) / 512) * 512;
        REQUIRE(tar.size() > second_header + 200);
        for (std::size_t i = second_header + 100; i < second_header + 200; ++i) tar[i] = '\x7f';
        write_file(tree / "bad" / "corrupt.tar", tar);
    }
    // Not filings: an index file, JSON, a PNG image.
    write_file(tree / "other" / "master.idx",
               "Description:           Master Index of EDGAR Dissemination Feed\n"
               "Last Data Received:    March 31, 2021\n\n"
               "CIK|Company Name|Form Type|Date Filed|Filename\n"
               "--------------------------------------------------------------------------------\n"
               "1900001|BLUEGILL ROBOTICS HOLDINGS INC|8-K|2021-03-15|edgar/data/1900001/0001900001-21-000007.txt\n");
    write_file(tree / "other" / "submissions.json", "{\"cik\": \"1900001\", \"filings\": []}\n");
    write_file(tree / "other" / "logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(64, '\0'));

    const fs::path db = tmp / "bad.db";
    CommandResult r = ingest(db, {tree});
    INFO(r.out);
    CHECK(r.exit_code == 3);

    auto status_of = [&](const std::string& like) {
        return one(db, "SELECT status || '/' || coalesce(stage, '') FROM ingest_files WHERE "
                       "source_path || '!' || source_member LIKE '%" + like + "%'");
    };
    CHECK(status_of("empty.txt").rfind("rejected/", 0) == 0);
    CHECK(status_of("junk.bin").rfind("rejected/", 0) == 0);
    CHECK(status_of("truncated.txt.gz").rfind("rejected/", 0) == 0);
    CHECK(status_of("corrupt.tar!m1.txt") == "ingested/");
    CHECK(one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected' AND "
                  "source_path LIKE '%corrupt.tar'") != "0");
    CHECK(status_of("master.idx").rfind("ignored", 0) == 0);
    CHECK(status_of("submissions.json").rfind("ignored", 0) == 0);
    CHECK(status_of("logo.png").rfind("ignored", 0) == 0);
    CHECK(status_of("cp1252.txt") == "ingested/");
    CHECK(status_of("group_members.txt") == "ingested/");
    CHECK(status_of("no_accession.txt") == "ingested/");
    CHECK(one(db, "SELECT parse_status FROM filings WHERE source_path LIKE '%no_accession.txt'") == "partial");
    CHECK(one(db, "SELECT warnings IS NOT NULL FROM filings WHERE source_path LIKE '%no_accession.txt'") == "1");
    CHECK(one(db, "SELECT name FROM filing_parties p JOIN filings f USING (filing_id) "
                  "WHERE f.accession_number = '0001900001-21-000101'") ==
          "BLUEGILL \xe2\x80\x9cROBOTICS\xe2\x80\x9d \xc3\xbf\xc3\xbe INC");
    // Every good filing landed; rejected inputs name their reason.
    CHECK(one(db, "SELECT count(*) FROM filings WHERE accession_number IN "
                  "('0001900001-19-000003', '0001900001-21-000007', '0001900001-21-000104')") == "3");
    CHECK(one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected' AND "
                  "(error IS NULL OR error = '' OR stage IS NULL OR stage = '')") == "0");
    CHECK(one(db, "SELECT status FROM ingest_runs") == "rejects");

    // Every text value in the database is valid UTF-8.
    const std::string all = dump(db);
    CHECK(valid_utf8(all));
    CHECK(all.find('\0') == std::string::npos);

    // A re-run skips the rejected inputs and exits 0: nothing new failed.
    CommandResult again = ingest(db, {tree});
    INFO(again.out);
    CHECK(again.exit_code == 0);
}
