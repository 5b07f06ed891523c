#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/body_items.hpp"
#include "parse/exhibits.hpp"
#include "parse/parser.hpp"

using namespace edgarsql;
using parse::normalize_exhibit_number;

TEST_CASE("exhibit numbers are normalized by one grammar", "[parse]") {
    CHECK(normalize_exhibit_number("EX-99.01") == "99.1");
    CHECK(normalize_exhibit_number("EX-99.1") == "99.1");
    CHECK(normalize_exhibit_number("EX-99") == "99");
    CHECK(normalize_exhibit_number("EX-10.A-46") == "10.A-46");
    CHECK(normalize_exhibit_number("EX-99.(A)(1)") == "99.(A)(1)");
    CHECK(normalize_exhibit_number("EX-99.1 CHARTER") == "99.1");
    CHECK(normalize_exhibit_number("Exhibit 99.1*") == "99.1");
    CHECK(normalize_exhibit_number("ex-101.ins") == "101.INS");
    // Exhibit 107, the filing fee tables, is filed as type 'EX-FILING FEES'.
    CHECK(normalize_exhibit_number("EX-FILING FEES") == "107");
    CHECK(normalize_exhibit_number("EX-FILING  FEES") == "107");
    CHECK(normalize_exhibit_number("EX-CORRESP") == "CORRESP");
    CHECK(normalize_exhibit_number("  ") == "");
}

TEST_CASE("an exhibit index without documents lists exhibits with no document", "[parse]") {
    const std::string text =
        "Item 8.01 Other Events\n\nThe company signed a lease.\n\n"
        "SIGNATURES\n\nBy: /s/ Ada Brightwell\n\n"
        "EXHIBIT INDEX\n\nExhibit No.    Description\n"
        "10.1           Lease agreement between Ferncastle Corp. and\n"
        "               Ledger Street Holdings LLC\n"
        "99.01          Press release dated June 2, 2011\n";
    const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].number == "10.1");
    CHECK(listed[0].description ==
          "Lease agreement between Ferncastle Corp. and Ledger Street Holdings LLC");
    CHECK(listed[1].number == "99.1");
    const std::vector<model::Exhibit> rows = parse::build_exhibits({}, listed);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].seq == 1);
    CHECK(rows[0].listed_in_index);
    CHECK_FALSE(rows[0].document_sequence.has_value());
}

TEST_CASE("page numbers, percentages and dates in an exhibit list are not exhibits", "[parse]") {
    const std::string text =
        "EXHIBIT INDEX\n\n"
        "3.1    Restated Certificate of Incorporation, as amended\n"
        "       2019 and filed with the state\n"
        "55     Consolidated Statements of Operations\n"
        "22%    Of net sales\n"
        "6/27/09   Balance at end of quarter\n"
        "1/2% Notes due 2004\n"
        "101.INS   XBRL Instance Document\n"
        "99     Press release\n";
    const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
    std::vector<std::string> numbers;
    for (const parse::ListedExhibit& x : listed) numbers.push_back(x.number);
    CHECK(numbers == std::vector<std::string>{"3.1", "101.INS", "99"});
    CHECK(listed[0].description ==
          "Restated Certificate of Incorporation, as amended 2019 and filed with the state");
}

