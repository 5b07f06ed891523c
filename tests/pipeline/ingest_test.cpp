#include "pipeline/ingest.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "pipeline/fake_backend.hpp"
#include "support/test_support.hpp"
#include "walk/archive_maker.hpp"

namespace {

using namespace edgarsql;
using edgarsql::test::ArchiveFormat;
using edgarsql::test::FakeBackend;
using edgarsql::test::make_archive;
using edgarsql::test::TempDir;
using edgarsql::test::write_file;

// A small full submission of an invented company.
std::string filing(int n) {
    const std::string acc =
        "0000990001-24-" + std::string(6 - std::to_string(n).size(), '0') + std::to_string(n);
    return "<SEC-DOCUMENT>" + acc + ".txt : 20240102\n<SEC-HEADER>" + acc +
           ".hdr.sgml : 20240102\nACCESSION NUMBER:\t\t" + acc +
           "\nCONFORMED SUBMISSION TYPE:\t8-K\nPUBLIC DOCUMENT COUNT:\t\t1\n"
           "CONFORMED PERIOD OF REPORT:\t20240101\nFILED AS OF DATE:\t\t20240102\n"
           "FILER:\n\tCOMPANY DATA:\t\n\t\tCOMPANY CONFORMED NAME:\t\t\tEXAMPLE WIDGETS " +
           std::to_string(n) +
           " INC\n\t\tCENTRAL INDEX KEY:\t\t\t0000990001\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n"
           "<SEQUENCE>1\n<FILENAME>body.txt\n<TEXT>\nItem 8.01 Other Events.\nNothing happened "
           "at Example Widgets.\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
}

// 13 inputs: 6 plain, 1 .gz, 3 tar.gz members, 2 zip members, 1 not a filing.
constexpr int kTreeInputs = 13;

void make_tree(const std::filesystem::path& root) {
    for (int i = 1; i <= 6; ++i) {
        write_file(root / ("dir" + std::to_string(i % 3)) / ("f" + std::to_string(i) + ".txt"),
                   filing(i));
    }
    write_file(root / "single.txt.gz", test::gzip(filing(7)));
    write_file(root / "daily.nc.tar.gz",
               make_archive(ArchiveFormat::tar_gz,
                            {{"a.txt", filing(8)}, {"b.txt", filing(9)}, {"c.txt", filing(10)}}));
    write_file(root / "pack.zip",
               make_archive(ArchiveFormat::zip, {{"x.txt", filing(11)}, {"y.txt", filing(12)}}));
    write_file(root / "index.json", "{\"directory\": {\"item\": []}}\n");
}

pipeline::Options small_options() {
    pipeline::Options o;
    o.jobs = 2;
    o.batch_files = 4;
    o.input_queue_items = 2;
    o.input_queue_bytes = 4096;
    o.result_queue_items = 3;
    o.result_queue_bytes = 4096;
    return o;
}

std::int64_t total(const db::RunCounts& c) {
    return c.files_ingested + c.files_ignored + c.files_rejected + c.files_filtered;
}

std::multiset<std::string> displays(const std::vector<db::InputResult>& results) {
    std::multiset<std::string> out;
    for (const auto& r : results) out.insert(r.source.display());
    return out;
}

using Row = std::tuple<std::string, db::InputStatus, std::string, std::string>;
std::vector<Row> rows(const std::vector<db::InputResult>& results) {
    std::vector<Row> out;
    for (const auto& r : results)
        out.emplace_back(r.source.display(), r.status, r.source.sha256, r.stage);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("ingest: every input is written once, in batches of at most batch_files", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    FakeBackend backend;
    const pipeline::Options o = small_options();
    const pipeline::Summary s = pipeline::ingest(backend, {(dir / "tree").string()}, o, 1, nullptr);

    const auto committed = backend.committed();
    REQUIRE(committed.size() == kTreeInputs);
    const auto names = displays(committed);
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
    CHECK(s.counts.files_seen == kTreeInputs);
    CHECK(total(s.counts) == kTreeInputs);
    CHECK(s.counts.files_skipped == 0);
    CHECK(s.counts.bytes_read > 0);
    CHECK(s.counts.files_ignored >= 1);
    CHECK((s.status == "ok" || s.status == "rejects"));
    CHECK(s.status == (s.counts.files_rejected > 0 ? "rejects" : "ok"));
    for (std::size_t n : backend.batch_sizes()) CHECK(n <= o.batch_files);
    for (const auto& r : committed) {
        CHECK(r.source.sha256.size() == 64);
        CHECK(r.parser_version == parse::kParserVersion);
        CHECK(r.filing.has_value() == (r.status == db::InputStatus::ingested));
    }
    // Both archives are recorded, complete, after their members.
    const auto archives = backend.archives_recorded();
    REQUIRE(archives.size() == 2);
    for (const auto& a : archives) {
        CHECK(a.complete);
        // Without the parser version the next run could not skip the archive unopened.
        CHECK(a.parser_version == parse::kParserVersion);
        CHECK(a.members == (a.path.find("zip") != std::string::npos ? 2 : 3));
    }
}

TEST_CASE("ingest: a failing batch is replayed and only the culprit is rejected", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    write_file(dir / "tree" / "dir1" / "culprit.txt", filing(40));
    FakeBackend backend;
    backend.culprit_marker = "culprit";
    const pipeline::Summary s =
        pipeline::ingest(backend, {(dir / "tree").string()}, small_options(), 1, nullptr);

    const auto committed = backend.committed();
    REQUIRE(committed.size() == kTreeInputs + 1);
    int culprits = 0;
    for (const auto& r : committed) {
        if (r.source.path.find("culprit") == std::string::npos) continue;
        ++culprits;
        CHECK(r.status == db::InputStatus::rejected);
        CHECK(r.stage == "write");
        CHECK(r.error.find("UNIQUE constraint failed") != std::string::npos);
        CHECK_FALSE(r.filing.has_value());
    }
    CHECK(culprits == 1);
    CHECK(s.status == "rejects");
    CHECK(s.counts.files_rejected >= 1);
    const bool listed =
        std::any_of(s.rejections.begin(), s.rejections.end(),
                    [](const pipeline::Rejection& r) { return r.stage == "write"; });
    CHECK(listed);
}

TEST_CASE("ingest: a fatal database error stops the run cleanly", "[pipeline]") {
    TempDir dir;
    for (int i = 0; i < 40; ++i)
        write_file(dir / ("f" + std::to_string(100 + i) + ".txt"), filing(100 + i));
    FakeBackend backend;
    backend.fatal_on_call = 2;
    pipeline::Options o = small_options();
    o.batch_files = 2;
    const pipeline::Summary s = pipeline::ingest(backend, {dir.path().string()}, o, 1, nullptr);
    // Returning at all means every thread was joined (a joinable std::thread would terminate).
    CHECK(s.status == "failed");
    CHECK(s.fatal_error.find("disk I/O error") != std::string::npos);
    CHECK(backend.calls() == 2);  // nothing written after the fatal error
    CHECK(backend.committed().size() == 2);
    CHECK(s.counts.files_ingested + s.counts.files_rejected + s.counts.files_ignored == 2);
}

TEST_CASE("ingest: a second run over an unchanged tree reads nothing", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    FakeBackend backend;
    const std::string root = (dir / "tree").string();
    const pipeline::Summary first = pipeline::ingest(backend, {root}, small_options(), 1, nullptr);
    REQUIRE(total(first.counts) == kTreeInputs);
    backend.clear_log();

    const pipeline::Summary second = pipeline::ingest(backend, {root}, small_options(), 2, nullptr);
    CHECK(second.counts.bytes_read == 0);
    CHECK(second.counts.files_skipped == kTreeInputs);
    CHECK(second.counts.files_seen == kTreeInputs);
    CHECK(total(second.counts) == 0);
    CHECK(backend.calls() == 0);
    CHECK(second.status == "ok");

    SECTION("a changed file is read again, the rest stays skipped") {
        write_file(dir / "tree" / "dir1" / "f1.txt", filing(1) + "\n");
        backend.clear_log();
        const pipeline::Summary third =
            pipeline::ingest(backend, {root}, small_options(), 3, nullptr);
        CHECK(total(third.counts) == 1);
        CHECK(third.counts.files_skipped == kTreeInputs - 1);
        REQUIRE(backend.committed().size() == 1);
        CHECK(backend.committed()[0].source.relative == "dir1/f1.txt");
    }
    SECTION("--force reads everything") {
        pipeline::Options o = small_options();
        o.force = true;
        const pipeline::Summary forced = pipeline::ingest(backend, {root}, o, 3, nullptr);
        CHECK(forced.counts.files_skipped == 0);
        CHECK(total(forced.counts) == kTreeInputs);
    }
}

TEST_CASE("ingest: rejected inputs are skipped unless --retry-rejected", "[pipeline]") {
    TempDir dir;
    write_file(dir / "ok.txt", filing(50));
    write_file(dir / "culprit.txt", filing(51));
    FakeBackend backend;
    backend.culprit_marker = "culprit";
    const std::string root = dir.path().string();
    const pipeline::Summary first = pipeline::ingest(backend, {root}, small_options(), 1, nullptr);
    REQUIRE(first.counts.files_rejected == 1);

    backend.clear_log();
    const pipeline::Summary again = pipeline::ingest(backend, {root}, small_options(), 2, nullptr);
    CHECK(again.counts.files_skipped == 2);
    CHECK(again.status == "ok");

    backend.clear_log();
    pipeline::Options o = small_options();
    o.retry_rejected = true;
    const pipeline::Summary retry = pipeline::ingest(backend, {root}, o, 3, nullptr);
    CHECK(retry.counts.files_skipped == 1);
    CHECK(retry.counts.files_rejected == 1);
    CHECK(retry.status == "rejects");
}

TEST_CASE("ingest: the stop flag ends the run as interrupted with what was read committed",
          "[pipeline]") {
    TempDir dir;
    for (int i = 0; i < 30; ++i)
        write_file(dir / ("f" + std::to_string(200 + i) + ".txt"), filing(200 + i));
    FakeBackend backend;
    std::atomic<bool> stop{false};
    backend.stop_target = &stop;
    backend.stop_after_lookups = 5;
    const pipeline::Summary s =
        pipeline::ingest(backend, {dir.path().string()}, small_options(), 1, &stop);
    CHECK(s.status == "interrupted");
    CHECK(s.counts.files_seen < 30);
    // Everything taken in was parsed and committed.
    CHECK(static_cast<std::int64_t>(backend.committed().size()) == s.counts.files_seen);
    CHECK(total(s.counts) == s.counts.files_seen);
}

TEST_CASE("ingest: --max-errors stops the run as failed", "[pipeline]") {
    TempDir dir;
    std::vector<std::string> roots;
    for (int i = 0; i < 10; ++i) roots.push_back((dir / ("missing" + std::to_string(i))).string());
    FakeBackend backend;
    pipeline::Options o = small_options();
    o.max_errors = 3;
    const pipeline::Summary s = pipeline::ingest(backend, roots, o, 1, nullptr);
    CHECK(s.status == "failed");
    CHECK(s.fatal_error.find("max-errors") != std::string::npos);
    CHECK(s.counts.files_rejected > 3);
    for (const auto& r : s.rejections) CHECK(r.stage == "read");
}

TEST_CASE("ingest: dry run parses everything and writes nothing", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    FakeBackend backend;
    pipeline::Options o = small_options();
    o.dry_run = true;
    const pipeline::Summary s = pipeline::ingest(backend, {(dir / "tree").string()}, o, 0, nullptr);
    CHECK(backend.calls() == 0);
    CHECK(backend.archives_recorded().empty());
    CHECK(total(s.counts) == kTreeInputs);
    CHECK(s.counts.files_ingested >= 1);
}

TEST_CASE("ingest: shards partition the inputs", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    for (int i = 0; i < 12; ++i)
        write_file(dir / "tree" / "more" / ("m" + std::to_string(i) + ".txt"), filing(300 + i));
    const std::string root = (dir / "tree").string();

    FakeBackend whole;
    pipeline::ingest(whole, {root}, small_options(), 1, nullptr);
    const auto all = displays(whole.committed());
    REQUIRE(all.size() == kTreeInputs + 12);

    std::multiset<std::string> joined;
    std::int64_t seen = 0;
    for (int k = 1; k <= 3; ++k) {
        FakeBackend part;
        pipeline::Options o = small_options();
        o.shard_k = k;
        o.shard_n = 3;
        const pipeline::Summary s = pipeline::ingest(part, {root}, o, 1, nullptr);
        const auto mine = displays(part.committed());
        CHECK(static_cast<std::int64_t>(mine.size()) == s.counts.files_seen);
        seen += s.counts.files_seen;
        joined.insert(mine.begin(), mine.end());
        // Archives go whole to one shard.
        const auto tar_members = std::count_if(mine.begin(), mine.end(), [](const std::string& d) {
            return d.find("daily.nc.tar.gz!") != std::string::npos;
        });
        CHECK((tar_members == 0 || tar_members == 3));
    }
    CHECK(joined == all);  // union is the whole, and a multiset equal to a set: no overlap
    CHECK(seen == static_cast<std::int64_t>(all.size()));
}

TEST_CASE("shard_of is stable and in range", "[pipeline]") {
    CHECK(pipeline::shard_of("anything", 1) == 1);
    std::set<int> hit;
    for (int i = 0; i < 200; ++i) {
        const int s = pipeline::shard_of("edgar/data/" + std::to_string(i) + ".txt", 4);
        CHECK(s >= 1);
        CHECK(s <= 4);
        hit.insert(s);
    }
    CHECK(hit.size() == 4);
    // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; mod 7 = 1, so shard 2.
    CHECK(pipeline::shard_of("a", 7) == static_cast<int>(0xaf63dc4c8601ec8cULL % 7) + 1);
}

TEST_CASE("ingest: jobs=1 and jobs=4 give the same results", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    const std::string root = (dir / "tree").string();
    FakeBackend one;
    pipeline::Options o1 = small_options();
    o1.jobs = 1;
    const pipeline::Summary s1 = pipeline::ingest(one, {root}, o1, 1, nullptr);
    FakeBackend four;
    pipeline::Options o4 = small_options();
    o4.jobs = 4;
    const pipeline::Summary s4 = pipeline::ingest(four, {root}, o4, 1, nullptr);
    CHECK(rows(one.committed()) == rows(four.committed()));
    CHECK(s1.counts.files_ingested == s4.counts.files_ingested);
    CHECK(s1.counts.bytes_read == s4.counts.bytes_read);
    CHECK(s1.status == s4.status);
}

TEST_CASE("ingest: an input larger than the queue byte bound still passes", "[pipeline]") {
    TempDir dir;
    std::string big = filing(400);
    big.insert(big.find("Nothing happened"), std::string(64 * 1024, 'w') + "\n");
    write_file(dir / "big.txt", big);
    write_file(dir / "small.txt", filing(401));
    FakeBackend backend;
    pipeline::Options o = small_options();
    o.input_queue_bytes = 1024;
    o.result_queue_bytes = 1024;
    const pipeline::Summary s = pipeline::ingest(backend, {dir.path().string()}, o, 1, nullptr);
    CHECK(backend.committed().size() == 2);
    CHECK(s.counts.bytes_read >= static_cast<std::int64_t>(big.size()));
}

namespace {

// A second connection to the same fake database: what open_writer hands each extra writer.
class FakeConnection : public db::Backend {
  public:
    explicit FakeConnection(FakeBackend& db) : db_(db) {}
    std::string dialect() const override { return db_.dialect(); }
    void migrate() override { db_.migrate(); }
    std::vector<db::MigrationState> migration_status() override { return db_.migration_status(); }
    std::int64_t begin_run(const db::RunStart& s) override { return db_.begin_run(s); }
    void finish_run(std::int64_t id, const db::RunCounts& c, const std::string& s) override {
        db_.finish_run(id, c, s);
    }
    void write_batch(std::int64_t run, const std::vector<db::InputResult>& batch) override {
        db_.write_batch(run, batch);
    }
    std::vector<std::string> unlisted_directories(
        const std::vector<std::string>& roots) override {
        return db_.unlisted_directories(roots);
    }
    void forget_directories(std::int64_t run, const std::vector<std::string>& paths) override {
        db_.forget_directories(run, paths);
    }
    void record_archive(std::int64_t run, const db::ArchiveDone& a) override {
        db_.record_archive(run, a);
    }
    std::unique_ptr<db::InputLookup> open_lookup() override { return db_.open_lookup(); }
    bool empty() override { return db_.empty(); }
    void dump(std::ostream& out) override { db_.dump(out); }
    std::vector<Row> query(const std::string& sql) override { return db_.query(sql); }

  private:
    FakeBackend& db_;
};

}  // namespace

TEST_CASE("ingest: several writers commit every input once, archives after their members",
          "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    FakeBackend single;
    const pipeline::Summary one =
        pipeline::ingest(single, {(dir / "tree").string()}, small_options(), 1, nullptr);

    FakeBackend shared;
    shared.culprit_marker = "f4.txt";  // one batch fails and is replayed by whichever writer
    pipeline::Options o = small_options();
    o.writers = 3;
    int opened = 0;
    o.open_writer = [&] {
        ++opened;
        return std::make_unique<FakeConnection>(shared);
    };
    const pipeline::Summary many = pipeline::ingest(shared, {(dir / "tree").string()}, o, 1, nullptr);

    CHECK(opened == 2);  // the calling thread's backend is the first writer
    const auto committed = shared.committed();
    CHECK(committed.size() == static_cast<std::size_t>(kTreeInputs));
    const auto names = displays(committed);
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == kTreeInputs);
    CHECK(many.counts.files_seen == one.counts.files_seen);
    CHECK(total(many.counts) == kTreeInputs);
    CHECK(many.counts.files_rejected == 1);
    CHECK(many.status == "rejects");
    for (const auto& r : committed) {
        if (r.source.path.find("f4.txt") != std::string::npos) {
            CHECK(r.status == db::InputStatus::rejected);
            CHECK(r.stage == "write");
        }
    }
    const auto archives = shared.archives_recorded();
    REQUIRE(archives.size() == 2);
    for (const auto& a : archives) CHECK(a.complete);
}

TEST_CASE("ingest: the summary has each thread's CPU time", "[pipeline]") {
    TempDir dir;
    make_tree(dir / "tree");
    FakeBackend backend;
    backend.busy_seconds_per_batch = 0.02;  // the database is the slow part
    const pipeline::Options o = small_options();
    const double process_before = util::process_cpu_seconds();
    const pipeline::Summary s = pipeline::ingest(backend, {(dir / "tree").string()}, o, 1, nullptr);
    const double process = util::process_cpu_seconds() - process_before;

    REQUIRE(s.cpu.parsers.size() == 2);  // one per job
    REQUIRE(s.cpu.writers.size() == 1);
    const double batches = static_cast<double>(backend.batch_sizes().size());
    REQUIRE(batches >= 2);
    // The writer's time holds every batch's spin, and the spin is the writer's alone.
    CHECK(s.cpu.writers[0] >= 0.02 * batches * 0.99);
    for (const double parser : s.cpu.parsers) {
        CHECK(parser > 0);
        CHECK(parser < s.cpu.writers[0]);
    }
    CHECK(s.cpu.walker > 0);
    const double parts = s.cpu.walker + s.cpu.parsers[0] + s.cpu.parsers[1] + s.cpu.writers[0];
    CHECK(parts <= process + 0.01);
}
