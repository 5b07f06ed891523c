#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "parse/header.hpp"
#include "parse/values.hpp"
#include "support/test_support.hpp"

using edgarsql::model::HeaderField;
using edgarsql::model::Party;
using edgarsql::parse::HeaderData;
using edgarsql::parse::parse_tag_header;
using edgarsql::parse::parse_text_header;

namespace {

const HeaderField* field(const HeaderData& h, const std::string& path) {
    for (const auto& f : h.fields) {
        if (f.path == path) return &f;
    }
    return nullptr;
}

bool has_warning_containing(const HeaderData& h, const std::string& needle) {
    return std::any_of(h.warnings.begin(), h.warnings.end(),
                       [&](const std::string& w) { return w.find(needle) != std::string::npos; });
}

std::string fixture_text(const std::string& name) {
    return edgarsql::test::fixture("header/" + name);
}

}  // namespace

TEST_CASE("text header indented by spaces with blank lines between lines", "[parse]") {
    const HeaderData h = parse_text_header(fixture_text("indented_blank_lines.txt"));
    CHECK(h.warnings.empty());
    CHECK(h.accession_number == "0000912345-19-000042");
    CHECK(h.form_type == "8-K");
    CHECK(h.declared_document_count == 3);
    CHECK(h.period_of_report == "2019-11-13");
    CHECK(h.filed_date == "2019-11-14");
    CHECK(h.date_as_of_change == "2019-11-15");
    CHECK(h.acceptance_datetime == "2019-11-14T22:30:01Z");  // November: EST, UTC-5
    REQUIRE(h.item_values.size() == 2);
    CHECK(h.item_values[0] == "Results of Operations and Financial Condition");

    REQUIRE(h.parties.size() == 1);
    const Party& p = h.parties[0];
    CHECK(p.role == "filer");
    CHECK(p.seq == 1);
    CHECK(p.cik == 987654);
    CHECK(p.name == "BLUE HERON WIDGETS INC");
    CHECK(p.company_data);
    CHECK(p.sic_code == 3990);
    CHECK(p.sic_description == "MISCELLANEOUS MANUFACTURING INDUSTRIES");
    CHECK(p.organization_name == "06 Technology");
    CHECK(p.irs_number == "012345678");
    CHECK(p.state_of_incorporation == "E9");
    CHECK(p.fiscal_year_end == "0630");
    CHECK(p.form_type == "8-K");
    CHECK(p.sec_act == "34");
    CHECK(p.file_number == "001-55555");
    CHECK(p.film_number == "191234567");
    CHECK(p.business.street1 == "100 LAKESIDE DRIVE");
    CHECK(p.business.street2 == "SUITE 7");
    CHECK(p.business.city == "HERON BAY");
    CHECK(p.business.state == "OR");
    CHECK(p.business.zip == "97000");
    CHECK(p.business.phone == "(503) 555-0100");
    CHECK(p.mail.street1 == "PO BOX 12");
    CHECK(p.mail.zip == "97001");
    CHECK(p.mail.phone.empty());

    // The same former name recurs with a different date: both are kept, in header order.
    REQUIRE(p.former_names.size() == 3);
    CHECK(p.former_names[0].name == "HERON WIDGETS INC");
    CHECK(p.former_names[0].date_changed == "2015-03-01");
    CHECK(p.former_names[1].name == "BLUE HERON CORP");
    CHECK(p.former_names[2].name == "HERON WIDGETS INC");
    CHECK(p.former_names[2].date_changed == "2005-05-05");

    // Every key/value line is a field, with its container path, numbered from 1.
    REQUIRE_FALSE(h.fields.empty());
    CHECK(h.fields.front().seq == 1);
    // The opening line's dissemination stamp is a field too, so that no header value is lost.
    CHECK(h.fields.front().path == "SEC-HEADER");
    CHECK(h.fields.front().value == "0000912345-19-000042.hdr.sgml : 20191115");
    CHECK(h.fields[1].path == "ACCEPTANCE-DATETIME");
    CHECK(h.fields.back().seq == static_cast<int>(h.fields.size()));
    const HeaderField* cik = field(h, "FILER/COMPANY DATA/CENTRAL INDEX KEY");
    REQUIRE(cik != nullptr);
    CHECK(cik->value == "0000987654");
    REQUIRE(field(h, "FILER/BUSINESS ADDRESS/BUSINESS PHONE") != nullptr);
    REQUIRE(field(h, "PRIVATE-TO-PUBLIC") != nullptr);
    CHECK(field(h, "PRIVATE-TO-PUBLIC")->value.empty());
    // No frame tag is a field of its own: the stamp is the only field naming the header.
    CHECK(std::count_if(h.fields.begin(), h.fields.end(), [](const HeaderField& f) {
              return f.path.find("HEADER") != std::string::npos;
          }) == 1);
}

