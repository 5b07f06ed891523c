#include <catch2/catch.hpp>

#include <random>

#include "parse/documents.hpp"
#include "parse/text.hpp"
#include "parse/uuencode.hpp"
#include "util/sha256.hpp"

using namespace edgarsql::parse;

namespace {

/// An independent uuencoder (the standard algorithm) for round-trip checks.
std::string uuencode(const std::string& data, const std::string& name) {
    std::string out = "begin 644 " + name + "\n";
    auto enc = [](unsigned v) { return static_cast<char>(v == 0 ? '`' : v + 0x20); };
    for (std::size_t i = 0; i < data.size(); i += 45) {
        const std::size_t n = std::min<std::size_t>(45, data.size() - i);
        out.push_back(enc(static_cast<unsigned>(n)));
        for (std::size_t j = 0; j < n; j += 3) {
            unsigned char b[3] = {0, 0, 0};
            for (std::size_t k = 0; k < 3 && j + k < n; ++k)
                b[k] = static_cast<unsigned char>(data[i + j + k]);
            out.push_back(enc(b[0] >> 2));
            out.push_back(enc(((b[0] & 3) << 4) | (b[1] >> 4)));
            out.push_back(enc(((b[1] & 15) << 2) | (b[2] >> 6)));
            out.push_back(enc(b[2] & 63));
        }
        out.push_back('\n');
    }
    return out + "`\nend\n";
}

}  // namespace

TEST_CASE("uuencoded payloads are measured, not stored", "[parse]") {
    std::string binary;
    for (int i = 0; i < 1000; ++i) binary.push_back(static_cast<char>((i * 7) & 0xFF));
    const std::string encoded = uuencode(binary, "chart.jpg");
    CHECK(decode_uuencoded(encoded) == binary);
    const UuMeasure m = measure_uuencoded(encoded);
    CHECK(m.complete);
    CHECK(m.filename == "chart.jpg");
    CHECK(m.bytes == 1000);
    CHECK(m.sha256 == edgarsql::util::sha256_hex(binary));

    std::vector<std::string> warnings;
    const auto doc = make_document(encoded, 3, "GRAPHIC", "chart.jpg", "", {}, warnings);
    CHECK(doc.content_kind == "binary");
    CHECK(doc.uuencoded);
    CHECK_FALSE(doc.text.has_value());
    CHECK(doc.bytes == 1000);
    CHECK(doc.sha256 == edgarsql::util::sha256_hex(binary));
    CHECK(warnings.empty());

    const auto pdf = make_document("<PDF>\n" + uuencode("%PDF-1.4 x", "f.pdf") + "</PDF>", 4,
                                   "EX-99", "f.pdf", "", {}, warnings);
    CHECK(pdf.content_kind == "pdf");
    CHECK(pdf.bytes == 10);
}

TEST_CASE("uudecoding: short lines decode missing characters as zeros", "[parse]") {
    // "#0V%T" is "Cat" (3 bytes). A line that declares more bytes than its characters hold
    // (a truncated line) yields zero bits for the missing characters, up to its declared
    // length; trailing blanks are trimmed; every line length 1–45 round-trips.
    CHECK(decode_uuencoded("begin 644 c\n#0V%T\n`\nend\n") == "Cat");
    CHECK(decode_uuencoded("begin 644 c\n#0V%T   \n`\nend\n") == "Cat");
    CHECK(decode_uuencoded("begin 644 c\n&0V%T\n`\nend\n") == std::string("Cat\0\0\0", 6));
    CHECK(decode_uuencoded("begin 644 c\n%0V\n`\nend\n") == std::string("C`\0\0\0", 5));
    std::string data;
    for (int n = 1; n <= 45; ++n) {
        data.push_back(static_cast<char>((n * 37) & 0xFF));
        INFO(n);
        CHECK(decode_uuencoded(uuencode(data, "x")) == data);
    }
}

namespace {

/// The byte-at-a-time uudecoding of one body line (appending to `out`): the reference the
/// parser's group decoder is held to. False for the zero-length terminator.
bool reference_decode_line(std::string_view line, std::string& out) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) return true;
    auto value = [](char c) {
        return (static_cast<unsigned>(static_cast<unsigned char>(c)) - 0x20) & 0x3F;
    };
    const unsigned length = value(line[0]);
    if (length == 0) return false;
    std::size_t src = 1;
    for (unsigned produced = 0; produced < length;) {
        unsigned v[4];
        for (unsigned& x : v) x = src < line.size() ? value(line[src++]) : (++src, 0u);
        const unsigned char b[3] = {static_cast<unsigned char>((v[0] << 2) | (v[1] >> 4)),
                                    static_cast<unsigned char>((v[1] << 4) | (v[2] >> 2)),
                                    static_cast<unsigned char>((v[2] << 6) | v[3])};
        for (unsigned k = 0; k < 3 && produced < length; ++k, ++produced)
            out.push_back(static_cast<char>(b[k]));
    }
    return true;
}

}  // namespace

