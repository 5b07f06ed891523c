#include <algorithm>
#include <catch2/catch.hpp>

#include <string>

#include "parse/parser.hpp"
#include "parse/text.hpp"
#include "parse/uuencode.hpp"
#include "support/test_support.hpp"
#include "util/sha256.hpp"

using namespace edgarsql;
using parse::Outcome;

namespace {

std::string fx(const std::string& name) { return test::fixture("parse/" + name); }

std::string to_crlf(const std::string& lf) {
    std::string out;
    for (char c : lf) {
        if (c == '\n') out.push_back('\r');
        out.push_back(c);
    }
    return out;
}

void check_all_utf8(const model::Filing& f) {
    for (const auto& d : f.documents) {
        if (d.text) {
            CHECK(parse::is_valid_utf8(*d.text));
            CHECK(d.text->find('\0') == std::string::npos);
        }
    }
    for (const auto& h : f.header_fields) CHECK(parse::is_valid_utf8(h.value));
}

}  // namespace

TEST_CASE("full submission with SEC-HEADER, HTML and uuencoded GRAPHIC", "[parse]") {
    const std::string bytes = fx("full_submission_2004.txt");
    const parse::Result r = parse::parse(bytes, "full_submission_2004.txt");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.source_kind == model::SourceKind::full_submission);
    CHECK(f.parse_status == model::ParseStatus::complete);
    CHECK(f.accession_number == "0000999001-04-000012");
    CHECK(f.form_type == "8-K");
    CHECK(f.form_family == "8-K");
    CHECK_FALSE(f.is_amendment);
    CHECK(f.filed_date == "2004-03-12");
    CHECK(f.cik == std::optional<std::int64_t>(999001));
    CHECK(f.document_count == 2);
    CHECK(f.declared_document_count == std::optional<int>(2));
    CHECK_FALSE(f.items.empty());
    REQUIRE(f.documents.size() == 2);

    const model::Document& html = f.documents[0];
    CHECK(html.content_kind == "html");
    CHECK(html.filename == "bluefin8k.htm");
    REQUIRE(html.text);
    CHECK(html.text->find("Bluefin Widget Corp & Subsidiaries reported the company\xE2\x80\x99s "
                          "results \xE2\x80\x94 see below.") != std::string::npos);
    CHECK(html.text->find("do not show") == std::string::npos);
    CHECK(html.text->find("color") == std::string::npos);
    CHECK(html.text->find("Revenue\t$1,000") != std::string::npos);

    const model::Document& graphic = f.documents[1];
    std::string expected;
    for (int i = 0; i < 200; ++i) expected.push_back(static_cast<char>(i));
    CHECK(graphic.type == "GRAPHIC");
    CHECK(graphic.content_kind == "binary");
    CHECK(graphic.uuencoded);
    CHECK_FALSE(graphic.text.has_value());
    CHECK(graphic.bytes == 200);
    CHECK(graphic.sha256 == util::sha256_hex(expected));
}

TEST_CASE("without text: the same header, documents and hashes, and nothing read from text",
          "[parse]") {
    const std::string bytes = fx("full_submission_2004.txt");
    const parse::Result full = parse::parse(bytes, "full_submission_2004.txt");
    parse::Options no_text;
    no_text.text = false;
    const parse::Result bare = parse::parse(bytes, "full_submission_2004.txt", no_text);
    REQUIRE(full.outcome == Outcome::filing);
    REQUIRE(bare.outcome == Outcome::filing);
    CHECK(bare.filing.accession_number == full.filing.accession_number);
    CHECK(bare.filing.parties.size() == full.filing.parties.size());
    CHECK(bare.filing.header_fields.size() == full.filing.header_fields.size());
    REQUIRE(bare.filing.documents.size() == full.filing.documents.size());
    for (std::size_t i = 0; i < full.filing.documents.size(); ++i) {
        const model::Document& a = full.filing.documents[i];
        const model::Document& b = bare.filing.documents[i];
        CHECK(b.type == a.type);
        CHECK(b.content_kind == a.content_kind);
        CHECK(b.bytes == a.bytes);
        CHECK(b.sha256 == a.sha256);
        CHECK_FALSE(b.text.has_value());
    }
    REQUIRE(full.filing.documents[0].text.has_value());
    // Body items come from text: only the header's items are left.
    const auto body = [](const model::Filing& f) {
        return std::count_if(f.items.begin(), f.items.end(), [](const model::Item& i) {
            return i.source == "body";
        });
    };
    CHECK(body(full.filing) > 0);
    CHECK(body(bare.filing) == 0);
}

