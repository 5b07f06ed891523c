// Operations: exit codes and the summary line, -q silence, the JSON report, the progress line,
// log files, one log line per rejection, filters through the CLI, abandoned runs, the run lock,
// re-parse on upgrade, stats and reconcile.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include <regex>

#include "cli/progress.hpp"
#include "db/backend.hpp"
#include "e2e/ops_support.hpp"

using namespace edgarsql::test;
using namespace edgarsql::test::ops;

namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("ops: exit 0 and silence with -q, a one-line summary without", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 6);
    const SplitResult quiet = run_split(dir.path(), ingest_args(dir / "a.db", dir / "tree", "-q"));
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out.empty());
    CHECK(quiet.err.empty());

    const SplitResult loud = run_split(dir.path(), ingest_args(dir / "b.db", dir / "tree"));
    CHECK(loud.exit_code == 0);
    CHECK(count_of(loud.out, "\n") == 1);
    CHECK(loud.out.find("6 inputs seen, 6 ingested, 0 skipped, 0 rejected") != std::string::npos);
    CHECK(std::regex_search(loud.out, std::regex(R"([0-9.]+ MB read in [0-9.]+ s \([0-9.]+ MB/s\))")));
    // Not a terminal: no progress line, and nothing else on stderr.
    CHECK(loud.err.empty());

    // Nothing new: everything is skipped, still 0.
    const SplitResult again = run_split(dir.path(), ingest_args(dir / "b.db", dir / "tree"));
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("6 skipped") != std::string::npos);
}

TEST_CASE("ops: rejects exit 3, each logged once, the report lists them", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 3);
    write_file(dir / "tree" / "broken.txt", "");  // empty: rejected
    const fs::path report = dir / "run.json";
    const SplitResult r = run_split(
        dir.path(), ingest_args(dir / "a.db", dir / "tree", "-q --report " + q(report)));
    CHECK(r.exit_code == 3);
    // -q still says what went wrong: the summary, and the rejected input by name.
    CHECK(r.out.find("1 rejected") != std::string::npos);
    CHECK(count_of(r.err, "broken.txt") == 1);
    const nlohmann::json j = nlohmann::json::parse(read_file(report));
    CHECK(j["status"] == "rejects");
    CHECK(j["exit_code"] == 3);
    CHECK(j["inputs"]["seen"] == 4);
    CHECK(j["inputs"]["ingested"] == 3);
    CHECK(j["inputs"]["rejected"] == 1);
    CHECK(!j["edgarsql_version"].get<std::string>().empty());
    // Each thread's CPU time: a walker, the parsers, one writer, inside the process's total.
    const nlohmann::json& cpu = j["cpu_seconds"];
    REQUIRE(cpu["parsers"].is_array());
    CHECK(!cpu["parsers"].empty());
    REQUIRE(cpu["writers"].size() == 1);
    double parts = cpu["walker"].get<double>() + cpu["writers"][0].get<double>();
    for (const auto& p : cpu["parsers"]) parts += p.get<double>();
    CHECK(parts > 0);
    CHECK(parts <= cpu["process"].get<double>() + 0.01);
    REQUIRE(j["rejected"].size() == 1);
    CHECK(j["rejected"][0]["path"].get<std::string>().find("broken.txt") != std::string::npos);
    CHECK(j["rejected"][0]["member"] == "");
    CHECK(!j["rejected"][0]["stage"].get<std::string>().empty());
    CHECK(!j["rejected"][0]["reason"].get<std::string>().empty());
    // The same run in ingest_runs.
    const std::string run_id = std::to_string(j["run_id"].get<long long>());
    CHECK(sql_one(dir / "a.db", "SELECT status FROM ingest_runs WHERE run_id = " + run_id) ==
          "rejects");
    CHECK(sql_one(dir / "a.db", "SELECT files_rejected FROM ingest_runs WHERE run_id = " +
                                    run_id) == "1");

    // A report that cannot be written fails the run before any work, with the reason.
    const SplitResult unwritable = run_split(
        dir.path(), ingest_args(dir / "c.db", dir / "tree",
                                "-q --report " + q(dir / "no-such-dir" / "run.json")));
    CHECK(unwritable.exit_code == 1);
    CHECK(unwritable.err.find("cannot write report") != std::string::npos);
    CHECK(unwritable.err.find("No such file or directory") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "c.db"));

    // Logged once, with path and stage, at the default level and in the log file.
    const fs::path log = dir / "edgarsql.log";
    const SplitResult v = run_split(
        dir.path(),
        ingest_args(dir / "b.db", dir / "tree", "--no-progress --log-file " + q(log)));
    CHECK(v.exit_code == 3);
    CHECK(count_of(v.err, "broken.txt") == 1);
    CHECK(count_of(v.err, "rejected ") == 1);
    CHECK(count_of(read_file(log), "broken.txt") == 1);

    // A nightly re-run skips the known rejection and exits 0.
    const SplitResult nightly = run_split(dir.path(), ingest_args(dir / "b.db", dir / "tree", "-q"));
    CHECK(nightly.exit_code == 0);
    CHECK(nightly.out.empty());
}

