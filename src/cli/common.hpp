#pragma once
// Pieces shared by the subcommands: the --db option, logging setup and the signal flag.

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace edgarsql::cli {

/// --db URL, defaulting to $EDGARSQL_DB, else 'edgar.db' (DESIGN §5).
struct DbOption {
    std::string url;
    void add_to(CLI::App& app);
    /// The effective URL: the flag, else the environment, else the default.
    std::string resolve() const;
};

/// Verbosity shared by all subcommands: -q (errors only), default (warnings), -v (info),
/// -vv (debug). EDGARSQL_LOG (spdlog level name) overrides the default when no flag is given.
struct LogOptions {
    bool quiet = false;
    int verbose = 0;
    std::string log_file;
    void add_to(CLI::App& app, bool with_log_file);
    /// Installs the default spdlog logger (stderr, and the log file when given).
    void apply() const;
};

/// Prints rows (NULL as '-') as an aligned table under a header line, on stdout.
void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::optional<std::string>>>& rows);

/// Set by SIGINT/SIGTERM; the signal number is kept for the exit code. A second signal ends
/// the process at once (the open transaction is rolled back by the database).
std::atomic<bool>& stop_flag();
int stop_signal();
void install_signal_handlers();

}  // namespace edgarsql::cli