TEST_CASE("the input's hash and its documents' hashes are the standard SHA-256", "[parse]") {
    // parse hashes the input beside its documents (util::Sha256Lanes); libcrypto, through
    // util::sha256_hex, is the reference for each.
    std::string big_html = "<html><body>";
    while (big_html.size() < 300000)
        big_html += "<p><span style=\"x\">Invented Widget Co. sales.</span></p>\n";
    big_html += "</body></html>";
    std::string big_text;
    while (big_text.size() < 120000) big_text += "Plain exhibit line of the invented company.\n";
    const std::string submission =
        "<SEC-DOCUMENT>0000999001-24-000001.txt : 20240102\n<SEC-HEADER>\n"
        "ACCESSION NUMBER:\t\t0000999001-24-000001\nCONFORMED SUBMISSION TYPE:\t8-K\n"
        "PUBLIC DOCUMENT COUNT:\t\t2\nFILED AS OF DATE:\t\t20240102\n</SEC-HEADER>\n"
        "<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>w.htm\n<TEXT>\n" + big_html +
        "\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>w.txt\n"
        "<TEXT>\n" + big_text + "\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    for (const std::string& bytes : {submission, to_crlf(submission)}) {
        const parse::Result r = parse::parse(bytes, "x.txt");
        REQUIRE(r.outcome == Outcome::filing);
        CHECK(r.input_sha256 == util::sha256_hex(bytes));
        REQUIRE(r.filing.documents.size() == 2);
        CHECK(r.filing.documents[0].sha256 == util::sha256_hex(big_html));
        CHECK(r.filing.documents[1].sha256 == util::sha256_hex(big_text));
    }
    const std::string fixture = fx("full_submission_2004.txt");
    CHECK(parse::parse(fixture, "f.txt").input_sha256 == util::sha256_hex(fixture));
    // A bare document, an ignored and a rejected input carry the input's hash too.
    const std::string bare =
        "UNITED STATES SECURITIES AND EXCHANGE COMMISSION\nFORM 8-K\n" + big_text;
    const parse::Result b = parse::parse(bare, "bare.txt");
    REQUIRE(b.outcome == Outcome::filing);
    CHECK(b.input_sha256 == util::sha256_hex(bare));
    CHECK(b.filing.documents.at(0).sha256 == util::sha256_hex(bare));
    // Its file name, also for a member of an archive inside an archive ('inner!member').
    CHECK(parse::parse(bare, "q.tar!a.zip!press/bare.txt").filing.documents.at(0).filename ==
          "bare.txt");
    CHECK(parse::parse(bare, "q.tar!a.zip!bare.txt").filing.documents.at(0).filename ==
          "bare.txt");
    const std::string junk(5000, '\x01');
    CHECK(parse::parse(junk, "junk.bin").input_sha256 == util::sha256_hex(junk));
    const std::string json = "{\"not\": \"a filing\"}";
    const parse::Result ignored = parse::parse(json, "x.json");
    CHECK(ignored.outcome != Outcome::filing);
    CHECK(ignored.input_sha256 == util::sha256_hex(json));
}

TEST_CASE("CRLF input parses like LF input", "[parse]") {
    const std::string lf = fx("full_submission_2004.txt");
    const parse::Result a = parse::parse(lf, "x.txt");
    const parse::Result b = parse::parse(to_crlf(lf), "x.txt");
    REQUIRE(b.outcome == Outcome::filing);
    REQUIRE(b.filing.documents.size() == a.filing.documents.size());
    for (std::size_t i = 0; i < a.filing.documents.size(); ++i) {
        CHECK(b.filing.documents[i].sha256 == a.filing.documents[i].sha256);
        CHECK(b.filing.documents[i].bytes == a.filing.documents[i].bytes);
        CHECK(b.filing.documents[i].text == a.filing.documents[i].text);
    }
    CHECK(b.filing.accession_number == a.filing.accession_number);
}