TEST_CASE("ops: -q, -v, -vv and EDGARSQL_LOG choose the stderr level; the log file", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 2);
    auto err_of = [&](const std::string& db, const std::string& flags, const std::string& env) {
        return run_split(dir.path(), ingest_args(dir / db, dir / "tree", "--force " + flags), env).err;
    };
    CHECK(err_of("a.db", "", "").find("run 1 started") == std::string::npos);
    CHECK(err_of("a.db", "-v", "").find("run 2 started") != std::string::npos);
    CHECK(err_of("a.db", "", "EDGARSQL_LOG=info").find("run 3 started") != std::string::npos);
    CHECK(err_of("a.db", "-q", "EDGARSQL_LOG=info").empty());
    const std::string vv = err_of("a.db", "-vv", "");
    CHECK(vv.find(" debug ") != std::string::npos);
    CHECK(vv.find("recorded as ok") != std::string::npos);
    const fs::path log = dir / "logs.txt";
    CHECK(err_of("a.db", "-q --log-file " + q(log), "").empty());
    CHECK(read_file(log).find("run 6 recorded as ok") != std::string::npos);
}

TEST_CASE("ops: usage errors exit 2, a database that cannot be opened exits 1", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 1);
    CHECK(run_split(dir.path(), ingest_args(dir / "a.db", dir / "tree", "--since 2021-02-30"))
              .exit_code == 2);
    CHECK(run_split(dir.path(), ingest_args(dir / "a.db", dir / "tree", "--bogus")).exit_code == 2);
    CHECK(run_split(dir.path(), "ingest").exit_code == 2);
    const SplitResult bad =
        run_split(dir.path(), ingest_args(dir / "no" / "such" / "dir" / "a.db", dir / "tree", "-q"));
    CHECK(bad.exit_code == 1);
    CHECK(!bad.err.empty());
}

TEST_CASE("ops: the progress line on request, none otherwise, logs intact", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 20);
    write_file(dir / "tree" / "broken.txt", "");  // empty: rejected
    const SplitResult r =
        run_split(dir.path(), ingest_args(dir / "a.db", dir / "tree", "--progress"));
    CHECK(r.exit_code == 3);
    // Every log line starts on a line of its own: a progress line is erased before it.
    const std::size_t log_at = r.err.find("rejected ");
    REQUIRE(log_at != std::string::npos);
    const std::size_t line_start = r.err.rfind('\n', log_at);
    const std::string before = r.err.substr(line_start == std::string::npos ? 0 : line_start + 1,
                                            log_at - (line_start == std::string::npos ? 0 : line_start + 1));
    const std::size_t cr = before.rfind('\r');
    if (cr != std::string::npos) CHECK(before.substr(cr, 4) == "\r\x1b[K");
    // The line itself ends erased, so the summary on stdout is not mixed into it.
    CHECK(r.err.find("inputs,") != std::string::npos);
    CHECK(r.err.size() >= 4);
    CHECK(r.err.substr(r.err.size() - 4) == "\r\x1b[K");

    const SplitResult off = run_split(
        dir.path(), ingest_args(dir / "b.db", dir / "tree", "--no-progress"));
    CHECK(off.err.find("inputs,") == std::string::npos);
    CHECK(off.err.find('\r') == std::string::npos);
}

TEST_CASE("ops: the progress line's figures, with an ETA only once the total is known",
          "[e2e]") {
    using edgarsql::cli::ProgressDisplay;
    const std::string unknown = ProgressDisplay::format(1200, 48'000'000, 3, 10.0, 500, -1);
    CHECK(unknown == "1200 inputs, 48.0 MB, 4.8 MB/s, 3 rejected");
    // A quarter of the tree's bytes walked in 10 s: 30 s to go.
    CHECK(ProgressDisplay::format(1200, 48'000'000, 0, 10.0, 250, 1000) ==
          "1200 inputs, 48.0 MB, 4.8 MB/s, ETA 0:00:30, 0 rejected");
    CHECK(ProgressDisplay::format(0, 0, 0, 0.0, 0, 1000) == "0 inputs, 0.0 MB, 0.0 MB/s, 0 rejected");
}

TEST_CASE("ops: --forms, --since, --until and --no-amendments through the CLI", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 12);  // 8-K, 10-K, 10-Q, 8-K/A over months 1…12 of 2021
    const fs::path db = dir / "a.db";
    const SplitResult first = run_split(
        dir.path(), ingest_args(db, dir / "tree", "-q --forms 8-K --no-amendments --since 2021-03-01"));
    CHECK(first.exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "2");  // 8-Ks of May and September
    CHECK(sql_one(db, "SELECT count(*) FROM filings WHERE form_type <> '8-K' OR filed_date < "
                      "'2021-03-01'") == "0");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'filtered'") == "10");
    CHECK(sql_one(db, "SELECT files_filtered FROM ingest_runs") == "10");

    // A later run with other filters takes what the first one filtered.
    const SplitResult second = run_split(dir.path(), ingest_args(db, dir / "tree", "-q --forms 10-K,8-K"));
    CHECK(second.exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "9");
    CHECK(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "12");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'filtered'") == "0");

    // Filtered into another database, then the rest: the same as one unfiltered run.
    const fs::path all = dir / "all.db";
    CHECK(run_split(dir.path(), ingest_args(all, dir / "tree", "-q")).exit_code == 0);
    CHECK(dump(db) == dump(all));
}

