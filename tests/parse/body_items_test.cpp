#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/body_items.hpp"
#include "parse/parser.hpp"
#include "support/test_support.hpp"

using namespace edgarsql;
using parse::body_items;

namespace {

std::vector<std::string> codes(const std::vector<model::Item>& items) {
    std::vector<std::string> out;
    for (const model::Item& i : items) out.push_back(i.part + (i.part.empty() ? "" : ":") +
                                                     (i.item_code ? *i.item_code : "-"));
    return out;
}

const char* kSignature = "\nSIGNATURES\n\nPursuant to the requirements of the Securities "
                         "Exchange Act of 1934, the registrant has duly caused this report.\n";

// A full 8-K submission filed on `filed` (YYYYMMDD), with extra header lines and documents.
std::string submission_8k(const std::string& accession, const std::string& filed,
                          const std::string& header_lines, const std::string& documents) {
    return "<SEC-DOCUMENT>" + accession + ".txt : " + filed + "\n<SEC-HEADER>" + accession +
           ".hdr.sgml : " + filed + "\nACCESSION NUMBER:\t\t" + accession +
           "\nCONFORMED SUBMISSION TYPE:\t8-K\n" + header_lines + "FILED AS OF DATE:\t\t" + filed +
           "\n</SEC-HEADER>\n" + documents + "</SEC-DOCUMENT>\n";
}

std::string text_document(const std::string& type, int sequence, const std::string& text) {
    return "<DOCUMENT>\n<TYPE>" + type + "\n<SEQUENCE>" + std::to_string(sequence) +
           "\n<FILENAME>d" + std::to_string(sequence) + ".txt\n<TEXT>\n" + text +
           "</TEXT>\n</DOCUMENT>\n";
}

}  // namespace

TEST_CASE("8-K current items: line-anchored, cross-references are not headings", "[parse]") {
    const std::string text = std::string(
        "FORM 8-K\n\nItem 2.02 Results of Operations and Financial Condition.\n\n"
        "On May 1 the company reported results, as described in\n"
        "Item 7.01 of the prior report and Item 9.01 below.\n"
        "Item 8.01 of our earlier report is not repeated here.\n\n"
        "Item 9.01. Financial Statements and Exhibits.\n\n(d) Exhibits\n99.1 Press release\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "8-K", "2010-05-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"2.02", "9.01"});
    const model::Item& first = r.items[0];
    CHECK(first.item_raw == "2.02");
    CHECK(first.title == "Results of Operations and Financial Condition");
    CHECK(first.seq == 1);
    CHECK(first.source == "body");
    CHECK(first.document_sequence == 1);
    REQUIRE(first.start_offset);
    REQUIRE(first.end_offset);
    CHECK(text.substr(*first.start_offset, *first.end_offset - *first.start_offset) == *first.text);
    CHECK(first.text->find("Item 9.01 below.") != std::string::npos);
    CHECK(first.text->find("Financial Statements and Exhibits") == std::string::npos);
    // The last section ends at the signature block, not at the end of the document.
    CHECK(r.items[1].text->find("SIGNATURES") == std::string::npos);
    CHECK(r.items[1].text->find("99.1 Press release") != std::string::npos);
    CHECK(r.open_ended.empty());
}