TEST_CASE("IMS-HEADER of the 1990s with bare-number item information", "[parse]") {
    const std::string text =
        "<IMS-HEADER>0000950111-94-000103.hdr.sgml : 19940125\r\n"
        "ACCESSION NUMBER:\t\t0000950111-94-000103\r\n"
        "CONFORMED SUBMISSION TYPE:\t8-K\r\n"
        "PUBLIC DOCUMENT COUNT:\t\t2\r\n"
        "CONFORMED PERIOD OF REPORT:\t19940110\r\n"
        "ITEM INFORMATION:\t\t7\r\n"
        "ITEM INFORMATION:\t\t\r\n"
        "FILED AS OF DATE:\t\t19940124\r\n"
        "SROS:\t\t\tNYSE\r\n"
        "CONFIRMING COPY:\r\n"
        "\r\n"
        "FILER:\r\n"
        "\r\n"
        "\tCOMPANY DATA:\t\r\n"
        "\t\tCOMPANY CONFORMED NAME:\t\t\tOLD MILL TEXTILES INC\r\n"
        "\t\tCENTRAL INDEX KEY:\t\t\t0000100001\r\n"
        "\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t4833\r\n"
        "\t\tIRS NUMBER:\t\t\t\t580000001\r\n"
        "\tFILING VALUES:\r\n"
        "\t\tFORM TYPE:\t\t8-K\r\n"
        "\t\tSEC ACT:\t\t34\r\n"
        "\t\tSEC FILE NUMBER:\t001-01111\r\n"
        "</IMS-HEADER>\r\n"
        "ACCESSION NUMBER:\t\t9999999999-99-999999\r\n";
    const HeaderData h = parse_text_header(text);
    CHECK(h.accession_number == "0000950111-94-000103");
    CHECK(h.filed_date == "1994-01-24");
    CHECK(h.acceptance_datetime.empty());
    REQUIRE(h.item_values.size() == 1);  // the empty ITEM INFORMATION carries no item
    CHECK(h.item_values[0] == "7");
    REQUIRE(h.parties.size() == 1);
    CHECK(h.parties[0].cik == 100001);
    CHECK(h.parties[0].sic_code == 4833);
    CHECK(h.parties[0].sic_description.empty());
    CHECK(h.parties[0].sec_act == "34");
    REQUIRE(field(h, "SROS") != nullptr);
    CHECK(field(h, "CONFIRMING COPY") != nullptr);
    // Nothing after the close tag is read.
    CHECK(std::none_of(h.fields.begin(), h.fields.end(),
                       [](const HeaderField& f) { return f.value == "9999999999-99-999999"; }));

    const auto items = edgarsql::parse::header_items(h.item_values, h.form_type, h.filed_date,
                                                     h.period_of_report);
    REQUIRE(items.size() == 1);
    CHECK(items[0].item_code == std::string("9.01"));
    CHECK(items[0].item_raw == "7");
}

