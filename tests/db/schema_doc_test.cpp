// docs/schema.md against the migrated schema: every table and column with its SQLite and
// PostgreSQL type, and every view with its columns, must be documented, and nothing documented
// may be missing from the database.

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "db/backend.hpp"
#include "db/postgres_test_support.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using edgarsql::test::PostgresDb;
using edgarsql::test::read_file;
using edgarsql::test::TempDir;

namespace {

struct DocTable {
    std::map<std::string, std::pair<std::string, std::string>> columns;  // name → (sqlite, pg)
    std::string text;                                                   // the section
};

// Sections '### `name`' under '## Tables' and '## Views'.
void parse_doc(std::map<std::string, DocTable>& tables, std::map<std::string, DocTable>& views) {
    const std::string md = read_file(fs::path(EDGARSQL_SOURCE_DIR) / "docs" / "schema.md");
    const std::size_t views_at = md.find("\n## Views");
    REQUIRE(views_at != std::string::npos);
    const std::regex heading(R"(\n### `(\w+)`)");
    // A type of '-' marks a column the backend does not have (PostgreSQL's stored tsvector).
    const std::regex row(R"(\n\| `(\w+)` \| (\w+|-) \| (\w+|-) \|)");
    for (auto it = std::sregex_iterator(md.begin(), md.end(), heading);
         it != std::sregex_iterator(); ++it) {
        const std::size_t start = static_cast<std::size_t>(it->position(0));
        std::size_t end = md.find("\n## ", start + 1);
        end = std::min(end, md.find("\n### ", start + 1));
        DocTable t;
        t.text = md.substr(start, end == std::string::npos ? std::string::npos : end - start);
        for (auto r = std::sregex_iterator(t.text.begin(), t.text.end(), row);
             r != std::sregex_iterator(); ++r)
            t.columns[(*r)[1]] = {(*r)[2], (*r)[3]};
        (start > views_at ? views : tables)[(*it)[1]] = t;
    }
}

// A view documented as existing on one backend only.
bool only_on(const DocTable& view, const char* backend) {
    return view.text.find(std::string(backend) + " only") != std::string::npos;
}

bool internal_table(const std::string& name) {
    return name.rfind("sqlite_", 0) == 0 || name.find("_fts") != std::string::npos;
}

}  // namespace

TEST_CASE("docs/schema.md matches the SQLite schema", "[db][schema-doc]") {
    std::map<std::string, DocTable> tables, views;
    parse_doc(tables, views);
    REQUIRE(!tables.empty());
    TempDir tmp;
    auto backend = edgarsql::db::open_backend((tmp / "s.db").string());
    backend->migrate();

    std::set<std::string> seen;
    for (const auto& r : backend->query("SELECT name, type FROM sqlite_master WHERE type IN "
                                        "('table', 'view') ORDER BY name")) {
        const std::string name = r[0].value_or("");
        if (internal_table(name)) continue;
        const bool view = r[1].value_or("") == "view";
        INFO((view ? "view " : "table ") << name);
        auto& doc = view ? views : tables;
        REQUIRE(doc.count(name) == 1);
        seen.insert(name);
        std::set<std::string> columns;
        for (const auto& c : backend->query("PRAGMA table_info(" + name + ")")) {
            const std::string column = c[1].value_or("");
            INFO("column " << column);
            columns.insert(column);
            if (view) {
                CHECK(doc[name].text.find("`" + column + "`") != std::string::npos);
            } else {
                REQUIRE(doc[name].columns.count(column) == 1);
                CHECK(doc[name].columns[column].first == c[2].value_or(""));
            }
        }
        if (!view)
            for (const auto& [column, types] : doc[name].columns) {
                INFO("documented column " << column);
                CHECK(columns.count(column) == (types.first == "-" ? 0U : 1U));
            }
    }
    for (const auto& [name, t] : tables) {
        INFO("documented table " << name);
        CHECK(seen.count(name) == 1);
    }
    for (const auto& [name, t] : views) {
        INFO("documented view " << name);
        CHECK(seen.count(name) == (only_on(t, "PostgreSQL") ? 0U : 1U));
    }
}

TEST_CASE("docs/schema.md matches the PostgreSQL schema", "[db][schema-doc][postgres]") {
    if (!edgarsql::test::postgres_available()) return;
    std::map<std::string, DocTable> tables, views;
    parse_doc(tables, views);
    PostgresDb pg;
    auto backend = edgarsql::db::open_backend(pg.url());
    backend->migrate();
    std::set<std::string> seen;
    std::map<std::string, std::set<std::string>> columns_of;
    for (const auto& r : backend->query(
             "SELECT c.table_name, c.column_name, upper(c.data_type), t.table_type "
             "FROM information_schema.columns c JOIN information_schema.tables t "
             "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
             "WHERE c.table_schema = current_schema() ORDER BY 1, c.ordinal_position")) {
        const std::string name = r[0].value_or("");
        const std::string column = r[1].value_or("");
        std::string type = r[2].value_or("");
        if (type == "TIMESTAMP WITH TIME ZONE") type = "TIMESTAMPTZ";
        const bool view = r[3].value_or("") == "VIEW";
        INFO((view ? "view " : "table ") << name << " column " << column);
        auto& doc = view ? views : tables;
        REQUIRE(doc.count(name) == 1);
        seen.insert(name);
        columns_of[name].insert(column);
        if (view) {
            CHECK(doc[name].text.find("`" + column + "`") != std::string::npos);
        } else {
            REQUIRE(doc[name].columns.count(column) == 1);
            CHECK(doc[name].columns[column].second == type);
        }
    }
    for (const auto& [name, t] : tables) {
        INFO("documented table " << name);
        CHECK(seen.count(name) == 1);
        for (const auto& [column, types] : t.columns) {
            INFO("documented column " << column);
            CHECK(columns_of[name].count(column) == (types.second == "-" ? 0U : 1U));
        }
    }
    for (const auto& [name, t] : views) {
        INFO("documented view " << name);
        CHECK(seen.count(name) == (only_on(t, "SQLite") ? 0U : 1U));
    }
}