TEST_CASE("ops: a nightly run with the same filters does not read what it filtered before",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 12);  // 8-K, 10-K, 10-Q, 8-K/A over months 1…12 of 2021
    const fs::path db = dir / "a.db";
    const auto last_run = [&](const std::string& column) {
        return sql_one(db, "SELECT " + column + " FROM ingest_runs ORDER BY run_id DESC LIMIT 1");
    };
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q --forms 8-K")).exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "6");
    CHECK(sql_one(db, "SELECT group_concat(DISTINCT filtered_form_type) FROM (SELECT "
                      "filtered_form_type FROM ingest_files WHERE status = 'filtered' "
                      "ORDER BY 1)") == "10-K,10-Q");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'filtered' AND "
                      "filtered_filing_date LIKE '2021-__-__'") == "6");

    // The same filters again: nothing is read, the filtered rows stay as they were.
    const SplitResult same = run_split(dir.path(), ingest_args(db, dir / "tree", "--forms 8-K"));
    INFO(same.out << same.err);
    CHECK(same.exit_code == 0);
    CHECK(same.out.find("12 inputs seen, 0 ingested, 12 skipped") != std::string::npos);
    CHECK(last_run("bytes_read") == "0");
    CHECK(last_run("files_filtered") == "0");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'filtered' AND "
                      "run_id = 1") == "6");

    // Filters that take some of them read those only.
    const SplitResult more =
        run_split(dir.path(), ingest_args(db, dir / "tree", "--forms 8-K,10-K"));
    INFO(more.out << more.err);
    CHECK(more.exit_code == 0);
    CHECK(more.out.find("12 inputs seen, 3 ingested, 9 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "9");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'filtered'") == "3");

    // No filters: the rest.
    CHECK(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "12");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE filtered_form_type IS NOT NULL "
                      "OR filtered_filing_date IS NOT NULL") == "0");
}

TEST_CASE("ops: an archive with filtered members is not opened again by the same filters",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "members", 8);
    fs::create_directories(dir / "packed");
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(dir / "packed" / "feed.tar") +
                        " .").exit_code == 0);
    const fs::path db = dir / "a.db";
    const auto last_run = [&](const std::string& column) {
        return sql_one(db, "SELECT " + column + " FROM ingest_runs ORDER BY run_id DESC LIMIT 1");
    };
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "packed", "-q --forms 10-K,10-Q"))
                .exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "4");
    CHECK(sql_one(db, "SELECT complete || ',' || filtered FROM ingest_archives") == "1,4");

    const SplitResult same =
        run_split(dir.path(), ingest_args(db, dir / "packed", "--forms 10-Q,10-K"));
    INFO(same.out << same.err);
    CHECK(same.exit_code == 0);
    CHECK(same.out.find("8 inputs seen, 0 ingested, 8 skipped") != std::string::npos);
    CHECK(last_run("bytes_read") == "0");

    // A run that takes the 8-Ks opens it and reads them; the others are skipped one by one.
    const SplitResult all = run_split(dir.path(), ingest_args(db, dir / "packed", ""));
    INFO(all.out << all.err);
    CHECK(all.exit_code == 0);
    CHECK(all.out.find("8 inputs seen, 4 ingested, 4 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "8");
    CHECK(sql_one(db, "SELECT complete || ',' || filtered FROM ingest_archives") == "1,0");
}

TEST_CASE("ops: --force with --forms over an ingested tree leaves the other inputs' rows",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 8);  // 8-K, 10-K, 10-Q, 8-K/A over months 1…8 of 2021
    write_tree(dir / "members", 8, 2022);
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(dir / "tree" / "feed.tar") +
                        " .").exit_code == 0);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    REQUIRE(sql_one(db, "SELECT count(*) FROM filings") == "16");
    const std::string before = dump(db);

    const SplitResult force =
        run_split(dir.path(), ingest_args(db, dir / "tree", "--force --forms 8-K"));
    INFO(force.out << force.err);
    CHECK(force.exit_code == 0);
    CHECK(force.out.find("16 inputs seen, 8 ingested, 0 skipped, 0 rejected, 0 ignored, 8 filtered") !=
          std::string::npos);
    CHECK(dump(db) == before);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'ingested' AND "
                      "filing_id IS NOT NULL") == "16");

    // The next nightly run has nothing to ingest; the loose files are not even read.
    const SplitResult next = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(next.out << next.err);
    CHECK(next.exit_code == 0);
    CHECK(next.out.find("16 inputs seen, 0 ingested, 16 skipped") != std::string::npos);
    CHECK(dump(db) == before);
}