TEST_CASE("legends, file numbers, forms, headings and absent exhibits are not exhibits",
          "[parse]") {
    const std::string text =
        "EXHIBIT INDEX\n\n"
        "10.1   Lease of the Ferncastle mill\n"
        "96K    Incorporated by reference to the exhibit of that number in the 1996 Form 10-K\n"
        "97Q**  Incorporated by reference to the exhibit of that number in a 1997 Form 10-Q\n"
        "33-44849)\n"
        "1-7327   Commission file number\n"
        "10-Q\n\n"
        "5      Inapplicable.\n"
        "6      None\n"
        "3.     Exhibits\n"
        "4      See the Exhibit Index beginning on page 65.\n"
        "99.1\n\n"
        "Press release of the Ferncastle mill\n\n"
        "3\n\n"
        "SIGNATURES\n";
    const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
    std::vector<std::string> numbers;
    for (const model::Exhibit& x : parse::build_exhibits({}, listed))
        numbers.push_back(x.exhibit_number);
    CHECK(numbers == std::vector<std::string>{"10.1", "99.1"});
    // A description in a paragraph of its own (a table converted to text) belongs to the number.
    for (const parse::ListedExhibit& x : listed) {
        if (x.number == "99.1") CHECK(x.description == "Press release of the Ferncastle mill");
    }
    // A bare number that names a filed document is that exhibit, listed.
    std::vector<model::Document> docs(1);
    docs[0].sequence = 2;
    docs[0].type = "EX-3";
    bool linked = false;
    for (const model::Exhibit& x : parse::build_exhibits(docs, listed))
        linked = linked || (x.exhibit_number == "3" && x.listed_in_index && x.document_sequence);
    CHECK(linked);
}

TEST_CASE("one exhibit number written two ways is one exhibit", "[parse]") {
    using parse::exhibit_match_key;
    CHECK(exhibit_match_key("12.(C)") == "12.C");
    CHECK(exhibit_match_key("12(C)") == "12.C");
    CHECK(exhibit_match_key("10.A-8") == exhibit_match_key("10.A.8"));
    CHECK(exhibit_match_key("10.M4") == exhibit_match_key("10-M-4"));
    CHECK(exhibit_match_key("31A") == exhibit_match_key("31.A"));
    CHECK(exhibit_match_key("3.(B)") == exhibit_match_key("3B"));
    CHECK(exhibit_match_key("99.01") == exhibit_match_key("99.1"));
    CHECK(exhibit_match_key("10.1") != exhibit_match_key("101"));
    CHECK(exhibit_match_key("4.10") != exhibit_match_key("4.1"));

    std::vector<model::Document> docs(3);
    docs[0].sequence = 2;
    docs[0].type = "EX-12.(C)";
    docs[1].sequence = 3;
    docs[1].type = "EX-10.A-8";
    docs[2].sequence = 4;
    docs[2].type = "EX-10.A";
    const std::vector<parse::ListedExhibit> listed = {
        {"10.A", "Credit agreement"}, {"10.A.8", "Eighth amendment"}, {"12(C)", "Ratios"}};
    const std::vector<model::Exhibit> rows = parse::build_exhibits(docs, listed);
    REQUIRE(rows.size() == 3);  // no unlinked duplicate for a second spelling
    for (const model::Exhibit& x : rows) {
        INFO(x.exhibit_number);
        CHECK(x.listed_in_index);
        CHECK(x.document_sequence.has_value());
    }
    CHECK(rows[0].description == "Ratios");
    CHECK(rows[1].description == "Eighth amendment");
    CHECK(rows[2].description == "Credit agreement");
}

TEST_CASE("exhibit documents link to index lines, '99.1' to the only EX-99", "[parse]") {
    std::vector<model::Document> docs(4);
    docs[0].sequence = 1;
    docs[0].type = "8-K";
    docs[1].sequence = 2;
    docs[1].type = "EX-99";
    docs[1].description = "PRESS RELEASE";
    docs[2].sequence = 3;
    docs[2].type = "EX-10.01";
    docs[2].description = "AGREEMENT";
    docs[3].sequence = 4;
    docs[3].type = "GRAPHIC";
    const std::vector<parse::ListedExhibit> listed = {{"99.1", "Press release of Ferncastle"},
                                                      {"23", "Consent of auditors"}};
    const std::vector<model::Exhibit> rows = parse::build_exhibits(docs, listed);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].exhibit_number == "99.1");  // the list's number, fuller than the type's
    CHECK(rows[0].document_sequence == 2);
    CHECK(rows[0].listed_in_index);
    CHECK(rows[0].description == "Press release of Ferncastle");
    CHECK(rows[1].exhibit_number == "10.1");
    CHECK(rows[1].document_sequence == 3);
    CHECK_FALSE(rows[1].listed_in_index);
    CHECK(rows[1].description == "AGREEMENT");
    CHECK(rows[2].exhibit_number == "23");
    CHECK_FALSE(rows[2].document_sequence.has_value());
}