TEST_CASE("8-K combined headings give one row per item", "[parse]") {
    const std::string text = std::string(
        "Items 1.01 and 5.02 Entry into an Agreement; Departure of Officers\n\nText.\n\n"
        "Items 2.03(b) & 9.01 Other\n\nMore text.\n") + kSignature;
    const parse::BodyItems r = body_items(text, "8-K", "2008-01-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"1.01", "5.02", "2.03", "9.01"});
    for (const model::Item& i : r.items) CHECK(i.combined);
    CHECK(r.items[2].title == "Other");
    CHECK(r.items[0].text == r.items[1].text);
}

TEST_CASE("'Items 1 through 4: not applicable' is not an item", "[parse]") {
    const std::string text = std::string(
        "Items 1 through 4: Not applicable.\n\n"
        "Item 5. Other Events\n\nThe company moved its offices.\n\n"
        "Item 6. Resignations of Registrant's Directors.\n\nNot applicable.\n\n"
        "Item 7. Financial Statements and Exhibits\n\n(c) Exhibits\n99 Press release\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "8-K", "1998-03-02", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"8.01", "9.01"});
    CHECK(r.items[0].item_raw == "5");
    CHECK(r.items[1].item_raw == "7");
}

TEST_CASE("legacy Item 9 maps by era: unmapped in 1999, 7.01 after Regulation FD", "[parse]") {
    const std::string text =
        std::string("Item 9. Sales of Equity Securities Pursuant to Regulation S\n\nSold.\n") +
        kSignature;
    const parse::BodyItems old = body_items(text, "8-K", "1999-06-30", 1);
    REQUIRE(old.items.size() == 1);
    CHECK(old.items[0].item_raw == "9");
    CHECK_FALSE(old.items[0].item_code.has_value());
    const parse::BodyItems later = body_items(text, "8-K", "2001-02-01", 1);
    REQUIRE(later.items.size() == 1);
    CHECK(later.items[0].item_code == std::string("7.01"));
}

TEST_CASE("an 8-K filed on 2004-08-23: the body numbering decides the scheme", "[parse]") {
    // A legacy-numbered amendment filed on the boundary date still maps through the crosswalk;
    // a current-scheme 8-K filed the same day is read as written.
    const std::string legacy = std::string("Item 12. Results of Operations\n\nResults.\n") + kSignature;
    const std::string current = std::string("Item 2.02 Results of Operations\n\nResults.\n") + kSignature;
    CHECK(codes(body_items(legacy, "8-K", "2004-08-23", 1).items) == std::vector<std::string>{"2.02"});
    CHECK(codes(body_items(current, "8-K", "2004-08-23", 1).items) == std::vector<std::string>{"2.02"});

    const std::string full = submission_8k(
        "0000999001-04-000077", "20040823",
        "PUBLIC DOCUMENT COUNT:\t\t1\nCONFORMED PERIOD OF REPORT:\t20040820\n"
        "ITEM INFORMATION:\t\tResults of Operations and Financial Condition\n",
        text_document("8-K", 1,
                      "FORM 8-K\n\nItem 2.02 Results of Operations and Financial Condition\n\n"
                      "Results.\n\nSIGNATURES\n"));
    const parse::Result r = parse::parse(full, "0000999001-04-000077.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    std::vector<std::string> header;
    std::vector<std::string> body;
    for (const model::Item& i : r.filing.items) {
        (i.source == "header" ? header : body).push_back(i.item_code.value_or("-"));
    }
    CHECK(header == std::vector<std::string>{"2.02"});
    CHECK(body == std::vector<std::string>{"2.02"});
}

TEST_CASE("only the document divided into items is marked text_in_items", "[parse]") {
    // The exhibit repeats the main document's sequence number, as real submissions sometimes
    // do: it must stay out of text_in_items, or its text would be in no full-text index.
    const std::string full = submission_8k(
        "0000999001-21-000078", "20210315", "PUBLIC DOCUMENT COUNT:\t\t2\n",
        text_document("8-K", 1, "FORM 8-K\n\nItem 8.01 Other Events\n\nWe opened a mill.\n\nSIGNATURES\n") +
            text_document("EX-99.1", 1, "Press release: the mill opened.\n"));
    const parse::Result r = parse::parse(full, "0000999001-21-000078.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    REQUIRE(r.filing.documents.size() == 2);
    CHECK(r.filing.documents[0].text_in_items);
    CHECK_FALSE(r.filing.documents[1].text_in_items);
    bool body_item = false;
    for (const model::Item& i : r.filing.items) body_item = body_item || i.source == "body";
    CHECK(body_item);
}

TEST_CASE("a document with much text outside its items stays in the documents' index",
          "[parse]") {
    // A press release pasted after the 8-K's signature is in no item: past a cover page's and
    // a signature block's worth of such text, the document is indexed whole as well.
    std::string release = "PRESS RELEASE\n\n";
    while (release.size() < 9 * 1024) release += "Quarterly revenue at the mill rose again.\n";
    const auto parsed = [](const std::string& tail) {
        const std::string full = submission_8k(
            "0000999001-21-000079", "20210315", "PUBLIC DOCUMENT COUNT:\t\t1\n",
            text_document("8-K", 1,
                          "FORM 8-K\n\nItem 2.02 Results of Operations\n\nSee below.\n\n"
                          "SIGNATURES\n\nBy: /s/ Ann Author\n\n" + tail));
        return parse::parse(full, "0000999001-21-000079.txt");
    };
    const parse::Result with_release = parsed(release);
    REQUIRE(with_release.outcome == parse::Outcome::filing);
    REQUIRE(with_release.filing.documents.size() == 1);
    CHECK_FALSE(with_release.filing.documents[0].text_in_items);
    bool item = false;
    for (const model::Item& i : with_release.filing.items)
        item = item || (i.source == "body" && i.item_code == std::string("2.02"));
    CHECK(item);  // the item is still found and indexed through items

    const parse::Result short_tail = parsed(release.substr(0, 2000));
    REQUIRE(short_tail.outcome == parse::Outcome::filing);
    CHECK(short_tail.filing.documents[0].text_in_items);
}

TEST_CASE("10-K: a table of contents is not taken for headings", "[parse]") {
    const std::string text = std::string(
        "TABLE OF CONTENTS\n"
        "Item 1.    Business ......................................   3\n"
        "Item 1A.   Risk Factors                                      8\n"
        "Item 7.    Management's Discussion and Analysis             20\n\n"
        "PART I\n\nItem 1.  Business\n\nWe make lanterns. See Item 1A for risks.\n"
        "Item 1A of this report is cited here only as a cross-reference.\n\n"
        "Item 1A.  Risk Factors\n\nLanterns may break.\n\n"
        "Items 1B and 2. Unresolved Staff Comments and Properties\n\nNone; we lease a shed.\n\n"
        "Item 7.  Management's Discussion and Analysis\n\nSales grew.\n\n"
        "Item 9C. Disclosure Regarding Foreign Jurisdictions that Prevent Inspections\n\nNot applicable.\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "10-K", "2024-02-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"1", "1A", "1B", "2", "7", "9C"});
    CHECK(r.items[0].text->find("We make lanterns") != std::string::npos);
    CHECK(r.items[0].text->find("Item 1A.  Risk Factors") == std::string::npos);
    CHECK(r.items[2].combined);
    CHECK(r.items[3].combined);
    CHECK(r.items[2].text == r.items[3].text);
    // 10-K sections that say "not applicable" are still sections.
    CHECK(r.items[5].text->find("Not applicable.") != std::string::npos);
}

TEST_CASE("10-K: a sentence carried to a line start and page-top repeats do not end an item",
          "[parse]") {
    const std::string text = std::string(
        "PART I\n\nItem 1.  Business\n\nWe make lanterns. Our litigation is described in\n"
        "Item 3, which also covers the lawsuit filed in 2019, and in Note 9 to the financial\n"
        "statements in\nItem 8) and elsewhere; see also\nItem 7; which covers results.\n"
        "We sell in 40 countries.\n\n"
        "Item 1. Business (Continued)\n\nOur lanterns are sold in hardware stores.\n\n"
        "ITEM 1.  BUSINESS - CONTINUED\n\nWe employ 210 people.\n"
        "Items 10, 11 12, 13 and 14 of Part III are omitted, as the proxy statement gives them.\n\n"
        "Item 3.  Legal Proceedings\n\nOne lawsuit.\n\n"
        "Item 3.  Legal Proceedings\n   (Continued)\n\nA second lawsuit, dismissed.\n\n"
        "PART II\n\n"
        "Item 7.  Management's Discussion and Analysis of Financial Condition\n"
        "         and Results of Operations\n\nOVERVIEW\n\nSales grew.\n\n"
        "Item 7.  Management's Discussion and Analysis of Financial Condition\n"
        "         and Results of Operations (Continued)\n\nCosts fell.\n\n"
        "Item 8.  Financial Statements\n\nSee the statements.\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "10-K", "2024-02-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"1", "3", "7", "8"});
    // A page-top repeat whose wrapped title ends in "(Continued)" does not restart Item 7.
    CHECK(r.items[2].text->find("OVERVIEW") != std::string::npos);
    CHECK(r.items[2].text->find("Costs fell.") != std::string::npos);
    const std::string& business = *r.items[0].text;
    CHECK(business.find("Item 3, which also covers") != std::string::npos);
    CHECK(business.find("We sell in 40 countries.") != std::string::npos);
    CHECK(business.find("sold in hardware stores") != std::string::npos);
    CHECK(business.find("We employ 210 people.") != std::string::npos);
    CHECK(business.find("of Part III are omitted") != std::string::npos);
    CHECK(business.find("One lawsuit") == std::string::npos);
    CHECK(r.items[0].title == "Business");
    CHECK(*r.items[1].text == "Item 3.  Legal Proceedings\n\nOne lawsuit.\n\n"
                              "Item 3.  Legal Proceedings\n   (Continued)\n\n"
                              "A second lawsuit, dismissed.");
}

TEST_CASE("10-K: a section numbered outside the form's list keeps its text, without a code",
          "[parse]") {
    const std::string text = std::string(
        "Item 4.  Submission of Matters to a Vote of Security Holders\n\nNone.\n\n"
        "Item 4A.  Executive Officers of the Registrant\n\nJane Roe, 51, President.\n\n"
        "PART II\n\nItem 5.  Market for the Registrant's Common Equity\n\nListed on NYSE.\n\n"
        "Item 8A.  Controls and Procedures\n\nEffective.\n\n"
        "Item 17.  Beyond the numbers of the form\n\nNo row for this one.\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "10-K", "2006-03-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"4", "-", "5", "-"});
    CHECK(r.items[1].item_raw == "4A");
    CHECK(r.items[1].title == "Executive Officers of the Registrant");
    CHECK(r.items[1].text->find("Jane Roe, 51, President.") != std::string::npos);
    CHECK(r.items[0].text->find("Jane Roe") == std::string::npos);
    CHECK(r.items[3].item_raw == "8A");
    CHECK(r.items[3].text->find("Effective.") != std::string::npos);
    CHECK(r.items[3].text->find("No row") == std::string::npos);
}

TEST_CASE("a heading that loses to a longer section of its item does not cut the one before",
          "[parse]") {
    // A contents block without page numbers: each line reads as a heading, and the body's
    // headings win by length. The stray "Item 2.02" line inside Item 8.01 loses to the real
    // Item 2.02, so Item 8.01 keeps the text after it.
    const std::string text = std::string(
        "FORM 8-K\n\nItem 2.02 Results of Operations\nItem 8.01 Other Events\n\n"
        "Item 8.01 Other Events.\n\nThe company moved its office. Its notice reads:\n"
        "Item 2.02 Results of Operations\nwill follow in a separate section.\n"
        "The move was completed on May 3.\n\n"
        "Item 2.02 Results of Operations and Financial Condition.\n\nOn May 1 the company "
        "reported results for the quarter ended March 31, with revenue up 12 percent and\n"
        "operating income up 9 percent.\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "8-K", "2010-05-05", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"8.01", "2.02"});
    const model::Item& other = r.items[0];
    CHECK(other.text->find("The move was completed on May 3.") != std::string::npos);
    CHECK(other.text->find("On May 1") == std::string::npos);
    REQUIRE(other.start_offset);
    REQUIRE(other.end_offset);
    CHECK(text.substr(*other.start_offset, *other.end_offset - *other.start_offset) ==
          *other.text);
    CHECK(r.items[1].title == "Results of Operations and Financial Condition");
    CHECK(r.items[1].text->find("operating income up 9 percent.") != std::string::npos);
    CHECK(r.open_ended.empty());
}

TEST_CASE("10-K: a paragraph's heading does not replace its item's, however long", "[parse]") {
    const std::string text = std::string(
        "Item 13.  Certain Relationships\n\nNone.\n\n"
        "Item 14.  Exhibits, Financial Statement Schedules and Reports on Form 8-K\n\n"
        "(a)(1) Financial statements: see Item 8.\n(a)(2) Schedules: none.\n\n"
        "Item 14 (a)(3):\n\n"
        "3.1   Restated Certificate of Incorporation, filed as an exhibit to the 1995 report\n"
        "10.1  Employment agreement with the chief executive officer, as amended in 1997\n"
        "10.2  Lease of the Harrowgate mill, with its first and second amendments\n"
        "21    Subsidiaries of the registrant, as listed in the annual report\n") +
        kSignature;
    const parse::BodyItems r = body_items(text, "10-K", "1998-03-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"13", "14"});
    CHECK(r.items[1].title == "Exhibits, Financial Statement Schedules and Reports on Form 8-K");
    CHECK(r.items[1].text->find("(a)(1) Financial statements") != std::string::npos);
    CHECK(r.items[1].text->find("21    Subsidiaries") != std::string::npos);
    // Alone, such a heading is its item's: "Item 9.01(d) Exhibits".
    const parse::BodyItems alone =
        body_items(std::string("Item 9.01(d) Exhibits\n\n99.1 Press release\n") + kSignature,
                   "8-K", "2010-05-01", 1);
    REQUIRE(codes(alone.items) == std::vector<std::string>{"9.01"});
}

TEST_CASE("a 1990s plain-text 10-K ending at Item 14", "[parse]") {
    const std::string doc =
        "<SEC-DOCUMENT>0000999002-96-000011.txt : 19960328\n<SEC-HEADER>\n"
        "ACCESSION NUMBER:\t\t0000999002-96-000011\nCONFORMED SUBMISSION TYPE:\t10-K\n"
        "PUBLIC DOCUMENT COUNT:\t\t1\nCONFORMED PERIOD OF REPORT:\t19951231\nFILED AS OF DATE:\t\t19960328\n"
        "</SEC-HEADER>\n<DOCUMENT>\n<TYPE>10-K\n<SEQUENCE>1\n<TEXT>\n"
        "                           FORM 10-K\n\n"
        "ITEM 1.  BUSINESS\n\n     Harrowgate Mills weaves cloth.\n\n<PAGE>   2\n\n"
        "ITEM 2.  PROPERTIES\n\n     One mill.\n<TABLE>\n<CAPTION>\n<S>            <C>\nMill           1\n</TABLE>\n\n"
        "ITEM 14.  EXHIBITS, FINANCIAL STATEMENT SCHEDULES, AND REPORTS ON FORM 8-K\n\n"
        "     (a) Exhibits\n     3.1  Articles of Incorporation\n     27   Financial Data Schedule\n\n"
        "                              SIGNATURES\n\n     Pursuant to the requirements of Section 13 or 15(d)\n"
        "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    const parse::Result r = parse::parse(doc, "x.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    std::vector<model::Item> body;
    for (const model::Item& i : r.filing.items)
        if (i.source == "body") body.push_back(i);
    REQUIRE(codes(body) == std::vector<std::string>{"1", "2", "14"});
    CHECK(body[1].text->find("<TABLE>") == std::string::npos);
    CHECK(body[1].text->find("Mill") != std::string::npos);
    CHECK(body[2].text->find("SIGNATURES") == std::string::npos);
    REQUIRE(r.filing.exhibits.size() == 2);
    CHECK(r.filing.exhibits[0].exhibit_number == "3.1");
    CHECK(r.filing.exhibits[1].exhibit_number == "27");
    CHECK_FALSE(r.filing.exhibits[1].document_sequence.has_value());
}

TEST_CASE("an HTML 10-Q: parts, table of contents and signer", "[parse]") {
    const parse::Result r = parse::parse(test::fixture("items/html_10q.htm"), "tinderbox-10q.htm");
    REQUIRE(r.outcome == parse::Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.form_family == "10-Q");
    std::vector<model::Item> body;
    for (const model::Item& i : f.items)
        if (i.source == "body") body.push_back(i);
    REQUIRE(codes(body) == std::vector<std::string>{"I:1", "I:2", "II:1A", "II:6"});
    CHECK(body[1].title == "Management\u2019s Discussion and Analysis");
    CHECK(body[0].text->find("Revenue rose & costs fell.") != std::string::npos);
    CHECK(body[3].text->find("SIGNATURES") == std::string::npos);
    const std::string& text = *f.documents.at(0).text;
    for (const model::Item& i : body) {
        CHECK(text.substr(*i.start_offset, *i.end_offset - *i.start_offset) == *i.text);
    }
    CHECK(f.signer_name == "Oren Vasquez-Tull");
    CHECK(f.signer_title == "Chief Executive Officer");
}

TEST_CASE("a section with no end marker is reported, not silently kept", "[parse]") {
    const parse::BodyItems r =
        body_items("Item 8.01 Other Events\n\nThe company moved.\n", "8-K", "2012-01-01", 1);
    REQUIRE(r.items.size() == 1);
    CHECK(r.open_ended == std::vector<std::string>{"8.01"});
    CHECK(body_items("Item 8.01 Other Events\n", "S-1", "2012-01-01", 1).items.empty());
}

TEST_CASE("10-Q: with no PART line, a first heading's subject decides its part", "[parse]") {
    // An amendment restating one Part II item, with no PART II line above it.
    const std::string amendment =
        std::string("Item 4.  Submission of Matters to a Vote of Security Holders\n\n"
                    "The annual meeting elected three directors.\n\n"
                    "Item 6.  Exhibits and Reports on Form 8-K\n\n(a) None.\n") +
        kSignature;
    CHECK(codes(body_items(amendment, "10-Q", "1997-05-14", 1).items) ==
          std::vector<std::string>{"II:4", "II:6"});
    // A report starting with Part I's subjects stays in Part I until its numbers restart.
    const std::string report =
        std::string("Item 1.  Financial Statements\n\nBalance sheet.\n\n"
                    "Item 2.  Management's Discussion and Analysis\n\nSales grew.\n\n"
                    "Item 1.  Legal Proceedings\n\nNone.\n") +
        kSignature;
    CHECK(codes(body_items(report, "10-Q", "1997-05-14", 1).items) ==
          std::vector<std::string>{"I:1", "I:2", "II:1"});
}

TEST_CASE("10-K: a contents list without page numbers loses to a shorter body heading",
          "[parse]") {
    const std::string contents =
        "Item 1.\n\nBusiness\n\nItem 2.\n\nProperties\n\n"
        "Item 3.\n\nLegal Proceedings and Other Matters of Some Length in the Contents\n\n"
        "Item 4.\n\nMine Safety Disclosures\n\nItem 5.\n\nMarket for the Registrant's Equity\n\n";
    std::string business = "We lease lanterns to miners in four states, and have since 1998.";
    while (business.size() < 400) business += " Our miners renew their leases every year.";
    std::string market = "There is no public market for the units.";
    while (market.size() < 400) market += " Units change hands only by private sale.";
    const std::string body =
        "ITEM 1: BUSINESS\n\n" + business + "\n\n"
        "ITEM 2: PROPERTIES\n\nOne warehouse in Keene.\n\n"
        "ITEM 3: LEGAL PROCEEDINGS\n\nNONE\n\n"
        "ITEM 4: MINE SAFETY DISCLOSURES\n\nNOT APPLICABLE\n\n"
        "ITEM 5: MARKET FOR THE REGISTRANT'S EQUITY\n\n" + market + "\n";
    for (const bool contents_first : {true, false}) {
        INFO("contents first: " << contents_first);
        const std::string text =
            (contents_first ? "TABLE OF CONTENTS\n\n" + contents + body
                            : body + "\nINDEX\n\n" + contents) + kSignature;
        const parse::BodyItems r = body_items(text, "10-K", "2016-03-30", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"1", "2", "3", "4", "5"});
        for (const model::Item& i : r.items) {
            INFO("item " << *i.item_code << ": " << *i.text);
            CHECK(i.text->rfind("ITEM ", 0) == 0);  // the body's heading, not the contents'
        }
        CHECK(*r.items[2].text == "ITEM 3: LEGAL PROCEEDINGS\n\nNONE");
    }
}

TEST_CASE("8-K: an item whose text begins with 'None' or 'Omitted' as a word is still an item",
          "[parse]") {
    struct Case {
        std::string body;
        bool reported;
    };
    const std::vector<Case> cases = {
        {"Nonetheless, Quillmark reported record revenue of $12 million.", true},
        {"None of the Company's 2011 notes remain outstanding.", true},
        {"Noneuclidean Widgets LLC became a subsidiary.", true},
        {"None.", false},
        {"None", false},
        {"NONE;\n", false},
        {"Not applicable.", false},
        {"Omitted pursuant to General Instruction B.", false},
        {"N/A", false},
    };
    for (const Case& c : cases) {
        const std::string text = "FORM 8-K\nQUILLMARK INSTRUMENTS INC\n\n"
                                 "Item 8.01 Other Events\n\n" + c.body +
                                 "\n\nItem 9.01 Financial Statements and Exhibits\n\n"
                                 "(d) 99.1 Press release.\n" + kSignature;
        INFO(c.body);
        const parse::BodyItems r = body_items(text, "8-K", "2012-05-03", 1);
        CHECK(codes(r.items) == (c.reported ? std::vector<std::string>{"8.01", "9.01"}
                                            : std::vector<std::string>{"9.01"}));
    }
}

TEST_CASE("a line that cites an item by its quoted caption is not a heading", "[parse]") {
    const std::string text =
        "FORM 10-K\n\nItem 1. Business\n\nQuillmark makes widgets. Our results are discussed in "
        "Part II,\nItem 7, \"Management's Discussion and Analysis\". Widgets are sold in\n"
        "forty countries through distributors.\n\nItem 2. Properties\n\nA plant in Ohio.\n\n"
        "Item 7. Management's Discussion and Analysis\n\nIncorporated by reference.\n" +
        std::string(kSignature);
    const parse::BodyItems r = body_items(text, "10-K", "2012-03-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"1", "2", "7"});
    CHECK(r.items[0].text->find("forty countries") != std::string::npos);
    CHECK(r.items[2].title == "Management's Discussion and Analysis");
    CHECK(*r.items[2].text ==
          "Item 7. Management's Discussion and Analysis\n\nIncorporated by reference.");
}

TEST_CASE("combined headings that say 'Item' again give one row per item", "[parse]") {
    struct Case {
        std::string heading;
        std::string form;
        std::vector<std::string> codes;
        std::string title;
    };
    const std::vector<Case> cases = {
        {"Item 7.01 and Item 8.01 Regulation FD Disclosure and Other Events", "8-K",
         {"7.01", "8.01"}, "Regulation FD Disclosure and Other Events"},
        {"Item 1.01 & Item 2.03 Entry into Agreement; Obligation", "8-K", {"1.01", "2.03"},
         "Entry into Agreement; Obligation"},
        {"Items 1.01(a) and 5.02(e) Amendment of a Material Definitive Agreement;", "8-K",
         {"1.01", "5.02"}, "Amendment of a Material Definitive Agreement"},
        {"Item 5.02(b), (c) and (e) Departure of Directors", "8-K", {"5.02"},
         "Departure of Directors"},
        {"Item 2.02 Results of Operations and Financial Condition.*", "8-K", {"2.02"},
         "Results of Operations and Financial Condition"},
        {"Item 1 and Item 2. Business and Properties", "10-K", {"1", "2"},
         "Business and Properties"},
    };
    for (const Case& c : cases) {
        INFO(c.heading);
        const std::string text = "FORM " + c.form + "\nQUILLMARK INSTRUMENTS INC\n\n" + c.heading +
                                 "\n\nQuillmark signed an agreement with a lender.\n" + kSignature;
        const parse::BodyItems r = body_items(text, c.form, "2012-05-03", 1);
        REQUIRE(codes(r.items) == c.codes);
        for (const model::Item& i : r.items) {
            CHECK(i.title == c.title);
            CHECK(i.combined == (c.codes.size() > 1));
            CHECK(i.text->find("with a lender.") != std::string::npos);
        }
    }
}

TEST_CASE("the signature block in its other wordings ends the last item", "[parse]") {
    for (const std::string sig :
         {"Pursuant to the requirements of the Securities and Exchange Act of 1934, the "
          "registrant has duly caused this report to be signed.",
          "Pursuant to the requirements of the Exchange Act, the registrant has duly caused this "
          "report to be signed.",
          "SIGNATURE PAGE"}) {
        INFO(sig);
        const std::string text = "FORM 8-K\n\nItem 8.01 Other Events\n\nQuillmark moved.\n\n" +
                                 sig + "\n\nBy: /s/ Jane Roe\n";
        const parse::BodyItems r = body_items(text, "8-K", "2012-05-03", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"8.01"});
        CHECK(*r.items[0].text == "Item 8.01 Other Events\n\nQuillmark moved.");
        CHECK(r.open_ended.empty());
    }
}

TEST_CASE("10-Q: the next part's heading with its caption is not the item's text", "[parse]") {
    for (const std::string tail :
         {"PART II", "PART II\nOTHER INFORMATION", "PART II\n------------",
          "Table of Contents\n\nPART II\n\nOTHER INFORMATION", "PART II - OTHER INFORMATION"}) {
        INFO(tail);
        const std::string text =
            "FORM 10-Q\n\nPART I\n\nItem 4. Controls and Procedures\n\nThe controls of Quillmark "
            "are effective.\n\n" + tail + "\n\nItem 1. Legal Proceedings\n\nNone.\n" +
            kSignature;
        const parse::BodyItems r = body_items(text, "10-Q", "2012-05-03", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"I:4", "II:1"});
        CHECK(*r.items[0].text ==
              "Item 4. Controls and Procedures\n\nThe controls of Quillmark are effective.");
    }
    // A sentence that starts with "Part II" is text, and so is what is above it.
    const std::string text =
        "FORM 10-Q\n\nPART I\n\nItem 4. Controls and Procedures\n\nEffective.\n"
        "Part II of this report\nholds the rest.\n\nPART II\n\nItem 1. Legal Proceedings\n\n"
        "None.\n" + std::string(kSignature);
    const parse::BodyItems r = body_items(text, "10-Q", "2012-05-03", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"I:4", "II:1"});
    CHECK(r.items[0].text->find("holds the rest.") != std::string::npos);
}

