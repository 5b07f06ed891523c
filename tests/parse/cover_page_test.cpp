#include <catch2/catch.hpp>

#include <string>

#include "db/backend.hpp"
#include "parse/cover_page.hpp"
#include "parse/parser.hpp"
#include "parse/states.hpp"
#include "support/test_support.hpp"

using namespace edgarsql;

TEST_CASE("a bare legacy 8-K yields its cover page, item, exhibit and signer", "[parse]") {
    const parse::Result r =
        parse::parse(test::fixture("items/bare_8k_legacy.txt"), "quillfeather-8k.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    const model::Filing& f = r.filing;
    CHECK(f.source_kind == model::SourceKind::bare);
    CHECK(f.form_type == "8-K");
    CHECK(f.period_of_report == "2002-05-14");
    REQUIRE(f.parties.size() == 1);
    const model::Party& p = f.parties[0];
    CHECK(p.role == "cover_page");
    CHECK_FALSE(p.cik.has_value());
    CHECK(p.name == "QUILLFEATHER SYSTEMS, INC.");
    CHECK(p.state_of_incorporation == "MA");
    CHECK(p.file_number == "000-41277");
    CHECK(p.irs_number == "123456789");
    CHECK(p.business_address == "77 LANTERN WAY, BRIGHTWATER, NEW HAMPSHIRE 03301");
    CHECK(p.business.street1 == "77 LANTERN WAY");
    CHECK(p.business.city == "BRIGHTWATER");
    CHECK(p.business.state == "NH");
    CHECK(p.business.zip == "03301");
    CHECK(p.business.phone == "(603) 555-0142");
    CHECK(p.form_type == "8-K");

    REQUIRE(f.items.size() == 1);
    CHECK(f.items[0].source == "body");
    CHECK(f.items[0].item_raw == "12");
    CHECK(f.items[0].item_code == std::string("2.02"));
    CHECK(f.items[0].text->find("SIGNATURE") == std::string::npos);

    REQUIRE(f.exhibits.size() == 1);
    CHECK(f.exhibits[0].exhibit_number == "99.1");
    CHECK(f.exhibits[0].description ==
          "Press release dated May 14, 2002 reporting the results of Quillfeather Systems, Inc. "
          "for the quarter ended March 31, 2002.");
    CHECK(f.exhibits[0].listed_in_index);
    CHECK_FALSE(f.exhibits[0].document_sequence.has_value());

    CHECK(f.signer_name == "Marguerite O. Pell");
    CHECK(f.signer_title == "Chief Financial Officer and Treasurer");
}

TEST_CASE("a cover page learns its CIK from an edgar/data path", "[parse]") {
    const parse::Result r = parse::parse(test::fixture("items/bare_8k_legacy.txt"),
                                         "edgar/data/999123/0000999123-02-000004.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    REQUIRE(r.filing.parties.size() == 1);
    CHECK(r.filing.parties[0].cik == std::optional<std::int64_t>(999123));
    CHECK(r.filing.cik == std::optional<std::int64_t>(999123));
    CHECK(r.filing.accession_number == "0000999123-02-000004");
}

TEST_CASE("cover values stacked one per line above their captions (HTML cells)", "[parse]") {
    const std::string text =
        "FORM 8-K\nDate of report (Date of earliest event reported): March\xC2\xA0" "8, 2024\n"
        "LANTERNWORKS CO\n(Exact Name of Registrant as Specified in Its Charter)\n\n"
        "Cayman Islands\nFile No. 1-4242\n98-0000001\n(State or other jurisdiction of "
        "incorporation)\n(Commission File Number)\n(IRS Employer Identification No.)\n"
        "1 Wharf Road, George Town, Grand Cayman\nKY1-1104\n(Address of Principal Executive Offices)\n"
        "(Zip Code)\n(Registrant\xE2\x80\x99s Telephone Number, Including Area Code) (345) 555-0100\n";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.name == "LANTERNWORKS CO");
    CHECK(cp.state_of_incorporation == "E9");
    CHECK(cp.file_number == "1-4242");
    CHECK(cp.irs_number == "980000001");
    CHECK(cp.date_of_report == "2024-03-08");
    CHECK(cp.business.phone == "(345) 555-0100");
    CHECK(cp.business_address.find("1 Wharf Road, George Town") == 0);
}

TEST_CASE("captions wrapped onto a second line are not part of the address", "[parse]") {
    // Three captions in table cells, each wrapped: their second lines sit above the address.
    const std::string text =
        "FORM 8-K\nLANTERNWORKS CO\n(Exact name of registrant as specified in its charter)\n\n"
        "Delaware\t000-42420\t98-0000002\n(State or other jurisdiction of\t(Commission\t"
        "(IRS Employer\nincorporation)\tFile Number)\tIdentification No.)\n"
        "1 Wharf Road,\nBurlington, Massachusetts 01803\n(Address of Principal Executive Offices)\n"
        "(Zip Code)\n";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.business_address == "1 Wharf Road, Burlington, Massachusetts 01803");
    CHECK(cp.business.city == "Burlington");
    CHECK(cp.business.state == "MA");
}