TEST_CASE("Item 9.01 exhibit lists are read from the item's section", "[parse]") {
    const std::string text =
        "Item 9.01 Financial Statements and Exhibits.\n\n(d) Exhibits\n\n"
        "Exhibit Number\tDescription\n99.1\tPress release, dated March 8, 2024.\n"
        "104\tCover Page Interactive Data File\n\nSIGNATURE\n";
    const parse::BodyItems items = parse::body_items(text, "8-K", "2024-03-08", 1);
    REQUIRE(items.items.size() == 1);
    const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, items.items);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].number == "99.1");
    CHECK(listed[0].description == "Press release, dated March 8, 2024.");
    CHECK(listed[1].number == "104");
}

TEST_CASE("exhibits marked as management contracts keep their numbers", "[parse]") {
    const std::string text =
        "EXHIBIT INDEX\n\n"
        "       Exhibit Number and Description                              Page\n"
        "       ------------------------------                              ----\n\n"
        " 4b.   Rights Agreement Certificate.                              E-2-1\n\n"
        "** 10a.  Ferncastle Mills Company 1997 Stock Incentive          E-4-1\n"
        "         Plan.\n\n"
        "**10b.  Ferncastle Mills Company Executive Performance          E-5-1\n"
        "         Incentive Plan.\n\n"
        "*Exhibit 10.6+  Deferred compensation plan for directors\n\n"
        "** Management contract or compensatory plan or arrangement\n";
    const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
    REQUIRE(listed.size() == 4);
    CHECK(listed[1].number == "10A");
    CHECK(listed[1].description == "Ferncastle Mills Company 1997 Stock Incentive E-4-1 Plan.");
    CHECK(listed[2].number == "10B");
    CHECK(listed[3].number == "10.6");
    CHECK(listed[3].description == "Deferred compensation plan for directors");
    CHECK(normalize_exhibit_number("10.6+") == "10.6");
    // The document filed as "EX-10.A" is the listed "10a.".
    std::vector<model::Document> docs(1);
    docs[0].sequence = 5;
    docs[0].type = "EX-10.A";
    const std::vector<model::Exhibit> rows = parse::build_exhibits(docs, listed);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].exhibit_number == "10.A");
    CHECK(rows[0].document_sequence == 5);
    CHECK(rows[0].listed_in_index);
    CHECK(rows[0].description == "Ferncastle Mills Company 1997 Stock Incentive E-4-1 Plan.");
}

TEST_CASE("a form's name and a list of current reports are not exhibits", "[parse]") {
    const std::string text =
        "EXHIBIT INDEX\n\n"
        "88K-10.1      Incorporated by reference to Exhibit 10.1 to the 1988 Form\n"
        "              10-K.   Confidential treatment as to certain portions of\n"
        "              these agreements has been granted.\n\n"
        "10.2          Lease of the Ferncastle mill\n\n"
        "Exhibit 10-K  Agreement and Plan of Reorganization among Ferncastle Mills\n\n"
        "(b)  Reports on Form 8-K\n\n"
        "   During the quarter ended December 31, 1993, the Registrant filed the\n"
        "following Current Reports on Form 8-K:\n\n"
        "1.     Current Report on Form 8-K dated September 29, 1993 that included\n"
        "       information relating to a new collective bargaining agreement.\n\n"
        "2.     Current Report on Form 8-K dated October 27, 1993 that included\n"
        "       the results of operations.\n";
    std::vector<std::string> numbers;
    for (const model::Exhibit& x : parse::build_exhibits({}, parse::exhibit_list(text, {})))
        numbers.push_back(x.exhibit_number);
    CHECK(numbers == std::vector<std::string>{"10.2", "10-K"});
}