TEST_CASE("a contents list without page numbers, then a preamble, loses to the body's headings",
          "[parse]") {
    const std::string preamble =
        "FORWARD-LOOKING STATEMENTS\n\nThis report contains forward-looking statements about "
        "Quillmark Instruments Inc. that involve risks and uncertainties. Actual results may "
        "differ materially from those expressed or implied by such statements, and Quillmark "
        "undertakes no obligation to update them, except as the law requires. Readers should "
        "not place undue reliance on them, as they speak only as of their date.\n\n";
    SECTION("8-K") {
        const std::string text =
            "FORM 8-K\n\nTABLE OF CONTENTS\n\nItem 2.02 Results of Operations and Financial "
            "Condition\nItem 9.01 Financial Statements and Exhibits\n\n" + preamble +
            "Item 2.02 Results of Operations and Financial Condition\n\nOn May 3, 2012, "
            "Quillmark issued a press release.\n\nItem 9.01 Financial Statements and Exhibits"
            "\n\n(d) 99.1 Press release.\n" + kSignature;
        const parse::BodyItems r = body_items(text, "8-K", "2012-05-03", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"2.02", "9.01"});
        CHECK(*r.items[0].text == "Item 2.02 Results of Operations and Financial Condition\n\n"
                                  "On May 3, 2012, Quillmark issued a press release.");
        CHECK(*r.items[1].text ==
              "Item 9.01 Financial Statements and Exhibits\n\n(d) 99.1 Press release.");
    }
    SECTION("10-K") {
        std::string text = "FORM 10-K\n\nTABLE OF CONTENTS\n\n";
        const std::vector<std::string> numbers = {"1", "2", "3", "5", "7", "8", "15"};
        for (const std::string& n : numbers) text += "Item " + n + ". Caption\n";
        text += "\n" + preamble;
        // Each section longer than a contents line of its own (docs/items.md).
        const std::string words(240, 'w');
        for (const std::string& n : numbers)
            text += "Item " + n + ". Caption\n\nQuillmark text of item " + n + " " + words +
                    ".\n\n";
        text += kSignature;
        const parse::BodyItems r = body_items(text, "10-K", "2012-03-01", 1);
        REQUIRE(codes(r.items) == numbers);
        for (std::size_t i = 0; i < numbers.size(); ++i) {
            CHECK(*r.items[i].text == "Item " + numbers[i] + ". Caption\n\nQuillmark text of "
                                      "item " + numbers[i] + " " + words + ".");
        }
    }
    SECTION("headings in a row that do not come again are the body's") {
        const std::string text = "FORM 8-K\n\nItem 2.02 Results of Operations\nItem 9.01 "
                                 "Financial Statements and Exhibits\n\n(d) 99.1 Press release.\n" +
                                 std::string(kSignature);
        const parse::BodyItems r = body_items(text, "8-K", "2012-05-03", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"2.02", "9.01"});
        CHECK(*r.items[0].text == "Item 2.02 Results of Operations");
    }
}