TEST_CASE("1998 text header with tag lines for a reporting owner", "[parse]") {
    const std::string text =
        "<SEC-HEADER>0001000002-98-000004.hdr.sgml : 19981123\n"
        "ACCESSION NUMBER:\t\t0001000002-98-000004\n"
        "CONFORMED SUBMISSION TYPE:\t4\n"
        "FILED AS OF DATE:\t\t19981120\n"
        "\n"
        "SUBJECT COMPANY:\n"
        "\n"
        "\tCOMPANY DATA:\n"
        "\t\tCOMPANY CONFORMED NAME:\t\t\tPRAIRIE SALT CO /IN/\n"
        "\t\tCENTRAL INDEX KEY:\t\t\t0001000001\n"
        "\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\tMISCELLANEOUS CHEMICAL PRODUCTS [2890]\n"
        "\tFORMER COMPANY:\n"
        "\t\tFORMER CONFORMED NAME:\tNEW PRAIRIE SALT CO\n"
        "\t\tDATE OF NAME CHANGE:\t19970318\n"
        "<REPORTING-OWNER>\n"
        "\n"
        "COMPANY DATA:\n"
        "\tCOMPANY CONFORMED NAME:\t\t\tDOE JANE Q\n"
        "\tCENTRAL INDEX KEY:\t\t\t0001000002\n"
        "\tSTANDARD INDUSTRIAL CLASSIFICATION:\t []\n"
        "<RELATIONSHIP>DIRECTOR\n"
        "\n"
        "FILING VALUES:\n"
        "\tFORM TYPE:\t\t4\n"
        "BUSINESS ADDRESS:\n"
        "\tCITY:\t\t\tCHICAGO\n"
        "</REPORTING-OWNER>\n"
        "</SEC-HEADER>\n";
    const HeaderData h = parse_text_header(text);
    CHECK(h.warnings.empty());
    REQUIRE(h.parties.size() == 2);
    CHECK(h.parties[0].role == "subject_company");
    CHECK(h.parties[0].cik == 1000001);
    CHECK(h.parties[0].sic_code == 2890);
    REQUIRE(h.parties[0].former_names.size() == 1);
    CHECK(h.parties[0].former_names[0].date_changed == "1997-03-18");
    CHECK(h.parties[1].role == "reporting_owner");
    CHECK(h.parties[1].seq == 2);
    CHECK(h.parties[1].cik == 1000002);
    CHECK(h.parties[1].name == "DOE JANE Q");
    CHECK_FALSE(h.parties[1].sic_code.has_value());
    CHECK(h.parties[1].business.city == "CHICAGO");
    REQUIRE(field(h, "REPORTING-OWNER/COMPANY DATA/RELATIONSHIP") != nullptr);
    CHECK(field(h, "REPORTING-OWNER/COMPANY DATA/RELATIONSHIP")->value == "DIRECTOR");
}

