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

// Prints rows as an aligned table under a header line.
void print_table(const std::vector<std::string>& header, const std::vector<db::Backend::Row>& rows) {
    std::vector<std::size_t> width(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < header.size(); ++i) width[i] = std::max(width[i], cell(r, i).size());
    }
    auto line = [&](auto get) {
        std::string out = " ";
        for (std::size_t i = 0; i < header.size(); ++i) {
            std::string v = get(i);
            out += " " + v + std::string(width[i] - std::min(width[i], v.size()), ' ');
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        std::printf("%s\n", out.c_str());
    };
    line([&](std::size_t i) { return header[i]; });
    for (const auto& r : rows) line([&](std::size_t i) { return cell(r, i); });
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
        auto backend = db::open_backend(url);
        std::printf("Database: %s\n\nRows per table:\n", db::mask_password(url).c_str());
        std::vector<db::Backend::Row> counts;
        for (const char* table : kTables) {
            auto rows = backend->query(std::string("SELECT count(*) FROM ") + table);
            counts.push_back({std::string(table), rows.empty() ? std::nullopt : rows[0][0]});
        }
        print_table({"table", "rows"}, counts);

        std::printf("\nLast runs:\n");
        print_table({"run", "started_at", "finished_at", "status", "seen", "ingested", "skipped",
                     "rejected", "ignored", "MB"},
                    backend->query(
                        "SELECT run_id, started_at, finished_at, status, files_seen, "
                        "files_ingested, files_skipped, files_rejected, files_ignored, "
                        "CAST(round(bytes_read / 1e6, 1) AS TEXT) FROM ingest_runs "
                        "ORDER BY run_id DESC LIMIT " + std::to_string(o.runs)));

        auto total = backend->query("SELECT count(*) FROM ingest_files WHERE status = 'rejected'");
        std::printf("\nRejected inputs: %s\n", total.empty() ? "0" : cell(total[0], 0).c_str());
        print_table({"source", "member", "stage", "error"},
                    backend->query("SELECT source_path, source_member, stage, error "
                                   "FROM ingest_files WHERE status = 'rejected' "
                                   "ORDER BY source_path, source_member LIMIT " +
                                   std::to_string(o.rejections)));
        return kExitOk;
    } catch (const std::exception& e) {
        spdlog::error("stats {}: {}", db::mask_password(url), db::mask_password(e.what()));
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