TEST_CASE("cover cells in paragraphs of their own (HTML tables converted to text)", "[parse]") {
    // Every cell a paragraph: values, wrapped captions and the address's street, city and
    // zip code each stand between blank lines.
    const std::string text =
        "FORM 8-K\n\nLANTERNWORKS CO\n\n(Exact name of registrant as specified in its charter)"
        "\n\nCommission File Number 1-4242\n\nDelaware\n\n98-0000003\n\n"
        "(State or other jurisdiction of\n\n(IRS Employer\n\nincorporation)\n\n"
        "Identification No.)\n\n42 Ropewalk Lane\n\nBurlington, Massachusetts 01803\n\n01803\n\n"
        "(Address of principal executive offices)\n\n(Zip Code)\n";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.state_of_incorporation == "DE");
    CHECK(cp.irs_number == "980000003");
    CHECK(cp.file_number == "1-4242");
    // The zip code repeated in its own cell is written once.
    CHECK(cp.business_address == "42 Ropewalk Lane, Burlington, Massachusetts 01803");
    CHECK(cp.business.street1 == "42 Ropewalk Lane");
    CHECK(cp.business.city == "Burlington");
    CHECK(cp.business.zip == "01803");
}

TEST_CASE("a zip code above the street, in the column of its caption one line lower",
          "[parse]") {
    // A two-column table of the 1990s: the zip code stands above the street line, whose own
    // right-hand cell is the zip code's caption.
    const std::string text =
        "FORM 10-K405\n\n                    LANTERNWORKS, INC.\n"
        "      (EXACT NAME OF REGISTRANT AS SPECIFIED IN ITS CHARTER)\n\n"
        "         MASSACHUSETTS                                   98-0000005\n"
        "(STATE OR OTHER JURISDICTION OF INCORPORATION      (I.R.S. EMPLOYER IDENTIFICATION "
        "NO.)\n       OR ORGANIZATION)\n"
        "                                                            02481\n"
        " 45 ROPEWALK STREET, WELLESLEY, MASSACHUSETTS                (ZIP CODE)\n"
        "  (ADDRESS OF PRINCIPAL EXECUTIVE OFFICES)\n";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.state_of_incorporation == "MA");
    CHECK(cp.irs_number == "980000005");
    CHECK(cp.business_address == "45 ROPEWALK STREET, WELLESLEY, MASSACHUSETTS 02481");
    CHECK(cp.business.street1 == "45 ROPEWALK STREET");
    CHECK(cp.business.city == "WELLESLEY");
    CHECK(cp.business.state == "MA");
    CHECK(cp.business.zip == "02481");
}