TEST_CASE("C1 controls of a mis-converted cp1252 text are read as cp1252, header included",
          "[parse]") {
    // Valid UTF-8 throughout, but its quotes are U+0092/U+0093/U+0094, as when a tool converts
    // cp1252 text to UTF-8 as if it were Latin-1.
    const std::string in =
        "<SEC-DOCUMENT>0000999011-09-000003.txt : 20090310\n<SEC-HEADER>\n"
        "ACCESSION NUMBER:\t\t0000999011-09-000003\nCONFORMED SUBMISSION TYPE:\t8-K\n"
        "FILED AS OF DATE:\t\t20090310\nFILER:\n\tCOMPANY DATA:\t\n"
        "\t\tCOMPANY CONFORMED NAME:\t\t\tO\xC2\x92Hara Lantern Works\n"
        "\t\tCENTRAL INDEX KEY:\t\t\t0000999011\n</SEC-HEADER>\n"
        "<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n"
        "The registrant\xC2\x92s \xC2\x93record\xC2\x94 quarter \xC2\x96 caf\xC3\xA9.\n"
        "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    const parse::Result r = parse::parse(in, "c1.txt");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    REQUIRE(f.parties.size() == 1);
    CHECK(f.parties[0].name == "O\xE2\x80\x99Hara Lantern Works");
    const auto name = std::find_if(f.header_fields.begin(), f.header_fields.end(),
                                   [](const auto& h) { return h.path.find("NAME") != h.path.npos; });
    REQUIRE(name != f.header_fields.end());
    CHECK(name->value == "O\xE2\x80\x99Hara Lantern Works");
    REQUIRE(f.documents.size() == 1);
    CHECK(f.documents[0].charset == "utf-8");
    REQUIRE(f.documents[0].text);
    CHECK(*f.documents[0].text == "The registrant\xE2\x80\x99s \xE2\x80\x9Crecord\xE2\x80\x9D "
                                  "quarter \xE2\x80\x93 caf\xC3\xA9.");
}

TEST_CASE("PEM-wrapped 1990s IMS-HEADER 8-K", "[parse]") {
    const parse::Result r = parse::parse(fx("pem_ims_1995.txt"), "pem_ims_1995.txt");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.source_kind == model::SourceKind::full_submission);
    CHECK(f.accession_number == "0000999002-95-000007");
    CHECK(f.form_type == "8-K");
    CHECK(f.filed_date == "1995-02-09");
    REQUIRE(f.documents.size() == 1);
    const model::Document& d = f.documents[0];
    CHECK(d.content_kind == "text");
    CHECK(d.charset == "windows-1252");
    REQUIRE(d.text);
    CHECK(d.text->find("\xE2\x80\x9CQuoted\xE2\x80\x9D caf\xC3\xA9 text.") != std::string::npos);
    CHECK(d.text->find("<PAGE>") == std::string::npos);
    CHECK(d.text->find("<S>") == std::string::npos);
    CHECK(d.text->find("Cotton sales") != std::string::npos);
    CHECK(d.text->find("END PRIVACY") == std::string::npos);
    check_all_utf8(f);
}

TEST_CASE("headerless submission starting at <DOCUMENT>", "[parse]") {
    const parse::Result r = parse::parse(fx("headerless_0000999003-95-000001.txt"),
                                         "/archive/headerless_0000999003-95-000001.txt");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    // Documents without their header: a bare copy, whole, ranked below a copy with a header.
    CHECK(f.source_kind == model::SourceKind::bare);
    CHECK(f.parse_status == model::ParseStatus::complete);
    CHECK_FALSE(f.warnings.empty());
    CHECK(f.accession_number == "0000999003-95-000001");
    CHECK(f.document_count == 2);
    CHECK(f.parties.empty());
}

