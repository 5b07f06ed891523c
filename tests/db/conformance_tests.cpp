// One conformance suite, two backends: every case runs against SQLite and, when a server is
// configured ($EDGARSQL_TEST_PG; required under CI=true), against PostgreSQL. Queries use SQL
// common to both; dumps of the same writes must be byte-identical across backends.

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "db/backend.hpp"
#include "db/migrations.hpp"
#include "db/postgres_test_support.hpp"
#include "support/test_support.hpp"

using namespace edgarsql;

namespace {

model::Filing make_filing(const std::string& accession, const std::string& filed_date,
                          model::SourceKind kind = model::SourceKind::full_submission) {
    model::Filing f;
    f.accession_number = accession;
    f.form_type = "8-K";
    f.form_family = "8-K";
    f.filed_date = filed_date;
    f.period_of_report = filed_date;
    f.acceptance_datetime = filed_date + "T14:30:00Z";
    f.date_as_of_change = filed_date;
    f.source_kind = kind;
    f.document_count = 1;
    model::Party p;
    p.role = "filer";
    p.seq = 1;
    p.cik = 1000001;
    p.name = "ACME WIDGETS INC";
    p.company_data = true;
    p.sic_code = 3690;
    p.sic_description = "MISC ELECTRICAL MACHINERY";
    p.state_of_incorporation = "DE";
    p.business.city = "SPRINGFIELD";
    f.parties.push_back(p);
    f.cik = p.cik;
    f.header_fields.push_back({1, "ACCESSION NUMBER", accession});
    f.header_fields.push_back({2, "FILER/COMPANY DATA/COMPANY CONFORMED NAME", p.name});
    model::Item item;
    item.item_code = "2.02";
    item.item_raw = "2.02";
    item.title = "Results of Operations and Financial Condition";
    item.seq = 1;
    item.document_sequence = 1;
    item.text = "Revenue rose.";
    item.start_offset = 0;
    item.end_offset = 13;
    f.items.push_back(item);
    model::Document d;
    d.sequence = 1;
    d.type = "8-K";
    d.content_kind = "text";
    d.charset = "utf-8";
    d.text = "Item 2.02. Results.\nRevenue rose.\n";
    d.bytes = static_cast<std::int64_t>(d.text->size());
    d.sha256 = std::string(64, 'a');
    f.documents.push_back(d);
    model::Exhibit x;
    x.seq = 1;
    x.exhibit_number = "99.1";
    x.description = "Press release";
    x.listed_in_index = true;
    f.exhibits.push_back(x);
    return f;
}

db::InputResult make_input(const std::string& path, const model::Filing& f,
                           const std::string& sha256, int parser_version = 1,
                           const std::string& member = "") {
    db::InputResult r;
    r.source.path = path;
    r.source.member = member;
    r.source.bytes = 1234;
    r.source.mtime = 1700000000;
    r.source.sha256 = sha256;
    r.status = db::InputStatus::ingested;
    r.filing = f;
    r.parser_version = parser_version;
    return r;
}

std::string sha(char c) {
    return std::string(64, c);
}

/// A fresh database of one backend, migrated unless asked not to be.
class Db {
  public:
    explicit Db(const std::string& kind, bool migrated = true) {
        if (kind == "postgres") {
            pg_ = std::make_unique<test::PostgresDb>();
            url_ = pg_->url();
        } else {
            dir_ = std::make_unique<test::TempDir>();
            url_ = (*dir_ / "edgar.db").string();
        }
        backend = migrated ? open() : db::open_backend(url_);
    }
    std::unique_ptr<db::Backend> open() {
        auto b = db::open_backend(url_);
        b->migrate();
        return b;
    }
    std::int64_t run() { return backend->begin_run({"test", "edgarsql ingest"}); }
    void write(const std::vector<db::InputResult>& batch) { backend->write_batch(run(), batch); }
    std::string dump() {
        std::ostringstream out;
        backend->dump(out);
        return out.str();
    }
    std::string scalar(const std::string& sql) {
        auto rows = backend->query(sql);
        REQUIRE(rows.size() == 1);
        REQUIRE(rows[0].size() == 1);
        return rows[0][0].value_or("NULL");
    }
    const std::string& url() const { return url_; }

    std::unique_ptr<db::Backend> backend;

  private:
    std::unique_ptr<test::TempDir> dir_;
    std::unique_ptr<test::PostgresDb> pg_;
    std::string url_;
};

std::vector<std::string> backends() {
    std::vector<std::string> out = {"sqlite"};
    if (test::postgres_available()) out.emplace_back("postgres");
    return out;
}

/// A new database of one backend migrated up to, not including, the migration named `until`,
/// with raw SQL access: rows are written as an older binary wrote them, then close() lets
/// Db::open() migrate the rest.
class OldSchema {
  public:
    OldSchema(Db& t, const std::string& kind, const std::string& until)
        : t_(t), postgres_(kind == "postgres") {
        if (!postgres_)
            lite_ = std::make_unique<SQLite::Database>(t.url(), SQLite::OPEN_READWRITE);
        for (const db::Migration& m : db::migrations_for(kind)) {
            if (std::string(m.name) == until) break;
            apply(m.sql);
            apply("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
                  std::to_string(m.version) + ", '" + m.name + "', " +
                  (postgres_ ? "now()" : "'2026-01-01T00:00:00Z'") + ")");
        }
    }
    /// Several statements at once: PostgreSQL's simple query protocol takes them as they are;
    /// SQLite through exec().
    void apply(const std::string& sql) {
        if (postgres_)
            t_.backend->query(sql);
        else
            lite_->exec(sql);
    }
    void close() {
        lite_.reset();
        t_.backend.reset();
    }

  private:
    Db& t_;
    bool postgres_;
    std::unique_ptr<SQLite::Database> lite_;
};

// The dumps of each scenario per backend, to compare across backends.
std::map<std::string, std::map<std::string, std::string>>& dumps() {
    static std::map<std::string, std::map<std::string, std::string>> all;
    return all;
}

void same_across_backends(const std::string& scenario, const std::string& kind,
                          const std::string& dump) {
    auto& per_backend = dumps()[scenario];
    per_backend[kind] = dump;
    for (const auto& [other, d] : per_backend) {
        INFO("scenario " << scenario << ": " << kind << " vs " << other);
        CHECK(d == dump);
    }
}

}  // namespace

TEST_CASE("conformance: a filing with its children is stored once, idempotently", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            model::Filing f = make_filing("0001000001-24-000001", "2024-03-01");
            f.warnings = {"first warning", "second warning"};
            f.parse_status = model::ParseStatus::partial;
            t.write({make_input("/data/a.txt", f, sha('1'))});
            CHECK(t.scalar("SELECT count(*) FROM filings") == "1");
            CHECK(t.scalar("SELECT warnings FROM filings") == "first warning\nsecond warning");
            CHECK(t.scalar("SELECT count(*) FROM filing_parties") == "1");
            CHECK(t.scalar("SELECT count(*) FROM header_fields") == "2");
            CHECK(t.scalar("SELECT item_code FROM items") == "2.02");
            CHECK(t.scalar("SELECT text FROM documents") == "Item 2.02. Results.\nRevenue rose.\n");
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE filing_id IS NOT NULL") == "1");
            CHECK(t.scalar("SELECT name FROM registrants") == "ACME WIDGETS INC");
            CHECK_FALSE(t.backend->empty());
            const std::string first = t.dump();
            t.write({make_input("/data/a.txt", f, sha('1'))});
            CHECK(t.dump() == first);
            CHECK(first.find("0001000001-24-000001\t0001000001-24-000001\t8-K\t8-K\t0\t"
                             "2024-03-01\t2024-03-01\t2024-03-01T14:30:00Z\t2024-03-01") !=
                  std::string::npos);
            same_across_backends("idempotent", kind, first);
        }
    }
}

