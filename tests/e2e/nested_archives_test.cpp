// Archives inside archives, end to end: a tar of daily-feed .nc.tar.gz files and .txt.gz
// filings is ingested member by member, re-runs skip what is in, damage inside an inner
// archive is one known rejection, and databases written before these were opened have them
// read by the next run.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "e2e/ops_support.hpp"
#include "walk/archive_maker.hpp"

using namespace edgarsql::test;
using namespace edgarsql::test::ops;

namespace {

/// A daily feed of `count` filings numbered from `first`, as YYYYMMDD.nc.tar.gz holds them.
std::string feed(int first, int count, const std::string& filed) {
    std::vector<Member> members;
    for (int i = first; i < first + count; ++i) {
        const std::string acc = accession(21, i);
        members.push_back({acc + ".nc",
                           synthetic_filing(acc, "8-K", filed, 1990200 + i,
                                            "HERON LAKE TIMBER " + std::to_string(i)),
                           1'609'750'000 + i});
    }
    return make_archive(ArchiveFormat::tar_gz, members);
}

std::string filing(int seq) {
    const std::string acc = accession(21, seq);
    return synthetic_filing(acc, "8-K", "20210302", 1990400 + seq, "PLOVER MILLS");
}

std::string gz_filing(int seq) {
    const std::string acc = accession(21, seq);
    return gzip(synthetic_filing(acc, "10-K", "20210301", 1990300, "KESTREL FERRY CO"));
}

}  // namespace

TEST_CASE("nested: a tar of daily feeds is ingested member by member, and re-runs skip it",
          "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    // A zip written as a stream too: its members' sizes are not stated before their data.
    std::vector<Member> quarter = {
        {"20210104.nc.tar.gz", feed(1, 3, "20210104")},
        {"20210105.nc.tar.gz", feed(4, 2, "20210105")},
        {"kestrel.txt.gz", gz_filing(50)},
        {"plover.zip", make_streamed_zip({{"p70.txt", filing(70)}, {"p71.txt", filing(71)}})}};
    write_file(tree / "2021-QTR1.tar", make_archive(ArchiveFormat::tar, quarter));

    const SplitResult first = run_split(dir.path(), ingest_args(db, tree));
    INFO(first.out << first.err);
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("8 inputs seen, 8 ingested, 0 skipped, 0 rejected, 0 ignored") !=
          std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "8");
    // Where each came from: the inner archive and its member.
    CHECK(sql_one(db, "SELECT source_member FROM filings WHERE accession_number = '" +
                          accession(21, 5) + "'") ==
          "20210105.nc.tar.gz!" + accession(21, 5) + ".nc");
    CHECK(sql_one(db, "SELECT source_member FROM filings WHERE accession_number = '" +
                          accession(21, 50) + "'") == "kestrel.txt.gz");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE source_member LIKE '%.nc.tar.gz'") ==
          "0");
    CHECK(sql_one(db, "SELECT complete || ' ' || members FROM ingest_archives") == "1 8");
    // The size recorded for a member whose size was not stated: the size read.
    CHECK(
        sql_one(db, "SELECT bytes FROM ingest_files WHERE source_member = 'plover.zip!p70.txt'") ==
        std::to_string(filing(70).size()));

    // Unchanged: skipped whole, nothing read.
    const SplitResult again =
        run_split(dir.path(), ingest_args(db, tree, "--report " + q(dir / "r.json")));
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("8 inputs seen, 0 ingested, 8 skipped") != std::string::npos);

    // The next day's feed is added to the tar: only its filings are new.
    quarter.push_back({"20210106.nc.tar.gz", feed(6, 2, "20210106")});
    write_file(tree / "2021-QTR1.tar", make_archive(ArchiveFormat::tar, quarter));
    const SplitResult grown = run_split(dir.path(), ingest_args(db, tree));
    INFO(grown.out << grown.err);
    CHECK(grown.exit_code == 0);
    // The members already in, those of the streamed zip included, are skipped unread.
    CHECK(grown.out.find("10 inputs seen, 2 ingested, 8 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "10");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files") == "10");
}