TEST_CASE("text header quirks: wrapped SIC, close tags, malformed tags, multi accession",
          "[parse]") {
    const std::string text =
        "0000950222-00-004609.hdr.sgml : 20000921\n"
        "ACCESSION NUMBER:\t\t0000950222-00-004609\n"
        "CONFORMED SUBMISSION TYPE:\tSC 13D/A\n"
        "<GROUP-MEMBERS>>NORTHWIND PARTNERS LP\n"
        "GROUP MEMBERS:\t\tNORTHWIND GP LLC\n"
        "FILED AS OF DATE:\t\t20001332\n"
        "\n"
        "SUBJECT COMPANY:\n"
        "\tCOMPANY DATA:\n"
        "\t\tCOMPANY CONFORMED NAME:\tGRANITE LEDGE MINING CORP\n"
        "\t\tCENTRAL INDEX KEY:\t0000200001\n"
        "\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t [6211\n"
        "]\t\tIRS NUMBER:\t\t\t\t411756256\n"
        "</COMPANY-DATA>\n"
        "\t\tFILING VALUES:\n"
        "\t\t\tSEC ACT:\t\t1934 Act\n"
        "</FILING-VALUES>\n"
        "FILED BY:\n"
        "\tCOMPANY DATA:\n"
        "\t\tCOMPANY CONFORMED NAME:\tNORTHWIND PARTNERS LP\n"
        "\t\tMYSTERY LABEL:\tkept anyway\n"
        "\tFILING VALUES:\n"
        "\t\tSEC ACT:\t\t\n"
        "</FILED-BY>\n"
        "<MULTI-ACCESSION-NUMBERS>\n"
        "ACCESSION NUMBER:\t\t0000950222-00-004610\n"
        "</MULTI-ACCESSION-NUMBERS>\n"
        "ACCESSION NUMBER:\t\t0000950222-00-004611\n";
    const HeaderData h = parse_text_header(text);
    CHECK(h.accession_number == "0000950222-00-004609");
    CHECK(h.filed_date.empty());
    CHECK(has_warning_containing(h, "20001332"));
    CHECK(has_warning_containing(h, "FILED AS OF DATE"));
    REQUIRE(field(h, "GROUP-MEMBERS") != nullptr);
    CHECK(field(h, "GROUP-MEMBERS")->value == "NORTHWIND PARTNERS LP");
    CHECK(field(h, "GROUP MEMBERS")->value == "NORTHWIND GP LLC");

    REQUIRE(h.parties.size() == 2);
    CHECK(h.parties[0].role == "subject_company");
    CHECK(h.parties[0].sic_code == 6211);
    CHECK(h.parties[0].irs_number == "411756256");
    CHECK(h.parties[0].sec_act == "34");
    CHECK(h.parties[1].role == "filed_by");
    CHECK(h.parties[1].name == "NORTHWIND PARTNERS LP");
    CHECK_FALSE(h.parties[1].cik.has_value());  // a party without CIK is kept
    CHECK(h.parties[1].sec_act.empty());
    REQUIRE(field(h, "FILED BY/COMPANY DATA/MYSTERY LABEL") != nullptr);
    CHECK(field(h, "FILED BY/FILING VALUES/SEC ACT") != nullptr);

    // Only the first top-level accession is the filing's; the others stay fields.
    REQUIRE(field(h, "MULTI-ACCESSION-NUMBERS/ACCESSION NUMBER") != nullptr);
    CHECK(field(h, "MULTI-ACCESSION-NUMBERS/ACCESSION NUMBER")->value ==
          "0000950222-00-004610");
}

TEST_CASE("text header party blocks of every kind", "[parse]") {
    const std::string text =
        "ACCESSION NUMBER:\t0000929999-25-000114\n"
        "CONFORMED SUBMISSION TYPE:\tABS-15G\n"
        "ITEM INFORMATION:\tPeriodic Filing of Rule 15Ga-1 Representations and Warranties "
        "Disclosure\n"
        "DEPOSITOR:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300001\n"
        "SECURITIZER:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300002\n"
        "ISSUING_ENTITY:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300003\n"
        "ISSUING ENTITY:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300004\n"
        "SERIAL COMPANY:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300005\n"
        "FILED FOR:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300006\n"
        "ISSUER:\n\tCOMPANY DATA:\n\t\tCENTRAL INDEX KEY:\t0000300007\n"
        "REPORTING-OWNER:\n\tOWNER DATA:\n\t\tCOMPANY CONFORMED NAME:\tROE RICHARD\n"
        "\t\tCENTRAL INDEX KEY:\t0000300008\n"
        "\tMAIL ADDRESS:\n\t\tSTREET 1:\t9 ELM ST\n";
    const HeaderData h = parse_text_header(text);
    const char* roles[] = {"depositor",  "securitizer", "issuing_entity", "issuing_entity",
                           "serial_company", "filed_for", "issuer", "reporting_owner"};
    REQUIRE(h.parties.size() == 8);
    for (std::size_t i = 0; i < 8; ++i) {
        CHECK(h.parties[i].role == roles[i]);
        CHECK(h.parties[i].seq == static_cast<int>(i) + 1);
        CHECK(h.parties[i].cik == 300001 + static_cast<std::int64_t>(i));
    }
    CHECK(h.parties[6].company_data);
    CHECK_FALSE(h.parties[7].company_data);  // OWNER DATA: a person
    CHECK(h.parties[7].mail.street1 == "9 ELM ST");
    CHECK(field(h, "ISSUING_ENTITY/COMPANY DATA/CENTRAL INDEX KEY") != nullptr);
}

