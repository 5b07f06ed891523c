// The COPY text field writer against a byte-by-byte statement of the format.

#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "db/postgres/copy_text.hpp"

using edgarsql::db::postgres::append_copy_field;

namespace {

std::string reference(const std::string& v) {
    std::string out;
    for (char c : v) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out;
}

std::string field(const char* v) {
    std::string line = "prefix|";
    append_copy_field(line, v);
    REQUIRE(line.compare(0, 7, "prefix|") == 0);
    return line.substr(7);
}

}  // namespace

TEST_CASE("copy text: NULL, empty and plain values", "[db]") {
    CHECK(field(nullptr) == "\\N");
    CHECK(field("") == "");
    CHECK(field("Acme Widgets, Inc.") == "Acme Widgets, Inc.");
    // A value that reads like NULL is escaped, not taken for it.
    CHECK(field("\\N") == "\\\\N");
    CHECK(field("a\tb\nc\r\nd\\") == "a\\tb\\nc\\r\\nd\\\\");
    CHECK(field("\xc3\x9cnic\xc3\xb8" "de \xe2\x80\x99") == "\xc3\x9cnic\xc3\xb8" "de \xe2\x80\x99");
}

TEST_CASE("copy text: random values escape like the byte-by-byte statement", "[db]") {
    std::mt19937 rng(20261124);
    const std::string specials = "\\\t\n\r";
    for (int round = 0; round < 2000; ++round) {
        const std::size_t length = rng() % (round < 1000 ? 40 : 3000);
        std::string v;
        for (std::size_t i = 0; i < length; ++i) {
            const unsigned r = rng() % 8;
            // Any byte but NUL, with the four specials and long plain runs both frequent.
            v += r < 2 ? specials[rng() % 4]
                       : r < 4 ? static_cast<char>(1 + rng() % 255) : static_cast<char>('a' + r);
        }
        INFO("round " << round);
        CHECK(field(v.c_str()) == reference(v));
    }
}