TEST_CASE("a form's name in a list lettered like it is an exhibit", "[parse]") {
    // A 1990s list lettered 10-A … 10-S, "Exhibit" written once above it: "10-K" and "10-Q"
    // are the eleventh and seventeenth agreements, not forms.
    const std::string text =
        "EXHIBIT INDEX\n\n"
        "10-J   Ferncastle Mills Supplemental Pension Plan\n"
        "10-K   Ferncastle Mills Deferred Compensation Plan\n"
        "10-L   Ferncastle Mills Long-Term Incentive Plan\n"
        "10-Q   Lease of the Ferncastle mill\n";
    std::vector<std::string> numbers;
    for (const parse::ListedExhibit& x : parse::exhibit_list(text, {}))
        numbers.push_back(x.number + " " + x.description.substr(0, x.description.find(' ')));
    CHECK(numbers == std::vector<std::string>{"10-J Ferncastle", "10-K Ferncastle",
                                              "10-L Ferncastle", "10-Q Lease"});
    // A legend wrapped after "Form" above such a list: the list's 10-K, in its place.
    const std::string legend =
        "EXHIBIT INDEX\n\n"
        "3.1    By-laws, incorporated by reference to the 1988 Form\n"
        "10-K.  Confidential treatment requested for portions.\n\n"
        "10-J   Ferncastle Mills Supplemental Pension Plan\n"
        "10-K   Employment agreement with Ilse Marrow\n"
        "10-L   Ferncastle Mills Long-Term Incentive Plan\n";
    numbers.clear();
    for (const parse::ListedExhibit& x : parse::exhibit_list(legend, {}))
        numbers.push_back(x.number + " " + x.description.substr(0, x.description.find(' ')));
    CHECK(numbers == std::vector<std::string>{"3.1 By-laws,", "10-J Ferncastle",
                                              "10-K Employment", "10-L Ferncastle"});
}

TEST_CASE("Item 9.01 lists in their other layouts", "[parse]") {
    struct Case {
        std::string name;
        std::string body;  // what follows the item's heading
        std::vector<std::pair<std::string, std::string>> want;  // number, description
    };
    const std::vector<Case> cases = {
        {"no 'Exhibits' line above the list",
         "10.1\nForm of Stock Option Award Agreement\n10.2\nForm of PSU Award Agreement\n"
         "104\tCover Page Interactive Data File\n",
         {{"10.1", "Form of Stock Option Award Agreement"},
          {"10.2", "Form of PSU Award Agreement"},
          {"104", "Cover Page Interactive Data File"}}},
        {"the paragraph letter before 'Exhibit'",
         "(c) Exhibit 99.1 - Joint Press Release dated March 29, 2021.\n",
         {{"99.1", "Joint Press Release dated March 29, 2021."}}},
        {"an en dash after the number",
         "(d) Exhibit 99.1 \xE2\x80\x93 Joint Press Release dated March 29, 2021.\n",
         {{"99.1", "Joint Press Release dated March 29, 2021."}}},
        {"a rule under the list",
         "(d) Exhibits\n99.1 Press release.\n99.2 None\n- --------\n",
         {{"99.1", "Press release."}, {"99.2", "None"}}},  // not an exhibit, as the rows say
        {"a caption between the number and its description",
         "(d)\n99.1\nExhibits.\nEarnings Press Release Dated November 14, 2022.\n"
         "104\tCover Page Interactive Data File\n",
         {{"99.1", "Earnings Press Release Dated November 14, 2022."},
          {"104", "Cover Page Interactive Data File"}}},
        {"a footnote under the last entry",
         "(d) Exhibits.\n\n99.1\nPress Release, dated June 20, 2018\n*Certain schedules "
         "have been omitted pursuant to Item 601(b)(2) of Regulation S-K.\n",
         {{"99.1", "Press Release, dated June 20, 2018"}}},
        {"a description that begins with a year",
         "(d) Exhibits.\n\n10.1\t2022 Employee Stock Plan of Tallow Creek Inc.\n"
         "10.2\tForm of Award Agreement.\n",
         {{"10.1", "2022 Employee Stock Plan of Tallow Creek Inc."},
          {"10.2", "Form of Award Agreement."}}},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const std::string text = "FORM 8-K\n\nItem 9.01 Financial Statements and Exhibits\n\n" +
                                 c.body + "\nSIGNATURES\n";
        const parse::BodyItems items = parse::body_items(text, "8-K", "2022-11-14", 1);
        REQUIRE(items.items.size() == 1);
        const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, items.items);
        REQUIRE(listed.size() == c.want.size());
        for (std::size_t i = 0; i < listed.size(); ++i) {
            CHECK(listed[i].number == c.want[i].first);
            CHECK(listed[i].description == c.want[i].second);
        }
    }
}