TEST_CASE("a cover address over four lines, and a caption line holding a value", "[parse]") {
    const std::string text =
        "FORM 8-K\nLANTERNWORKS CO\n(Exact name of Registrant as specified in its charter)\n\n"
        "Minnesota\n(State or Other Jurisdiction)\t0-22247\n(Commission File Number)\n"
        "of Incorporation)\t98-0000004\n(IRS Employer\nIdentification No.)\n"
        "2200 West Lantern Parkway,\nSpringdale,\nArkansas\n72762-6999\n"
        "(Address of Principal Executive Offices)\n(Zip Code)\n";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.state_of_incorporation == "MN");
    CHECK(cp.file_number == "0-22247");
    CHECK(cp.irs_number == "980000004");  // in the cell beside a wrapped caption
    CHECK(cp.business_address == "2200 West Lantern Parkway, Springdale, Arkansas 72762-6999");
    CHECK(cp.business.city == "Springdale");
    CHECK(cp.business.state == "AR");
}

TEST_CASE("captions without parentheses, and a street run into its city", "[parse]") {
    const std::string text =
        "FORM 10-K\n\nLANTERNWORKS TRUST\n\n(Exact Name of Registrant as Specified in Its "
        "Charter)\n\nDelaware 98-0000005\n\nState or Other Jurisdiction of I.R.S. Employer "
        "Identification No.\n\nof Incorporation or Organization\n\n"
        "500 South Wick Street Burbank, California 91521\n\n"
        "Address of Principal Executive Offices Zip Code\n";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.state_of_incorporation == "DE");
    CHECK(cp.irs_number == "980000005");
    CHECK(cp.business_address == "500 South Wick Street Burbank, California 91521");
    CHECK(cp.business.street1 == "500 South Wick Street");
    CHECK(cp.business.city == "Burbank");
    CHECK(cp.business.state == "CA");
    // "Ave. Suite 1650" ends a street too; a city that is not after a street number stays.
    std::string_view street;
    std::string_view city;
    CHECK(parse::detail::split_street_city("401 Congress Ave. Suite 1650 Austin", street, city));
    CHECK(street == "401 Congress Ave. Suite 1650");
    CHECK(city == "Austin");
    CHECK_FALSE(parse::detail::split_street_city("1096 BC Amsterdam", street, city));
    CHECK_FALSE(parse::detail::split_street_city("New York", street, city));
}

TEST_CASE("an address and phone laid out as HTML table rows flatten them", "[parse]") {
    struct Case {
        const char* layout;
        const char* text;
        const char* street, *city, *state, *zip, *phone;
    };
    const Case cases[] = {
        {"one caption for address and phone, wrapped over two lines",
         "Halberd Mills, Inc.\n\n(Exact name of Registrant as specified in its charter)\n\n"
         "71-0225165\n\n(IRS Employer Identification No.)\n\n"
         "2200 West Halberd Parkway, Springdale, AR 72762-6999\n\n(479) 290-4000\n\n"
         "(Address, including zip code, and telephone number, including area code, of\n\n"
         "Registrant\xE2\x80\x99s principal executive offices)\n\nNot applicable\n",
         "2200 West Halberd Parkway", "Springdale", "AR", "72762-6999", "(479) 290-4000"},
        {"the zip code's cell and caption under the address's, the phone under a caption "
         "without parentheses",
         "Halberd Mills, Inc.\n(Exact name of registrant as specified in its charter)\n"
         "11-2408943\n(IRS Employer Identification No.)\n"
         "767 Fifth Avenue, New York, New York\n(Address of principal executive offices)\n"
         "10153\n(Zip Code)\nRegistrant\xE2\x80\x99s telephone number, including area code\n"
         "212-572-4200\nNot Applicable\n(Former name or former address)\n",
         "767 Fifth Avenue", "New York", "NY", "10153", "212-572-4200"},
        {"a number below its caption is not taken from a line with words",
         "Registrant's telephone number, including area code\nNot Applicable 2021\n", "", "", "",
         "", ""},
        {"a postal code before the city, abroad",
         "HALBERD N.V.\n(Exact name of registrant as specified in its charter)\n\n"
         "Exampleplein 2, 1096 BC Amsterdam, The Netherlands\n"
         "(Address of principal executive offices)\n",
         "Exampleplein 2", "Amsterdam", "P7", "1096 BC", ""},
        {"a fax number is not the phone",
         "HALBERD HOLDINGS PLC\n(Exact name of registrant as specified in its charter)\n\n"
         "100 Main Street, Portland, Maine 04101\n"
         "(Address of principal executive offices) (Zip Code)\n"
         "Telephone: (207) 555-0100\nFacsimile: (207) 555-0199\n"
         "(Registrant's telephone number, including area code)\n",
         "100 Main Street", "Portland", "ME", "04101", "(207) 555-0100"},
        {"a phone written after its label, above its caption",
         "HALBERD HOLDINGS PLC\n(Exact name of registrant as specified in its charter)\n\n"
         "2200 West Halberd Parkway, Springdale, AR 72762\n"
         "(Address of principal executive offices)\n\n"
         "Telephone: (353) (1) 555-0100\n"
         "(Registrant's telephone number, including area code)\n",
         "2200 West Halberd Parkway", "Springdale", "AR", "72762", "(353) (1) 555-0100"},
    };
    for (const Case& c : cases) {
        INFO(c.layout);
        const parse::CoverPage cp = parse::extract_cover_page(c.text);
        CHECK(cp.business.street1 == c.street);
        CHECK(cp.business.city == c.city);
        CHECK(cp.business.state == c.state);
        CHECK(cp.business.zip == c.zip);
        CHECK(cp.business.phone == c.phone);
    }
}