TEST_CASE("nested: filters reach into inner archives, and leave the rows of those left unread",
          "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    std::vector<Member> quarter = {{"20210104.nc.tar.gz", feed(1, 3, "20210104")},
                                   {"20210105.nc.tar.gz", feed(4, 2, "20210105")}};
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar, quarter));

    // A feed's name dates its filings: --since after it prunes the whole inner archive unread.
    const SplitResult pruned =
        run_split(dir.path(), ingest_args(dir / "p.db", tree, "--since 2021-01-07"));
    INFO(pruned.out << pruned.err);
    CHECK(pruned.exit_code == 0);
    CHECK(pruned.out.find("2 inputs seen, 0 ingested, 0 skipped, 0 rejected, 0 ignored, "
                          "2 filtered; 0.0 MB read") != std::string::npos);
    CHECK(sql_one(dir / "p.db", "SELECT count(*) FROM ingest_files") == "0");
    // --include reaches the members of an inner archive by their own names.
    const SplitResult one = run_split(
        dir.path(), ingest_args(dir / "i.db", tree, "--include '" + accession(21, 4) + "*'"));
    INFO(one.out << one.err);
    CHECK(one.exit_code == 0);
    CHECK(sql_one(dir / "i.db", "SELECT group_concat(accession_number) FROM filings") ==
          accession(21, 4));

    const SplitResult all = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(all.out << all.err);
    CHECK(all.exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files") == "5");
    // The tar grows, and a run leaves one inner archive out by --exclude: the rows of its
    // members stay, and the archive is not complete.
    quarter.push_back({"20210106.nc.tar.gz", feed(6, 1, "20210106")});
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar, quarter));
    const SplitResult excluded =
        run_split(dir.path(), ingest_args(db, tree, "-q --exclude '20210104.nc.tar.gz'"));
    INFO(excluded.out << excluded.err);
    CHECK(excluded.exit_code == 0);
    CHECK(sql_one(db,
                  "SELECT count(*) FROM ingest_files WHERE source_member LIKE "
                  "'20210104.nc.tar.gz!%'") == "3");
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "6");
    CHECK(sql_one(db, "SELECT complete FROM ingest_archives") == "0");
    // Without it, the archive is opened again and the kept rows spare their members.
    const SplitResult whole = run_split(dir.path(), ingest_args(db, tree));
    INFO(whole.out << whole.err);
    CHECK(whole.exit_code == 0);
    CHECK(whole.out.find("6 inputs seen, 0 ingested, 6 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT complete FROM ingest_archives") == "1");
}

