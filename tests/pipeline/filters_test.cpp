// --forms, --no-amendments, --since/--until, --include/--exclude and name pruning with margin.

#include <catch2/catch.hpp>
#include <stdexcept>

#include "parse/values.hpp"
#include "pipeline/filters.hpp"

using edgarsql::model::Filing;
using edgarsql::model::SourceRef;
using edgarsql::pipeline::Filters;

namespace {

Filing filing(const std::string& type, const std::string& family, bool amendment,
              const std::string& filed) {
    Filing f;
    f.form_type = type;
    f.form_family = family;
    f.is_amendment = amendment;
    f.filed_date = filed;
    return f;
}

SourceRef file(const std::string& relative) {
    SourceRef r;
    r.path = "/archive/" + relative;
    r.relative = relative;
    return r;
}

SourceRef member(const std::string& archive, const std::string& name) {
    SourceRef r = file(archive);
    r.member = name;
    r.relative = archive + "!" + name;
    return r;
}

Filters dates(const std::string& since, const std::string& until) {
    return Filters::build("", false, since, until, {}, {});
}

}  // namespace

TEST_CASE("filters: --forms takes whole families and exact types with their amendments", "[pipeline]") {
    const Filters f = Filters::build("8-K, 10-k405", false, "", "", {}, {});
    CHECK_FALSE(f.filing_rejection(filing("8-K", "8-K", false, "2020-01-02")));
    CHECK_FALSE(f.filing_rejection(filing("8-K/A", "8-K", true, "2020-01-02")));
    CHECK_FALSE(f.filing_rejection(filing("8-K12B", "8-K", false, "2020-01-02")));
    CHECK_FALSE(f.filing_rejection(filing("10-K405", "10-K", false, "1999-03-01")));
    CHECK_FALSE(f.filing_rejection(filing("10-K405/A", "10-K", true, "1999-03-01")));
    const auto why = f.filing_rejection(filing("10-K", "10-K", false, "2020-03-01"));
    REQUIRE(why);
    CHECK(why->find("not in --forms") != std::string::npos);
    CHECK(f.filing_rejection(filing("10-Q", "10-Q", false, "2020-03-01")));
}

TEST_CASE("filters: a schedule's family spans EDGAR's rename; its new name alone is a type",
          "[pipeline]") {
    const Filters family = Filters::build("SC 13G", false, "", "", {}, {});
    CHECK_FALSE(family.rejection("SC 13G/A", "2019-02-14"));
    CHECK_FALSE(family.rejection("SCHEDULE 13G", "2025-02-14"));
    CHECK_FALSE(family.rejection("SCHEDULE 13G/A", "2025-02-14"));
    CHECK(family.rejection("SCHEDULE 13D", "2025-02-14"));
    const Filters renamed = Filters::build("SCHEDULE 13G", false, "", "", {}, {});
    CHECK_FALSE(renamed.rejection("SCHEDULE 13G/A", "2025-02-14"));
    CHECK(renamed.rejection("SC 13G", "2019-02-14"));
    const Filters no_amendments = Filters::build("ATS-N", true, "", "", {}, {});
    CHECK_FALSE(no_amendments.rejection("ATS-N", "2023-05-01"));
    CHECK(no_amendments.rejection("ATS-N/UA", "2023-05-01"));
}

TEST_CASE("filters: --no-amendments leaves out /A forms even when their family is asked for",
          "[pipeline]") {
    const Filters f = Filters::build("8-K", true, "", "", {}, {});
    CHECK(f.filing_rejection(filing("8-K/A", "8-K", true, "2020-01-02")));
    CHECK_FALSE(f.filing_rejection(filing("8-K", "8-K", false, "2020-01-02")));
    const Filters any_form = Filters::build("", true, "", "", {}, {});
    CHECK(any_form.filing_rejection(filing("10-Q/A", "10-Q", true, "2020-01-02")));
}