TEST_CASE("a cover page without line breaks gives no run-on name, and 'or' is no state",
          "[parse]") {
    std::string text = "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d)     OF THE ACT     or     "
                       "o     TRANSITION REPORT";
    while (text.size() < 400) text += "     For the transition period from to";
    text += "     LANTERNWORKS INC.   (Exact name of registrant as specified in its charter)"
            "     Delaware        98-0000006     (State or other jurisdiction of incorporation)"
            "     (I.R.S. Employer Identification No.)";
    const parse::CoverPage cp = parse::extract_cover_page(text);
    CHECK(cp.name.empty());
    CHECK(cp.state_of_incorporation == "DE");
    CHECK(cp.irs_number == "980000006");
}

TEST_CASE("cp1252 quotes in a bare document become UTF-8", "[parse]") {
    const std::string doc =
        "FORM 8-K\n\nHOLLOWAY \x93" "BRIGHT\x94 MILLS INC.\n(Exact name of registrant as "
        "specified in its charter)\n\nItem 5. Other Events\n\nThe company\x92s mill reopened.\n"
        "\nSIGNATURES\n";
    const parse::Result r = parse::parse(doc, "holloway.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    REQUIRE(r.filing.parties.size() == 1);
    CHECK(r.filing.parties[0].name == "HOLLOWAY \u201C" "BRIGHT\u201D MILLS INC.");
    REQUIRE(r.filing.items.size() == 1);
    CHECK(r.filing.items[0].text->find("company\u2019s mill") != std::string::npos);
    CHECK(r.filing.documents[0].charset == "windows-1252");
}

TEST_CASE("state names and dates as cover pages write them", "[parse]") {
    CHECK(parse::state_code("DELAWARE") == "DE");
    CHECK(parse::state_code(" Cayman Islands ") == "E9");
    CHECK(parse::state_code("State of New York") == "NY");
    CHECK(parse::state_code("Mass.") == "MA");
    CHECK(parse::state_code("Ontario, Canada") == "A6");
    CHECK(parse::state_code("Atlantis") == "");
    CHECK(parse::state_code("N.H.") == "NH");
    CHECK(parse::text_date("October 8, 2003") == "2003-10-08");
    CHECK(parse::text_date("Dated: Sept. 30,2001") == "2001-09-30");
    CHECK(parse::text_date("10/08/2003") == "2003-10-08");
    CHECK(parse::text_date("8 October 2003") == "2003-10-08");
    CHECK(parse::text_date("February 30, 2003") == "");
}

namespace {

db::InputResult ingested(const std::string& path, model::Filing filing) {
    db::InputResult r;
    r.source.path = path;
    r.source.sha256 = std::string(64, path.back());
    r.status = db::InputStatus::ingested;
    r.filing = std::move(filing);
    r.parser_version = parse::kParserVersion;
    return r;
}

}  // namespace

TEST_CASE("item_agreement and cover_page_registrants views", "[parse]") {
    test::TempDir dir;
    auto backend = db::open_backend((dir / "edgar.db").string(), {});
    backend->migrate();

    // The registrant's own filing, with a header: CIK 999123, IRS 123456789, items 2.02 in the
    // header and Item 2.02 in the body.
    const std::string full =
        "<SEC-DOCUMENT>0000999123-05-000001.txt : 20050301\n<SEC-HEADER>\n"
        "ACCESSION NUMBER:\t\t0000999123-05-000001\nCONFORMED SUBMISSION TYPE:\t8-K\n"
        "PUBLIC DOCUMENT COUNT:\t\t1\nCONFORMED PERIOD OF REPORT:\t20050301\n"
        "ITEM INFORMATION:\t\tResults of Operations and Financial Condition\n"
        "FILED AS OF DATE:\t\t20050301\nFILER:\n\n\tCOMPANY DATA:\t\n"
        "\t\tCOMPANY CONFORMED NAME:\t\t\tQUILLFEATHER SYSTEMS INC\n"
        "\t\tCENTRAL INDEX KEY:\t\t\t0000999123\n\t\tIRS NUMBER:\t\t\t\t123456789\n"
        "\t\tSTATE OF INCORPORATION:\t\t\tMA\n\n\tFILING VALUES:\n\t\tFORM TYPE:\t\t8-K\n"
        "\t\tSEC FILE NUMBER:\t000-41277\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n"
        "<TEXT>\nItem 2.02 Results of Operations\n\nResults.\n\nItem 8.01 Other Events\n\nMoved.\n"
        "\nSIGNATURES\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
    parse::Result a = parse::parse(full, "0000999123-05-000001.txt");
    parse::Result b = parse::parse(test::fixture("items/bare_8k_legacy.txt"), "quill.txt");
    REQUIRE(a.outcome == parse::Outcome::filing);
    REQUIRE(b.outcome == parse::Outcome::filing);
    const std::int64_t run = backend->begin_run({"test", "edgarsql ingest"});
    backend->write_batch(run, {ingested("/b", std::move(b.filing)), ingested("/a", std::move(a.filing))});

    const auto agreement = backend->query(
        "SELECT accession_number, header_items, body_items, only_in_body, agree "
        "FROM item_agreement ORDER BY accession_number IS NULL, accession_number");
    REQUIRE(agreement.size() == 2);

    CHECK(agreement[0][0] == std::optional<std::string>("0000999123-05-000001"));
    CHECK(agreement[0][1] == std::optional<std::string>("1"));
    CHECK(agreement[0][2] == std::optional<std::string>("2"));
    CHECK(agreement[0][3] == std::optional<std::string>("1"));
    CHECK(agreement[0][4] == std::optional<std::string>("0"));
    CHECK_FALSE(agreement[1][4].has_value());  // the bare 8-K has no header items

    const auto link = backend->query("SELECT name, cik, linked_by FROM cover_page_registrants");
    REQUIRE(link.size() == 1);
    CHECK(link[0][0] == std::optional<std::string>("QUILLFEATHER SYSTEMS, INC."));
    CHECK(link[0][1] == std::optional<std::string>("999123"));
    CHECK(link[0][2] == std::optional<std::string>("irs_number"));
}

TEST_CASE("the date of report is the first date after its caption", "[parse]") {
    // "April 10, 2015 (April 8, 2015)": the report date, then the earliest event's.
    CHECK(parse::extract_cover_page("Date of Report (Date of earliest event reported): April 10, "
                                    "2015 (April 8, 2015)\n")
              .date_of_report == "2015-04-10");
    CHECK(parse::extract_cover_page("Date of Report (Date of earliest event reported):\n\n"
                                    "                August 2, 2005\nACME\n")
              .date_of_report == "2005-08-02");
}

TEST_CASE("a signer's name and title, as signature blocks lay them out", "[parse]") {
    struct Case {
        const char* layout;
        const char* text;
        const char* name;
        const char* title;
    };
    const Case cases[] = {
        {"HTML table cells: the caption in one cell, the value in the next",
         "SIGNATURE\n\nHALBERD MILLS, INC.\nBy:\t/s/ Odile Frankel\nName:\tOdile Frankel\n"
         "Title:\tExecutive Vice President\n",
         "Odile Frankel", "Executive Vice President"},
        {"two blanks after the caption, as plain text lays out columns",
         "SIGNATURES\nBy:    /s/Pim Varga\nName:  Pim Varga\n"
         "Title: Chief Financial Officer\nDated: May 2, 2001\n",
         "Pim Varga", "Chief Financial Officer"},
        {"each cell in a paragraph of its own: the value on a line below its caption",
         "SIGNATURE\nBy:\n\n/s/ Rosalind T. Ashby\n\nName:\n\n"
         "Rosalind T. Ashby\n\nTitle:\n\nVice President and Secretary\n",
         "Rosalind T. Ashby", "Vice President and Secretary"},
        {"a title in a paragraph of its own, over two lines",
         "SIGNATURE\nBy:\n/s/ R. Odo Varga\nName:\nR. Odo Varga\nTitle:\n"
         "Vice President, Associate General\nCounsel and Secretary\nEXHIBIT INDEX\n",
         "R. Odo Varga", "Vice President, Associate General Counsel and Secretary"},
        {"a date in the caption's row; a title wrapped onto a second line",
         "SIGNATURE\n                                   By: /s/ Alvar Stenmark\n"
         "Date: August 17, 1994                 Name:   Alvar Stenmark\n"
         "                                      Title:  Vice President and\n"
         "                                              General Counsel\n\nEXHIBIT INDEX\n",
         "Alvar Stenmark", "Vice President and General Counsel"},
        {"a title wrapped after a complete line that the next one goes on with 'and'",
         "SIGNATURE\nBy: /s/ Alvar Stenmark\nName:  Alvar Stenmark\n"
         "Title: Vice President and Controller\n       and Chief Accounting Officer\n",
         "Alvar Stenmark", "Vice President and Controller and Chief Accounting Officer"},
        {"a '(Signature)' caption and the name written again are not the title",
         "SIGNATURE\n          /s/ Tobias R. Quint\n     ---------------------------\n"
         "            (Signature)\n     Tobias. R. Quint\n     Senior Vice President and\n"
         "     General Counsel\n",
         "Tobias R. Quint", "Senior Vice President and General Counsel"},
        {"a signature line with its 'By', and a name with a trailing comma",
         "SIGNATURES\n              /s/ Wendel P. Orr,\n         By_________________________\n"
         "                 Wendel P. Orr,\n          Chairman of the Board and Chief\n"
         "                 Executive Officer\n \nPURSUANT TO\n",
         "Wendel P. Orr", "Chairman of the Board and Chief Executive Officer"},
        {"a date under the title ends it",
         "SIGNATURES\nBy:  /s/ ILSE MARROW\n\n    ILSE MARROW\n"
         "  President and Chief Executive Officer\n    December 19, 1995\n",
         "ILSE MARROW", "President and Chief Executive Officer"},
        {"a power of attorney right after the title ends it",
         "SIGNATURES\nBy:\n/s/ Ilse Marrow\nIlse Marrow\nSenior Vice President and\n"
         "Chief Financial Officer\nPower of Attorney\nKNOW ALL PERSONS BY THESE PRESENTS, that "
         "each person whose signature appears below constitutes and appoints Ilse Marrow\n",
         "Ilse Marrow", "Senior Vice President and Chief Financial Officer"},
        {"a title of 114 characters on one line is still a title",
         "SIGNATURES\nBy: /s/ Ilse Marrow\nIlse Marrow\nExecutive Vice President, Chief "
         "Financial Officer and Chief Accounting Officer (Principal Financial and Accounting "
         "Officer)\n\nDate: March 1, 2021\n",
         "Ilse Marrow",
         "Executive Vice President, Chief Financial Officer and Chief Accounting Officer "
         "(Principal Financial and Accounting Officer)"},
        {"under a title, a paragraph's line of 130 characters ends it",
         "SIGNATURES\n/s/ Ilse Marrow\nIlse Marrow\nChief Executive Officer\nPursuant to the "
         "requirements of the Securities Exchange Act of 1934, this report has been signed "
         "below by the following persons.\n",
         "Ilse Marrow", "Chief Executive Officer"},
        {"empty captions side by side are neither name nor title",
         "SIGNATURE\n/s/ Ilse Marrow\nName:  Title:  Date:\n", "Ilse Marrow", ""},
        {"an empty caption alone is no title", "SIGNATURE\nBy: /s/ Ilse Marrow\nName:\n",
         "Ilse Marrow", ""},
        {"empty captions one under the other", "SIGNATURE\nBy: /s/ Ilse Marrow\nName:\nTitle:\n",
         "Ilse Marrow", ""},
        {"captions side by side: their values in the same columns below",
         "SIGNATURE\nBy: /s/ I. Marrow\n\nName:        Title:\nIlse Marrow   President\n",
         "Ilse Marrow", "President"},
        {"a line of another shape below captions side by side is not theirs",
         "SIGNATURE\n/s/ Ilse Marrow\nIlse Marrow\nName:  Title:  Date:\nPresident\n",
         "Ilse Marrow", ""},
        {"a '(Signature)*' caption and its footnote are not the title",
         "SIGNATURE\n\nBy\n\n/s/ Ilse Marrow\n\n(Signature)*\n\nIlse Marrow\n\n* Print "
         "name and title of the signing officer under his signature.\n\nSenior Vice "
         "President and Chief Financial Officer\n",
         "Ilse Marrow", "Senior Vice President and Chief Financial Officer"},
        {"table cells in paragraphs: the title goes on over a blank line with 'and'",
         "SIGNATURE\n\nBy:\n\n/s/ Ilse Marrow\n\nIlse Marrow\n\nExecutive Vice President\n"
         "\nand Chief Financial Officer\n\nDate: May 1, 2012\n",
         "Ilse Marrow", "Executive Vice President and Chief Financial Officer"},
        {"a title that breaks off after 'and', over a blank line",
         "SIGNATURE\n/s/ Ilse Marrow\nIlse Marrow\nCorporate Vice President and\n\n"
         "Principal Accounting Officer\n\nDate: May 1, 2023\n",
         "Ilse Marrow", "Corporate Vice President and Principal Accounting Officer"},
        {"a complete title is not joined to the paragraph after a blank line",
         "SIGNATURE\n/s/ Ilse Marrow\nIlse Marrow\nChief Executive Officer\n\nExhibit "
         "Index\n",
         "Ilse Marrow", "Chief Executive Officer"},
        {"the name and the title on one line",
         "SIGNATURES\n\nHALBERD MILLS, INC.\n\nBy:\t/s/ Ilse Marrow\nIlse Marrow, Chief "
         "Financial Officer\n",
         "Ilse Marrow", "Chief Financial Officer"},
        {"a sentence about the signer after the name is no title",
         "SIGNATURES\nBy: /s/ Ilse Marrow\n\nIlse Marrow, who has served as our Chief "
         "Executive Officer since 2015, will present the results to the Board of Directors of "
         "the Company at its meeting in May and answer the questions of its members.\n",
         "Ilse Marrow", ""},
        {"the name inside another name is not the signer's",
         "SIGNATURES\nBy: /s/ Ann Lee\nJoann Lee, Secretary\n", "Ann Lee",
         "Joann Lee, Secretary"},
        {"a paragraph that starts with 'and' after a blank line is not the title's",
         "SIGNATURES\n/s/ Ilse Marrow\nIlse Marrow\nChief Executive Officer\n\nand the Board "
         "of Directors of the Company approved the\nrelease of the results described above.\n",
         "Ilse Marrow", "Chief Executive Officer"},
        {"the date, the name and the title on one line",
         "SIGNATURES\n\n/s/ Ilse Marrow\nDate: March 30, 2021 Ilse Marrow, Senior Vice "
         "President\nand Chief Financial Officer\n",
         "Ilse Marrow", "Senior Vice President and Chief Financial Officer"},
    };
    for (const Case& c : cases) {
        INFO(c.layout);
        const parse::Signer s = parse::extract_signer(c.text);
        CHECK(s.name == c.name);
        CHECK(s.title == c.title);
    }
}

TEST_CASE("a bare 10-K or 10-Q reports on the period its cover page names", "[parse]") {
    const std::string cover =
        "UNITED STATES\nSECURITIES AND EXCHANGE COMMISSION\nWashington, D.C. 20549\n\n"
        "FORM 10-K\n\n"
        "[X] ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT "
        "OF 1934\n\nFor the fiscal year ended December 31, 2009\n\nOR\n\n"
        "[ ] TRANSITION REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE "
        "ACT OF 1934\n\nFor the transition period from __________ to __________\n\n"
        "Commission File Number 1-4242\n\nHALBERD MILLS, INC.\n"
        "(Exact name of registrant as specified in its charter)\n\n"
        "Item 1. Business\n\nHalberd Mills makes yarn. For the fiscal year ended June 30, 2008 "
        "it sold more.\n";
    const parse::Result r = parse::parse(cover, "halberd-10k.txt");
    REQUIRE(r.outcome == parse::Outcome::filing);
    CHECK(r.filing.form_family == "10-K");
    CHECK(r.filing.period_of_report == "2009-12-31");

    CHECK(parse::extract_cover_page("For the quarterly period ended March 31, 2017\n")
              .period_ended == "2017-03-31");
    CHECK(parse::extract_cover_page("FOR THE FISCAL YEAR ENDED DECEMBER 31, 2000\n")
              .period_ended == "2000-12-31");
    CHECK(parse::extract_cover_page("For the fiscal year ended:\n\n  September 26, 2009\n")
              .period_ended == "2009-09-26");
    // A transition report fills in its transition period: the period ends with it.
    CHECK(parse::extract_cover_page("For the fiscal year ended ________________\n\nOR\n\n"
                                    "For the transition period from January 1, 2009 to June "
                                    "30, 2009\n")
              .period_ended == "2009-06-30");
    // Neither filled in: no period (the body's dates are not the cover's).
    CHECK(parse::extract_cover_page("For the fiscal year ended\n\n"
                                    "For the transition period from to\n\n"
                                    "For the fiscal year ended June 30, 2008 we sold more.\n")
              .period_ended.empty());
    // A transition period in a sentence is not the cover's; on a line of its own it is.
    CHECK(parse::extract_cover_page("The Trust changed its fiscal year. For the transition "
                                    "period from January 1, 2009 to June 30, 2009 it filed.\n")
              .period_ended.empty());
    CHECK(parse::extract_cover_page("FORM 10-K\n\nTRANSITION REPORT PURSUANT TO SECTION 13\n\n"
                                    "For the transition period from July 1, 2019 to December "
                                    "31, 2019\n")
              .period_ended == "2019-12-31");
}

TEST_CASE("a phone number on its caption's line keeps its area code", "[parse]") {
    CHECK(parse::extract_cover_page("HALBERD MILLS, INC.\n(Exact name of registrant as specified "
                                    "in its charter)\nRegistrant\xE2\x80\x99s telephone number, "
                                    "including area code (206) 555-0111\n")
              .business.phone == "(206) 555-0111");
    CHECK(parse::extract_cover_page("(Registrant's telephone number, including area code) "
                                    "(345) 555-0100\n")
              .business.phone == "(345) 555-0100");
    CHECK(parse::extract_cover_page("(Registrant's telephone number, including area code)\t"
                                    "206-555-0111\n")
              .business.phone == "206-555-0111");
}
