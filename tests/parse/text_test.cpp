#include <catch2/catch.hpp>

#include "parse/html_text.hpp"
#include "parse/text.hpp"

using namespace edgarsql::parse;

TEST_CASE("cp1252 smart quotes become UTF-8 curly quotes", "[parse]") {
    const std::string out = sanitize_utf8("\x93quoted\x94 caf\xe9");
    CHECK(out == "\xE2\x80\x9Cquoted\xE2\x80\x9D caf\xC3\xA9");
    CHECK(is_valid_utf8(out));
}

TEST_CASE("invalid UTF-8 and NUL bytes are repaired", "[parse]") {
    const std::string junk("ok\xC3(\xED\xA0\x80\x81\0end\xF0\x9F\x98\x80", 17);
    const std::string out = sanitize_utf8(junk);
    CHECK(is_valid_utf8(out));
    CHECK(out.find('\0') == std::string::npos);
    CHECK(out.find("\xF0\x9F\x98\x80") != std::string::npos);  // valid emoji kept
    CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);      // undefined 0x81 -> U+FFFD
}

TEST_CASE("valid UTF-8 is detected and kept", "[parse]") {
    CHECK(is_valid_utf8("na\xC3\xAFve \xE2\x80\x94 dash"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    const DecodedText d = decode_text("na\xC3\xAFve");
    CHECK(d.charset == "utf-8");
    CHECK(d.text == "na\xC3\xAFve");
}

TEST_CASE("charset is recorded per payload", "[parse]") {
    CHECK(decode_text("plain ascii").charset == "us-ascii");
    CHECK(decode_text("caf\xe9").charset == "windows-1252");
    CHECK(decode_text("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">caf\xe9")
              .charset == "iso-8859-1");
    CHECK(declared_charset("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>") == "utf-8");
}

TEST_CASE("line endings are normalized to LF", "[parse]") {
    CHECK(normalize_newlines("a\r\nb\rc\n") == "a\nb\nc\n");
    CHECK(normalize_newlines("no cr") == "no cr");
}

TEST_CASE("HTML entities are decoded", "[parse]") {
    CHECK(html_to_text("A &amp; B&nbsp;C &#8217; &#x2019; &mdash; &eacute; &bogus; &#150;") ==
          "A & B C \xE2\x80\x99 \xE2\x80\x99 \xE2\x80\x94 \xC3\xA9 &bogus; \xE2\x80\x93");
}

TEST_CASE("HTML script and style are dropped, blocks become lines, cells tabs", "[parse]") {
    const std::string text = html_to_text(
        "<html><head><style>p{x:1}</style><script>var a='<p>no</p>';</script></head>"
        "<body><p>First   paragraph\n spans</p><div>Line two<br>Line three</div>"
        "<table><tr><td>Cell A</td><td>Cell B</td></tr><tr><td>C</td><td>D</td></tr></table>"
        "<!-- a comment --></body></html>");
    CHECK(text.find("var a") == std::string::npos);
    CHECK(text.find("x:1") == std::string::npos);
    CHECK(text.find("no") == std::string::npos);
    CHECK(text.find("comment") == std::string::npos);
    CHECK(text.find("First paragraph spans\n") != std::string::npos);
    CHECK(text.find("Line two\nLine three") != std::string::npos);
    CHECK(text.find("Cell A\tCell B\nC\tD") != std::string::npos);
}

TEST_CASE("HTML converter survives unclosed constructs", "[parse]") {
    CHECK(html_to_text("text <b unclosed") == "text");
    CHECK(html_to_text("a <!-- never closed") == "a");
    CHECK(html_to_text("x < y & z") == "x < y & z");
    CHECK(html_to_text("<script>never closed").empty());
}

TEST_CASE("charset_of and decode_text agree, even after two byte-order marks", "[parse]") {
    // Found by fuzzing: decode_text stripped one BOM and charset_of another.
    const std::string input = std::string("\xEF\xBB\xBF\xEF\xBB\xBF", 6) + std::string("a\0b", 3);
    const DecodedText decoded = decode_text(input);
    CHECK(charset_of(input) == decoded.charset);
    CHECK(is_valid_utf8(decoded.text));
    CHECK(decoded.text.find('\0') == std::string::npos);
}

