#include <catch2/catch.hpp>

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
