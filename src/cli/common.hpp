#pragma once
// Pieces shared by the subcommands: the --db option, logging setup and the signal flag.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "db/backend.hpp"

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

/// Refuses an option given with an empty (or blank) value ('--forms ""', an unset variable in
/// '--shard "$K/8"'): a usage error, not the option left out, which would take everything.
const CLI::Validator& not_empty();

/// Opens `url` for a command that only reads (db::read_only()), refusing a database whose
/// schema is newer than this binary knows: its tables may no longer mean what this binary
/// reads them as. Throws db::Error.
std::unique_ptr<db::Backend> open_for_reading(const std::string& url);

/// The command's exit code once its output is flushed: `code`, or 1 (with the reason on
/// stderr) when stdout could not be written (a full disk, a closed pipe).
int with_output_flushed(int code);

/// Set by SIGINT/SIGTERM; the signal number is kept for the exit code. A second signal ends
/// the process at once (the open transaction is rolled back by the database).
std::atomic<bool>& stop_flag();
int stop_signal();
void install_signal_handlers();

}  // namespace edgarsql::cli