TEST_CASE(".nc feed file with bare-CR line endings", "[parse]") {
    const parse::Result r = parse::parse(fx("feed_cr.nc"), "0000999004-24-000031.nc");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.source_kind == model::SourceKind::nc);
    CHECK(f.accession_number == "0000999004-24-000031");
    CHECK(f.form_type == "8-K");
    CHECK(f.cik == std::optional<std::int64_t>(999004));
    REQUIRE(f.documents.size() == 1);
    REQUIRE(f.documents[0].text);
    CHECK(f.documents[0].text->find('\r') == std::string::npos);
    CHECK(f.documents[0].text->find("Revenue grew.") != std::string::npos);
    const auto from = [&](const char* source) {
        return std::count_if(f.items.begin(), f.items.end(),
                             [&](const model::Item& i) { return i.source == source; });
    };
    CHECK(from("header") == 2);
    CHECK(from("body") == 1);
}

TEST_CASE(".hdr.sgml header-only input", "[parse]") {
    const parse::Result r = parse::parse(fx("header_only.hdr.sgml"), "header_only.hdr.sgml");
    REQUIRE(r.outcome == Outcome::filing);
    CHECK(r.filing.source_kind == model::SourceKind::hdr_sgml);
    CHECK(r.filing.accession_number == "0000999005-23-000002");
    CHECK(r.filing.form_family == "10-K");
    CHECK(r.filing.document_count == 0);
    CHECK(r.filing.declared_document_count == std::optional<int>(5));
}

TEST_CASE("index-headers page yields its header", "[parse]") {
    const std::string page =
        "<HTML><HEAD><TITLE>Submission</TITLE>\n<!--\n<SEC-HEADER>0000999007-24-000001.hdr.sgml"
        "\n<ACCESSION-NUMBER>0000999007-24-000001\n<TYPE>8-K\n<FILING-DATE>20240102\n"
        "</SEC-HEADER>\n-->\n</HEAD><BODY><PRE>&lt;SEC-HEADER&gt;</PRE></BODY></HTML>\n";
    const parse::Result r = parse::parse(page, "0000999007-24-000001-index-headers.html");
    REQUIRE(r.outcome == Outcome::filing);
    CHECK(r.filing.source_kind == model::SourceKind::hdr_sgml);
    CHECK(r.filing.accession_number == "0000999007-24-000001");
}

TEST_CASE("bare 8-K text takes its form type from the text", "[parse]") {
    const parse::Result r = parse::parse(fx("bare_8k_0000999006-05-000009.txt"),
                                         "bare_8k_0000999006-05-000009.txt");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.source_kind == model::SourceKind::bare);
    CHECK(f.form_type == "8-K");
    CHECK(f.form_family == "8-K");
    CHECK(f.accession_number == "0000999006-05-000009");
    REQUIRE(f.documents.size() == 1);
    CHECK(f.documents[0].sequence == 1);
    CHECK(f.documents[0].type == "8-K");
    CHECK(f.documents[0].content_kind == "text");
}

TEST_CASE("bare HTML exhibit in cp1252", "[parse]") {
    const parse::Result r = parse::parse(fx("bare_exhibit.htm"), "ex99.htm");
    REQUIRE(r.outcome == Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.source_kind == model::SourceKind::bare);
    CHECK(f.accession_number.empty());
    REQUIRE(f.documents.size() == 1);
    const model::Document& d = f.documents[0];
    CHECK(d.content_kind == "html");
    CHECK(d.charset == "windows-1252");
    REQUIRE(d.text);
    CHECK(*d.text ==
          "Press release of Maplewood Foods Inc\n\n\xE2\x80\x9CRecord quarter\xE2\x80\x9D "
          "\xE2\x80\x93 sales up.");
}

