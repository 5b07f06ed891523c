#include "cli/stats_cmd.hpp"

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "cli/app.hpp"
#include "db/backend.hpp"

namespace edgarsql::cli {

namespace {

// The tables whose row counts are shown, in the order of the data contract.
constexpr const char* kTables[] = {"registrants", "former_names",   "filings",
                                   "filing_parties", "header_fields", "items",
                                   "documents",   "exhibits",       "ingest_runs",
                                   "ingest_files"};

std::string cell(const db::Backend::Row& row, std::size_t i) {
    return i < row.size() && row[i] ? *row[i] : std::string("-");
}

}  // namespace

void setup_stats(CLI::App& app, StatsOptions& o) {
    o.db.add_to(app);
    o.log.add_to(app, /*with_log_file=*/false);
    app.add_option("--runs", o.runs, "How many recent runs to list")->check(CLI::Range(0, 10000));
    app.add_option("--rejections", o.rejections, "How many rejected inputs to list")
        ->check(CLI::Range(0, 100000));
}

int run_stats(const StatsOptions& o) {
    o.log.apply();
    const std::string url = o.db.resolve();
    try {
        auto backend = open_for_reading(url);
        std::printf("Database: %s\n\nRows per table:\n", db::mask_password(url).c_str());
        std::vector<db::Backend::Row> counts;
        for (const char* table : kTables) {
            auto rows = backend->query(std::string("SELECT count(*) FROM ") + table);
            counts.push_back({std::string(table), rows.empty() ? std::nullopt : rows[0][0]});
        }
        print_table({"table", "rows"}, counts);

        auto newest = backend->query("SELECT max(filed_date) FROM filings");
        std::printf("\nNewest filing date: %s\n",
                    newest.empty() ? "-" : cell(newest[0], 0).c_str());
        std::printf("\nFilings by form family and year:\n");
        print_table({"form_family", "year", "filings"},
                    backend->query("SELECT coalesce(form_family, '-'), "
                                   "coalesce(substr(CAST(filed_date AS TEXT), 1, 4), '-') AS y, "
                                   "count(*) FROM filings GROUP BY 1, y ORDER BY 1, y"));
        std::printf("\nHeader and body items per filing (view item_agreement):\n");
        print_table({"form_family", "agree", "differ", "header_only", "body_only"},
                    backend->query("SELECT coalesce(form_family, '-'), "
                                   "sum(CASE WHEN agree THEN 1 ELSE 0 END), "
                                   "sum(CASE WHEN NOT agree THEN 1 ELSE 0 END), "
                                   "sum(CASE WHEN agree IS NULL AND body_items = 0 THEN 1 ELSE 0 END), "
                                   "sum(CASE WHEN agree IS NULL AND header_items = 0 THEN 1 ELSE 0 END) "
                                   "FROM item_agreement GROUP BY 1 ORDER BY 1"));

        std::printf("\nLast runs:\n");
        print_table({"run", "started_at", "finished_at", "status", "seen", "ingested", "skipped",
                     "rejected", "filtered", "ignored", "MB"},
                    backend->query(
                        "SELECT run_id, started_at, finished_at, status, files_seen, "
                        "files_ingested, files_skipped, files_rejected, files_filtered, "
                        "files_ignored, "
                        "CAST(round(bytes_read / 1e6, 1) AS TEXT) FROM ingest_runs "
                        "ORDER BY run_id DESC LIMIT " + std::to_string(o.runs)));

        std::printf("\nTop rejection reasons:\n");
        print_table({"stage", "inputs", "reason"},
                    backend->query("SELECT stage, count(*) AS n, substr(error, 1, 100) AS reason "
                                   "FROM ingest_files WHERE status = 'rejected' "
                                   "GROUP BY stage, reason ORDER BY n DESC, stage, reason LIMIT 10"));

        auto total = backend->query("SELECT count(*) FROM ingest_files WHERE status = 'rejected'");
        std::printf("\nRejected inputs: %s\n", total.empty() ? "0" : cell(total[0], 0).c_str());
        print_table({"source", "member", "stage", "error"},
                    backend->query("SELECT source_path, source_member, stage, error "
                                   "FROM ingest_files WHERE status = 'rejected' "
                                   "ORDER BY source_path, source_member LIMIT " +
                                   std::to_string(o.rejections)));
        return with_output_flushed(kExitOk);
    } catch (const std::exception& e) {
        spdlog::error("stats {}: {}", db::mask_password(url), db::mask_password(e.what()));
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
