#include "cli/reconcile_cmd.hpp"

#include <cstdio>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "cli/app.hpp"
#include "db/backend.hpp"
#include "index/index_file.hpp"
#include "walk/walker.hpp"

namespace edgarsql::cli {

namespace {

// The quarter of an ISO date column as 'YYYYQn', in SQL both dialects accept.
std::string quarter_sql(const std::string& column) {
    const std::string text = "CAST(" + column + " AS TEXT)";
    return "substr(" + text + ", 1, 4) || 'Q' || ((CAST(substr(" + text +
           ", 6, 2) AS INTEGER) + 2) / 3)";
}

// Reads every index file under the arguments (the walker opens .gz and .zip) and loads each
// into the database as soon as it is parsed, so memory holds one file's entries at a time.
class IndexLoader : public walk::Visitor {
  public:
    explicit IndexLoader(db::Backend& backend) : backend_(backend) {}

    bool want(const model::SourceRef&) override { return true; }
    bool want_archive(const model::SourceRef&) override { return true; }
    void archive_done(const model::SourceRef&, std::int64_t, walk::ArchiveState) override {}

    bool accept(walk::Input&& input) override {
        const std::string name = input.source.display();
        if (!input.error.empty()) {
            spdlog::error("cannot read {}: {}", name, input.error);
            ++errors_;
            return true;
        }
        const index::ParsedIndex parsed = index::parse_index(input.bytes);
        if (parsed.layout == index::Layout::unknown) {
            spdlog::error("{} is not an EDGAR index file (no column header found)", name);
            ++errors_;
            return true;
        }
        if (parsed.bad_lines > 0) {
            spdlog::warn("{}: {} lines not read as entries (first at line {})", name,
                         parsed.bad_lines, parsed.bad_line_numbers.front());
        }
        spdlog::info("{}: {} index, {} entries", name, index::to_string(parsed.layout),
                     parsed.entries.size());
        backend_.load_index_entries(parsed.entries, name);
        names_.push_back(name);
        entries_ += static_cast<std::int64_t>(parsed.entries.size());
        bad_lines_ += parsed.bad_lines;
        ++files_;
        return true;
    }

    std::int64_t files() const { return files_; }
    std::int64_t entries() const { return entries_; }
    std::int64_t bad_lines() const { return bad_lines_; }
    std::int64_t errors() const { return errors_; }
    /// The names the entries were loaded under (index_entries.index_file).
    const std::vector<std::string>& names() const { return names_; }