TEST_CASE("ops: when the kept copy's file is cut short, the other copy takes its place",
          "[e2e]") {
    TempDir dir;
    const std::string acc = accession(2021, 7);
    const std::string text =
        synthetic_filing(acc, "8-K", "20210707", 1990107, "OSPREY WIDGET WORKS 7");
    write_file(dir / "tree" / "a" / (acc + ".txt"), text);
    write_file(dir / "tree" / "b" / (acc + ".txt"), text);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT source_path LIKE '%/a/%' FROM filings") == "1");

    // a's file is cut inside its document (a mirror's sync gone wrong): read again, it is
    // kept partial, and b, which lost to the whole a, is marked to be read again…
    const std::size_t cut = text.find("</TEXT>");
    REQUIRE(cut != std::string::npos);
    write_file(dir / "tree" / "a" / (acc + ".txt"), text.substr(0, cut));
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT parse_status FROM filings") == "partial");
    // … and the next run reads it and keeps it.
    const SplitResult next = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(next.out << next.err);
    CHECK(next.exit_code == 0);
    CHECK(next.out.find("2 inputs seen, 1 ingested, 1 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT parse_status || ' ' || (source_path LIKE '%/b/%') FROM filings") ==
          "complete 1");
    // Settled: nothing more to read.
    const SplitResult after = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    CHECK(after.out.find("2 inputs seen, 0 ingested, 2 skipped") != std::string::npos);
}

TEST_CASE("ops: a copy in the same archive as the kept one, cut short, takes its place",
          "[e2e]") {
    TempDir dir;
    const std::string acc = accession(2021, 8);
    const std::string text =
        synthetic_filing(acc, "8-K", "20210708", 1990108, "OSPREY WIDGET WORKS 8");
    write_file(dir / "members" / "a.txt", text);
    write_file(dir / "members" / "b.txt", text);
    fs::create_directories(dir / "tree");
    const auto pack = [&](int seconds) {
        const fs::path tar = dir / "tree" / "feed.tar";
        REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(tar) +
                            " a.txt b.txt").exit_code == 0);
        fs::last_write_time(tar, fs::last_write_time(tar) + std::chrono::seconds(seconds));
    };
    pack(0);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT source_member FROM filings") == "a.txt");

    // a.txt cut short, b.txt as it was (same member mtime): the archive is walked again, a's
    // worse reading kept for now, and b marked; the archive's own record must not undo that.
    const std::size_t cut = text.find("</TEXT>");
    REQUIRE(cut != std::string::npos);
    const auto b_time = fs::last_write_time(dir / "members" / "b.txt");
    write_file(dir / "members" / "a.txt", text.substr(0, cut));
    fs::last_write_time(dir / "members" / "b.txt", b_time);
    pack(10);
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT parse_status FROM filings") == "partial");
    CHECK(sql_one(db, "SELECT source_member FROM ingest_files WHERE reread") == "b.txt");
    const SplitResult next = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(next.out << next.err);
    CHECK(next.exit_code == 0);
    CHECK(sql_one(db, "SELECT parse_status || ' ' || source_member FROM filings") ==
          "complete b.txt");
    // Settled: the runs after read nothing.
    const SplitResult last = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    const SplitResult settled = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(last.out << settled.out);
    CHECK(settled.out.find("2 inputs seen, 0 ingested, 2 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE reread") == "0");
}

TEST_CASE("ops: an archive rewritten without a member drops that member's manifest row",
          "[e2e]") {
    TempDir dir;
    const std::string acc = accession(2021, 9);
    const std::string text =
        synthetic_filing(acc, "8-K", "20210709", 1990109, "OSPREY WIDGET WORKS 9");
    const std::string other = accession(2021, 10);
    write_file(dir / "tree" / "a.txt", text);
    write_file(dir / "members" / "c.txt", text);  // a copy of a.txt, which wins by its path
    write_file(dir / "members" / "d.txt",
               synthetic_filing(other, "8-K", "20210710", 1990110, "OSPREY WIDGET WORKS 10"));
    const fs::path tar = dir / "tree" / "feed.tar";
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(tar) + " c.txt d.txt")
                .exit_code == 0);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE source_member <> ''") == "2");

    // a.txt cut short (c.txt marked to be read again), and the archive rewritten without c.txt.
    write_file(dir / "tree" / "a.txt", text.substr(0, text.find("</TEXT>")));
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(tar) + " d.txt")
                .exit_code == 0);
    fs::last_write_time(tar, fs::last_write_time(tar) + std::chrono::seconds(10));
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    // The walk of the rewritten archive met d.txt only: c.txt's row, and its mark, are gone,
    // so the archive does not stay open for a member it no longer holds.
    CHECK(sql_one(db, "SELECT group_concat(source_member) FROM ingest_files WHERE "
                      "source_member <> ''") == "d.txt");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE reread") == "0");
    const SplitResult settled = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(settled.out << settled.err);
    CHECK(settled.out.find("2 inputs seen, 0 ingested, 2 skipped") != std::string::npos);
}

TEST_CASE("ops: names prune with a margin, without reading the file", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    // Accession year 2015, filed 2015: outside --since 2020 by more than the margin.
    const std::string old_acc = "0001990000-15-000001";
    write_file(tree / "edgar/data/1990100" / (old_acc + ".txt"),
               synthetic_filing(old_acc, "8-K", "20150105", 1990100, "OSPREY WIDGET WORKS 0"));
    // Accession year 2019 but filed 2020-01-02 (submitted late December): within the margin.
    const std::string late_acc = "0001990000-19-000009";
    write_file(tree / "edgar/data/1990100" / (late_acc + ".txt"),
               synthetic_filing(late_acc, "8-K", "20200102", 1990100, "OSPREY WIDGET WORKS 0"));
    // Unreadable content under a prunable name: pruning must not read it.
    const fs::path unreadable = tree / "edgar/data/1990100/0001990000-14-000001.txt";
    write_file(unreadable, "secret");
    fs::permissions(unreadable, fs::perms::none);
    const fs::path db = dir / "a.db";
    const SplitResult r = run_split(dir.path(), ingest_args(db, tree, "--since 2020-01-01"));
    fs::permissions(unreadable, fs::perms::owner_all);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("3 inputs seen, 1 ingested") != std::string::npos);
    CHECK(r.out.find("2 filtered") != std::string::npos);
    CHECK(sql_one(db, "SELECT accession_number FROM filings") == late_acc);
    // Pruned by name: not recorded, so a run without filters reads them.
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files") == "1");
}

