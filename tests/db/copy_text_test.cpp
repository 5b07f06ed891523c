// The COPY field and array element writers against byte-by-byte statements of the formats.
// (Both formats also go through a server in conformance_tests.cpp.)

#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "db/postgres/copy_text.hpp"

using edgarsql::db::postgres::append_array_element;
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

std::string element_reference(const std::string& v) {
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
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

TEST_CASE("array literal: elements quoted, separated, NULL unquoted", "[db]") {
    std::string literal = "{";
    append_array_element(literal, "plain");
    append_array_element(literal, nullptr);
    append_array_element(literal, "");
    append_array_element(literal, "NULL");
    append_array_element(literal, "a \"quoted\", {braced} back\\slash\n");
    CHECK(literal ==
          "{\"plain\",NULL,\"\",\"NULL\",\"a \\\"quoted\\\", {braced} back\\\\slash\n\"");

    std::mt19937 rng(7);
    for (int round = 0; round < 2000; ++round) {
        std::string v;
        const std::size_t length = rng() % (round < 1000 ? 30 : 2000);
        for (std::size_t i = 0; i < length; ++i) {
            const unsigned r = rng() % 6;
            v += r == 0 ? '"' : r == 1 ? '\\' : static_cast<char>(1 + rng() % 255);
        }
        std::string got = "{";
        append_array_element(got, "x");
        append_array_element(got, v.c_str());
        INFO("round " << round);
        CHECK(got == "{\"x\"," + element_reference(v));
    }
}
