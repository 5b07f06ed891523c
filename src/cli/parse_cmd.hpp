#pragma once
// `edgarsql parse FILE [--json]`: what would be stored for FILE, without a database. FILE may
// be an archive; then every member is shown. With --json: one JSON object per input (a JSON
// array when FILE holds several); without: a short human-readable summary.

#include <string>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"
#include "parse/parser.hpp"

namespace edgarsql::cli {

struct ParseOptions {
    std::string file;
    bool json = false;
    LogOptions log;
    parse::Options parse;
};

void setup_parse(CLI::App& app, ParseOptions& options);
int run_parse(const ParseOptions& options);

}  // namespace edgarsql::cli
