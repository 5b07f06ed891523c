#pragma once
// `edgarsql migrate [--db URL] [--status]`: apply pending migrations, or list them.

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace edgarsql::cli {

struct MigrateOptions {
    DbOption db;
    LogOptions log;
    bool status = false;  ///< list applied and pending migrations instead of applying
};

void setup_migrate(CLI::App& app, MigrateOptions& options);
int run_migrate(const MigrateOptions& options);

}  // namespace edgarsql::cli
