// The parser threads compute PostgreSQL search vectors (Backend::prepare_input) while the
// writer writes: an ingest through the whole pipeline, whose vectors must all be the server's.
// Under ThreadSanitizer (scripts/test, stage tsan) this is the test of the shared lexicon.
// Needs $EDGARSQL_TEST_PG (tests/db/postgres_test_support.hpp).

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "db/postgres/postgres_backend.hpp"
#include "db/postgres_test_support.hpp"
#include "pipeline/ingest.hpp"
#include "support/test_support.hpp"

namespace {

using namespace edgarsql;

// Words the corpus has not seen yet, so that the lexicon keeps growing during the run.
std::string words(std::mt19937& rng, int count) {
    static const char* const kParts[] = {"lumen", "quartz", "ferro", "vell", "ostra", "brisk",
                                         "talon", "mira", "dune", "corv", "plex", "sorrel"};
    std::string out;
    for (int i = 0; i < count; ++i) {
        out += kParts[rng() % 12];
        out += kParts[rng() % 12];
        out += (rng() % 5 == 0) ? "-co " : (rng() % 7 == 0 ? "'s 12.5% " : " ");
    }
    return out;
}

std::string filing(int n, std::mt19937& rng) {
    const std::string num = std::to_string(n);
    const std::string acc = "0000990002-24-" + std::string(6 - num.size(), '0') + num;
    return "<SEC-DOCUMENT>" + acc + ".txt : 20240102\n<SEC-HEADER>" + acc +
           ".hdr.sgml : 20240102\nACCESSION NUMBER:\t\t" + acc +
           "\nCONFORMED SUBMISSION TYPE:\t8-K\nPUBLIC DOCUMENT COUNT:\t\t2\n"
           "CONFORMED PERIOD OF REPORT:\t20240101\nFILED AS OF DATE:\t\t20240102\n"
           "FILER:\n\tCOMPANY DATA:\t\n\t\tCOMPANY CONFORMED NAME:\t\t\tVECTOR WIDGETS " + num +
           " INC\n\t\tCENTRAL INDEX KEY:\t\t\t0000990002\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n"
           "<SEQUENCE>1\n<FILENAME>body.txt\n<TEXT>\nItem 8.01 Other Events.\nThe Company's " +
           words(rng, 40) + "\nItem 9.01 Financial Statements and Exhibits.\n" + words(rng, 20) +
           "\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex.txt\n"
           "<TEXT>\nPress release: " + words(rng, 60) + "\n</TEXT>\n</DOCUMENT>\n"
           "</SEC-DOCUMENT>\n";
}

}  // namespace

TEST_CASE("ingest: the parser threads' search vectors are the server's (PostgreSQL)",
          "[pipeline]") {
    if (!test::postgres_available()) return;
    test::TempDir dir;
    std::mt19937 rng(7);
    constexpr int kFilings = 80;
    for (int n = 1; n <= kFilings; ++n) {
        test::write_file(dir / "tree" / ("f" + std::to_string(n) + ".txt"), filing(n, rng));
    }
    test::PostgresDb pg;
    auto backend = db::postgres::open_postgres_backend(pg.url(), {});
    backend->migrate();
    pipeline::Options o;
    o.jobs = 2;
    o.batch_files = 5;
    const std::int64_t run = backend->begin_run({"test", "test"});
    const pipeline::Summary s =
        pipeline::ingest(*backend, {(dir / "tree").string()}, o, run, nullptr);
    backend->finish_run(run, s.counts, s.status);
    REQUIRE(s.status == "ok");
    CHECK(s.counts.files_ingested == kFilings);

    const db::postgres::VectorCounts c = db::postgres::vector_counts(*backend);
    INFO("edgarsql " << c.client << " (parser threads " << c.prepared << "), server " << c.server
                     << ", lexicon statements: writer " << c.lexicon_statements << ", parsers "
                     << c.parser_lexicon_statements);
    CHECK(c.server == 0);
    CHECK(c.client == 3 * kFilings);  // two items and the exhibit of each filing
    CHECK(c.prepared > c.client / 2);
    CHECK(c.parser_lexicon_statements > 0);
    for (const std::string table : {"items", "documents"}) {
        INFO(table);
        CHECK(backend->query("SELECT count(*) FROM " + table + " WHERE text_vector IS DISTINCT "
                             "FROM (CASE WHEN text IS NOT NULL" +
                             (table == "documents" ? " AND NOT text_in_items" : "") +
                             " THEN to_tsvector('english', left(text, 400000)) END)")[0][0] ==
              "0");
    }
    CHECK(backend->query("SELECT count(*) FROM items WHERE text_vector IS NOT NULL")[0][0] ==
          std::to_string(2 * kFilings));
}