TEST_CASE("conformance: one winner per accession whatever the order", "[db]") {
    const std::string acc = "0001000001-24-000002";
    model::Filing txt = make_filing(acc, "2024-03-02", model::SourceKind::full_submission);
    txt.form_type = "8-K/A";
    model::Filing nc = make_filing(acc, "2024-03-02", model::SourceKind::nc);
    nc.items.clear();
    model::Filing bare = make_filing(acc, "2024-03-02", model::SourceKind::bare);
    bare.documents[0].text = "bare copy";
    const std::vector<db::InputResult> versions = {
        make_input("/data/b/full.txt", txt, sha('a')),
        make_input("/data/feed/20240302.nc.tar.gz", nc, sha('b'), 1, "x.nc"),
        make_input("/data/bare/8k.htm", bare, sha('c'))};
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            std::array<int, 3> order = {0, 1, 2};
            std::string reference;
            do {
                Db t(kind);
                for (int i : order) t.write({versions[static_cast<std::size_t>(i)]});
                CHECK(t.scalar("SELECT source_kind FROM filings") == "full_submission");
                CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE filing_id IS NOT NULL") ==
                      "3");
                CHECK(t.scalar("SELECT count(*) FROM items") == "1");
                const std::string d = t.dump();
                if (reference.empty()) reference = d;
                CHECK(d == reference);
            } while (std::next_permutation(order.begin(), order.end()));
            // All three in one batch, in both directions.
            Db one(kind);
            one.write({versions[2], versions[1], versions[0]});
            CHECK(one.dump() == reference);
            same_across_backends("winner", kind, reference);
        }
    }
}

TEST_CASE("conformance: precedence by status, date as of change, bytes and path", "[db]") {
    const std::string acc = "0001000001-24-000003";
    model::Filing complete = make_filing(acc, "2024-03-03");
    model::Filing partial = complete;
    partial.parse_status = model::ParseStatus::partial;
    model::Filing newer_change = complete;
    newer_change.date_as_of_change = "2024-05-01";
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            t.write({make_input("/p/b.txt", partial, sha('1'))});
            t.write({make_input("/p/c.txt", complete, sha('2'))});
            CHECK(t.scalar("SELECT source_path FROM filings") == "/p/c.txt");
            t.write({make_input("/p/d.txt", newer_change, sha('3'))});
            CHECK(t.scalar("SELECT source_path FROM filings") == "/p/d.txt");
            // Other bytes at a smaller path: the bytes decide, not where the archive is mounted.
            t.write({make_input("/p/a.txt", newer_change, sha('4'))});
            CHECK(t.scalar("SELECT source_path FROM filings") == "/p/d.txt");
            // The same bytes at a smaller path: the path decides.
            t.write({make_input("/p/b.txt", newer_change, sha('3'))});
            CHECK(t.scalar("SELECT source_path FROM filings") == "/p/b.txt");
            t.write({make_input("/p/z.txt", partial, sha('5'))});
            CHECK(t.scalar("SELECT source_path FROM filings") == "/p/b.txt");
            same_across_backends("precedence", kind, t.dump());
        }
    }
}

TEST_CASE("conformance: a worse reading of the kept version's file has its other copies read "
          "again", "[db]") {
    const std::string acc = "0001000001-24-000007";
    model::Filing complete = make_filing(acc, "2024-03-03");
    model::Filing partial = complete;
    partial.parse_status = model::ParseStatus::partial;
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            t.write({make_input("/w/a.txt", complete, sha('1')),
                     make_input("/w/b.txt", complete, sha('1')),
                     make_input("/w/feed.tar", complete, sha('1'), 1, "c.nc")});
            db::ArchiveDone done;
            done.path = "/w/feed.tar";
            done.bytes = 9000;
            done.mtime = 1700000000;
            done.members = 1;
            done.complete = true;
            done.parser_version = 1;
            t.backend->record_archive(t.run(), done);
            CHECK(t.scalar("SELECT source_path FROM filings") == "/w/a.txt");

            // Read again, unchanged in rank: nothing else to read.
            t.write({make_input("/w/a.txt", complete, sha('1'))});
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE reread") == "0");

            // Cut short: its own reading replaces the stored one, the copies that lost to the
            // old reading are read again by the next run, and their archive opened again.
            model::Filing cut = partial;
            db::InputResult worse = make_input("/w/a.txt", cut, sha('2'));
            worse.source.bytes = 600;
            t.write({worse});
            CHECK(t.scalar("SELECT parse_status FROM filings") == "partial");
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE reread") == "2");
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE reread AND "
                           "((source_path = '/w/b.txt' AND source_member = '') OR "
                           "(source_path = '/w/feed.tar' AND source_member = 'c.nc'))") == "2");
            // The archive's own record of a walk that ends after the mark does not undo it.
            done.member_names = {"c.nc"};
            done.reached_end = true;
            t.backend->record_archive(t.run(), done);
            auto lookup = t.backend->open_lookup();
            auto arc = lookup->find_archive("/w/feed.tar");
            REQUIRE(arc);
            CHECK(arc->reread_members);
            lookup->expect_archive("/w/feed.tar");
            auto c = lookup->find_input("/w/feed.tar", "c.nc");
            REQUIRE(c);
            CHECK(c->reread);
            CHECK(c->mtime == 1700000000);
            auto a = lookup->find_input("/w/a.txt", "");
            REQUIRE(a);
            CHECK_FALSE(a->reread);

            // The next run reads b.txt again: it outranks the partial reading and is kept.
            t.write({make_input("/w/b.txt", complete, sha('1'))});
            CHECK(t.scalar("SELECT parse_status || ' ' || source_path FROM filings") ==
                  "complete /w/b.txt");
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE reread") == "1");

            // A walk of the archive that no longer meets c.nc drops its row, and its mark.
            done.member_names = {"d.nc"};
            t.backend->record_archive(t.run(), done);
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE source_member = 'c.nc'") ==
                  "0");
            auto fresh = t.backend->open_lookup();
            auto whole = fresh->find_archive("/w/feed.tar");
            REQUIRE(whole);
            CHECK_FALSE(whole->reread_members);
        }
    }
}

TEST_CASE("conformance: an archive's record keeps the rows of inner archives left unread, and "
          "marks those read from damaged bytes",
          "[db]") {
    model::Filing f = make_filing("0001000001-24-000031", "2024-03-11");
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            // Members of archives inside /n/q.tar are named 'inner!member'. The prefix of
            // the one left unread holds LIKE's wildcards: it must match as written.
            std::vector<db::InputResult> batch;
            for (const char* member : {"f_%.tar.gz!a.nc", "f_%.tar.gz!sub/b.nc",
                                       "fxx.tar.gz!c.nc", "g.tar.gz!d.nc", "x.txt"}) {
                db::InputResult r = make_input("/n/q.tar", f, sha('1'), 1, member);
                r.status = db::InputStatus::ignored;
                r.filing.reset();
                r.stage = "detect";
                r.error = "not a filing: test";
                batch.push_back(r);
            }
            // Damage of an archive inside g.tar.gz: read again anyway, never marked.
            db::InputResult damage = make_input("/n/q.tar", f, sha('1'), 1, "g.tar.gz!in.tgz");
            damage.status = db::InputStatus::rejected;
            damage.filing.reset();
            damage.stage = "archive";
            damage.error = "corrupt archive after 1 members (last 'a.nc'): truncated";
            batch.push_back(damage);
            t.write(batch);
            db::ArchiveDone done;
            done.path = "/n/q.tar";
            done.bytes = 9000;
            done.mtime = 1700000000;
            done.members = 2;
            done.parser_version = 1;
            done.reached_end = true;
            done.member_names = {"x.txt", "g.tar.gz!d.nc", "g.tar.gz!in.tgz"};
            done.kept_prefixes = {"f_%.tar.gz!"};
            done.reread_prefixes = {"g.tar.gz!", "f_%.tar.gz!sub/"};
            t.backend->record_archive(t.run(), done);
            const std::string yes = kind == "postgres" ? "t" : "1";
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE reread") == "2");
            CHECK(t.scalar("SELECT reread FROM ingest_files WHERE source_member = "
                           "'g.tar.gz!d.nc'") == yes);
            CHECK(t.scalar("SELECT reread FROM ingest_files WHERE source_member = "
                           "'f_%.tar.gz!sub/b.nc'") == yes);
            const auto rows = t.backend->query(
                "SELECT source_member FROM ingest_files WHERE source_path = '/n/q.tar' "
                "ORDER BY source_member");
            std::vector<std::string> members;
            for (const auto& row : rows) members.push_back(row[0].value_or("NULL"));
            CHECK(members == std::vector<std::string>{"f_%.tar.gz!a.nc", "f_%.tar.gz!sub/b.nc",
                                                      "g.tar.gz!d.nc", "g.tar.gz!in.tgz",
                                                      "x.txt"});
        }
    }
}