TEST_CASE("header states become EDGAR codes and fiscal year ends MMDD, as written otherwise",
          "[parse]") {
    struct Case {
        std::string incorporated, state, fiscal;        // as written
        std::string want_incorporated, want_state, want_fiscal;
        bool warned;
    };
    const std::vector<Case> cases = {
        {"DE", "NY", "1231", "DE", "NY", "1231", false},
        {"E9", "A6", "0630", "E9", "A6", "0630", false},  // codes that are not postal codes
        {"DELAWARE", "NEW YORK", "12/31", "DE", "NY", "1231", false},
        {"Cayman Islands", "ny", "--09-30", "E9", "NY", "0930", false},
        {"Atlantis", "ZZ", "0931", "Atlantis", "ZZ", "", true},
        {"de", "Ontario, Canada", "6/3", "DE", "A6", "0603", false},
        {"DE", "DE", "13/01", "DE", "DE", "", true},
    };
    for (const Case& c : cases) {
        INFO(c.incorporated << " " << c.state << " " << c.fiscal);
        const std::string text =
            "ACCESSION NUMBER:\t0000929999-25-000115\nCONFORMED SUBMISSION TYPE:\t8-K\n"
            "FILER:\n\tCOMPANY DATA:\n\t\tCOMPANY CONFORMED NAME:\tMARSH HOLLOW INC\n"
            "\t\tCENTRAL INDEX KEY:\t0000300011\n\t\tSTATE OF INCORPORATION:\t" +
            c.incorporated + "\n\t\tFISCAL YEAR END:\t" + c.fiscal +
            "\n\tBUSINESS ADDRESS:\n\t\tSTREET 1:\t1 MARSH RD\n\t\tSTATE:\t" + c.state + "\n";
        const HeaderData h = parse_text_header(text);
        REQUIRE(h.parties.size() == 1);
        CHECK(h.parties[0].state_of_incorporation == c.want_incorporated);
        CHECK(h.parties[0].business.state == c.want_state);
        CHECK(h.parties[0].fiscal_year_end == c.want_fiscal);
        CHECK(h.warnings.empty() == !c.warned);
        // header_fields keep the values as written.
        REQUIRE(field(h, "FILER/COMPANY DATA/FISCAL YEAR END") != nullptr);
        CHECK(field(h, "FILER/COMPANY DATA/FISCAL YEAR END")->value == c.fiscal);
        CHECK(field(h, "FILER/BUSINESS ADDRESS/STATE")->value == c.state);
    }
}