TEST_CASE("an exhibit index is read to its end, amounts and wrapped references included",
          "[parse]") {
    std::string text = "FORM 10-K\n\nEXHIBIT INDEX\n\n";
    for (int n = 1; n <= 150; ++n) {
        text += " 10." + std::to_string(n) + "    Agreement number " + std::to_string(n) +
                " of Tallow Creek Inc.\n         (incorporated by reference to the annual "
                "report)\n";
    }
    text += " 10.151  $300,000,000 364-Day Credit Agreement dated as of March 2,\n"
            "         2001 among Tallow Creek Inc. and First Bank.\n"
            " 10.152  Employment contract of Jane Roe, attached hereto as\n"
            "         Exhibit 10.152(b).\n"
            " 10.153  12.5  14.6\n"
            " 21      Subsidiaries of the Registrant.\n";
    const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
    REQUIRE(listed.size() == 153);
    CHECK(listed[149].number == "10.150");
    CHECK(listed[150].number == "10.151");
    CHECK(listed[150].description == "$300,000,000 364-Day Credit Agreement dated as of March 2, "
                                     "2001 among Tallow Creek Inc. and First Bank.");
    CHECK(listed[151].number == "10.152");
    CHECK(listed[151].description ==
          "Employment contract of Jane Roe, attached hereto as Exhibit 10.152(b).");
    CHECK(listed[152].number == "21");  // a row of figures is no entry
}