  private:
    db::Backend& backend_;
    std::vector<std::string> names_;
    std::int64_t files_ = 0;
    std::int64_t entries_ = 0;
    std::int64_t bad_lines_ = 0;
    std::int64_t errors_ = 0;
};

// The names as a SQL list of string literals ('' doubled): file paths, in a statement that
// both dialects read alike.
std::string sql_list(const std::vector<std::string>& names) {
    std::string out = "(";
    for (const std::string& name : names) {
        if (out.size() > 1) out += ", ";
        out += '\'';
        for (const char c : name) {
            if (c == '\'') out += '\'';
            out += c;
        }
        out += '\'';
    }
    return out + ")";
}

std::string count_of(const std::vector<db::Backend::Row>& rows) {
    return rows.empty() || rows[0].empty() || !rows[0][0] ? "0" : *rows[0][0];
}

}  // namespace

void setup_reconcile(CLI::App& app, ReconcileOptions& o) {
    app.add_option("INDEX", o.indexes,
                   "EDGAR index files (master, form, company; .idx, .gz, .zip) or directories")
        ->required();
    o.db.add_to(app);
    o.log.add_to(app, /*with_log_file=*/false);
    app.add_option("--list", o.list, "How many accessions to list in each direction")
        ->check(CLI::Range(0, 1'000'000));
}

int run_reconcile(const ReconcileOptions& o) {
    o.log.apply();
    const std::string url = o.db.resolve();
    try {
        // The index is compared with what was ingested: a database that does not exist yet (a
        // mistyped path) would only report everything missing.
        const std::string file = db::sqlite_path(url);
        if (!file.empty() && file != ":memory:" && !std::filesystem::exists(file))
            throw db::Error("no such database: " + file, /*fatal=*/true);
        auto backend = db::open_backend(url);
        backend->migrate();
        IndexLoader loader(*backend);
        walk::walk(o.indexes, walk::Options{}, loader);
        if (loader.errors() > 0) return kExitFailed;
        const std::int64_t filled = backend->fill_from_index();
        // The report is about the index files of this command, not every one loaded before:
        // an index of another quarter, loaded once, would otherwise keep every later
        // reconcile at exit 3.
        const std::string these =
            "index_file IN " + (loader.names().empty() ? std::string("('')")
                                                       : sql_list(loader.names()));

        // Listed in these index files, absent from filings.
        const std::string missing_from =
            "FROM (SELECT accession_number, min(form_family) AS form_family, "
            "min(form_type) AS form_type, min(date_filed) AS date_filed, min(cik) AS cik "
            "FROM index_entries WHERE " + these + " GROUP BY accession_number) e "
            "WHERE NOT EXISTS (SELECT 1 FROM filings f "
            "WHERE f.accession_number = e.accession_number)";
        // In filings, in a quarter these index files cover, not listed in any index loaded.
        const std::string covered = "(SELECT DISTINCT " + quarter_sql("date_filed") +
                                    " AS q FROM index_entries WHERE " + these + ")";
        const std::string extra_from =
            "FROM filings f WHERE f.accession_number IS NOT NULL AND f.filed_date IS NOT NULL "
            "AND " + quarter_sql("f.filed_date") + " IN " + covered +
            " AND NOT EXISTS (SELECT 1 FROM index_entries e "
            "WHERE e.accession_number = f.accession_number)";

        const auto missing = backend->query("SELECT count(*) " + missing_from);
        const auto extra = backend->query("SELECT count(*) " + extra_from);
        const auto listed = backend->query(
            "SELECT count(DISTINCT accession_number) FROM index_entries WHERE " + these);

        std::printf("Index files read: %lld (%lld entries, %lld lines not read)\n",
                    static_cast<long long>(loader.files()),
                    static_cast<long long>(loader.entries()),
                    static_cast<long long>(loader.bad_lines()));
        std::printf("Accessions these index files list: %s\n", count_of(listed).c_str());
        std::printf("Filings completed from the index: %lld\n", static_cast<long long>(filled));

        std::printf("\nListed in the index, missing from filings: %s\n", count_of(missing).c_str());
        if (count_of(missing) != "0") {
            print_table({"form_family", "quarter", "missing"},
                        backend->query("SELECT e.form_family, " + quarter_sql("e.date_filed") +
                                       " AS q, count(*) " + missing_from +
                                       " GROUP BY e.form_family, q ORDER BY q, e.form_family"));
            std::printf("\n");
            print_table({"accession_number", "form_type", "date_filed", "cik"},
                        backend->query("SELECT e.accession_number, e.form_type, "
                                       "CAST(e.date_filed AS TEXT), e.cik " + missing_from +
                                       " ORDER BY e.date_filed, e.accession_number LIMIT " +
                                       std::to_string(o.list)));
        }
        std::printf("\nIn filings, not listed in the index (quarters it covers): %s\n",
                    count_of(extra).c_str());
        if (count_of(extra) != "0") {
            print_table({"form_family", "quarter", "unlisted"},
                        backend->query("SELECT f.form_family, " + quarter_sql("f.filed_date") +
                                       " AS q, count(*) " + extra_from +
                                       " GROUP BY f.form_family, q ORDER BY q, f.form_family"));
            std::printf("\n");
            print_table({"accession_number", "form_type", "filed_date", "source_path"},
                        backend->query("SELECT f.accession_number, f.form_type, "
                                       "CAST(f.filed_date AS TEXT), f.source_path " + extra_from +
                                       " ORDER BY f.filed_date, f.accession_number LIMIT " +
                                       std::to_string(o.list)));
        }
        return with_output_flushed(count_of(missing) == "0" ? kExitOk : kExitRejects);
    } catch (const std::exception& e) {
        spdlog::error("reconcile {}: {}", db::mask_password(url), db::mask_password(e.what()));
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