TEST_CASE("non-filings are ignored", "[parse]") {
    const std::string master =
        "Description:           Master Index of EDGAR Dissemination Feed\n"
        "Last Data Received:    March 31, 2004\n\nCIK|Company Name|Form Type|Date Filed|Filename\n"
        "--------------------------------------------------------------------------------\n"
        "999001|BLUEFIN WIDGET CORP|8-K|2004-03-12|edgar/data/999001/0000999001-04-000012.txt\n";
    CHECK(parse::parse(master, "master.idx").outcome == Outcome::ignored);
    CHECK(parse::parse("CIK|Company Name|Form Type|Date Filed|Filename\n1|A|8-K|2004-01-02|x\n",
                       "x.idx")
              .outcome == Outcome::ignored);
    CHECK(parse::parse("  {\"cik\": \"0000999001\"}", "CIK0000999001.json").outcome ==
          Outcome::ignored);
    CHECK(parse::parse("[1,2]", "list.json").outcome == Outcome::ignored);
    const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
    const parse::Result img = parse::parse(png, "logo.png");
    CHECK(img.outcome == Outcome::ignored);
    CHECK_FALSE(img.reason.empty());
    const std::string index_page =
        "<html><head><title>EDGAR Filing Index</title></head><body>Filing Detail</body></html>";
    CHECK(parse::parse(index_page, "0000999001-04-000012-index.htm").outcome ==
          Outcome::ignored);
}

TEST_CASE("empty file and binary junk are rejected at detect", "[parse]") {
    const parse::Result empty = parse::parse("", "empty.txt");
    CHECK(empty.outcome == Outcome::rejected);
    CHECK(empty.stage == "detect");
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 31) % 32));
    const parse::Result j = parse::parse(junk, "junk.bin");
    CHECK(j.outcome == Outcome::rejected);
    CHECK(j.stage == "detect");
    CHECK_FALSE(j.reason.empty());
}

TEST_CASE("malformed <GROUP-MEMBERS>> header stays a filing", "[parse]") {
    const std::string s =
        "<SEC-DOCUMENT>0000999008-95-000003.txt : 19950301\n<SEC-HEADER>x\n"
        "ACCESSION NUMBER:\t\t0000999008-95-000003\nCONFORMED SUBMISSION TYPE:\tSC 13D\n"
        "<GROUP-MEMBERS>>ALPHA PARTNERS LP\nFILED AS OF DATE:\t\t19950301\n</SEC-HEADER>\n"
        "<DOCUMENT>\n<TYPE>SC 13D\n<TEXT>\nSchedule 13D\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    const parse::Result r = parse::parse(s, "x.txt");
    REQUIRE(r.outcome == Outcome::filing);
    CHECK(r.filing.accession_number == "0000999008-95-000003");
    CHECK(r.filing.document_count == 1);
}

TEST_CASE("a header without accession number is partial with a warning", "[parse]") {
    const std::string s =
        "<SEC-DOCUMENT>x.txt : 20000101\n<SEC-HEADER>x\nCONFORMED SUBMISSION TYPE:\t10-Q\n"
        "FILED AS OF DATE:\t\t20000105\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\nBody\n"
        "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    const parse::Result r = parse::parse(s, "no_accession.txt");
    REQUIRE(r.outcome == Outcome::filing);
    CHECK(r.filing.parse_status == model::ParseStatus::partial);
    CHECK_FALSE(r.filing.warnings.empty());
    CHECK(r.filing.accession_number.empty());
    CHECK(r.filing.form_type == "10-Q");
}

TEST_CASE("a truncated submission keeps what is there and is partial", "[parse]") {
    const std::string full = fx("full_submission_2004.txt");
    const std::size_t cut = full.find("Item 8.01");
    REQUIRE(cut != std::string::npos);
    const parse::Result r = parse::parse(full.substr(0, cut + 4), "cut.txt");
    REQUIRE(r.outcome == Outcome::filing);
    CHECK(r.filing.parse_status == model::ParseStatus::partial);
    REQUIRE(r.filing.documents.size() == 1);
    REQUIRE(r.filing.documents[0].text);
    CHECK(r.filing.documents[0].text->find("Bluefin Widget Corp") != std::string::npos);
}

TEST_CASE("several submissions in one file: the first is read", "[parse]") {
    const std::string one = fx("full_submission_2004.txt");
    const parse::Result r = parse::parse(one + fx("full_submission_2004.txt"), "double.txt");
    REQUIRE(r.outcome == Outcome::filing);
    CHECK(r.filing.document_count == 2);
}

