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
};

void setup_ingest(CLI::App& app, IngestOptions& options);
int run_ingest(IngestOptions& options);

}  // namespace edgarsql::cli
