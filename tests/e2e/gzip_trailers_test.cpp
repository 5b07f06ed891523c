// Gzip trailers, end to end: a .tar.gz whose bytes changed after it was written inflates
// without a complaint from libarchive; its trailer's CRC-32 tells, once its members are read.
// The archive is rejected, and once it changes, its members are all read again.

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "e2e/ops_support.hpp"
#include "walk/archive_maker.hpp"

using namespace edgarsql::test;
using namespace edgarsql::test::ops;

namespace {

/// A daily feed holding two filings, the first by WREN QUARRY.
std::string feed_tar() {
    return make_archive(
        ArchiveFormat::tar,
        {{accession(21, 90) + ".nc",
          synthetic_filing(accession(21, 90), "8-K", "20210104", 1990600, "WREN QUARRY")},
         {accession(21, 91) + ".nc",
          synthetic_filing(accession(21, 91), "8-K", "20210104", 1990601, "PLOVER MILLS")}});
}

/// The feed gzipped in stored blocks, with WREN changed to VREN: it still inflates.
std::string changed_feed() {
    std::string gz = gzip_stored(feed_tar());
    const std::size_t at = gz.find("WREN QUARRY");
    if (at == std::string::npos) throw std::logic_error("name not found in the stored gzip");
    gz[at] = 'V';
    return gz;
}

}  // namespace

TEST_CASE("gzip trailers: a changed .tar.gz is rejected, and read again whole once it changes",
          "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    const fs::path feed = tree / "20210104.nc.tar.gz";
    write_file(feed, changed_feed());
    const SplitResult first = run_split(dir.path(), ingest_args(db, tree));
    INFO(first.out << first.err);
    CHECK(first.exit_code == 3);
    CHECK(first.err.find("20210104.nc.tar.gz") != std::string::npos);
    CHECK(first.err.find("CRC-32") != std::string::npos);
    const std::string why = sql_one(db,
                                    "SELECT stage || ': ' || error FROM ingest_files WHERE "
                                    "status = 'rejected' AND source_member = ''");
    CHECK(why.find("archive: corrupt archive after 2 members: gzip data is corrupt") == 0);
    CHECK(why.find("may hold damaged bytes") != std::string::npos);
    // What was read before the trailer is in, as the rejection says.
    CHECK(sql_one(db, "SELECT count(*) FROM filing_parties WHERE name = 'VREN QUARRY'") == "1");

    // Unchanged: a known rejection, nothing read or reported again.
    const SplitResult again = run_split(dir.path(), ingest_args(db, tree));
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("0 ingested, 2 skipped, 0 rejected") != std::string::npos);

    // The sound feed arrives, of the same size: every member is read again, not skipped by
    // the rows that the damaged bytes wrote.
    write_file(feed, gzip_stored(feed_tar()));
    fs::last_write_time(feed, fs::last_write_time(feed) + std::chrono::seconds(10));
    const SplitResult mended = run_split(dir.path(), ingest_args(db, tree));
    INFO(mended.out << mended.err);
    CHECK(mended.exit_code == 0);
    CHECK(mended.out.find("2 ingested, 0 skipped, 0 rejected") != std::string::npos);
    CHECK(sql_one(db, "SELECT group_concat(name) FROM filing_parties WHERE name LIKE '%QUARRY'") ==
          "WREN QUARRY");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status <> 'ingested'") == "0");
    const SplitResult last = run_split(dir.path(), ingest_args(db, tree));
    INFO(last.out << last.err);
    CHECK(last.out.find("0 ingested, 2 skipped") != std::string::npos);
}

TEST_CASE("gzip trailers: a changed daily feed inside a tar rejects that feed alone", "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    write_file(tree / "2021-QTR1.tar",
               make_archive(ArchiveFormat::tar, {{"20210104.nc.tar.gz", changed_feed()},
                                                 {"20210105.nc.tar.gz", gzip(feed_tar())}}));
    const SplitResult first = run_split(dir.path(), ingest_args(db, tree, "-q"));
    INFO(first.out << first.err);
    CHECK(first.exit_code == 3);
    CHECK(sql_one(db,
                  "SELECT source_member || ' ' || stage FROM ingest_files WHERE status = "
                  "'rejected'") == "20210104.nc.tar.gz archive");
    CHECK(sql_one(db, "SELECT error FROM ingest_files WHERE status = 'rejected'")
              .find("gzip data is corrupt: a CRC-32 or length in its trailer does not match") !=
          std::string::npos);
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE status = 'ingested' AND "
                      "source_member LIKE '20210105.nc.tar.gz!%'") == "2");
}

TEST_CASE("gzip trailers: members a glob leaves out of the mended archive's walk are read later",
          "[e2e]") {
    TempDir dir;
    const fs::path tree = dir / "tree";
    const fs::path db = dir / "a.db";
    const fs::path feed = tree / "20210104.nc.tar.gz";
    write_file(feed, changed_feed());
    REQUIRE(run_split(dir.path(), ingest_args(db, tree, "-q")).exit_code == 3);
    CHECK(sql_one(db, "SELECT count(*) FROM filing_parties WHERE name = 'VREN QUARRY'") == "1");
    write_file(feed, gzip_stored(feed_tar()));
    fs::last_write_time(feed, fs::last_write_time(feed) + std::chrono::seconds(10));
    // The mended archive, walked with a glob that takes the other filing only.
    const SplitResult globbed = run_split(
        dir.path(), ingest_args(db, tree, "--include '*-000091.nc'"));
    INFO(globbed.out << globbed.err);
    CHECK(globbed.exit_code == 0);
    CHECK(globbed.out.find("1 ingested") != std::string::npos);
    // The member it left out was written from damaged bytes: the next run reads it.
    const SplitResult next = run_split(dir.path(), ingest_args(db, tree));
    INFO(next.out << next.err);
    CHECK(next.exit_code == 0);
    CHECK(next.out.find("1 ingested, 1 skipped") != std::string::npos);
    CHECK(sql_one(db, "SELECT group_concat(name) FROM filing_parties WHERE name LIKE '%QUARRY'") ==
          "WREN QUARRY");
    CHECK(sql_one(db, "SELECT count(*) FROM ingest_files WHERE reread") == "0");
}
