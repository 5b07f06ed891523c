#pragma once
// `edgarsql reconcile INDEX... [--db URL]`: loads EDGAR full-index and daily-index files
// (master, form, company; .idx, .gz, .zip) into index_entries, completes headerless filings
// from them, and reports by form family and quarter the accessions the index lists but
// filings lacks, and the filings of the quarters the index covers that it does not list.
// Exit 0 when nothing listed is missing, 3 when something is, 1 on errors, 2 on usage errors.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace edgarsql::cli {

struct ReconcileOptions {
    std::vector<std::string> indexes;  ///< index files, directories or archives
    DbOption db;
    LogOptions log;
    int list = 20;                     ///< how many accessions to list per direction
};

void setup_reconcile(CLI::App& app, ReconcileOptions& options);
int run_reconcile(const ReconcileOptions& options);

}  // namespace edgarsql::cli