TEST_CASE("ops: --include and --exclude", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 4);
    write_file(dir / "tree" / "notes" / "readme.md", "not a filing");
    const fs::path db = dir / "a.db";
    const SplitResult r = run_split(
        dir.path(), ingest_args(db, dir / "tree", "--include '*.txt' --exclude '*-21-000002.txt'"));
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("3 inputs seen, 3 ingested") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE source_path LIKE '%readme.md'") == "0");

    // Members of an archive left out by a glob: the archive is not recorded as complete, so a
    // run without the glob opens it again and takes them.
    write_tree(dir / "members", 3);
    fs::create_directories(dir / "packed");
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(dir / "packed" / "all.tar") +
                        " .").exit_code == 0);
    const fs::path adb = dir / "archive.db";
    const SplitResult some =
        run_split(dir.path(), ingest_args(adb, dir / "packed", "--exclude '*-21-000002.txt'"));
    INFO(some.out << some.err);
    CHECK(some.exit_code == 0);
    CHECK(sql_one(adb, "SELECT count(*) FROM filings") == "2");
    CHECK(sql_one(adb, "SELECT complete FROM ingest_archives") == "0");
    const SplitResult rest = run_split(dir.path(), ingest_args(adb, dir / "packed", "-q"));
    CHECK(rest.exit_code == 0);
    CHECK(sql_one(adb, "SELECT count(*) FROM filings") == "3");
    CHECK(sql_one(adb, "SELECT complete FROM ingest_archives") == "1");
}

TEST_CASE("ops: a truncated archive, once whole again, has its lost member read", "[e2e]") {
    TempDir dir;
    write_tree(dir / "members", 6);
    fs::create_directories(dir / "tree");
    const fs::path full = dir / "full.tar";
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(full) + " .").exit_code == 0);
    const std::string whole = read_file(full);
    // Cut inside the data of the fourth member in the archive, as a download cut short.
    std::vector<std::pair<std::size_t, fs::path>> at;
    for (const auto& e : fs::recursive_directory_iterator(dir / "members"))
        if (e.is_regular_file()) at.emplace_back(whole.find(read_file(e.path())), e.path());
    std::sort(at.begin(), at.end());
    REQUIRE(at.size() == 6);
    REQUIRE(at[3].first != std::string::npos);
    write_file(dir / "tree" / "feed.tar", whole.substr(0, at[3].first + 100));
    const fs::path db = dir / "a.db";
    const SplitResult cut = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
    INFO(cut.out << cut.err);
    CHECK(cut.exit_code == 3);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "3");
    // Rejected as a whole, naming the member where it broke.
    CHECK(sql_one(db, "SELECT stage FROM ingest_files WHERE status = 'rejected' AND "
                      "source_member = ''") == "archive");
    const std::string why = sql_one(db, "SELECT error FROM ingest_files WHERE status = "
                                        "'rejected'");
    CHECK(why.find("corrupt archive in member './" +
                   fs::relative(at[3].second, dir / "members").string() +
                   "' after 3 members") == 0);

    // Unchanged, it is a known rejection: the nightly run after it is quiet and succeeds,
    // as after any other rejected input; --retry-rejected tries it again.
    const SplitResult quiet = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
    INFO(quiet.out << quiet.err);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out.empty());
    const SplitResult retry =
        run_split(dir.path(), ingest_args(db, dir / "tree", "-q --retry-rejected"));
    INFO(retry.out << retry.err);
    CHECK(retry.exit_code == 3);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected'") == "1");

    // The whole archive arrives (new size and mtime; the members' own are unchanged).
    write_file(dir / "tree" / "feed.tar", whole);
    const SplitResult again = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "6");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected'") == "0");
    CHECK(sql_one(db, "SELECT complete || ' ' || rejected FROM ingest_archives") == "1 0");
    // And the next run skips it whole.
    const SplitResult after = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(after.out << after.err);
    CHECK(after.exit_code == 0);
    CHECK(after.out.find("6 inputs seen, 0 ingested, 6 skipped") != std::string::npos);
}