TEST_CASE("parser never fails on hostile input", "[parse]") {
    const std::string base = fx("full_submission_2004.txt");
    // Every prefix length in steps, NULs sprinkled, and a long line without newline.
    for (std::size_t cut = 0; cut < base.size(); cut += 37) {
        const parse::Result r = parse::parse(base.substr(0, cut), "x.txt");
        if (r.outcome == Outcome::filing) check_all_utf8(r.filing);
    }
    std::string nul = base;
    for (std::size_t i = 100; i < nul.size(); i += 50) nul[i] = '\0';
    const parse::Result rn = parse::parse(nul, "nul.txt");
    if (rn.outcome == Outcome::filing) check_all_utf8(rn.filing);
    std::string many;
    for (int i = 0; i < 2000; ++i) many += "<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\nx\n";
    const parse::Result rm = parse::parse(many, "many.txt");
    REQUIRE(rm.outcome == Outcome::filing);
    CHECK(rm.filing.parse_status == model::ParseStatus::partial);
    // A 1 MB line: the parser must get through it; with no mark of an SEC document it is not a
    // filing, with one it is a bare document.
    CHECK(parse::parse(std::string(1 << 20, 'a'), "long.txt").outcome == Outcome::ignored);
    CHECK(parse::parse("EXHIBIT 99.1 " + std::string(1 << 20, 'a'), "long.txt").outcome ==
          Outcome::filing);
}

TEST_CASE("plain text is a bare filing only with a mark of an SEC document", "[parse]") {
    const parse::Result notes = parse::parse("Backfill notes\nrerun QTR3 on Monday\n", "NOTES.txt");
    CHECK(notes.outcome == Outcome::ignored);
    CHECK(notes.reason.find("not a filing") != std::string::npos);
    const parse::Result tsv = parse::parse("file\tcategory\tbytes\na.txt\tfull\t10\n", "list.tsv");
    CHECK(tsv.outcome == Outcome::ignored);
    const parse::Result exhibit =
        parse::parse("                                                    EXHIBIT 99.1\n\n"
                     "Kestrel Pumps Inc. reports third quarter results\n", "ex99.txt");
    REQUIRE(exhibit.outcome == Outcome::filing);
    CHECK(exhibit.filing.source_kind == model::SourceKind::bare);
}

TEST_CASE("binary content without a signature is rejected, even when it has few control bytes",
          "[parse]") {
    // Mostly bytes >= 0x80: not caught by a control-byte count, and not valid UTF-8.
    std::string high;
    for (int i = 0; i < 600; ++i) high.push_back(static_cast<char>((i * 7919 + 13) % 256));
    const parse::Result r = parse::parse(high, "junk.bin");
    CHECK(r.outcome == Outcome::rejected);
    CHECK(r.stage == "detect");
    // A cp1252 filing body with a few high bytes stays text.
    const parse::Result cp = parse::parse(
        "EXHIBIT 99.1\n\x93Record quarter,\x94 said the chief executive of Tallow Creek Inc.\n",
        "ex.txt");
    CHECK(cp.outcome == Outcome::filing);
    // Valid UTF-8 with few ASCII letters is text too.
    std::string utf8 = "EXHIBIT 99.1\n";
    for (int i = 0; i < 200; ++i) utf8 += "\xe6\x97\xa5";
    CHECK(parse::parse(utf8, "ex-utf8.txt").outcome == Outcome::filing);
}


TEST_CASE("inputs of nothing but whitespace are rejected, whatever the whitespace", "[parse]") {
    // Found by fuzzing: a file of tabs left detection with an empty first line to look at.
    for (const std::string& input : {std::string(42, '\t'), std::string("  \r\n\t \n"),
                                    std::string("\xEF\xBB\xBF\t\t"), std::string("\f\v ")}) {
        const parse::Result r = parse::parse(input, "blank.txt");
        CHECK(r.outcome == Outcome::rejected);
        CHECK(r.stage == "detect");
    }
}
