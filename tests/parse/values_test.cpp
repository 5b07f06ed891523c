#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/values.hpp"

using namespace edgarsql::parse;

TEST_CASE("iso_date validates real calendar dates", "[parse]") {
    CHECK(iso_date("20191115") == "2019-11-15");
    CHECK(iso_date(" 2019-11-15 ") == "2019-11-15");
    CHECK(iso_date("20000229") == "2000-02-29");
    CHECK(iso_date("19000229").empty());
    CHECK(iso_date("20230229").empty());
    CHECK(iso_date("20231301").empty());
    CHECK(iso_date("20230431").empty());
    CHECK(iso_date("2023041").empty());
    CHECK(iso_date("2023-4-01").empty());
    CHECK(iso_date("00000000").empty());
    CHECK(iso_date("").empty());
}

TEST_CASE("acceptance_to_utc applies US Eastern daylight rules of the year", "[parse]") {
    CHECK(acceptance_to_utc("20191115060224") == "2019-11-15T11:02:24Z");  // EST
    CHECK(acceptance_to_utc("20190715060224") == "2019-07-15T10:02:24Z");  // EDT
    CHECK(acceptance_to_utc("20191231220000") == "2020-01-01T03:00:00Z");  // year rollover
    CHECK(acceptance_to_utc("20240228210000") == "2024-02-29T02:00:00Z");  // leap day

    // Since 2007: second Sunday of March (2019-03-10) to first Sunday of November (2019-11-03).
    CHECK(acceptance_to_utc("20190310015959") == "2019-03-10T06:59:59Z");
    CHECK(acceptance_to_utc("20190310030000") == "2019-03-10T07:00:00Z");
    CHECK(acceptance_to_utc("20191103005959") == "2019-11-03T04:59:59Z");
    CHECK(acceptance_to_utc("20191103020000") == "2019-11-03T07:00:00Z");
    // 1987–2006: first Sunday of April (2006-04-02) to last Sunday of October (2006-10-29).
    CHECK(acceptance_to_utc("20060401120000") == "2006-04-01T17:00:00Z");
    CHECK(acceptance_to_utc("20060402120000") == "2006-04-02T16:00:00Z");
    CHECK(acceptance_to_utc("20060311120000") == "2006-03-11T17:00:00Z");  // 2007 rule not yet
    CHECK(acceptance_to_utc("20061028120000") == "2006-10-28T16:00:00Z");
    CHECK(acceptance_to_utc("20061029120000") == "2006-10-29T17:00:00Z");
    CHECK(acceptance_to_utc("20061104120000") == "2006-11-04T17:00:00Z");
    // Before 1987: last Sunday of April (1986-04-27).
    CHECK(acceptance_to_utc("19860420120000") == "1986-04-20T17:00:00Z");
    CHECK(acceptance_to_utc("19860427120000") == "1986-04-27T16:00:00Z");

    CHECK(acceptance_to_utc("20191115250000").empty());
    CHECK(acceptance_to_utc("20191131120000").empty());
    CHECK(acceptance_to_utc("2019111506022").empty());
    CHECK(acceptance_to_utc("").empty());
}

TEST_CASE("CIK, accession and IRS normalizers", "[parse]") {
    CHECK(parse_cik("0000842517") == 842517);
    CHECK(parse_cik(" 320193 ") == 320193);
    CHECK_FALSE(parse_cik("0000000000").has_value());
    CHECK_FALSE(parse_cik("12a").has_value());
    CHECK_FALSE(parse_cik("").has_value());
    CHECK_FALSE(parse_cik("99999999999").has_value());

    CHECK(normalize_accession("0000950144-94-000103") == "0000950144-94-000103");
    CHECK(normalize_accession("000095014494000103") == "0000950144-94-000103");
    CHECK(normalize_accession("0000950144-94-00010").empty());
    CHECK(normalize_accession("00009501449400010x").empty());

    CHECK(accession_from_name("/data/feed/0000950144-94-000103.nc") == "0000950144-94-000103");
    CHECK(accession_from_name("0001104659-25-002604.hdr.sgml") == "0001104659-25-002604");
    CHECK(accession_from_name("edgar/data/100240/0000950144-94-000103.txt") ==
          "0000950144-94-000103");
    CHECK(accession_from_name("Archives/edgar/data/320193/000032019319000119/aapl.htm") ==
          "0000320193-19-000119");
    CHECK(accession_from_name("x/000032019319000119.txt") == "0000320193-19-000119");
    CHECK(accession_from_name("20191115.nc.tar.gz").empty());
    CHECK(accession_from_name("x/000032019319000119.htm").empty());
    CHECK(accession_from_name("10000950144-94-000103.txt").empty());

    CHECK(normalize_irs("12345678") == "012345678");
    CHECK(normalize_irs("123456789") == "123456789");
    CHECK(normalize_irs("04-3387074") == "043387074");
    CHECK(normalize_irs("000000000").empty());
    CHECK(normalize_irs("N/A").empty());
    CHECK(normalize_irs("1234").empty());
}