TEST_CASE("ops: a damaged archive is read again for the members an earlier run left out",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "members", 8);  // 8-K, 10-K, 10-Q, 8-K/A, …
    fs::create_directories(dir / "tree");
    const fs::path full = dir / "full.tar";
    REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(full) + " .").exit_code == 0);
    const std::string whole = read_file(full);
    std::vector<std::size_t> at;
    for (const auto& e : fs::recursive_directory_iterator(dir / "members"))
        if (e.is_regular_file()) at.push_back(whole.find(read_file(e.path())));
    std::sort(at.begin(), at.end());
    REQUIRE(at.size() == 8);
    // Cut inside the seventh member: six members before the damage.
    write_file(dir / "tree" / "feed.tar", whole.substr(0, at[6] + 100));
    const auto filings = [&](const fs::path& db) {
        return sql_one(db, "SELECT count(*) FROM filings");
    };

    SECTION("left out by --forms") {
        const fs::path db = dir / "forms.db";
        const SplitResult first =
            run_split(dir.path(), ingest_args(db, dir / "tree", "-q --forms 8-K"));
        CHECK(first.exit_code == 3);
        const std::string eight_k = filings(db);
        CHECK(eight_k != "0");
        // The same filters: nothing new to take, the damage is known: skipped, exit 0.
        const SplitResult same =
            run_split(dir.path(), ingest_args(db, dir / "tree", "-q --forms 8-K"));
        INFO(same.out << same.err);
        CHECK(same.exit_code == 0);
        CHECK(filings(db) == eight_k);
        // No filters: the members the first run filtered are read; the damage is known.
        const SplitResult all = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
        INFO(all.out << all.err);
        CHECK(all.exit_code == 0);
        CHECK(filings(db) == "6");
        CHECK(sql_one(db, "SELECT stage FROM ingest_files WHERE status = 'rejected' AND "
                          "source_member = ''") == "archive");
    }
    SECTION("left out by --exclude") {
        const fs::path db = dir / "globs.db";
        const std::string exclude = "-q --exclude '*-21-000002.txt'";
        const SplitResult first = run_split(dir.path(), ingest_args(db, dir / "tree", exclude));
        CHECK(first.exit_code == 3);
        CHECK(filings(db) == "5");
        // The same glob again: opened again (a member is left out), the damage is known.
        const SplitResult same = run_split(dir.path(), ingest_args(db, dir / "tree", exclude));
        INFO(same.out << same.err);
        CHECK(same.exit_code == 0);
        const SplitResult all = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
        INFO(all.out << all.err);
        CHECK(all.exit_code == 0);
        CHECK(filings(db) == "6");
        // Now nothing is left out: the next run skips it.
        const SplitResult quiet = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
        CHECK(quiet.exit_code == 0);
        CHECK(sql_one(db, "SELECT complete || ' ' || damaged FROM ingest_archives") == "1 1");
    }
    SECTION("over --max-input-bytes") {
        const fs::path db = dir / "limit.db";
        const SplitResult first =
            run_split(dir.path(), ingest_args(db, dir / "tree", "-q --max-input-bytes 100"));
        CHECK(first.exit_code == 3);
        CHECK(filings(db) == "0");
        const SplitResult all = run_split(dir.path(), ingest_args(db, dir / "tree", "-q"));
        INFO(all.out << all.err);
        CHECK(all.exit_code == 0);
        CHECK(filings(db) == "6");
    }
}

TEST_CASE("ops: an archive's record counts its members still rejected from earlier runs",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "members", 2);
    write_file(dir / "members" / "empty.txt", "");
    fs::create_directories(dir / "tree");
    int packed = 0;
    const auto pack = [&dir, &packed] {
        const fs::path tar = dir / "tree" / "a.tar";
        REQUIRE(run_command("tar -C " + q(dir / "members") + " -cf " + q(tar) + " .").exit_code ==
                0);
        // tar pads to 10 KiB records: tell the versions apart by mtime, as time would.
        fs::last_write_time(tar, fs::last_write_time(tar) + std::chrono::seconds(10 * ++packed));
    };
    pack();
    const fs::path db = dir / "a.db";
    CHECK(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 3);
    CHECK(sql_one(db, "SELECT rejected FROM ingest_archives") == "1");
    // A member is added: the archive is read again, the empty member skipped as rejected.
    // (Written alone: rewriting the others could move their mtimes to the next second.)
    const std::string third = accession(2021, 3);
    write_file(dir / "members" / "edgar" / "data" / "1990102" / (third + ".txt"),
               synthetic_filing(third, "10-Q", "20210303", 1990102, "OSPREY WIDGET WORKS 2"));
    pack();
    const SplitResult second = run_split(dir.path(), ingest_args(db, dir / "tree", ""));
    INFO(second.out << second.err);
    CHECK(second.out.find("1 ingested") != std::string::npos);
    CHECK(sql_one(db, "SELECT rejected FROM ingest_archives") == "1");
    // So --retry-rejected still opens it.
    const SplitResult retry = run_split(dir.path(), ingest_args(db, dir / "tree", "--retry-rejected"));
    INFO(retry.out << retry.err);
    CHECK(retry.out.find("3 skipped") != std::string::npos);
    CHECK(retry.out.find("1 rejected") != std::string::npos);
}