TEST_CASE("uudecoding: random and malformed lines decode as the byte loop does", "[parse]") {
    // Lines of every declared length (0–63) with too few, enough and too many characters,
    // any printable character and trailing blanks; a section is decoded whole.
    std::mt19937 rng(23);
    std::uniform_int_distribution<int> printable(0x20, 0x7E);
    std::uniform_int_distribution<int> count(0, 90);
    std::uniform_int_distribution<int> blanks(0, 3);
    for (int round = 0; round < 200; ++round) {
        std::string section = "begin 644 r.bin\n";
        std::string expected;
        bool done = false;
        for (int l = 0; l < 40; ++l) {
            std::string line(1, static_cast<char>(0x21 + (round + l) % 63));  // length 1–63
            const int n = count(rng);
            for (int k = 0; k < n; ++k) line.push_back(static_cast<char>(printable(rng)));
            for (int k = blanks(rng); k > 0; --k) line.push_back(k % 2 ? ' ' : '\t');
            section += line + "\n";
            if (!done) done = !reference_decode_line(line, expected);
        }
        section += "`\nend\n";
        INFO("round " << round);
        CHECK(decode_uuencoded(section) == expected);
        const UuMeasure m = measure_uuencoded(section);
        CHECK(m.bytes == static_cast<std::int64_t>(expected.size()));
        CHECK(m.sha256 == edgarsql::util::sha256_hex(expected));
        CHECK(m.complete);
    }
    // Short lines decode to more bytes than four characters in three would give: 2,000 lines
    // of "M" (45 zero bytes each) in a section of 4 KB.
    std::string section = "begin 644 z\n";
    for (int l = 0; l < 2000; ++l) section += "M\n";
    section += "end\n";
    CHECK(decode_uuencoded(section) == std::string(90000, '\0'));
}

TEST_CASE("uudecoding beside the input's hash gives the same measure", "[parse]") {
    // The parser hashes decoded binaries beside its input (Sha256Lanes); sections longer than
    // kUuBesideMaxBytes are streamed instead. Both give what measure_uuencoded alone gives,
    // and the input's own hash is still right afterwards.
    std::mt19937 rng(29);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string small_data;
    for (int i = 0; i < 100000; ++i) small_data.push_back(static_cast<char>(byte(rng)));
    std::string big_data;
    while (big_data.size() * 4 / 3 < kUuBesideMaxBytes + 4096)
        big_data.push_back(static_cast<char>(byte(rng)));
    std::string short_lines = "begin 644 z\n";
    for (int l = 0; l < 2000; ++l) short_lines += "M\n";
    short_lines += "end\n";
    const std::string input = uuencode(small_data, "a.bin") + uuencode(big_data, "b.bin");

    edgarsql::util::Sha256Lanes lanes(input);
    for (const std::string& section : {uuencode(small_data, "a.bin"), uuencode(big_data, "b.bin"),
                                       short_lines, std::string("begin 644 e\n`\nend\n")}) {
        INFO("section of " << section.size() << " bytes");
        const UuMeasure alone = measure_uuencoded(section);
        const UuMeasure beside = measure_uuencoded(section, lanes);
        CHECK(beside.sha256 == alone.sha256);
        CHECK(beside.sha256 == edgarsql::util::sha256_hex(decode_uuencoded(section)));
        CHECK(beside.bytes == alone.bytes);
        CHECK(beside.filename == alone.filename);
        CHECK(beside.complete == alone.complete);
        CHECK(beside.end_offset == alone.end_offset);
    }
    CHECK(lanes.main_hex() == edgarsql::util::sha256_hex(input));
}

TEST_CASE("content kind comes from the payload", "[parse]") {
    CHECK(content_kind("<HTML><BODY>x</BODY></HTML>", "") == "html");
    CHECK(content_kind("\n<!DOCTYPE html><html>", "") == "html");
    CHECK(content_kind("<XML>\n<?xml version=\"1.0\"?><ownershipDocument/>", "") == "xml");
    CHECK(content_kind("<XBRL>\n<?xml version=\"1.0\"?><xbrli:xbrl/>", "") == "xml");
    CHECK(content_kind("<XBRL>\n<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", "") == "html");
    CHECK(content_kind("Plain words", "a.txt") == "text");
    CHECK(content_kind(uuencode("abc", "doc.pdf"), "") == "pdf");
}