TEST_CASE("filters: --since and --until are inclusive on the filing date", "[pipeline]") {
    const Filters f = dates("2020-01-01", "2020-12-31");
    CHECK_FALSE(f.filing_rejection(filing("4", "4", false, "2020-01-01")));
    CHECK_FALSE(f.filing_rejection(filing("4", "4", false, "2020-12-31")));
    CHECK(f.filing_rejection(filing("4", "4", false, "2019-12-31")));
    CHECK(f.filing_rejection(filing("4", "4", false, "2021-01-01")));
    // No filing date: nothing proves it outside the range.
    CHECK_FALSE(f.filing_rejection(filing("4", "4", false, "")));
}

TEST_CASE("filters: malformed filter values are usage errors", "[pipeline]") {
    CHECK_THROWS_AS(dates("2020-13-01", ""), std::invalid_argument);
    CHECK_THROWS_AS(dates("2021-02-29", ""), std::invalid_argument);
    CHECK_THROWS_AS(dates("20200101", ""), std::invalid_argument);
    CHECK_THROWS_AS(dates("2021-01-01", "2020-01-01"), std::invalid_argument);
    CHECK_THROWS_AS(Filters::build("8-K,,10-K", false, "", "", {}, {}), std::invalid_argument);
    CHECK_NOTHROW(dates("2020-02-29", ""));
}

TEST_CASE("filters: feed files are pruned by name only beyond the margin", "[pipeline]") {
    const Filters f = dates("2020-06-01", "2020-06-30");
    // Disseminated before --since: every filing in it was filed before too.
    CHECK_FALSE(f.name_may_match(file("feeds/20200530.nc.tar.gz")));
    // The day before --since is kept (one day of slack).
    CHECK(f.name_may_match(file("feeds/20200531.nc.tar.gz")));
    CHECK(f.name_may_match(file("feeds/20200615.nc.tar.gz")));
    // Disseminated after --until may still carry filings filed inside the range…
    CHECK(f.name_may_match(file("feeds/20201015.nc.tar.gz")));
    CHECK(f.name_may_match(file("feeds/20210601.nc.tgz")));
    // …but not beyond the margin.
    CHECK_FALSE(f.name_may_match(file("feeds/20220101.nc.tar.gz")));
    // A feed inside another archive.
    CHECK_FALSE(f.name_may_match(member("2020-QTR2.tar", "20200530.nc.tar.gz")));
    CHECK_FALSE(
        dates("2021-01-01", "").name_may_match(member("q.tar", "f.tar!0000000001-19-000001.nc")));
    // Names that are not feed names are never pruned.
    CHECK(f.name_may_match(file("feeds/notes-20100101.nc.tar.gz")));
    CHECK(f.name_may_match(file("feeds/99999999.nc.tar.gz")));
}

TEST_CASE("filters: accession-named files are pruned by submission year with a year of margin",
          "[pipeline]") {
    const Filters f = dates("2010-01-01", "2012-12-31");
    CHECK_FALSE(f.name_may_match(file("edgar/data/320193/0000320193-07-000005.txt")));
    CHECK(f.name_may_match(file("edgar/data/320193/0000320193-09-000005.txt")));
    CHECK(f.name_may_match(file("edgar/data/320193/0000320193-13-000005.txt")));
    CHECK_FALSE(f.name_may_match(file("edgar/data/320193/0000320193-14-000005.txt")));
    // 1990s accession years.
    CHECK_FALSE(f.name_may_match(member("feed.tar", "0000320193-97-000005.nc")));
    // No date filter: nothing is pruned.
    CHECK(dates("", "").name_may_match(file("edgar/data/1/0000000001-97-000001.txt")));
}