TEST_CASE("conformance: an archive walked again after its damage marks the members this run "
          "did not write",
          "[db]") {
    model::Filing f = make_filing("0001000001-24-000032", "2024-03-12");
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            // The damaged walk wrote a.nc, b.nc and the damage of an inner archive.
            const std::int64_t first = t.run();
            std::vector<db::InputResult> batch;
            for (const char* member : {"a.nc", "b.nc", "in.tgz"}) {
                db::InputResult r = make_input("/d/feed.tar.gz", f, sha('1'), 1, member);
                r.status = db::InputStatus::ignored;
                r.filing.reset();
                r.stage = "detect";
                r.error = "not a filing: test";
                if (std::string(member) == "in.tgz") {
                    r.status = db::InputStatus::rejected;
                    r.stage = "archive";
                    r.error = "corrupt archive after 0 members: truncated";
                }
                batch.push_back(r);
            }
            t.backend->write_batch(first, batch);
            // The walk of the mended archive read a.nc only (a glob left b.nc out).
            const std::int64_t second = t.run();
            t.backend->write_batch(second, {batch[0]});
            db::ArchiveDone done;
            done.path = "/d/feed.tar.gz";
            done.bytes = 9000;
            done.mtime = 1700000100;
            done.members = 3;
            done.parser_version = 1;
            done.reached_end = true;
            done.member_names = {"a.nc", "b.nc", "in.tgz"};
            done.reread_unwritten = true;
            t.backend->record_archive(second, done);
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE reread") == "1");
            CHECK(t.scalar("SELECT source_member FROM ingest_files WHERE reread") == "b.nc");
            auto lookup = t.backend->open_lookup();
            const auto archive = lookup->find_archive("/d/feed.tar.gz");
            REQUIRE(archive);
            CHECK(archive->reread_members);
        }
    }
}

TEST_CASE("conformance: directories listed again lose their old rejections, by their paths",
          "[db]") {
    model::Filing f = make_filing("0001000001-24-000033", "2024-03-13");
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            const auto rejected = [&](const std::string& path, const std::string& error) {
                db::InputResult r = make_input(path, f, sha('1'), 1, "");
                r.status = db::InputStatus::rejected;
                r.filing.reset();
                r.stage = "read";
                r.error = error;
                return r;
            };
            const std::int64_t before = t.run();
            t.backend->write_batch(
                before, {rejected("/t/tree/sub", "cannot list directory: Permission denied"),
                         rejected("/t/tree", "cannot list directory: Permission denied"),
                         rejected("/t/tree/file.txt", "cannot open: Permission denied"),
                         rejected("/t/treetop/sub", "cannot list directory: Permission denied"),
                         rejected("/t/other/sub", "cannot list directory: Permission denied")});
            // This run could not list /t/tree/again either.
            const std::int64_t now = t.run();
            t.backend->write_batch(
                now, {rejected("/t/tree/again", "cannot list directory: Permission denied")});
            std::vector<std::string> unlisted = t.backend->unlisted_directories({"/t/tree"});
            std::sort(unlisted.begin(), unlisted.end());
            CHECK(unlisted ==
                  std::vector<std::string>{"/t/tree", "/t/tree/again", "/t/tree/sub"});
            // This walk listed all three: rows of earlier runs go.
            t.backend->forget_directories(now, unlisted);
            const auto rows = t.backend->query(
                "SELECT source_path FROM ingest_files ORDER BY source_path");
            std::vector<std::string> paths;
            for (const auto& row : rows) paths.push_back(row[0].value_or("NULL"));
            CHECK(paths == std::vector<std::string>{"/t/other/sub", "/t/tree/again",
                                                    "/t/tree/file.txt", "/t/treetop/sub"});
        }
    }
}

// Migration nested_archives (SQLite 0012, PostgreSQL 0013) on a database written before it:
// members that were archives or compressed streams, recorded as inputs ignored or rejected at
// detection, lose their rows, and their archives are opened again; other rows stay.
TEST_CASE("conformance: the nested-archives migration reopens archives holding archives",
          "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind, /*migrated=*/false);
            const bool postgres = kind == "postgres";
            OldSchema old(t, kind, "nested_archives");
            const auto apply = [&](const std::string& sql) { old.apply(sql); };
            const std::string yes = postgres ? "true" : "1";
            for (const char* path : {"/m/q.tar", "/m/plain.tar", "/m/r.zip"}) {
                apply(std::string("INSERT INTO ingest_archives (source_path, bytes, mtime, "
                                  "parser_version, members, rejected, complete) VALUES ('") +
                      path + "', 10, 20, 4, 2, 0, " + yes + ")");
            }
            const auto row = [&](const std::string& path, const std::string& member,
                                 const std::string& status, const std::string& stage,
                                 const std::string& error) {
                apply("INSERT INTO ingest_files (source_path, source_member, bytes, mtime, "
                      "status, stage, error, parser_version) VALUES ('" + path + "', '" +
                      member + "', 10, 20, '" + status + "', '" + stage + "', '" + error +
                      "', 4)");
            };
            row("/m/q.tar", "20210104.nc.tar.gz", "ignored", "detect",
                "not a filing: gzip-compressed file (not opened by the walker)");
            row("/m/q.tar", "logo.png", "ignored", "detect", "not a filing: PNG image");
            row("/m/plain.tar", "logo.png", "ignored", "detect", "not a filing: PNG image");
            row("/m/plain.tar", "bad.txt", "rejected", "header", "no header");
            row("/m/r.zip", "inner.tar", "rejected", "detect",
                "binary content (82% control bytes in the first 64 KB) with no known file "
                "signature");
            row("/m/r.zip", "x.zip", "ignored", "detect", "not a filing: zip archive");
            row("/m/top.gz", "", "ignored", "detect",
                "not a filing: gzip-compressed file (not opened by the walker)");
            // Refused for its size (an inner archive may be), and a tar inside a tar that an
            // older parser took for a bare document.
            row("/m/s.tar", "20210105.nc.tar.gz", "rejected", "limit",
                "decompressed size exceeds --max-input-bytes 100");
            row("/m/t.tar", "2021/feed.TAR", "ingested", "", "");
            row("/m/t.tar", "notes.txt", "ingested", "", "");
            for (const char* path : {"/m/s.tar", "/m/t.tar"}) {
                apply(std::string("INSERT INTO ingest_archives (source_path, bytes, mtime, "
                                  "parser_version, members, rejected, complete) VALUES ('") +
                      path + "', 10, 20, 4, 2, 0, " + yes + ")");
            }
            old.close();
            auto backend = t.open();
            const auto list = [&](const std::string& sql) {
                std::string out;
                for (const auto& r : backend->query(sql)) {
                    for (const auto& v : r) out += v.value_or("NULL") + " ";
                    out += "| ";
                }
                return out;
            };
            CHECK(list("SELECT source_path, source_member FROM ingest_files "
                       "ORDER BY source_path, source_member") ==
                  "/m/plain.tar bad.txt | /m/plain.tar logo.png | /m/q.tar logo.png | "
                  "/m/t.tar notes.txt | /m/top.gz  | ");
            const std::string no = postgres ? "f" : "0";
            const std::string still = postgres ? "t" : "1";
            CHECK(list("SELECT source_path, complete FROM ingest_archives "
                       "ORDER BY source_path") ==
                  "/m/plain.tar " + still + " | /m/q.tar " + no + " | /m/r.zip " + no +
                      " | /m/s.tar " + no + " | /m/t.tar " + no + " | ");
        }
    }
}

TEST_CASE("conformance: registrants and former names accumulate in any order", "[db]") {
    model::Filing older = make_filing("0001000001-20-000001", "2020-01-15");
    older.parties[0].name = "ACME OLD NAME INC";
    older.parties[0].fiscal_year_end = "1231";
    older.parties[0].irs_number = "123456789";
    older.parties[0].business.phone = "555-0100";
    older.parties[0].former_names.push_back({"ACME ORIGINAL CORP", "2010-06-01"});
    model::Filing newer = make_filing("0001000001-24-000009", "2024-02-01");
    newer.parties[0].name = "ACME NEW NAME INC";
    newer.parties[0].business.phone = "";
    newer.parties[0].sic_code.reset();
    newer.parties[0].former_names.push_back({"ACME ORIGINAL CORP", "2010-06-01"});
    newer.parties[0].former_names.push_back({"ACME OLD NAME INC", "2023-12-01"});
    newer.parties[0].former_names.push_back({"ACME UNDATED", ""});
    model::Party owner;
    owner.role = "reporting_owner";
    owner.seq = 2;
    owner.cik = 2000002;
    owner.name = "DOE JANE";
    owner.state_of_incorporation = "NV";
    owner.mail.street1 = "1 MAIN ST";
    newer.parties.push_back(owner);
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db a(kind);
            a.write({make_input("/r/old.txt", older, sha('1'))});
            a.write({make_input("/r/new.txt", newer, sha('2'))});
            Db b(kind);
            b.write({make_input("/r/new.txt", newer, sha('2'))});
            b.write({make_input("/r/old.txt", older, sha('1'))});
            Db c(kind);
            c.write({make_input("/r/new.txt", newer, sha('2')),
                     make_input("/r/old.txt", older, sha('1'))});
            const std::string d = a.dump();
            CHECK(b.dump() == d);
            CHECK(c.dump() == d);
            CHECK(a.scalar("SELECT name FROM registrants WHERE cik = 1000001") ==
                  "ACME NEW NAME INC");
            CHECK(a.scalar("SELECT business_phone FROM registrants WHERE cik = 1000001") ==
                  "555-0100");
            CHECK(a.scalar("SELECT sic_code FROM registrants WHERE cik = 1000001") == "3690");
            CHECK(a.scalar("SELECT as_of_accession FROM registrants WHERE cik = 1000001") ==
                  "0001000001-24-000009");
            CHECK(a.scalar("SELECT state_of_incorporation FROM registrants WHERE cik = 2000002") ==
                  "NULL");
            CHECK(a.scalar("SELECT count(*) FROM former_names") == "3");
            CHECK(a.scalar("SELECT first_accession FROM former_names WHERE former_name = "
                           "'ACME ORIGINAL CORP'") == "0001000001-20-000001");
            a.write({make_input("/r/new.txt", newer, sha('2'))});
            CHECK(a.scalar("SELECT count(*) FROM former_names") == "3");
            same_across_backends("registrants", kind, d);
        }
    }
}