TEST_CASE("SIC and SEC act normalizers", "[parse]") {
    Sic a = parse_sic("STATE COMMERCIAL BANKS [6022]");
    CHECK(a.code == 6022);
    CHECK(a.description == "STATE COMMERCIAL BANKS");
    Sic b = parse_sic("4833");
    CHECK(b.code == 4833);
    CHECK(b.description.empty());
    Sic c = parse_sic(" [6211");
    CHECK(c.code == 6211);
    CHECK(c.description.empty());
    Sic d = parse_sic("[]");
    CHECK_FALSE(d.code.has_value());
    CHECK(d.description.empty());
    Sic e = parse_sic("SERVICES-PREPACKAGED SOFTWARE");
    CHECK_FALSE(e.code.has_value());
    CHECK(e.description == "SERVICES-PREPACKAGED SOFTWARE");

    CHECK(normalize_sec_act("1934 Act") == "34");
    CHECK(normalize_sec_act("1933 ACT") == "33");
    CHECK(normalize_sec_act("1940 Act") == "40");
    CHECK(normalize_sec_act("34") == "34");
    CHECK(normalize_sec_act("DF") == "DF");
    CHECK(normalize_sec_act("Dodd Frank Act") == "DF");
    CHECK(normalize_sec_act("Dodd-Frank Act") == "DF");
    CHECK(normalize_sec_act("  ").empty());
}

TEST_CASE("form families, amendments and party roles", "[parse]") {
    CHECK(form_family("8-K") == "8-K");
    CHECK(form_family("8-K/A") == "8-K");
    CHECK(form_family("8-K12B") == "8-K");
    CHECK(form_family("8-K12G3") == "8-K");
    CHECK(form_family("8-K15D5") == "8-K");
    CHECK(form_family("8-A12B") == "8-A12B");
    CHECK(form_family("10-K405") == "10-K");
    CHECK(form_family("10-KSB") == "10-K");
    CHECK(form_family("10-KT") == "10-K");
    CHECK(form_family("10-K/A") == "10-K");
    CHECK(form_family("10-Q/A") == "10-Q");
    CHECK(form_family("10-QSB") == "10-Q");
    CHECK(form_family("10-D") == "10-D");
    CHECK(form_family("NT 10-K") == "NT 10-K");
    CHECK(form_family("SC 13D/A") == "SC 13D");
    CHECK(form_family("13F-HR") == "13F-HR");
    // Renamed by EDGAR in December 2024: the same family before and after.
    CHECK(form_family("SCHEDULE 13G") == "SC 13G");
    CHECK(form_family("SCHEDULE 13D/A") == "SC 13D");
    CHECK(form_family("schedule 13g/a") == "SC 13G");
    CHECK(form_family("SCHEDULE TO-T") == "SCHEDULE TO-T");
    // ATS-N amendments by kind.
    CHECK(form_family("ATS-N/UA") == "ATS-N");
    CHECK(form_family("ATS-N/MA") == "ATS-N");
    CHECK(form_family("ATS-N/CA") == "ATS-N");
    CHECK(form_family("ATS-N") == "ATS-N");
    CHECK(is_amendment("ATS-N/UA"));
    CHECK(is_amendment("ats-n/ma"));
    CHECK_FALSE(is_amendment("ATS-N"));
    CHECK_FALSE(is_amendment("ATS-N-C"));
    CHECK(is_amendment("8-K/A"));
    CHECK(is_amendment("SC 13D/A"));
    CHECK_FALSE(is_amendment("8-K"));
    CHECK_FALSE(is_amendment("ABS-15G"));

    CHECK(party_role("FILER") == "filer");
    CHECK(party_role("FILED BY") == "filed_by");
    CHECK(party_role("FILED-BY") == "filed_by");
    CHECK(party_role("REPORTING-OWNER") == "reporting_owner");
    CHECK(party_role("ISSUING_ENTITY") == "issuing_entity");
    CHECK(party_role("subject company") == "subject_company");
    CHECK(party_role("COMPANY DATA").empty());
}