TEST_CASE("10-K: an item's heading over its paragraphs' headings is not a contents list",
          "[parse]") {
    // Sections longer than a contents line (docs/items.md).
    const std::string more(240, 'w');
    const std::string text =
        "FORM 10-K\n\nItem 13: Certain Relationships and Related Transactions\n\nIncorporated "
        "by reference to the proxy statement of Quillmark Instruments Inc. " + more +
        "\n\nPART IV\n\n"
        "Item 14: Exhibits, Financial Statement Schedules and Reports on Form 8-K\n\n"
        "Item 14(a)(1):\n\nFinancial Statements\n\nThe statements of the annual report " +
        more + ".\n\nItem 14 (a)(2):\n\nFinancial Statement Schedules\n\nSchedule II " +
        more + ".\n\nItem 14 (a)(3):\n\nExhibits Filed as Part of This Report\n\n3.1 "
        "Articles " + more + "\n" + std::string(kSignature);
    const parse::BodyItems r = body_items(text, "10-K", "1999-03-01", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"13", "14"});
    CHECK(r.items[1].title == "Exhibits, Financial Statement Schedules and Reports on Form 8-K");
    CHECK(r.items[1].text->find("3.1 Articles") != std::string::npos);
}

TEST_CASE("titles broken over lines are read whole, blanks once, a sentence is no title",
          "[parse]") {
    struct Case {
        std::string form;
        std::string heading;  // the heading and what follows it, up to the section's text
        std::string title;
    };
    const std::vector<Case> cases = {
        {"10-K",
         "ITEM 9. CHANGES IN AND DISAGREEMENTS WITH ACCOUNTANTS ON ACCOUNTING AND\n"
         "        FINANCIAL DISCLOSURE.\n\n",
         "CHANGES IN AND DISAGREEMENTS WITH ACCOUNTANTS ON ACCOUNTING AND FINANCIAL DISCLOSURE"},
        {"10-K", "Item 7.  Management's  Discussion  and  Analysis of Financial Condition and\n"
                 "Results of Operations\n\n",
         "Management's Discussion and Analysis of Financial Condition and Results of Operations"},
        {"8-K",
         "Item 5.02 Departure of Directors or Certain Officers; Election of Directors;\n"
         "Appointment of Certain Officers; Compensatory Arrangements of Certain Officers.\n\n",
         "Departure of Directors or Certain Officers; Election of Directors; Appointment of "
         "Certain Officers; Compensatory Arrangements of Certain Officers"},
        {"8-K", "Item 7.\n\nFinancial  Statements,  Pro Forma  Financial  Information  and\n"
                "Exhibits.\n\n",
         "Financial Statements, Pro Forma Financial Information and Exhibits"},
        {"8-K",
         "Item 2.\n\nOn September 30, 1996, Quillmark Instruments Inc. (the \"Company\") "
         "completed\nthe acquisition of a widget plant in Ohio.\n\n",
         ""},
        {"10-K", "Item 9A(T). Controls and Procedures\n\n", "Controls and Procedures"},
        // Ends in a word that does not join: the next line is the section's text.
        {"10-K", "Item 2. Properties\nQuillmark leases a plant in Ohio.\n\n", "Properties"},
    };
    for (const Case& c : cases) {
        INFO(c.heading);
        const std::string text = "FORM " + c.form + "\n\n" + c.heading +
                                 "Quillmark Instruments Inc. reports on the item.\n" + kSignature;
        const parse::BodyItems r = body_items(text, c.form, "1996-10-01", 1);
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].title == c.title);
    }
}