TEST_CASE("ops: a database inside the tree it ingests is no input of its own runs", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 3);
    // `cd /srv/mirror && edgarsql ingest .`, the default edgar.db landing in the tree.
    const std::string in_tree =
        "cd " + q(dir / "tree") + " && '" + std::string(EDGARSQL_BINARY) + "' ingest . ";
    for (int run = 1; run <= 2; ++run) {
        INFO("run " << run);
        const CommandResult r = run_command(in_tree);
        INFO(r.out);
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(run == 1 ? "3 inputs seen, 3 ingested, 0 skipped, 0 rejected, 0 ignored"
                                  : "3 inputs seen, 0 ingested, 3 skipped, 0 rejected, 0 ignored") !=
              std::string::npos);
    }
    CHECK(sql_one(dir / "tree" / "edgar.db",
                  "SELECT count(*) FROM ingest_files WHERE source_path LIKE '%edgar.db%'") == "0");
    // The tree given through a symlink: walked under the link's name, still passed over.
    fs::create_directory_symlink(dir / "tree", dir / "link");
    const CommandResult linked = run_command("cd " + q(dir / "tree") + " && '" +
                                             std::string(EDGARSQL_BINARY) + "' ingest " +
                                             q(dir / "link") + " ");
    INFO(linked.out);
    CHECK(linked.exit_code == 0);
    CHECK(linked.out.find("3 inputs seen, 3 ingested, 0 skipped, 0 rejected, 0 ignored") !=
          std::string::npos);
    CHECK(sql_one(dir / "tree" / "edgar.db",
                  "SELECT count(*) FROM ingest_files WHERE source_path LIKE '%edgar.db%'") == "0");
    // Another database in the tree, and a copy of this one: not filings, never rejected.
    fs::copy_file(dir / "tree" / "edgar.db", dir / "tree" / "copy.db");
    const CommandResult other = run_command(in_tree);
    INFO(other.out);
    CHECK(other.exit_code == 0);
    CHECK(sql_one(dir / "tree" / "edgar.db",
                  "SELECT status || ' ' || error FROM ingest_files WHERE source_path LIKE "
                  "'%copy.db'") == "ignored not a filing: SQLite database");
}

TEST_CASE("ops: --dry-run creates no database file", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 3);
    const fs::path db = dir / "never.db";
    const SplitResult r = run_split(dir.path(), ingest_args(db, dir / "tree", "--dry-run"));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("3 inputs seen, 3 ingested") != std::string::npos);
    CHECK_FALSE(fs::exists(db));
    CHECK_FALSE(fs::exists(dir / "never.db-wal"));
    // Against an existing database it counts what a real run would skip.
    REQUIRE(run_split(dir.path(), ingest_args(dir / "real.db", dir / "tree", "-q")).exit_code == 0);
    const SplitResult again =
        run_split(dir.path(), ingest_args(dir / "real.db", dir / "tree", "--dry-run"));
    CHECK(again.out.find("3 inputs seen, 0 ingested, 3 skipped") != std::string::npos);
}

TEST_CASE("ops: a run left 'running' is marked abandoned by the next", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 2);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    {
        SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
        d.exec("INSERT INTO ingest_runs (started_at, status, version) "
               "VALUES ('2021-01-01T00:00:00Z', 'running', 'crashed')");
    }
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    CHECK(sql_one(db, "SELECT status FROM ingest_runs WHERE version = 'crashed'") == "abandoned");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_runs WHERE status = 'ok'") == "2");
}

TEST_CASE("ops: a second run on the same SQLite file waits, then says another run holds it",
          "[e2e]") {
    TempDir dir;
    const std::string path = (dir / "a.db").string();
    edgarsql::db::OpenOptions open;
    open.busy_timeout_ms = 300;
    auto first = edgarsql::db::open_backend(path, open);
    first->migrate();
    const std::int64_t run = first->begin_run({"test", "first"});
    auto second = edgarsql::db::open_backend(path, open);
    try {
        second->begin_run({"test", "second"});
        FAIL("the second run started while the first held the database");
    } catch (const edgarsql::db::Error& e) {
        CHECK(e.fatal());
        CHECK(std::string(e.what()).find("another edgarsql run holds the database") !=
              std::string::npos);
    }
    // The live run was not marked abandoned.
    CHECK(first->query("SELECT status FROM ingest_runs WHERE run_id = " + std::to_string(run))[0][0] ==
          std::optional<std::string>("running"));
    first->finish_run(run, {}, "ok");
    const std::int64_t next = second->begin_run({"test", "second"});
    CHECK(next > run);
    second->finish_run(next, {}, "ok");
    CHECK(second->query("SELECT count(*) FROM ingest_runs WHERE status = 'ok'")[0][0] ==
          std::optional<std::string>("2"));

    // Once released, a CLI run takes the database normally.
    write_tree(dir / "tree", 1);
    CHECK(run_split(dir.path(), ingest_args(dir / "a.db", dir / "tree", "-q")).exit_code == 0);
}

