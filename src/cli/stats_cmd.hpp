#pragma once
// `edgarsql stats [--db URL]`: row counts per table, filings by form family and year, the
// newest filing date, the last runs with their status, the top rejection reasons and the
// rejected inputs.

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace edgarsql::cli {

struct StatsOptions {
    DbOption db;
    LogOptions log;
    int runs = 10;        ///< how many recent runs to list
    int rejections = 20;  ///< how many rejected inputs to list
};

void setup_stats(CLI::App& app, StatsOptions& options);
int run_stats(const StatsOptions& options);

}  // namespace edgarsql::cli