TEST_CASE("conformance: a registrant's address is the newest stated address, whole, in any "
          "order", "[db]") {
    // The company moves from a suite on Main Street to a building of its own: the new address
    // has no second street line, and must not keep the old one's. Its phone is stated only
    // by the older filing, and its mail address only by the older one too: those stay.
    model::Filing older = make_filing("0001000001-19-000001", "2019-03-01");
    model::Address& old_business = older.parties[0].business;
    old_business = {"100 MAIN ST", "SUITE 200", "SPRINGFIELD", "IL", "62701", "555-0100"};
    older.parties[0].mail = {"PO BOX 9", "", "SPRINGFIELD", "IL", "62705", ""};
    model::Filing newer = make_filing("0001000001-21-000002", "2021-03-01");
    newer.parties[0].business = {"5 ELM RD", "", "SHELBYVILLE", "IL", "62565", ""};
    newer.parties[0].mail = {};
    // A person's address follows the same rule.
    model::Party owner;
    owner.role = "reporting_owner";
    owner.seq = 2;
    owner.cik = 2000002;
    owner.name = "DOE JANE";
    owner.mail = {"1 MAIN ST", "APT 4", "SPRINGFIELD", "IL", "62701", ""};
    older.parties.push_back(owner);
    owner.mail = {"77 LAKE SHORE DR", "", "CHICAGO", "IL", "60611", ""};
    newer.parties.push_back(owner);
    const db::InputResult o = make_input("/a/old.txt", older, sha('o'));
    const db::InputResult n = make_input("/a/new.txt", newer, sha('n'));
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            std::string reference;
            for (const auto& order : std::vector<std::vector<std::vector<db::InputResult>>>{
                     {{o}, {n}}, {{n}, {o}}, {{o, n}}, {{n, o}}}) {
                Db t(kind);
                for (const auto& batch : order) t.write(batch);
                CHECK(t.scalar("SELECT business_street1 || '|' || coalesce(business_street2, "
                               "'NULL') || '|' || business_city || '|' || business_zip || '|' || "
                               "business_phone || '|' || mail_street1 || '|' || mail_zip FROM "
                               "registrants WHERE cik = 1000001") ==
                      "5 ELM RD|NULL|SHELBYVILLE|62565|555-0100|PO BOX 9|62705");
                CHECK(t.scalar("SELECT mail_street1 || '|' || coalesce(mail_street2, 'NULL') || "
                               "'|' || mail_city FROM registrants WHERE cik = 2000002") ==
                      "77 LAKE SHORE DR|NULL|CHICAGO");
                const std::string d = t.dump();
                if (reference.empty()) reference = d;
                CHECK(d == reference);
            }
            same_across_backends("registrant addresses", kind, reference);
        }
    }
}

TEST_CASE("conformance: registrants follow the kept version of an accession, in any order",
          "[db]") {
    // Two copies of one accession: the one with the newer DATE AS OF CHANGE is kept. The
    // other states an incorporation, a phone and a second company the kept one does not.
    const std::string acc = "0001000001-23-000040";
    model::Filing stale = make_filing(acc, "2023-12-15");
    stale.parties[0].business.phone = "(555) 555-9808";
    model::Party other = stale.parties[0];
    other.role = "filed_by";
    other.seq = 2;
    other.cik = 3000003;
    other.name = "OTHER HOLDINGS LLC";
    stale.parties.push_back(other);
    model::Filing kept = make_filing(acc, "2023-12-15");
    kept.date_as_of_change = "2024-01-01";
    kept.parties[0].state_of_incorporation = "";
    // A later filing of the same company: the order key is not only this accession's.
    model::Filing later = make_filing("0001000001-24-000041", "2024-02-01");
    later.parties[0].business.city = "SHELBYVILLE";
    later.parties[0].irs_number = "987654321";
    later.parties[0].state_of_incorporation = "";
    const db::InputResult s = make_input("/v/a-stale.txt", stale, sha('s'));
    const db::InputResult k = make_input("/v/b-kept.txt", kept, sha('k'));
    const db::InputResult l = make_input("/v/c-later.txt", later, sha('l'));
    const std::vector<std::vector<std::vector<db::InputResult>>> orders = {
        {{k}, {l}},          // the kept copy alone, then the later filing
        {{s}, {k}, {l}},     // the stale copy first, replaced
        {{k}, {s}, {l}},     // the stale copy after, losing
        {{l}, {s}, {k}},     // the later filing first
        {{s, k, l}},         // one batch
        {{l, k, s}},
    };
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            std::string reference;
            std::string reference_registrants;
            for (std::size_t o = 0; o < orders.size(); ++o) {
                INFO("order " << o);
                Db t(kind);
                for (const auto& batch : orders[o]) t.write(batch);
                if (o == 0) {
                    CHECK(t.scalar("SELECT coalesce(state_of_incorporation, 'NULL') || ' ' || "
                                   "coalesce(business_phone, 'NULL') || ' ' || business_city || "
                                   "' ' || irs_number || ' ' || as_of_accession FROM "
                                   "registrants WHERE cik = 1000001") ==
                          "NULL NULL SHELBYVILLE 987654321 0001000001-24-000041");
                    CHECK(t.scalar("SELECT count(*) FROM registrants") == "1");
                }
                // The stale copy's input rows differ from the kept copy's alone; registrants
                // and filings must not.
                const std::string d = t.dump();
                const std::string registrants =
                    d.substr(0, d.find("## header_fields"));
                if (o == 0) reference_registrants = registrants;
                CHECK(registrants == reference_registrants);
                if (o == 1) reference = d;
                if (o > 1) CHECK(d == reference);
            }
            same_across_backends("registrants follow the kept version", kind, reference);
        }
    }
}

TEST_CASE("conformance: a version read again with the same values does not recompute its "
          "registrants", "[db]") {
    // Accumulating a registrant anew reads every stored party of its CIK: for an issuer of
    // tens of thousands of filings, done on every re-read (`--force`, a parser upgrade), that
    // is quadratic. It must happen only when a replaced version left a value behind.
    model::Filing first = make_filing("0001000001-22-000001", "2022-01-10");
    model::Party co = first.parties[0];
    co.role = "filed_by";
    co.seq = 2;
    co.cik = 3000003;
    co.name = "CO-FILER HOLDINGS";
    first.parties.push_back(co);
    model::Filing later = make_filing("0001000001-22-000002", "2022-06-10");
    later.parties[0].name = "ACME WIDGETS CORP";
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            // Each registrant accumulated anew: its registrant_sources row is deleted
            // (SQLite) or cleared (PostgreSQL) first; a trigger counts them.
            if (kind == "postgres") {
                t.backend->query(
                    "CREATE TABLE recount (cik bigint); "
                    "CREATE FUNCTION recount_f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "INSERT INTO recount VALUES (NEW.cik); RETURN NULL; END $$; "
                    "CREATE TRIGGER recount_t AFTER UPDATE ON registrant_sources FOR EACH ROW "
                    "WHEN (NEW.as_of IS NULL) EXECUTE FUNCTION recount_f()");
            } else {
                SQLite::Database d(t.url(), SQLite::OPEN_READWRITE);
                d.exec("CREATE TABLE recount (cik INTEGER); CREATE TRIGGER recount_t AFTER "
                       "DELETE ON registrant_sources BEGIN INSERT INTO recount VALUES "
                       "(old.cik); END");
            }
            t.write({make_input("/q/first.txt", first, sha('f'))});
            t.write({make_input("/q/later.txt", later, sha('l'))});
            const std::string before = t.dump();
            // The same file read again (its own source: it replaces the stored version).
            t.write({make_input("/q/first.txt", first, sha('f'), 2)});
            t.write({make_input("/q/later.txt", later, sha('l'), 2)});
            CHECK(t.scalar("SELECT count(*) FROM recount") == "0");
            CHECK(t.dump().substr(0, t.dump().find("## filings")) ==
                  before.substr(0, before.find("## filings")));
            // A better copy without the co-filer: its registrant goes, recomputed from nothing.
            model::Filing alone = first;
            alone.parties.pop_back();
            alone.date_as_of_change = "2022-02-01";
            t.write({make_input("/q/copy.txt", alone, sha('c'))});
            CHECK(t.scalar("SELECT count(*) FROM recount") == "1");
            CHECK(t.scalar("SELECT count(*) FROM registrants WHERE cik = 3000003") == "0");
            CHECK(t.scalar("SELECT name FROM registrants WHERE cik = 1000001") ==
                  "ACME WIDGETS CORP");
        }
    }
}