TEST_CASE("10-K of an asset-backed issuer: Regulation AB's sections end the item above them",
          "[parse]") {
    const std::string text =
        "FORM 10-K\n\nItem 3. Legal Proceedings.\nOmitted.\n\nItem 4. Mine Safety Disclosures."
        "\nNot applicable.\n\nItem 1112(b) of Regulation AB. Significant Obligors of Pool "
        "Assets.\n\nNo single obligor of Quillmark Auto Trust 2019-3 represents 10%.\n\n"
        "Item 1117 of Regulation AB. Legal Proceedings.\n\nThere are no legal proceedings.\n\n"
        "Item 15. Exhibits.\n\n31.1 Certification.\n" + std::string(kSignature);
    const parse::BodyItems r = body_items(text, "10-K", "2023-05-26", 1);
    REQUIRE(codes(r.items) == std::vector<std::string>{"3", "4", "15"});
    CHECK(*r.items[1].text == "Item 4. Mine Safety Disclosures.\nNot applicable.");
    CHECK(r.items[2].text->find("31.1 Certification.") != std::string::npos);
}

TEST_CASE("10-Q: Part II's caption without a PART II line starts Part II", "[parse]") {
    const std::string text =
        "FORM 10-Q\n\nPART I\n\nItem 1. Financial Statements\n\nStatements of Quillmark.\n\n"
        "Item 2. Management's Discussion and Analysis\n\nSales grew.\n\nOTHER INFORMATION\n\n"
        "Item 4. Submission of Matters to a Vote of Security Holders\n\nNone.\n\n"
        "Item 6. Exhibits and Reports on Form 8-K\n\n27 Financial Data Schedule\n\n"
        "Other information about the plant is in the annual report.\n" + std::string(kSignature);
    const parse::BodyItems r = body_items(text, "10-Q", "1998-05-10", 1);
    CHECK(codes(r.items) == std::vector<std::string>{"I:1", "I:2", "II:4", "II:6"});
}