TEST_CASE("nested: damage inside an inner archive is one known rejection", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    const std::string whole = feed(10, 300, "20210107");
    const std::string cut = whole.substr(0, whole.size() / 2);
    std::vector<Member> quarter = {{"20210104.nc.tar.gz", feed(1, 3, "20210104")},
                                   {"20210107.nc.tar.gz", cut}};
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar, quarter));

    const SplitResult first = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(first.out << first.err);
    CHECK(first.exit_code == 3);
    const std::string why = sql_one(db,
                                    "SELECT error FROM ingest_files WHERE status = "
                                    "'rejected'");
    INFO(why);
    // Names where in the inner archive it broke (at a member's header or in its data).
    CHECK(why.find("corrupt archive ") == 0);
    CHECK(why.find("'" + accession(21, 0).substr(0, 10)) != std::string::npos);
    CHECK(sql_one(db,
                  "SELECT source_member || ' ' || stage FROM ingest_files WHERE status = "
                  "'rejected'") == "20210107.nc.tar.gz archive");
    const std::string before = sql_one(db, "SELECT count(*) FROM filings");
    CHECK(std::stoi(before) > 3);  // those of the cut feed before its damage too
    CHECK(std::stoi(before) < 303);
    CHECK(sql_one(db, "SELECT complete || ' ' || rejected FROM ingest_archives") == "1 1");

    // Unchanged: a known rejection, the nightly run is quiet.
    const SplitResult quiet = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(quiet.out << quiet.err);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.out.empty());
    // The tar grows: opened again, it meets the same damage, which is not news.
    quarter.push_back({"20210108.nc.tar.gz", feed(400, 1, "20210108")});
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar, quarter));
    const SplitResult grown = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(grown.out << grown.err);
    CHECK(grown.exit_code == 0);
    CHECK(grown.err.empty());
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == std::to_string(std::stoi(before) + 1));
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected'") == "1");
    CHECK(sql_one(db, "SELECT complete || ' ' || rejected FROM ingest_archives") == "1 1");
    // --retry-rejected reports it again.
    const SplitResult retry = run_split(dir.path(), ingest_args(db, tree, "-q --retry-rejected"));
    INFO(retry.out << retry.err);
    CHECK(retry.exit_code == 3);

    // The whole feed replaces the cut one: its rejection goes, every filing is in.
    quarter[1].data = whole;
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar, quarter));
    const SplitResult mended = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(mended.out << mended.err);
    CHECK(mended.exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "304");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected'") == "0");
    CHECK(sql_one(db, "SELECT complete || ' ' || rejected FROM ingest_archives") == "1 0");
}

TEST_CASE("nested: a database that recorded inner archives as ignored has them read", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    write_file(tree / "q.tar",
               make_archive(ArchiveFormat::tar, {{"20210104.nc.tar.gz", feed(1, 3, "20210104")},
                                                 {"k.txt.gz", gz_filing(50)}}));
    const SplitResult first = run_split(dir.path(), ingest_args(db, tree, "-q"));
    REQUIRE(first.exit_code == 0);
    // As a database written before inner archives were opened holds it: each one an input
    // of its own, ignored, the archive complete, and none of their filings.
    {
        SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
        d.exec("PRAGMA foreign_keys = ON");
        d.exec("DELETE FROM filings");
        d.exec("DELETE FROM ingest_files");
        d.exec(
            "INSERT INTO ingest_files (source_path, source_member, bytes, mtime, status, "
            "stage, error, parser_version) SELECT source_path, m, 100, 1600000000, "
            "'ignored', 'detect', 'not a filing: gzip-compressed file (not opened by the "
            "walker)', parser_version FROM ingest_archives, (SELECT '20210104.nc.tar.gz' "
            "AS m UNION ALL SELECT 'k.txt.gz')");
        d.exec("UPDATE ingest_archives SET members = 2");
        // That migration and every later one not applied yet (later ones may only be
        // applied again).
        d.exec("DELETE FROM schema_migrations WHERE version >= (SELECT version FROM "
               "schema_migrations WHERE name = 'nested_archives')");
    }
    const SplitResult upgraded = run_split(dir.path(), ingest_args(db, tree));
    INFO(upgraded.out << upgraded.err);
    CHECK(upgraded.exit_code == 0);
    CHECK(upgraded.out.find("4 inputs seen, 4 ingested") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filings") == "4");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'ignored'") == "0");
}