TEST_CASE("conformance: bare filings without accession are unique by sha256", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            model::Filing bare = make_filing("", "2024-06-01", model::SourceKind::bare);
            bare.header_fields.clear();
            t.write({make_input("/b/one.htm", bare, sha('1')),
                     make_input("/b/two.htm", bare, sha('2'))});
            t.write({make_input("/b/copy-of-one.htm", bare, sha('1'))});
            CHECK(t.scalar("SELECT count(*) FROM filings WHERE accession_number IS NULL") == "2");
            CHECK(t.scalar("SELECT source_path FROM filings WHERE source_sha256 = '" + sha('1') +
                           "'") == "/b/copy-of-one.htm");
            const std::string d = t.dump();
            CHECK(d.find("sha256:" + sha('1') + "\t1\tfiler") != std::string::npos);
            same_across_backends("bare", kind, d);
        }
    }
}

TEST_CASE("conformance: filing_overview names a cover-page filing and orders item numbers",
          "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            model::Filing k = make_filing("0001000001-24-000021", "2024-02-20");
            k.form_type = "10-K";
            k.form_family = "10-K";
            k.items.clear();
            int seq = 0;
            for (const char* code : {"10", "1", "9A", "2", "1A"}) {
                model::Item i;
                i.source = "body";
                i.item_code = code;
                i.item_raw = code;
                i.seq = ++seq;
                k.items.push_back(i);
            }
            // Known by its cover page only: no CIK, no header party.
            model::Filing bare = make_filing("", "2024-06-01", model::SourceKind::bare);
            bare.header_fields.clear();
            bare.parties[0].role = "cover_page";
            bare.parties[0].cik.reset();
            bare.parties[0].name = "LANTERNWORKS HOLDINGS CORP";
            bare.cik.reset();
            t.write({make_input("/o/k.txt", k, sha('1')), make_input("/o/bare.htm", bare, sha('2'))});
            CHECK(t.scalar("SELECT item_codes FROM filing_overview WHERE accession_number = "
                           "'0001000001-24-000021'") == "1,1A,2,9A,10");
            CHECK(t.scalar("SELECT company_name FROM filing_overview WHERE accession_number IS "
                           "NULL") == "LANTERNWORKS HOLDINGS CORP");
            CHECK(t.scalar("SELECT company_name FROM filing_overview WHERE accession_number = "
                           "'0001000001-24-000021'") == "ACME WIDGETS INC");
        }
    }
}

TEST_CASE("conformance: a batch that breaks a constraint is rolled back entirely", "[db]") {
    // The broken row in a table of COPY's text format (header_fields), or of the binary COPY
    // that PostgreSQL uses for the rows with text and search vectors (items).
    const std::string table = GENERATE(std::string("header_fields"), std::string("items"));
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            INFO("broken row in " << table);
            Db t(kind);
            model::Filing good = make_filing("0001000001-24-000005", "2024-03-05");
            model::Filing bad = make_filing("0001000001-24-000006", "2024-03-06");
            if (table == "items") {
                bad.items.push_back(bad.items.front());  // the same key twice
            } else {
                bad.header_fields.push_back({1, "DUPLICATE SEQ", "x"});
            }
            const std::string before = t.dump();
            try {
                t.write({make_input("/c/good.txt", good, sha('1')),
                         make_input("/c/bad.txt", bad, sha('2'))});
                FAIL("the batch was accepted");
            } catch (const db::Error& e) {
                CHECK_FALSE(e.fatal());
                CHECK(std::string(e.what()).find(table) != std::string::npos);
            }
            CHECK(t.dump() == before);
            // The connection stays usable.
            t.write({make_input("/c/good.txt", good, sha('1'))});
            CHECK(t.scalar("SELECT count(*) FROM filings") == "1");
        }
    }
}

TEST_CASE("conformance: lookups, archives and runs", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            auto lookup = t.backend->open_lookup();
            CHECK_FALSE(lookup->find_input("/l/a.txt", "").has_value());
            CHECK_FALSE(lookup->find_archive("/l/feed.tar.gz").has_value());
            db::InputResult rejected;
            rejected.source.path = "/l/feed.tar.gz";
            rejected.source.member = "b.nc";
            rejected.source.bytes = 77;
            rejected.source.mtime = 1600000000;
            rejected.status = db::InputStatus::rejected;
            rejected.stage = "header";
            rejected.error = "no accession";
            rejected.parser_version = 3;
            db::InputResult unreadable = rejected;
            unreadable.source.path = "/l/locked.txt";
            unreadable.source.member.clear();
            unreadable.source.bytes = 55;
            unreadable.source.mtime = 1600000002;
            unreadable.stage = "read";
            unreadable.error = "cannot open: Permission denied";
            db::InputResult cut_short = rejected;
            cut_short.source.member = "c.nc";
            cut_short.stage = "archive";
            cut_short.error = "truncated input";
            const std::int64_t run_id = t.run();
            t.backend->write_batch(
                run_id, {make_input("/l/a.txt", make_filing("0001000001-24-000007", "2024-03-07"),
                                    sha('1')),
                         rejected, unreadable, cut_short});
            db::ArchiveDone done;
            done.path = "/l/feed.tar.gz";
            done.bytes = 4096;
            done.mtime = 1600000001;
            done.members = 12;
            done.rejected = 1;
            done.complete = true;
            done.parser_version = 3;
            t.backend->record_archive(run_id, done);
            // A lookup answers from what it read before (PostgreSQL reads the manifest by
            // windows): a new one sees the writes.
            lookup = t.backend->open_lookup();
            auto a = lookup->find_input("/l/a.txt", "");
            REQUIRE(a);
            CHECK(a->bytes == 1234);
            CHECK(a->status == db::InputStatus::ingested);
            auto m = lookup->find_input("/l/feed.tar.gz", "b.nc");
            REQUIRE(m);
            CHECK(m->status == db::InputStatus::rejected);
            CHECK(m->parser_version == 3);
            CHECK_FALSE(m->transient);
            CHECK_FALSE(a->transient);
            // Rejected because it could not be read: the lookup says so, to retry it.
            auto u = lookup->find_input("/l/locked.txt", "");
            REQUIRE(u);
            CHECK(u->status == db::InputStatus::rejected);
            CHECK(u->transient);
            // A member lost with its archive (a download cut short): read again with it.
            auto cut = lookup->find_input("/l/feed.tar.gz", "c.nc");
            REQUIRE(cut);
            CHECK(cut->transient);
            auto arc = lookup->find_archive("/l/feed.tar.gz");
            REQUIRE(arc);
            CHECK(arc->members == 12);
            CHECK(arc->complete);

            const std::int64_t next = t.run();
            CHECK(next > run_id);
            CHECK(t.scalar("SELECT status FROM ingest_runs WHERE run_id = " +
                           std::to_string(run_id)) == "abandoned");
            // Its counts are those of the inputs it recorded before it died.
            CHECK(t.scalar("SELECT files_seen || ' ' || files_ingested || ' ' || files_rejected "
                           "|| ' ' || files_ignored || ' ' || bytes_read FROM ingest_runs "
                           "WHERE run_id = " + std::to_string(run_id)) ==
                  "4 1 3 0 " + std::to_string(1234 + 77 + 55 + 77));
            db::RunCounts c;
            c.files_seen = 5;
            c.files_ingested = 4;
            t.backend->finish_run(next, c, "ok");
            CHECK(t.scalar("SELECT status FROM ingest_runs WHERE run_id = " +
                           std::to_string(next)) == "ok");
            CHECK(t.scalar("SELECT files_ingested FROM ingest_runs WHERE run_id = " +
                           std::to_string(next)) == "4");
        }
    }
}