TEST_CASE("exhibit lists, review cases: the documents after an index, cells one per line, "
          "financial statements", "[parse]") {
    SECTION("an index with no signature after it stops at the first document") {
        std::string text = "FORM 10-K\n\nEXHIBIT INDEX\nExhibit Number    Description\n";
        for (int n = 1; n <= 125; ++n)
            text += "10." + std::to_string(n) + "  Agreement number " + std::to_string(n) + "\n";
        text += "*    Filed herewith.\n\nEX-23.1\n3\ndex231.htm\nCONSENT OF INDEPENDENT "
                "REGISTERED PUBLIC ACCOUNTING FIRM\nEX-31.1\n5\ndex311.htm\nI, Jane Roe, certify "
                "that:\n1.\nI have reviewed this annual report.\n2.\nBased on my knowledge.\n";
        const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
        REQUIRE(listed.size() == 125);
        CHECK(listed.back().number == "10.125");
    }
    SECTION("a list whose text ends on an entry, without a line break") {
        const std::vector<parse::ListedExhibit> listed =
            parse::exhibit_list("EXHIBIT INDEX\n10.1 Agreement\nEX-23", {});
        REQUIRE(listed.size() == 2);
        CHECK(listed[0].number == "10.1");
    }
    SECTION("a description wrapped before a date's day or an exhibit's number") {
        const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(
            "EXHIBIT INDEX\n10.3  Credit Agreement dated as of January\n      30, 2001 among "
            "Tallow Creek Inc. and First Bank.\n10.4  Subsidiaries, attached hereto as Exhibit\n"
            "      21.\n23    Consent of auditors\n",
            {});
        REQUIRE(listed.size() == 3);
        CHECK(listed[0].description == "Credit Agreement dated as of January 30, 2001 among "
                                       "Tallow Creek Inc. and First Bank.");
        CHECK(listed[1].description == "Subsidiaries, attached hereto as Exhibit 21.");
        CHECK(listed[2].number == "23");
    }
    SECTION("a wrapped reference to a form's name met before as a legend") {
        // The reference is the open entry's text; the legend's "10-K" entry is not moved from
        // under it (which once left the open entry pointing at a moved one).
        const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(
            "EXHIBIT INDEX\n10-K Confidential treatment legend\n"
            "10.1 Agreement attached hereto as\nExhibit 10-K\n21 Subsidiaries\n",
            {});
        REQUIRE(listed.size() == 2);
        CHECK(listed[0].number == "10.1");
        CHECK(listed[0].description == "Agreement attached hereto as Exhibit 10-K");
        CHECK(listed[1].number == "21");
    }
    SECTION("'Exhibit N' cells one per line are entries, not wrapped references") {
        const std::string text =
            "EXHIBIT INDEX\nExhibit 3.1\nAmended and Restated Certificate of Incorporation of the "
            "registrant\nExhibit 10.4\nForm of Indemnification Agreement between the registrant "
            "and its directors and officers\nExhibit 10.5\nEmployment Agreement between the "
            "registrant and Jane Roe\nExhibit 21.1\nSubsidiaries of the registrant\n";
        const std::vector<parse::ListedExhibit> listed = parse::exhibit_list(text, {});
        REQUIRE(listed.size() == 4);
        CHECK(listed[0].description ==
              "Amended and Restated Certificate of Incorporation of the registrant");
        CHECK(listed[3].number == "21.1");
    }
    SECTION("Item 9.01's financial statements numbered 1.1 and 2.1 are not exhibits") {
        const std::string text =
            "FORM 8-K\n\nItem 9.01 Financial Statements and Exhibits.\n(a) Financial Statements of "
            "Businesses Acquired.\nThe audited financial statements of Target Co. are filed "
            "herewith:\n1.1 Report of Independent Auditors\n1.2 Balance Sheets as of December "
            "31, 2021 and 2020\n(b) Pro Forma Financial Information.\n2.1 Unaudited Pro Forma "
            "Condensed Combined Balance Sheet as of June 30, 2022\n\nSIGNATURES\n";
        const parse::BodyItems items = parse::body_items(text, "8-K", "2022-08-01", 1);
        REQUIRE(items.items.size() == 1);
        CHECK(parse::exhibit_list(text, items.items).empty());
    }
}

TEST_CASE("documents typed without their suffix link to the list's lines in order, and '99' "
          "to the only EX-99.1", "[parse]") {
    std::vector<model::Document> docs(4);
    for (int i = 0; i < 4; ++i) docs[static_cast<std::size_t>(i)].sequence = i + 1;
    docs[0].type = "10-Q";
    docs[1].type = "EX-31";
    docs[1].description = "CERTIFICATION";
    docs[2].type = "EX-31";
    docs[2].description = "CERTIFICATION";
    docs[3].type = "EX-99.1";
    const std::vector<parse::ListedExhibit> listed = {
        {"31.1", "Certification of the Chief Executive Officer"},
        {"31.2", "Certification of the Chief Financial Officer"},
        {"99", "Press release of Ferncastle"}};
    const std::vector<model::Exhibit> rows = parse::build_exhibits(docs, listed);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].exhibit_number == "31.1");
    CHECK(rows[0].document_sequence == 2);
    CHECK(rows[0].description == "Certification of the Chief Executive Officer");
    CHECK(rows[1].exhibit_number == "31.2");
    CHECK(rows[1].document_sequence == 3);
    CHECK(rows[1].description == "Certification of the Chief Financial Officer");
    CHECK(rows[2].exhibit_number == "99.1");
    CHECK(rows[2].listed_in_index);
    CHECK(rows[2].description == "Press release of Ferncastle");
}