TEST_CASE("nested: a compressed member refused for its size is a known rejection", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    // Binary noise, repeated: the gzip stream is under the limit, what it holds over it.
    std::string noise;
    std::uint32_t x = 2463534242u;
    for (int i = 0; i < 3000; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise += static_cast<char>(x & 0xff);
    }
    noise = noise + noise + noise + noise;
    const std::string gz = gzip(noise);
    REQUIRE(gz.size() * 2 < noise.size());
    // In a streamed zip, so that no size is stated before the data.
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar,
                                            {{"n.zip", make_streamed_zip({{"noise.bin.gz", gz}})},
                                             {"k.txt.gz", gz_filing(50)}}));
    const std::string limit = "--max-input-bytes " + std::to_string(noise.size() / 2);
    const SplitResult first = run_split(dir.path(), ingest_args(db, tree, "-q " + limit));
    INFO(first.out << first.err);
    CHECK(first.exit_code == 3);
    CHECK(sql_one(db,
                  "SELECT stage || ' ' || bytes FROM ingest_files WHERE status = "
                  "'rejected'") == "limit " + std::to_string(gz.size()));
    // Under the same limit, the tar opened again (it grew): the member is a known rejection.
    write_file(tree / "q.tar", make_archive(ArchiveFormat::tar,
                                            {{"n.zip", make_streamed_zip({{"noise.bin.gz", gz}})},
                                             {"k.txt.gz", gz_filing(50)},
                                             {"more.txt", filing(72)}}));
    const SplitResult again = run_split(dir.path(), ingest_args(db, tree, "-q " + limit));
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    // A limit that takes it reads it (and finds noise, not a filing).
    const SplitResult larger = run_split(
        dir.path(), ingest_args(db, tree, "-q --max-input-bytes " + std::to_string(noise.size())));
    INFO(larger.out << larger.err);
    CHECK(larger.out.find("1 rejected") != std::string::npos);
    CHECK(sql_one(db, "SELECT stage FROM ingest_files WHERE status = 'rejected'") == "detect");
}

TEST_CASE("nested: members read from a zip member whose CRC failed are read again", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    const std::string good = make_archive(
        ArchiveFormat::tar,
        {{"a.txt", synthetic_filing(accession(21, 80), "8-K", "20210302", 1990500, "WREN QUARRY")},
         {"b.txt", filing(81)}});
    // Stored, not compressed: a flipped letter in a.txt's company name is read before the
    // zip finds its CRC wrong, at the end of in.tar.
    std::string zip = make_archive(ArchiveFormat::zip_stored, {{"in.tar", good}});
    const std::size_t at = zip.find("WREN QUARRY");
    REQUIRE(at != std::string::npos);
    zip[at] = 'V';
    write_file(tree / "o.zip", zip);
    const SplitResult first = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(first.out << first.err);
    CHECK(first.exit_code == 3);
    const std::string why = sql_one(db,
                                    "SELECT error FROM ingest_files WHERE status = "
                                    "'rejected' AND source_member = 'in.tar'");
    CHECK(why.find("CRC") != std::string::npos);
    CHECK(why.find("may hold damaged bytes") != std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM filing_parties WHERE name = 'VREN QUARRY'") == "1");

    // Opened again with the same damage (the zip is rewritten with one more member): a known
    // rejection, and the members read from it are not read or reported again.
    std::string grown =
        make_archive(ArchiveFormat::zip_stored, {{"in.tar", good}, {"x.txt", filing(82)}});
    grown[grown.find("WREN QUARRY")] = 'V';
    write_file(tree / "o.zip", grown);
    const SplitResult again = run_split(dir.path(), ingest_args(db, tree));
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("4 inputs seen, 1 ingested, 3 skipped, 0 rejected") != std::string::npos);

    // The good zip arrives: walked whole, it has the members read from damaged bytes marked,
    // and the next run reads them again.
    write_file(tree / "o.zip", make_archive(ArchiveFormat::zip_stored, {{"in.tar", good}}));
    // Of the same size: a later mtime tells it changed, even within the second.
    fs::last_write_time(tree / "o.zip",
                        fs::last_write_time(tree / "o.zip") + std::chrono::seconds(10));
    const SplitResult mended = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(mended.out << mended.err);
    CHECK(mended.exit_code == 0);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE reread") == "2");
    const SplitResult reread = run_split(dir.path(), ingest_args(db, tree));
    INFO(reread.out << reread.err);
    CHECK(reread.exit_code == 0);
    CHECK(reread.out.find("2 inputs seen, 2 ingested, 0 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT group_concat(name) FROM filing_parties WHERE name LIKE '%QUARRY'") ==
          "WREN QUARRY");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE reread") == "0");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'rejected'") == "0");
}