TEST_CASE("conformance: text with quotes, tabs, newlines and backslashes round-trips", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            model::Filing f = make_filing("0001000001-24-000008", "2024-03-08");
            std::string tricky = "O'Brien \"Q\"\tTAB\nLF\r\nCRLF \\N back\\slash Ünïcødé";
            // Every ASCII control and punctuation character, and escapes at both ends.
            for (int c = 1; c < 0x80; ++c) tricky += static_cast<char>(c);
            tricky = "\\" + tricky + "\t\\";
            f.documents[0].text = tricky;
            f.parties[0].name = tricky;
            f.parties[0].former_names.push_back({tricky, ""});
            // Quotes, braces, commas and backslashes, as in an array literal.
            const std::string path = "/t/it's \"q\" {a,b} NULL \\x.txt";
            t.write({make_input(path, f, sha('1'))});
            CHECK(t.scalar("SELECT text FROM documents") == tricky);
            CHECK(t.scalar("SELECT name FROM filing_parties") == tricky);
            CHECK(t.scalar("SELECT name FROM registrants") == tricky);
            CHECK(t.scalar("SELECT former_name FROM former_names") == tricky);
            CHECK(t.scalar("SELECT source_path FROM filings") == path);
            CHECK(t.scalar("SELECT source_path FROM ingest_files") == path);
            same_across_backends("tricky", kind, t.dump());
        }
    }
}

TEST_CASE("conformance: migrate is idempotent and refuses a newer schema", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            t.backend->migrate();
            auto second = t.open();
            for (const db::MigrationState& m : second->migration_status()) {
                CHECK(!m.applied_at.empty());
                CHECK(m.applied_at.back() == 'Z');
            }
            CHECK(t.scalar("SELECT count(*) FROM schema_migrations") ==
                  std::to_string(second->migration_status().size()));
            second.reset();
            t.backend.reset();
            {
                auto raw = db::open_backend(t.url());
                // query() is read-only by contract; the test writes through SQL both accept.
                raw->query("INSERT INTO schema_migrations VALUES (9999, 'from_the_future', "
                           "'2030-01-01T00:00:00Z')");
            }
            auto b = db::open_backend(t.url());
            try {
                b->migrate();
                FAIL("migrate accepted a newer schema");
            } catch (const db::Error& e) {
                CHECK(e.fatal());
                CHECK(std::string(e.what()).find("newer") != std::string::npos);
            }
        }
    }
}

TEST_CASE("conformance: index entries load, replace and complete headerless filings", "[db]") {
    auto entry = [](const std::string& acc, std::int64_t cik, const std::string& name,
                    const std::string& form, const std::string& date) {
        index::Entry e;
        e.accession_number = acc;
        e.cik = cik;
        e.company_name = name;
        e.form_type = form;
        e.form_family = form.substr(0, form.find('/'));
        e.date_filed = date;
        e.file_name = "edgar/data/" + std::to_string(cik) + "/" + acc + ".txt";
        return e;
    };
    const std::string bare_acc = "0001000009-24-000001";
    const std::string full_acc = "0001000009-24-000002";
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            model::Filing bare;
            bare.accession_number = bare_acc;
            bare.source_kind = model::SourceKind::bare;
            bare.parse_status = model::ParseStatus::partial;
            model::Filing full = make_filing(full_acc, "2024-03-05");
            t.write({make_input("/data/bare.htm", bare, sha('d')),
                     make_input("/data/full.txt", full, sha('e'))});

            // Two lines with one key in one file: the later one stays.
            t.backend->load_index_entries(
                {entry(bare_acc, 9000002, "SECOND LISTED CO", "8-K/A", "2024-05-02"),
                 entry(bare_acc, 9000001, "FIRST LISTED CO", "8-K", "2024-05-01"),
                 entry(bare_acc, 9000001, "FIRST LISTED CO", "8-K/A", "2024-05-01"),
                 entry(full_acc, 1000001, "ACME WIDGETS INC", "10-K", "2024-06-01")},
                "full-index/2024/QTR2/master.idx");
            CHECK(t.scalar("SELECT count(*) FROM index_entries") == "3");
            CHECK(t.scalar("SELECT form_type FROM index_entries WHERE cik = 9000001") == "8-K/A");
            // A later file replaces rows with the same key and names itself.
            t.backend->load_index_entries(
                {entry(bare_acc, 9000002, "SECOND LISTED CO RENAMED", "8-K/A", "2024-05-02")},
                "daily-index/2024/QTR2/master.20240502.idx");
            CHECK(t.scalar("SELECT count(*) FROM index_entries") == "3");
            CHECK(t.scalar("SELECT company_name || '|' || index_file FROM index_entries "
                           "WHERE cik = 9000002") ==
                  "SECOND LISTED CO RENAMED|daily-index/2024/QTR2/master.20240502.idx");
            CHECK(t.scalar("SELECT date_filed FROM index_entries WHERE cik = 9000002") ==
                  "2024-05-02");
            // Names as index files may hold them: backslashes, quotes, an ampersand.
            const std::string odd = "SMITH \\ SONS & \"CO\"\\N\tLTD";
            t.backend->load_index_entries({entry("0001000009-24-000003", 9000003, odd, "4",
                                                 "2024-05-03")},
                                          "daily-index/2024/QTR2/master.20240503.idx");
            CHECK(t.scalar("SELECT company_name FROM index_entries WHERE cik = 9000003") == odd);

            // Only the headerless filing changes, from the entry with the smallest CIK, and only
            // its empty columns.
            CHECK(t.backend->fill_from_index() == 1);
            CHECK(t.scalar("SELECT cik FROM filings WHERE accession_number = '" + bare_acc +
                           "'") == "9000001");
            CHECK(t.scalar("SELECT form_type || '|' || form_family FROM filings "
                           "WHERE accession_number = '" + bare_acc + "'") == "8-K/A|8-K");
            CHECK(t.scalar("SELECT filed_date FROM filings WHERE accession_number = '" +
                           bare_acc + "'") == "2024-05-01");
            CHECK(t.scalar("SELECT count(*) FROM filings WHERE is_amendment") == "1");
            CHECK(t.scalar("SELECT form_type || '|' || filed_date FROM filings "
                           "WHERE accession_number = '" + full_acc + "'") == "8-K|2024-03-05");
            CHECK(t.backend->fill_from_index() == 0);
            same_across_backends("index entries", kind, t.dump());
        }
    }
}

