#include <catch2/catch.hpp>

#include <random>
#include <string>

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

TEST_CASE("C1 controls in UTF-8 are read as the cp1252 bytes they were", "[parse]") {
    // cp1252 quotes converted to UTF-8 as Latin-1: U+0092, U+0093, U+0094, and an undefined
    // U+0081; the rest of the text, and U+00A0 and U+00E9 beside them, is kept.
    const std::string mis = "the registrant\xC2\x92s \xC2\x93large\xC2\x94 filer\xC2\x81"
                            "\xC2\xA0" "caf\xC3\xA9";
    CHECK(is_valid_utf8(mis));
    const std::string want = "the registrant\xE2\x80\x99s \xE2\x80\x9Clarge\xE2\x80\x9D "
                             "filer\xEF\xBF\xBD\xC2\xA0" "caf\xC3\xA9";
    CHECK(sanitize_utf8(mis) == want);
    const DecodedText d = decode_text(mis);
    CHECK(d.charset == "utf-8");
    CHECK(d.text == want);
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

TEST_CASE("an HTML div laid out inline breaks no line, and neither does its close tag",
          "[parse]") {
    // As inline XBRL filings write a cover page: every word in its own inline div.
    const std::string text = html_to_text(
        "<p><div style=\"display:inline;\">FORM</div> <div style=\"DISPLAY: inline\">8-K</div>"
        "</p><div>300 Main Street<div style=\"display: inline-block\">,</div> Suite 7</div>"
        "<div class=x style='font-weight:bold; display :inline'>(</div>972"
        "<DIV STYLE=\"display:inline\">)</DIV> 934-4700"
        "<div style=\"display:block\">Block<div style=\"display:inline\">inner</div> after</div>"
        "<div style=\"display:none-ish; color:red\">Last</div>");
    CHECK(text.find("FORM 8-K\n") == 0);
    CHECK(text.find("\n300 Main Street, Suite 7\n") != std::string::npos);
    CHECK(text.find("\n(972) 934-4700\nBlockinner after\nLast") != std::string::npos);
    // A </div> without an open <div> still ends a line.
    CHECK(html_to_text("a</div>b") == "a\nb");
}

TEST_CASE("names that are not UTF-8 are escaped byte by byte, valid ones kept", "[parse]") {
    CHECK(escape_invalid_utf8("edgar/data/320193/a.txt") == "edgar/data/320193/a.txt");
    CHECK(escape_invalid_utf8("caf\xC3\xA9 100%.txt") == "caf\xC3\xA9 100%.txt");
    CHECK(escape_invalid_utf8("caf\xE9.txt") == "caf%E9.txt");
    CHECK(escape_invalid_utf8(std::string("a\0b", 3)) == "a%00b");
    // A truncated sequence, then a valid one: only the stray bytes are escaped.
    CHECK(escape_invalid_utf8("\xE2\x82x\xE2\x82\xAC\xFF") == "%E2%82x\xE2\x82\xAC%FF");
    CHECK(is_valid_utf8(escape_invalid_utf8("\x80\xC0\xF5\xED\xA0\x80")));
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

TEST_CASE("every HTML tag name has the layout of its kind, in any case", "[parse]") {
    // A tag between "a" and "b" shows its kind: nothing (inline), a line break, a blank line,
    // a tab (cell), or its content dropped (skip).
    const auto between = [](std::string_view tag) {
        const std::string t(tag);
        return html_to_text("a<" + t + ">b</" + t + ">c");
    };
    for (const char* name : {"br", "BR"}) {
        CHECK(html_to_text(std::string("a<") + name + ">b<" + name + "/>c") == "a\nb\nc");
    }
    for (const char* name : {"div", "li", "dt", "dd", "hr", "section", "article", "header",
                             "footer", "address", "center", "form", "caption", "thead", "tbody",
                             "tfoot", "body", "html", "page", "nav", "aside", "figure",
                             "figcaption", "main", "fieldset", "legend", "option", "tr", "DIV",
                             "FigCaption"}) {
        INFO(name);
        CHECK(between(name) == "a\nb\nc");
    }
    for (const char* name : {"p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
                             "blockquote", "dl", "P", "BlockQuote"}) {
        INFO(name);
        CHECK(between(name) == "a\n\nb\n\nc");
    }
    for (const char* name : {"pre", "xmp", "listing", "plaintext", "PRE"}) {
        INFO(name);
        CHECK(html_to_text(std::string("a<") + name + ">x  y</" + name + ">c") == "a\nx  y\nc");
    }
    for (const char* name : {"script", "style", "title", "ix:header", "noscript", "template",
                             "SCRIPT", "IX:HEADER"}) {
        INFO(name);
        CHECK(between(name) == "ac");
    }
    for (const char* name : {"td", "th", "TD"}) {
        INFO(name);
        CHECK(between(name) == "a\tbc");
    }
    for (const char* name : {"span", "font", "b", "i", "u", "a", "sup", "sub", "strong", "em",
                             "ix:nonfraction", "ix:nonNumeric", "ix:continuation", "small",
                             "big", "s", "tt", "img", "abbr", "d", "h7", "tablex", "preface",
                             "blockquotes", "ix:headers", "xbrli:context", "x-table"}) {
        INFO(name);
        CHECK(between(name) == "abc");
    }
}

TEST_CASE("HTML text runs keep single spaces and collapse the rest, at any offset", "[parse]") {
    // Runs of text are scanned many bytes at a time; the result must not depend on where a
    // separator falls relative to the input's start.
    for (std::size_t pad = 0; pad < 40; ++pad) {
        const std::string p(pad, 'x');
        INFO(pad);
        CHECK(html_to_text(p + "one two  three\tfour\n five<b>six</b> seven &amp; eight") ==
              p + "one two three four fivesix seven & eight");
        CHECK(html_to_text(p + "a\xC2\xA0" "b \xC2\xA9 c d") == p + "a b \xC2\xA9 c d");
        CHECK(html_to_text(p + "tail space ") == p + "tail space");
        CHECK(html_to_text(p + "x <p>y") == p + "x\n\ny");
        CHECK(html_to_text("<pre>" + p + "a  b c\td\ne</pre>") == p + "a  b c\td\ne");
        CHECK(html_to_text(p + "w&#8212;v &lt;3 d") == p + "w\xE2\x80\x94v <3 d");
    }
}

TEST_CASE("the SIMD text-run scan agrees with the byte loop everywhere", "[parse]") {
    // Every byte that can end a run, and ordinary ones, at every offset and every length up to
    // a few 16-byte blocks; deterministic, so a failure reproduces.
    static constexpr char kBytes[] = "ab  <&\t\n\v\f\r\xC2\xA0\x08\x0E\x1F\x7F\xFFZ;";
    const std::string alphabet(kBytes, sizeof kBytes - 1);
    std::mt19937 rng(20261124);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> mostly_text(0, 9);
    std::size_t checked = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string s(static_cast<std::size_t>(round % 70), 'x');
        for (char& c : s) {
            if (mostly_text(rng) < (round % 3 == 0 ? 9 : 4)) continue;  // long runs, or dense
            c = alphabet[pick(rng)];
        }
        for (std::size_t from = 0; from <= s.size(); ++from) {
            for (const bool pre : {false, true}) {
                INFO("input #" << round << " from " << from << " pre " << pre);
                REQUIRE(detail::text_run_end(s, from, pre) ==
                        detail::text_run_end_scalar(s, from, pre));
                ++checked;
            }
        }
    }
    CHECK(checked > 100000);
}