TEST_CASE("plain-text SGML layout markup lines are removed", "[parse]") {
    const std::string out =
        strip_sgml_markup("Title\n<PAGE>\n<TABLE>\n<CAPTION>\n<S>    <C>\nRow 1\n</TABLE>\n<FN>\n"
                          "A <b>kept</b> line\n");
    CHECK(out == "Title\nRow 1\nA <b>kept</b> line\n");
    // A page break with its page number goes too; a line that only starts with one stays.
    CHECK(strip_sgml_markup("One\n<PAGE>   12\nTwo\n  <page> F-3\t\nThree\n<PAGE>ii\n") ==
          "One\nTwo\nThree\n");
    CHECK(strip_sgml_markup("<PAGE>   12 Notes to the statements\n<PAGE> 3 <S>\n") ==
          "<PAGE>   12 Notes to the statements\n<PAGE> 3 <S>\n");
    CHECK(strip_sgml_markup("End of page.\n                -16-<PAGE>\nNext page\n") ==
          "End of page.\nNext page\n");
    CHECK(strip_sgml_markup("See the table <PAGE>\n") == "See the table <PAGE>\n");
}

TEST_CASE("documents without close tags split where the next one opens", "[parse]") {
    const std::string body =
        "<DOCUMENT>\n<TYPE>8-K\n<TEXT>\nOne\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\nTwo\n</TEXT>\n"
        "<DOCUMENT>\n<TYPE>EX-99.2\n<TEXT>\nThree\n"
        "<DOCUMENT>\n<TYPE>EX-99.3\n<TEXT>\nFour\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>EX-99.4\n<TEXT>\nFive\n</TEXT>\n";
    const DocumentSplit split = split_documents(body, {});
    REQUIRE(split.documents.size() == 5);
    const char* texts[] = {"One", "Two", "Three", "Four", "Five"};
    for (std::size_t i = 0; i < 5; ++i) {
        INFO(i);
        CHECK(split.documents[i].text == std::optional<std::string>(texts[i]));
    }
    CHECK(split.truncated);
    CHECK(split.warnings == std::vector<std::string>{
                                "document 2: no </DOCUMENT>",
                                "document 3: no </TEXT> and no </DOCUMENT>",
                                "document 5: no </DOCUMENT> before end of input"});

    // Thousands of them, as a hostile file has: each still its own document.
    std::string many;
    for (int i = 0; i < 5000; ++i) many += "<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\nx\n</TEXT>\n";
    many += "<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\nlast\n</TEXT>\n</DOCUMENT>\n";
    const DocumentSplit lots = split_documents(many, {});
    REQUIRE(lots.documents.size() == 5001);
    CHECK(lots.documents[4999].text == std::optional<std::string>("x"));
    CHECK(lots.documents[5000].text == std::optional<std::string>("last"));
    CHECK(lots.warnings.size() == 5000);
    CHECK_FALSE(lots.truncated);
}

TEST_CASE("the financial report viewer's script and style sheet have no text", "[parse]") {
    const std::string body =
        "<DOCUMENT>\n<TYPE>XML\n<SEQUENCE>11\n<FILENAME>Show.js\n<TEXT>\n"
        "function toggleNextSibling (e) { var display = 'none'; }\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>XML\n<SEQUENCE>12\n<FILENAME>report.css\n<TEXT>\n"
        ".report { font-family: Arial; display: inline; }\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>13\n<FILENAME>notes.txt\n<TEXT>\n"
        "Plain words about the display of goods.\n</TEXT>\n</DOCUMENT>\n";
    const DocumentSplit split = split_documents(body, {});
    REQUIRE(split.documents.size() == 3);
    for (std::size_t i = 0; i < 2; ++i) {
        INFO(split.documents[i].filename);
        CHECK_FALSE(split.documents[i].text.has_value());
        CHECK(split.documents[i].bytes > 0);
        CHECK(split.documents[i].sha256.size() == 64);
    }
    CHECK(split.documents[2].text ==
          std::optional<std::string>("Plain words about the display of goods."));
}

TEST_CASE("document blocks split with metadata defaults", "[parse]") {
    const std::string body =
        "<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nMain body\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>EX-21\n<SEQUENCE>7\n<FILENAME>ex21.txt\n<DESCRIPTION>SUBSIDIARIES\n"
        "<TEXT>\nSubsidiary list\n</TEXT>\n</DOCUMENT>\n";
    const DocumentSplit split = split_documents(body, {});
    REQUIRE(split.documents.size() == 2);
    CHECK(split.documents[0].sequence == 1);
    CHECK(split.documents[0].filename.empty());
    CHECK(split.documents[0].text == std::optional<std::string>("Main body"));
    CHECK(split.documents[0].bytes == 9);
    CHECK(split.documents[1].sequence == 7);
    CHECK(split.documents[1].description == "SUBSIDIARIES");
    CHECK_FALSE(split.truncated);
}

TEST_CASE("XML text only on request", "[parse]") {
    std::vector<std::string> warnings;
    const std::string xml = "<XML>\n<?xml version=\"1.0\"?>\n<a>1</a>\n</XML>";
    CHECK_FALSE(make_document(xml, 1, "4", "", "", {}, warnings).text.has_value());
    Options with_xml;
    with_xml.xml_text = true;
    CHECK(make_document(xml, 1, "4", "", "", with_xml, warnings).text.has_value());
}