// Migration 0005 (text indexed once) on a database written before it: the main document whose
// text is divided into items leaves the documents' index, an exhibit stays in it, and the
// items stay searchable.
TEST_CASE("conformance: the search-once migration re-indexes rows stored before it", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind, /*migrated=*/false);
            const bool postgres = kind == "postgres";
            OldSchema old(t, kind, "search_once");
            const auto apply = [&](const std::string& sql) { old.apply(sql); };
            apply("INSERT INTO filings (filing_id, accession_number, form_type, form_family, "
                  "parse_status, source_kind, source_path, source_sha256, parser_version) "
                  "VALUES (1, '0001000001-21-000001', '8-K', '8-K', 'complete', "
                  "'full_submission', '/t/a.txt', 'aa', 2)");
            apply("INSERT INTO documents (document_id, filing_id, sequence, type, bytes, text) "
                  "VALUES (1, 1, 1, '8-K', 60, 'Item 5.02 Departure. The treasurer resigned "
                  "in March.'), (2, 1, 2, 'EX-99.1', 40, 'Press release: record lumber "
                  "revenue.'), (3, 1, 3, 'GRAPHIC', 10, NULL)");
            apply("INSERT INTO items (item_id, filing_id, source, item_code, item_raw, seq, "
                  "document_sequence, text) VALUES (1, 1, 'body', '5.02', '5.02', 1, 1, "
                  "'Item 5.02 Departure. The treasurer resigned in March.'), (2, 1, 'header', "
                  "'5.02', '5.02', 1, NULL, NULL)");
            old.close();
            auto backend = t.open();  // migrates from version 4
            const auto scalar = [&](const std::string& sql) {
                const auto rows = backend->query(sql);
                REQUIRE(rows.size() == 1);
                return rows[0][0].value_or("NULL");
            };
            const std::string yes = postgres ? "t" : "1";
            const std::string no = postgres ? "f" : "0";
            CHECK(scalar("SELECT text_in_items FROM documents WHERE document_id = 1") == yes);
            CHECK(scalar("SELECT text_in_items FROM documents WHERE document_id = 2") == no);
            CHECK(scalar("SELECT text_in_items FROM documents WHERE document_id = 3") == no);
            if (postgres) {
                const auto docs = [&](const std::string& word) {
                    return scalar("SELECT coalesce(string_agg(document_id::text, ','), '') "
                                  "FROM documents WHERE text_vector @@ "
                                  "websearch_to_tsquery('english', '" + word + "')");
                };
                CHECK(docs("resigned").empty());
                CHECK(docs("lumber") == "2");
                CHECK(scalar("SELECT count(*) FROM items WHERE text_vector @@ "
                             "websearch_to_tsquery('english', 'resigned')") == "1");
            } else {
                const auto docs = [&](const std::string& word) {
                    return scalar("SELECT coalesce(group_concat(rowid), '') FROM documents_fts "
                                  "WHERE documents_fts MATCH '" + word + "'");
                };
                CHECK(docs("resigned").empty());
                CHECK(docs("lumber") == "2");
                CHECK(scalar("SELECT count(*) FROM items_fts WHERE items_fts MATCH "
                             "'resigned'") == "1");
                // Both indexes agree with their content (the views of the rows they cover;
                // the header item without text is not one of them).
                backend->query("INSERT INTO documents_fts (documents_fts, rank) "
                               "VALUES ('integrity-check', 1)");
                backend->query("INSERT INTO items_fts (items_fts, rank) "
                               "VALUES ('integrity-check', 1)");
                // Replacing the filing's documents keeps the index consistent.
                backend->query("DELETE FROM documents WHERE filing_id = 1");
                CHECK(docs("lumber").empty());
                backend->query("INSERT INTO documents_fts (documents_fts, rank) "
                               "VALUES ('integrity-check', 1)");
            }
        }
    }
}

namespace {

// Ids of the rows of 'items' or 'documents' whose full-text index matches one word.
std::string text_hits(Db& t, const std::string& kind, const std::string& table,
                      const std::string& word) {
    const std::string key = table == "items" ? "item_id" : "document_id";
    if (kind == "postgres")
        return t.scalar("SELECT coalesce(string_agg(" + key + "::text, ',' ORDER BY " + key +
                        "), '') FROM " + table + " WHERE text_vector @@ websearch_to_tsquery("
                        "'english', '" + word + "')");
    return t.scalar("SELECT coalesce(group_concat(rowid), '') FROM (SELECT rowid FROM " + table +
                    "_fts WHERE " + table + "_fts MATCH '" + word + "' ORDER BY rowid)");
}

}  // namespace

TEST_CASE("conformance: the full-text index follows the winning version", "[db]") {
    const std::string acc = "0001000001-24-000007";
    model::Filing bare = make_filing(acc, "2024-03-07", model::SourceKind::bare);
    bare.items[0].text = "Lumber sales fell.";
    bare.documents[0].text = "bare copy about a zebra";
    model::Filing full = make_filing(acc, "2024-03-07", model::SourceKind::full_submission);
    full.documents[0].text = "Item 2.02. Results.\nRevenue rose, said the quokka.\n";
    full.documents[0].text_in_items = true;
    model::Document ex = full.documents[0];
    ex.sequence = 2;
    ex.type = "EX-99.1";
    ex.text = "A walrus press release.";
    ex.text_in_items = false;
    full.documents.push_back(ex);
    const db::InputResult worse = make_input("/data/bare/8k.htm", bare, sha('c'));
    const db::InputResult better = make_input("/data/full/8k.txt", full, sha('a'));

    for (const std::string& kind : backends()) {
        SECTION(kind) {
            for (const std::string scenario : {"one batch", "worse first", "better first"}) {
                INFO(scenario);
                Db t(kind);
                if (scenario == "one batch") {
                    t.write({worse, better});
                } else if (scenario == "worse first") {
                    t.write({worse});
                    CHECK(text_hits(t, kind, "documents", "zebra") != "");
                    t.write({better});
                } else {
                    t.write({better});
                    t.write({worse});
                }
                CHECK(text_hits(t, kind, "items", "lumber").empty());
                CHECK(!text_hits(t, kind, "items", "revenue").empty());
                CHECK(text_hits(t, kind, "documents", "zebra").empty());
                CHECK(text_hits(t, kind, "documents", "quokka").empty());  // in its items
                CHECK(text_hits(t, kind, "documents", "walrus") ==
                      t.scalar("SELECT document_id FROM documents WHERE type = 'EX-99.1'"));
                if (kind == "sqlite") {
                    // Throws when the index and its text disagree (rank 1: compare with the
                // content, not only the index's own structure).
                    t.backend->query("INSERT INTO items_fts (items_fts, rank) VALUES "
                                     "('integrity-check', 1)");
                    t.backend->query("INSERT INTO documents_fts (documents_fts, rank) VALUES "
                                     "('integrity-check', 1)");
                }
            }
        }
    }
}

TEST_CASE("conformance: lookups say at what size an input was refused at stage 'limit'",
          "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            db::InputResult big;
            big.source.path = "/l/big.txt";
            big.source.bytes = 300000;
            big.source.mtime = 1600000000;
            big.status = db::InputStatus::rejected;
            big.stage = "limit";
            big.error = "300000 bytes exceeds --max-input-bytes 200000";
            big.parser_version = 3;
            // A compressed stream records its size on disk, under the limit it went over.
            db::InputResult bomb = big;
            bomb.source.path = "/l/bomb.gz";
            bomb.source.bytes = 4000;
            bomb.error = "decompressed size exceeds --max-input-bytes 200000";
            db::InputResult member = big;
            member.source.path = "/l/feed.tar";
            member.source.member = "m.nc";
            member.source.bytes = 250000;
            member.error = "250000 bytes exceeds --max-input-bytes 200000";
            db::InputResult unsized = bomb;
            unsized.source.path = "/l/feed.tar";
            unsized.source.member = "n.nc";
            unsized.source.bytes = 0;
            unsized.error = "decompressed size exceeds --max-input-bytes 100";
            db::InputResult header = big;
            header.source.path = "/l/header.txt";
            header.stage = "header";
            header.error = "no header";
            const std::int64_t run_id = t.run();
            t.backend->write_batch(run_id, {big, bomb, member, unsized, header});
            db::ArchiveDone done;
            done.path = "/l/feed.tar";
            done.bytes = 600000;
            done.mtime = 1600000001;
            done.members = 2;
            done.rejected = 2;
            done.complete = true;
            done.parser_version = 3;
            t.backend->record_archive(run_id, done);
            done.path = "/l/clean.tar";
            done.rejected = 0;
            t.backend->record_archive(run_id, done);

            auto lookup = t.backend->open_lookup();
            auto b = lookup->find_input("/l/big.txt", "");
            REQUIRE(b);
            CHECK(b->refused_size == 300000);
            auto z = lookup->find_input("/l/bomb.gz", "");
            REQUIRE(z);
            CHECK(z->refused_size == 200001);
            lookup->expect_archive("/l/feed.tar");
            auto m = lookup->find_input("/l/feed.tar", "m.nc");
            REQUIRE(m);
            CHECK(m->refused_size == 250000);
            auto n = lookup->find_input("/l/feed.tar", "n.nc");
            REQUIRE(n);
            CHECK(n->refused_size == 101);
            auto h = lookup->find_input("/l/header.txt", "");
            REQUIRE(h);
            CHECK(h->refused_size == -1);
            auto arc = lookup->find_archive("/l/feed.tar");
            REQUIRE(arc);
            CHECK(arc->smallest_refused == 101);
            auto clean = lookup->find_archive("/l/clean.tar");
            REQUIRE(clean);
            CHECK(clean->smallest_refused == -1);
        }
    }
}