TEST_CASE("tag dialect with bare CR line endings", "[parse]") {
    const HeaderData h = parse_tag_header(fixture_text("tag_bare_cr.nc"));
    CHECK(h.accession_number == "0001777777-25-000123");
    CHECK(h.form_type == "8-K/A");
    CHECK(h.declared_document_count == 2);
    CHECK(h.period_of_report == "2025-01-06");
    CHECK(h.filed_date == "2025-01-08");
    CHECK(h.date_as_of_change == "2025-01-09");
    CHECK(h.acceptance_datetime == "2025-01-08T21:30:15Z");
    REQUIRE(h.item_values.size() == 2);
    CHECK(h.item_values[1] == "9.01");

    REQUIRE(h.parties.size() == 1);
    const Party& p = h.parties[0];
    CHECK(p.role == "filer");
    CHECK(p.cik == 1555555);
    CHECK(p.name == "COPPER KETTLE FOODS CORP");
    CHECK(p.sic_code == 2000);
    CHECK(p.irs_number.empty());  // 000000000 means none
    CHECK(p.form_type == "8-K/A");  // COMPANY-DATA was never closed: FILING-VALUES still counts
    CHECK(p.sec_act == "34");
    CHECK(p.business.phone == "217-555-0199");
    REQUIRE(p.former_names.size() == 1);
    CHECK(p.former_names[0].date_changed == "2020-02-02");

    CHECK(has_warning_containing(h, "</MAIL-ADDRESS>"));
    REQUIRE(field(h, "FILER/COMPANY-DATA/CIK") != nullptr);
    CHECK(field(h, "SERIES-AND-CLASSES-CONTRACTS-DATA/EXISTING-SERIES-AND-CLASSES-CONTRACTS/"
                   "SERIES/SERIES-ID") != nullptr);
    // The header ends at the first <DOCUMENT>: the document's tags are not header fields.
    CHECK(std::none_of(h.fields.begin(), h.fields.end(),
                       [](const HeaderField& f) { return f.value == "0009999999"; }));
}

TEST_CASE("tag dialect: unclosed party block does not swallow its sibling", "[parse]") {
    const std::string text =
        "<SUBMISSION>\n<ACCESSION-NUMBER>0001000003-24-000001\n<TYPE>SC 13G\n"
        "<SUBJECT-COMPANY>\n<COMPANY-DATA>\n<CONFORMED-NAME>TIN CAN INDUSTRIES\n"
        "<CIK>0000400001\n"
        "<FILED-BY>\n<COMPANY-DATA>\n<CONFORMED-NAME>ACORN HOLDINGS\n<CIK>0000400002\n"
        "</COMPANY-DATA>\n</FILED-BY>\n"
        "<GROUP-MEMBERS>>OAK FUND\n"
        "<PRIVATE-TO-PUBLIC>\n"
        "<UNKNOWN-FLAG>\n"
        "<ITEMS>06b\n"
        "</SUBMISSION>\n";
    const HeaderData h = parse_tag_header(text);
    REQUIRE(h.parties.size() == 2);
    CHECK(h.parties[0].role == "subject_company");
    CHECK(h.parties[0].cik == 400001);
    CHECK(h.parties[1].role == "filed_by");
    CHECK(h.parties[1].cik == 400002);
    CHECK(h.parties[1].name == "ACORN HOLDINGS");
    REQUIRE(field(h, "GROUP-MEMBERS") != nullptr);
    CHECK(field(h, "GROUP-MEMBERS")->value == "OAK FUND");
    CHECK(field(h, "UNKNOWN-FLAG") != nullptr);
    REQUIRE(h.item_values.size() == 1);
    CHECK(h.item_values[0] == "06b");
}

TEST_CASE("header parsers never fail on junk", "[parse]") {
    const std::string inputs[] = {"", "\r\r\n\n", "<", "</", "<>", ":", "<A>\n</A>\n</B>",
                                  "FILER:\nCOMPANY DATA:\nCENTRAL INDEX KEY:\tabc\n",
                                  "<FILER>\n<FORMER-COMPANY>\n<DATE-CHANGED>2020\n"};
    for (const auto& in : inputs) {
        const HeaderData a = parse_text_header(in);
        const HeaderData b = parse_tag_header(in);
        CHECK(a.accession_number.empty());
        CHECK(b.accession_number.empty());
    }
    const HeaderData h = parse_text_header("FILER:\nCOMPANY DATA:\nCENTRAL INDEX KEY:\tabc\n");
    REQUIRE(h.parties.size() == 1);
    CHECK_FALSE(h.parties[0].cik.has_value());
    CHECK(has_warning_containing(h, "abc"));
}
