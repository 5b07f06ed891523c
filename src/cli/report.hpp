#pragma once
// `ingest --report FILE.json`: the run's figures, its rejected inputs and the version, for
// operators and monitoring (docs/operations.md describes the fields).

#include <cstdint>
#include <string>

#include "pipeline/ingest.hpp"

namespace edgarsql::cli {

struct ReportContext {
    std::int64_t run_id = 0;       ///< 0 for a dry run (no ingest_runs row)
    std::string version;
    std::string database;          ///< password masked
    std::string arguments;         ///< password masked
    std::string started_at;        ///< ISO-8601 UTC
    std::string finished_at;
    int exit_code = 0;
    double process_cpu_seconds = 0;  ///< the whole command's CPU time, until the report
};

/// The report as JSON text (2-space indented, keys in a fixed order).
std::string report_json(const pipeline::Summary& summary, const ReportContext& context);

/// Writes the report to `path` through a temporary file renamed into place, so a reader never
/// sees half a report. Throws std::runtime_error, with the reason, when it cannot be written.
void write_report(const std::string& path, const pipeline::Summary& summary,
                  const ReportContext& context);

/// The current time as ISO-8601 UTC with a trailing 'Z'.
std::string utc_now();

}  // namespace edgarsql::cli