TEST_CASE("filters: --include and --exclude select inputs by name or relative path", "[pipeline]") {
    const Filters f =
        Filters::build("", false, "", "", {"*.txt", "*.nc"}, {"*-index.htm", "tmp/*"});
    CHECK(f.glob_selects(file("edgar/data/1/a.txt")));
    CHECK(f.glob_selects(file("edgar/data/1/a.txt.gz")));
    CHECK_FALSE(f.glob_selects(file("edgar/data/1/a.htm")));
    CHECK_FALSE(f.glob_selects(file("edgar/data/1/x-index.htm")));
    CHECK_FALSE(f.glob_selects(file("tmp/a.txt")));
    // Containers pass --include so that their members can be tested.
    CHECK(f.glob_selects(file("feeds/20200102.nc.tar.gz")));
    CHECK(f.glob_selects(member("feeds/20200102.nc.tar.gz", "0000000001-20-000001.nc")));
    CHECK_FALSE(f.glob_selects(member("feeds/20200102.nc.tar.gz", "readme.pdf")));
    // Members of an archive inside an archive: the name after the last '!'.
    const Filters acc = Filters::build("", false, "", "", {"0000000001-*"}, {"skip*"});
    CHECK(acc.glob_selects(member("q.tar", "20200102.nc.tar.gz!0000000001-20-000001.nc")));
    CHECK_FALSE(acc.glob_selects(member("q.tar", "20200102.nc.tar.gz!0000000002-20-000001.nc")));
    CHECK_FALSE(acc.glob_selects(member("q.tar", "in.zip!skip.txt")));
    CHECK(acc.glob_selects(member("q.tar", "in.zip!0000000001-20-000001.nc")));
    // Elsewhere '!' is a character like any other.
    CHECK(acc.glob_selects(file("skip!0000000001-20-000001.txt")) == false);
    CHECK(Filters::build("", false, "", "", {}, {"*!b.txt"}).glob_selects(file("a!b.txt")) ==
          false);
    CHECK(Filters::build("", false, "", "", {}, {"b.txt"}).glob_selects(file("a!b.txt")));
    CHECK(Filters::build("", false, "", "", {}, {}).empty());
    CHECK_FALSE(f.empty());
}

TEST_CASE("filters: a stored form type and date get the decision the filing got", "[pipeline]") {
    // A later run decides from ingest_files.filtered_form_type and filtered_filing_date alone,
    // so the family and amendment flag must follow from the form type as the parser derives
    // them: each case names the family the parser gives and the decision expected.
    struct Case {
        const char* filters;  // --forms
        bool no_amendments;
        const char* since;
        const char* form;
        const char* family;
        bool amendment;
        const char* filed;
        bool refused;
    };
    const Case cases[] = {
        {"8-K", false, "", "8-K12B", "8-K", false, "2020-05-05", false},
        {"8-K", false, "", "8-K/A", "8-K", true, "2020-05-05", false},
        {"8-K", true, "", "8-K/A", "8-K", true, "2020-05-05", true},
        {"8-K", false, "", "10-K", "10-K", false, "2020-05-05", true},
        {"10-K", false, "", "10-K405", "10-K", false, "1999-03-01", false},
        {"10-K", false, "", "10-KSB/A", "10-K", true, "1999-03-01", false},
        {"10-K405", false, "", "10-K", "10-K", false, "1999-03-01", true},
        {"10-K405", false, "", "10-K405/A", "10-K", true, "1999-03-01", false},
        {"10-Q", false, "", "10-QSB", "10-Q", false, "2001-08-14", false},
        {"4", false, "", "4/A", "4", true, "2020-06-30", false},
        {"", true, "", "SC 13G/A", "SC 13G", true, "2020-06-30", true},
        {"", false, "2021-01-01", "8-K", "8-K", false, "2020-12-31", true},
        {"", false, "2021-01-01", "8-K", "8-K", false, "", false},
        {"8-K", false, "", "", "", false, "", true},
    };
    for (const Case& c : cases) {
        INFO("--forms '" << c.filters << "', form '" << c.form << "', filed '" << c.filed << "'");
        const Filters f = Filters::build(c.filters, c.no_amendments, c.since, "", {}, {});
        CHECK(edgarsql::parse::form_family(c.form) == c.family);
        CHECK(edgarsql::parse::is_amendment(c.form) == c.amendment);
        CHECK(f.rejection(c.form, c.filed).has_value() == c.refused);
        CHECK(f.filing_rejection(filing(c.form, c.family, c.amendment, c.filed)).has_value() ==
              c.refused);
    }
}
