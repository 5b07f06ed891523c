#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "parse/detect.hpp"

using namespace edgarsql::parse;

namespace {

std::string random_bytes(std::mt19937& rng, std::size_t n, unsigned max_byte) {
    std::uniform_int_distribution<unsigned> byte(0, max_byte);
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(byte(rng));
    return s;
}

}  // namespace

TEST_CASE("byte census: the SSE2 count equals the byte loop", "[parse]") {
    std::mt19937 rng(17);
    // All bytes, only ASCII (no high bit), and only the bytes around the control range's
    // edges (0x08–0x0E, 0x19–0x1B, 0x1F–0x20), where an off-by-one would show.
    const std::string edges("\x08\x09\x0D\x0E\x19\x1A\x1B\x1F\x20\x00\x7F\x80\xFF", 13);
    std::uniform_int_distribution<std::size_t> pick(0, edges.size() - 1);
    for (int round = 0; round < 3; ++round) {
        for (std::size_t n = 0; n <= 300; ++n) {
            std::string s;
            if (round == 0) s = random_bytes(rng, n, 0xFF);
            if (round == 1) s = random_bytes(rng, n, 0x7F);
            if (round == 2)
                for (std::size_t k = 0; k < n; ++k) s.push_back(edges[pick(rng)]);
            const std::size_t off = n % 5;  // unaligned starts
            const std::string_view v = std::string_view(s).substr(std::min(off, s.size()));
            const detail::ByteCensus fast = detail::byte_census(v);
            const detail::ByteCensus slow = detail::byte_census_scalar(v);
            INFO("round " << round << " length " << v.size());
            CHECK(fast.controls == slow.controls);
            CHECK(fast.high == slow.high);
        }
    }
}

TEST_CASE("byte census: long runs of controls do not overflow the lane counters", "[parse]") {
    // 64 KB of NUL bytes: 255 passes of 16 bytes fill a lane counter; the count must go on.
    for (std::size_t n : {std::size_t{4079}, std::size_t{4080}, std::size_t{4081},
                          std::size_t{65536}, std::size_t{65536 + 7}}) {
        const std::string zeros(n, '\0');
        CHECK(detail::byte_census(zeros).controls == n);
        CHECK_FALSE(detail::byte_census(zeros).high);
    }
    std::string text(65536, 'a');
    text[65535] = static_cast<char>(0xE9);
    CHECK(detail::byte_census(text).controls == 0);
    CHECK(detail::byte_census(text).high);
    text[65535] = '\n';
    text[12345] = '\x01';
    CHECK(detail::byte_census(text).controls == 1);
    CHECK_FALSE(detail::byte_census(text).high);
}

TEST_CASE("detection still rejects control-heavy heads and accepts tabs and ^Z", "[parse]") {
    std::string junk = "<SEC-DOCUMENT>\n";
    junk += std::string(1000, '\x02');
    CHECK(detect(junk, "x.txt").format == Format::invalid);
    std::string tabs = "<SEC-DOCUMENT>\n";
    tabs += std::string(1000, '\t') + std::string(100, '\x1A') + std::string(100, '\f');
    CHECK(detect(tabs, "x.txt").format == Format::full_submission);
}

TEST_CASE("a <DOCUMENT> block without a <TYPE> line is not a submission", "[parse]") {
    // A dataset's records reuse the tag: "<DOCUMENT>\nFILE:…\nTIME:…\nTEXT:\n…".
    const std::string records =
        "<DOCUMENT>\nFILE:X/X-8K-20020517172705.txt.gz\nTIME:20020517172705\n"
        "EVENTS:\tOther events\nTEXT:\nItem 5. Other Events.\nThe mill opened.\n</DOCUMENT>\n";
    const Detection d = detect(records, "X.txt");
    CHECK(d.format == Format::not_filing);
    CHECK(d.reason.find("<TYPE>") != std::string::npos);
    // EDGAR's own headerless submissions, with either line ending.
    CHECK(detect("<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\nItem 8.01\n</TEXT>\n</DOCUMENT>\n",
                 "a.txt")
              .format == Format::headerless);
    CHECK(detect("<DOCUMENT>\r\n<TYPE>8-K\r\n<TEXT>\r\nItem 8.01\r\n</TEXT>\r\n</DOCUMENT>\r\n",
                 "a.txt")
              .format == Format::headerless);
}

TEST_CASE("SQLite databases and write-ahead logs in a tree are not filings", "[parse]") {
    std::string db("SQLite format 3\0", 16);
    db += std::string(4000, '\0');
    const Detection d = detect(db, "edgar.db");
    CHECK(d.format == Format::not_filing);
    CHECK(d.reason == "not a filing: SQLite database");
    std::string wal("\x37\x7F\x06\x82\x00\x2D\xE2\x18", 8);
    wal += std::string(4000, '\x01');
    CHECK(detect(wal, "edgar.db-wal").format == Format::not_filing);
    std::string journal("\xD9\xD5\x05\xF9\x20\xA1\x63\xD7", 8);
    journal += std::string(4000, '\0');
    CHECK(detect(journal, "edgar.db-journal").reason == "not a filing: SQLite rollback journal");
    std::string shm("\x18\xE2\x2D\x00", 4);
    shm += std::string(32000, '\0');
    CHECK(detect(shm, "edgar.db-shm").reason == "not a filing: SQLite shared-memory index");
}
