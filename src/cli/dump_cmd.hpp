#pragma once
// `edgarsql dump [--db URL]`: the canonical, backend-independent dump of the contract tables
// (docs/dump.md). Two databases hold the same data exactly when their dumps are equal.

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace edgarsql::cli {

struct DumpOptions {
    DbOption db;
    LogOptions log;
};

void setup_dump(CLI::App& app, DumpOptions& options);
int run_dump(const DumpOptions& options);

}  // namespace edgarsql::cli