TEST_CASE("conformance: lookups return what the filters refused in a filtered input", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            db::InputResult tenk;
            tenk.source.path = "/l/tenk.txt";
            tenk.source.bytes = 5000;
            tenk.source.mtime = 1600000000;
            tenk.status = db::InputStatus::filtered;
            tenk.stage = "filter";
            tenk.error = "form 10-K not in --forms";
            tenk.filtered_as = db::FilteredAs{"10-K", "2021-03-15"};
            tenk.parser_version = 4;
            // A filing without form type or date: '' and NULL, told apart from "not recorded".
            db::InputResult blank = tenk;
            blank.source.path = "/l/blank.txt";
            blank.filtered_as = db::FilteredAs{"", ""};
            // Stored before the pair was recorded.
            db::InputResult legacy = tenk;
            legacy.source.path = "/l/legacy.txt";
            legacy.filtered_as.reset();
            db::InputResult m1 = tenk;
            m1.source.path = "/l/feed.tar";
            m1.source.member = "a.nc";
            db::InputResult m2 = m1;
            m2.source.member = "b.nc";  // the same pair again: listed once
            db::InputResult m3 = m1;
            m3.source.member = "c.nc";
            m3.filtered_as = db::FilteredAs{"4", ""};
            db::InputResult m4 = m1;
            m4.source.member = "d.nc";
            m4.status = db::InputStatus::ignored;
            m4.filtered_as.reset();
            db::InputResult l1 = legacy;
            l1.source.path = "/l/old.tar";
            l1.source.member = "a.nc";
            const std::int64_t run_id = t.run();
            t.backend->write_batch(run_id, {tenk, blank, legacy, m1, m2, m3, m4, l1});
            db::ArchiveDone done;
            done.path = "/l/feed.tar";
            done.bytes = 600000;
            done.mtime = 1600000001;
            done.members = 4;
            done.filtered = 3;
            done.complete = true;
            done.parser_version = 4;
            t.backend->record_archive(run_id, done);
            done.path = "/l/old.tar";
            done.members = 1;
            done.filtered = 1;
            t.backend->record_archive(run_id, done);
            done.path = "/l/clean.tar";
            done.filtered = 0;
            t.backend->record_archive(run_id, done);

            auto lookup = t.backend->open_lookup();
            auto a = lookup->find_input("/l/tenk.txt", "");
            REQUIRE(a);
            CHECK(a->status == db::InputStatus::filtered);
            REQUIRE(a->filtered_as);
            CHECK(*a->filtered_as == db::FilteredAs{"10-K", "2021-03-15"});
            auto b = lookup->find_input("/l/blank.txt", "");
            REQUIRE(b);
            REQUIRE(b->filtered_as);
            CHECK(*b->filtered_as == db::FilteredAs{"", ""});
            auto l = lookup->find_input("/l/legacy.txt", "");
            REQUIRE(l);
            CHECK_FALSE(l->filtered_as);
            lookup->expect_archive("/l/feed.tar");
            auto c = lookup->find_input("/l/feed.tar", "c.nc");
            REQUIRE(c);
            REQUIRE(c->filtered_as);
            CHECK(*c->filtered_as == db::FilteredAs{"4", ""});

            auto arc = lookup->find_archive("/l/feed.tar");
            REQUIRE(arc);
            CHECK(arc->filtered == 3);
            CHECK_FALSE(arc->filtered_unknown);
            std::vector<db::FilteredAs> pairs = arc->filtered_as;
            std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
                return x.form_type < y.form_type;
            });
            CHECK(pairs == std::vector<db::FilteredAs>{{"10-K", "2021-03-15"}, {"4", ""}});
            auto old = lookup->find_archive("/l/old.tar");
            REQUIRE(old);
            CHECK(old->filtered == 1);
            CHECK(old->filtered_unknown);
            auto clean = lookup->find_archive("/l/clean.tar");
            REQUIRE(clean);
            CHECK(clean->filtered == 0);
            CHECK(clean->filtered_as.empty());
            CHECK_FALSE(clean->filtered_unknown);

            // Changed and filtered again: the stored pair is replaced.
            db::InputResult now = tenk;
            now.source.bytes = 5001;
            now.filtered_as = db::FilteredAs{"10-K/A", "2022-01-04"};
            t.backend->write_batch(t.run(), {now});
            auto fresh = t.backend->open_lookup();
            auto again = fresh->find_input("/l/tenk.txt", "");
            REQUIRE(again);
            CHECK(again->bytes == 5001);
            REQUIRE(again->filtered_as);
            CHECK(*again->filtered_as == db::FilteredAs{"10-K/A", "2022-01-04"});
        }
    }
}

TEST_CASE("conformance: an ingested input read again and filtered out keeps its row and filing",
          "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            model::Filing tenk = make_filing("0001000001-21-000010", "2021-03-15");
            tenk.form_type = "10-K";
            tenk.form_family = "10-K";
            t.write({make_input("/k/tenk.txt", tenk, sha('k'), 5)});
            const std::string before = t.dump();

            // `--force --forms 8-K`: the same bytes, refused by the filter.
            db::InputResult filtered;
            filtered.source.path = "/k/tenk.txt";
            filtered.source.bytes = 1234;
            filtered.source.mtime = 1700000000;
            filtered.source.sha256 = sha('k');
            filtered.status = db::InputStatus::filtered;
            filtered.stage = "filter";
            filtered.error = "form 10-K not in --forms";
            filtered.filtered_as = db::FilteredAs{"10-K", "2021-03-15"};
            filtered.parser_version = 5;
            t.write({filtered});
            CHECK(t.dump() == before);
            CHECK(t.scalar("SELECT count(*) FROM ingest_files WHERE status = 'ingested' AND "
                           "filing_id IS NOT NULL AND run_id = 1") == "1");

            // Other bytes at that path, refused: the row says what the file holds now.
            filtered.source.sha256 = sha('m');
            filtered.source.bytes = 1300;
            t.write({filtered});
            CHECK(t.scalar("SELECT status || ' ' || coalesce(filtered_form_type, '-') || ' ' || "
                           "CASE WHEN filing_id IS NULL THEN 'unlinked' ELSE 'linked' END "
                           "FROM ingest_files") == "filtered 10-K unlinked");
            CHECK(t.scalar("SELECT count(*) FROM filings") == "1");
        }
    }
}

TEST_CASE("conformance: an archive walked whole clears its own earlier rejection", "[db]") {
    for (const std::string& kind : backends()) {
        SECTION(kind) {
            Db t(kind);
            db::InputResult damaged;
            damaged.source.path = "/l/feed.tar";
            damaged.source.bytes = 9000;
            damaged.source.mtime = 1600000000;
            damaged.status = db::InputStatus::rejected;
            damaged.stage = "archive";
            damaged.error = "corrupt archive in member 'b.nc' after 1 members: Truncated";
            damaged.parser_version = 4;
            db::InputResult other = damaged;
            other.source.path = "/l/other.tar";
            const std::int64_t run_id = t.run();
            // Damage of an archive inside it, on the member that holds it; a member refused
            // for its size is no damage.
            db::InputResult inner = damaged;
            inner.source.path = "/l/inner.tar";
            inner.source.member = "20240104.nc.tar.gz";
            db::InputResult big = inner;
            big.source.member = "big.nc";
            big.stage = "limit";
            big.error = "decompressed size exceeds --max-input-bytes 100";
            t.backend->write_batch(run_id, {damaged, other, inner, big});
            {
                auto lookup = t.backend->open_lookup();
                auto row = lookup->find_input("/l/inner.tar", "20240104.nc.tar.gz");
                REQUIRE(row);
                CHECK(row->archive_damage);
                CHECK_FALSE(lookup->find_input("/l/inner.tar", "big.nc")->archive_damage);
            }
            db::ArchiveDone done;
            done.path = "/l/feed.tar";
            done.bytes = 9000;
            done.mtime = 1600000000;
            done.members = 1;
            done.rejected = 1;
            done.complete = true;  // walked up to the same damage: the rejection stands
            done.damaged = true;
            done.parser_version = 4;
            t.backend->record_archive(run_id, done);
            {
                auto lookup = t.backend->open_lookup();
                auto row = lookup->find_input("/l/feed.tar", "");
                REQUIRE(row);
                CHECK(row->archive_damage);
                CHECK_FALSE(lookup->find_input("/l/other.tar", "")->transient);
                auto arc = lookup->find_archive("/l/feed.tar");
                REQUIRE(arc);
                CHECK(arc->damaged);
                CHECK(arc->complete);
            }

            done.bytes = 20000;  // whole now
            done.members = 3;
            done.rejected = 0;
            done.complete = true;
            done.damaged = false;
            done.reached_end = true;
            t.backend->record_archive(t.run(), done);
            auto lookup = t.backend->open_lookup();
            CHECK_FALSE(lookup->find_input("/l/feed.tar", ""));
            CHECK(lookup->find_input("/l/other.tar", ""));
            auto arc = lookup->find_archive("/l/feed.tar");
            REQUIRE(arc);
            CHECK(arc->complete);
            CHECK_FALSE(arc->damaged);
        }
    }
}
