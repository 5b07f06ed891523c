// EDGAR index files: master (pipe), form and company (fixed width, header drift, wrapped
// headers), daily and quarterly dates, line endings.

#include <catch2/catch.hpp>

#include "index/index_file.hpp"
#include "support/test_support.hpp"

using edgarsql::index::accession_from_path;
using edgarsql::index::Layout;
using edgarsql::index::parse_index;
using edgarsql::test::fixture;

TEST_CASE("master index: pipe columns, CRLF, a company name holding a pipe", "[parse][index]") {
    const auto p = parse_index(fixture("index/master.idx"));
    CHECK(p.layout == Layout::master);
    REQUIRE(p.entries.size() == 3);
    CHECK(p.entries[0].accession_number == "0001990000-21-000002");
    CHECK(p.entries[0].cik == 1990101);
    CHECK(p.entries[0].company_name == "OSPREY WIDGET WORKS 1");
    CHECK(p.entries[0].form_type == "10-K");
    CHECK(p.entries[0].date_filed == "2021-03-01");
    CHECK(p.entries[1].form_type == "8-K/A");
    CHECK(p.entries[1].form_family == "8-K");
    CHECK(p.entries[2].company_name == "HERON | PIPE CO");
    CHECK(p.entries[2].form_type == "8-K");
    CHECK(p.bad_lines == 1);
    REQUIRE(p.bad_line_numbers.size() == 1);
    CHECK(p.bad_line_numbers[0] == 12);
}

TEST_CASE("form index: form types and names with spaces, daily dates", "[parse][index]") {
    const auto p = parse_index(fixture("index/form.20210318.idx"));
    CHECK(p.layout == Layout::form);
    REQUIRE(p.entries.size() == 3);
    CHECK(p.entries[0].form_type == "1-A POS");
    CHECK(p.entries[0].company_name == "KINGFISHER REALTY FUND, LLC");
    CHECK(p.entries[0].date_filed == "2021-03-18");
    CHECK(p.entries[1].form_type == "SC 13D/A");
    CHECK(p.entries[1].form_family == "SC 13D");
    CHECK(p.entries[2].company_name == "MARLIN  &  SONS  INC");
    CHECK(p.entries[2].cik == 1990302);
    CHECK(p.bad_lines == 0);
}

TEST_CASE("company index: 'Form' header, wrapped header, overflowing form type",
          "[parse][index]") {
    const auto p = parse_index(fixture("index/company.20210318.idx"));
    CHECK(p.layout == Layout::company);
    REQUIRE(p.entries.size() == 2);
    CHECK(p.entries[0].company_name == "KINGFISHER REALTY FUND, LLC");
    CHECK(p.entries[0].form_type == "1-A POS");
    CHECK(p.entries[1].form_type == "SCHEDULE 13D/A");
    CHECK(p.entries[1].accession_number == "0001990000-21-000003");
    // The seven-digit date is not a date.
    CHECK(p.bad_lines == 1);
}

TEST_CASE("index parsing: bare CR endings, empty index, no header", "[parse][index]") {
    const std::string cr =
        "Description: x\rCIK|Company Name|Form Type|Date Filed|Filename\r-------------------"
        "---\r1|A CO|4|19950103|edgar/data/1/0000000001-95-000001.txt\r";
    const auto p = parse_index(cr);
    REQUIRE(p.entries.size() == 1);
    CHECK(p.entries[0].date_filed == "1995-01-03");
    const auto empty = parse_index(
        "Form Type   Company Name   CIK   Date Filed  File Name\n------------------------\n");
    CHECK(empty.layout == Layout::form);
    CHECK(empty.entries.empty());
    CHECK(parse_index("just some text\nwith lines\n").layout == Layout::unknown);
    CHECK(parse_index("").entries.empty());
}

TEST_CASE("accession numbers from index file names", "[parse][index]") {
    CHECK(accession_from_path("edgar/data/1/0000000001-95-000001.txt") == "0000000001-95-000001");
    CHECK(accession_from_path("https://www.sec.gov/Archives/edgar/data/38723/"
                              "0000038723-25-000049-index.htm") == "0000038723-25-000049");
    CHECK(accession_from_path("edgar/data/38723/000003872325000049/primary.htm") ==
          "0000038723-25-000049");
    CHECK(accession_from_path("edgar/data/38723/readme.txt").empty());
}

TEST_CASE("index parsing: a date that does not exist is a bad line", "[parse][index]") {
    const std::string text =
        "Description:           Master Index of EDGAR Dissemination Feed\n"
        "Last Data Received:    March 31, 2021\n\n"
        "CIK|Company Name|Form Type|Date Filed|Filename\n"
        "--------------------------------------------------------------------------------\n"
        "1990101|OSPREY WIDGET WORKS 1|8-K|2021-02-30|edgar/data/1990101/"
        "0001990000-21-000007.txt\n"
        "1990101|OSPREY WIDGET WORKS 1|8-K|2020-02-29|edgar/data/1990101/"
        "0001990000-20-000008.txt\n"
        "1990101|OSPREY WIDGET WORKS 1|8-K|2021-04-31|edgar/data/1990101/"
        "0001990000-21-000009.txt\n";
    const auto p = parse_index(text);
    REQUIRE(p.entries.size() == 1);
    CHECK(p.entries[0].date_filed == "2020-02-29");  // a leap day
    CHECK(p.bad_lines == 2);
}
