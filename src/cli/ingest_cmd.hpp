#pragma once
// `edgarsql ingest PATH...`: walk, parse and write filings (DESIGN §1, §5).

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"
#include "pipeline/ingest.hpp"

namespace edgarsql::cli {

struct IngestOptions {
    std::vector<std::string> paths;   ///< files, directories or archives to ingest
    DbOption db;
    LogOptions log;
    pipeline::Options pipeline;       ///< jobs, batch size, limits, skip policy
    std::string shard;                ///< 'K/N' or empty
    int batch_size = 0;               ///< --batch-size: files per transaction (0: default)
    bool bulk = false;                ///< --bulk: build a new, empty database without journal
    std::string command_line;         ///< for ingest_runs.arguments, password masked
    std::string forms;                ///< --forms LIST
    bool no_amendments = false;
    std::string since;                ///< --since DATE
    std::string until;                ///< --until DATE
    std::vector<std::string> include; ///< --include GLOB (repeatable)
    std::vector<std::string> exclude; ///< --exclude GLOB (repeatable)
    std::string report;               ///< --report FILE.json
    bool progress = false;            ///< --progress: show the live line even off a terminal
    bool no_progress = false;         ///< --no-progress
};

void setup_ingest(CLI::App& app, IngestOptions& options);
int run_ingest(IngestOptions& options);

}  // namespace edgarsql::cli