TEST_CASE("review cases: sub-headings, Part I captions, run-in titles, signature wordings, "
          "cross-references to Part II", "[parse]") {
    SECTION("an 8-K paragraph's heading loses to its item's own heading") {
        const std::string text =
            "FORM 8-K\n\nItem 1.01 Entry into a Material Definitive Agreement\n\nOn March 4, "
            "2024, Quillmark Instruments Inc. entered into a credit agreement.\n\nItem 5.02 "
            "Departure of Directors or Certain Officers\n\nOn March 5, 2024, the board accepted "
            "the resignation of Jane Quill.\n\nItem 5.02(e) Compensatory Arrangements of "
            "Certain Officers\n\nOn March 6, 2024, the board approved a bonus plan for the "
            "officers of Quillmark, with awards paid in cash and in shares over three years "
            "subject to the terms of the plan.\n\nItem 9.01 Financial Statements and Exhibits"
            "\n\n(d) 10.1 Bonus plan.\n" + std::string(kSignature);
        const parse::BodyItems r = body_items(text, "8-K", "2024-03-08", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"1.01", "5.02", "9.01"});
        CHECK(r.items[0].text->find("resignation") == std::string::npos);
        CHECK(r.items[1].title == "Departure of Directors or Certain Officers");
        CHECK(r.items[1].text->find("resignation") != std::string::npos);
        CHECK(r.items[1].text->find("bonus plan") != std::string::npos);
    }
    SECTION("a capitals 'OTHER INFORMATION' sub-caption in Part I does not start Part II") {
        const std::string text =
            "FORM 10-Q\n\nPART I - FINANCIAL INFORMATION\n\nItem 1. Financial Statements\n\n"
            "Statements.\n\nItem 2. Management's Discussion and Analysis\n\nRevenue rose.\n\n"
            "OTHER INFORMATION\n\nThe website of Quillmark is www.quillmark.example.\n\n"
            "Item 3. Quantitative and Qualitative Disclosures About Market Risk\n\nNone.\n\n"
            "Item 4. Controls and Procedures\n\nEffective.\n\nPART II - OTHER INFORMATION\n\n"
            "Item 1. Legal Proceedings\n\nNone.\n" + std::string(kSignature);
        const parse::BodyItems r = body_items(text, "10-Q", "2024-05-08", 1);
        CHECK(codes(r.items) == std::vector<std::string>{"I:1", "I:2", "I:3", "I:4", "II:1"});
    }
    SECTION("a sentence under a bare number is no title, however its first line ends") {
        const std::string text =
            "FORM 8-K\n\nItem 2.01\nOn May 3, 2024, Quillmark Instruments Inc. completed the "
            "acquisition of\nall of the outstanding shares of Featherby Gadgets LLC for cash "
            "and\nstock.\n" + std::string(kSignature);
        const parse::BodyItems r = body_items(text, "8-K", "2024-05-06", 1);
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].title.empty());
    }
    SECTION("a title that runs into its text does not take the next line") {
        const std::string text =
            "FORM 8-K\n\nItem 8.01 Other Events. On March 4, 2024, Quillmark signed a lease "
            "with the\nowner of its plant in Ohio.\n" + std::string(kSignature);
        const parse::BodyItems r = body_items(text, "8-K", "2024-03-06", 1);
        REQUIRE(r.items.size() == 1);
        CHECK(r.items[0].title.find("owner of its plant") == std::string::npos);
    }
    SECTION("'Pursuant to the requirements of the Exchange Act' in an item's text") {
        const std::string text =
            "FORM 10-K\n\nItem 9A. Controls and Procedures\n\nOur chief executive officer "
            "evaluated our disclosure controls.\nPursuant to the requirements of the Exchange "
            "Act, management assessed internal control over financial reporting and found it "
            "effective.\nManagement's report is included in Item 8.\n\nItem 9B. Other "
            "Information\n\nNone.\n\nSIGNATURES\n\nPursuant to the requirements of the "
            "Exchange Act, the registrant has duly caused this report to be signed.\n";
        const parse::BodyItems r = body_items(text, "10-K", "2024-03-01", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"9A", "9B"});
        CHECK(r.items[0].text->find("Management's report") != std::string::npos);
        CHECK(*r.items[1].text == "Item 9B. Other Information\n\nNone.");
    }
    SECTION("a cross-reference wrapped to 'Part II, Item 7' is the item's text") {
        const std::string text =
            "FORM 10-K\n\nItem 1A. Risk Factors\n\nOur results depend on widget prices. For a "
            "discussion of our\nliquidity, see\nPart II, Item 7, Management's\nDiscussion and "
            "Analysis.\n\nItem 2. Properties\n\nA plant.\n" + std::string(kSignature);
        const parse::BodyItems r = body_items(text, "10-K", "2024-03-01", 1);
        REQUIRE(codes(r.items) == std::vector<std::string>{"1A", "2"});
        CHECK(r.items[0].text->find("Discussion and Analysis.") != std::string::npos);
    }
}

TEST_CASE("a body of many thousands of headings is read in one pass", "[parse]") {
    // Each of 40,000 lines a heading of one of fifteen items: one row per item, the last
    // heading of each (the longest section ties, and the later heading then wins).
    std::string text = "FORM 10-K\n\n";
    for (int i = 0; i < 40000; ++i) text += "Item " + std::to_string(i % 15 + 1) + ". Business\n";
    const parse::BodyItems r = body_items(text, "10-K", "2024-03-01", 1);
    CHECK(r.items.size() == 15);
}