TEST_CASE("8-K legacy crosswalk and era boundary", "[parse]") {
    CHECK(is_legacy_8k_era("2004-08-22"));
    CHECK_FALSE(is_legacy_8k_era("2004-08-23"));
    CHECK_FALSE(is_legacy_8k_era(""));
    CHECK(legacy_8k_to_current(1, "1999-01-01") == std::string("5.01"));
    CHECK(legacy_8k_to_current(12, "2003-10-08") == std::string("2.02"));
    CHECK_FALSE(legacy_8k_to_current(9, "2000-10-22").has_value());
    CHECK(legacy_8k_to_current(9, "2000-10-23") == std::string("7.01"));
    CHECK_FALSE(legacy_8k_to_current(13, "2003-01-01").has_value());

    // Dotted codes are current; on the boundary date itself captions and codes are current.
    const std::vector<std::string> codes = {"2.02", "12"};
    auto before = header_items(codes, "8-K", "2004-08-22", "");
    auto on = header_items(codes, "8-K", "20040823", "");
    REQUIRE(before.size() == 2);
    REQUIRE(on.size() == 2);
    CHECK(before[0].item_code == std::string("2.02"));
    CHECK(before[1].item_code == std::string("2.02"));
    CHECK(before[1].item_raw == "12");
    CHECK(on[0].item_code == std::string("2.02"));
    CHECK(on[0].title == "Results of Operations and Financial Condition");
}

TEST_CASE("header items: Item 9 before and after Regulation FD", "[parse]") {
    auto y1999 = header_items({"9"}, "8-K", "1999-06-01", "");
    REQUIRE(y1999.size() == 1);
    CHECK_FALSE(y1999[0].item_code.has_value());
    CHECK(y1999[0].item_raw == "9");
    CHECK(y1999[0].title == "9");
    auto y2001 = header_items({"9"}, "8-K", "2001-06-01", "");
    REQUIRE(y2001.size() == 1);
    CHECK(y2001[0].item_code == std::string("7.01"));
    CHECK(y2001[0].title == "Regulation FD Disclosure");
    // Without a filing date the period of report decides.
    auto by_period = header_items({"9"}, "8-K", "", "20010101");
    CHECK(by_period[0].item_code == std::string("7.01"));
}

TEST_CASE("header items: captions of every era map by meaning", "[parse]") {
    const std::vector<std::string> captions = {
        "Results of Operations and Financial Condition",
        "REGULATION FD DISCLOSURE",
        "Financial statements and exhibits",
        "Other events",
        "Changes in control of registrant",
        "Acquisition or disposition of assets",
        "Resignations of registrant's directors",
        "Change in fiscal year",
        "Regulation FD",
        "Departure of Directors or Principal Officers; Election of Directors; Appointment of "
        "Principal Officers",
        "Cost Associated with Exit or Disposal Activities",
        "Non-Reliance on Previously Issued Financial Statements or a Related Audit Report or "
        "Completed Interim Review",
        "Financial Statements, Pro Forma Financial Information and Exhibits",
        "",
        "Something Nobody Ever Filed",
    };
    const char* expected[] = {"2.02", "7.01", "9.01", "8.01", "5.01", "2.01", "5.02",
                              "5.03", "7.01", "5.02", "2.05", "4.02", "9.01"};
    for (const char* date : {"1996-05-01", "2004-08-23", "2019-11-15"}) {
        const auto items = header_items(captions, "8-K/A", date, "");
        REQUIRE(items.size() == captions.size() - 1);  // the empty value gives no item
        for (std::size_t i = 0; i < 13; ++i) {
            INFO(captions[i] << " on " << date);
            CHECK(items[i].item_code == std::string(expected[i]));
            CHECK(items[i].item_raw == captions[i]);
            CHECK(items[i].seq == static_cast<int>(i) + 1);
            CHECK(items[i].source == "header");
            CHECK(items[i].part.empty());
        }
        CHECK_FALSE(items[13].item_code.has_value());
        CHECK(items[13].title == "Something Nobody Ever Filed");
    }
    const auto other = header_items({"Other Events"}, "8-K12B", "2019-01-01", "");
    CHECK(other[0].title == "Other Events");
    CHECK(other[0].item_code == std::string("8.01"));
}

TEST_CASE("header items: other forms keep raw values unmapped", "[parse]") {
    for (const char* form : {"D", "D/A", "ABS-15G", "10-K"}) {
        const auto items = header_items({"06b", "3C.7", "2.01", "7"}, form, "2024-01-01", "");
        REQUIRE(items.size() == 4);
        for (const auto& item : items) {
            CHECK_FALSE(item.item_code.has_value());
            CHECK(item.title == item.item_raw);
        }
        CHECK(items[1].item_raw == "3C.7");
    }
}