TEST_CASE("ops: older parser versions are re-parsed unless --keep-older; --force re-ingests",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 5);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    auto age = [&] {
        SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
        d.exec("UPDATE ingest_files SET parser_version = parser_version - 1");
    };
    age();
    SplitResult keep = run_split(dir.path(), ingest_args(db, dir / "tree", "--keep-older"));
    CHECK(keep.exit_code == 0);
    CHECK(keep.out.find("5 skipped") != std::string::npos);
    SplitResult upgrade = run_split(dir.path(), ingest_args(db, dir / "tree"));
    CHECK(upgrade.exit_code == 0);
    CHECK(upgrade.out.find("5 ingested") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(DISTINCT parser_version) FROM ingest_files") == "1");
    SplitResult force = run_split(dir.path(), ingest_args(db, dir / "tree", "--force"));
    CHECK(force.out.find("5 ingested, 0 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "5");
}

TEST_CASE("ops: stats shows families by year, newest date, runs and top rejections", "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 8);
    write_file(dir / "tree" / "broken.txt", "");  // empty: rejected
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 3);
    const SplitResult s = run_split(dir.path(), "stats --db " + q(db));
    CHECK(s.exit_code == 0);
    CHECK(s.out.find("Newest filing date: 2021-08-08") != std::string::npos);
    CHECK(std::regex_search(s.out, std::regex(R"(\n +8-K +2021 +4\n)")));
    CHECK(std::regex_search(s.out, std::regex(R"(\n +10-K +2021 +2\n)")));
    CHECK(s.out.find("Top rejection reasons:") != std::string::npos);
    CHECK(std::regex_search(s.out, std::regex(R"(\n +1 +\S+ +\S+ +rejects )")));
}

TEST_CASE("ops: reconcile reports what the index lists and filings lack, and the reverse",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 4);
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    // A headerless copy of a filing the index lists: CIK, form and date come from the index.
    const std::string headerless_acc = "0001990200-21-000001";
    write_file(dir / "more" / (headerless_acc + ".txt"),
               "<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>h.txt\n<TEXT>\nHeron Pipe Co current "
               "report.\n</TEXT>\n</DOCUMENT>\n");
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "more", "-q")).exit_code == 0);

    const fs::path master = fs::path(EDGARSQL_FIXTURES) / "index" / "master.idx";
    const SplitResult r = run_split(dir.path(), "reconcile --db " + q(db) + " " + q(master));
    INFO(r.out << r.err);
    // The index lists -000002, -000004 and HERON's filing; all are ingested.
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("missing from filings: 0") != std::string::npos);
    CHECK(sql_one(db, "SELECT cik || ' ' || form_type || ' ' || filed_date FROM filings WHERE "
                      "accession_number = '" + headerless_acc + "'") == "1990200 8-K 2021-02-10");
    // -000001 (filed January, quarter covered) and -000003 (2021Q1) are not listed.
    CHECK(r.out.find("not listed in the index (quarters it covers): 2") != std::string::npos);

    const fs::path form = fs::path(EDGARSQL_FIXTURES) / "index" / "form.20210318.idx";
    // Compressed index files are read too.
    REQUIRE(run_command("gzip -c " + q(form) + " > " + q(dir / "form.idx.gz")).exit_code == 0);
    const SplitResult missing =
        run_split(dir.path(), "reconcile --db " + q(db) + " " + q(dir / "form.idx.gz"));
    CHECK(missing.exit_code == 3);
    CHECK(missing.out.find("missing from filings: 2") != std::string::npos);
    CHECK(missing.out.find("0001990301-21-000007") != std::string::npos);
    CHECK(std::regex_search(missing.out, std::regex(R"(\n +1-A POS +2021Q1 +1\n)")));
    CHECK(sql_one(db, "SELECT count(*) FROM index_entries") == "6");
    // The report is about the index files given: the master index alone again finds nothing
    // missing, though the daily index loaded before listed two filings that are.
    const SplitResult again = run_split(dir.path(), "reconcile --db " + q(db) + " " + q(master));
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("Accessions these index files list: 3") != std::string::npos);
    CHECK(again.out.find("missing from filings: 0") != std::string::npos);
}

TEST_CASE("ops: a directory that could not be listed before and can now loses its rejection",
          "[e2e]") {
    TempDir dir;
    write_tree(dir / "tree", 3);
    fs::create_directories(dir / "elsewhere" / "sub");
    fs::create_directory_symlink(dir / "elsewhere", dir / "tree" / "link");
    const fs::path db = dir / "a.db";
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q")).exit_code == 0);
    // As runs that met the directories unreadable left them (running as another user, say):
    // one the walk lists, and one behind a symlinked directory, which it does not follow.
    const std::string tree = fs::canonical(dir / "tree").string();
    const std::string listed = tree + "/edgar";
    const std::string behind_link = tree + "/link/sub";
    {
        SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
        for (const std::string& path : {listed, behind_link}) {
            d.exec("INSERT INTO ingest_files (source_path, source_member, bytes, mtime, "
                   "status, stage, error, parser_version, run_id) VALUES ('" + path +
                   "', '', 0, 0, 'rejected', 'read', 'cannot list directory: Permission "
                   "denied', 5, 1)");
        }
    }
    const auto stale = [&](const std::string& path) {
        return sql_one(db, "SELECT count(*) FROM ingest_files WHERE stage = 'read' AND "
                           "source_path = '" + path + "'");
    };
    // A dry run writes nothing.
    REQUIRE(run_split(dir.path(), ingest_args(db, dir / "tree", "-q --dry-run")).exit_code == 0);
    CHECK(stale(listed) == "1");
    // The root as a relative path with a trailing '/', and a shard: the directory is listed.
    const CommandResult r = run_command("cd " + q(dir.path()) + " && '" +
                                        std::string(EDGARSQL_BINARY) +
                                        "' ingest -q --shard 1/2 --db " + q(db) + " tree/");
    INFO(r.out);
    CHECK(r.exit_code == 0);
    CHECK(stale(listed) == "0");
    CHECK(stale(behind_link) == "1");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files") == "4");
}
