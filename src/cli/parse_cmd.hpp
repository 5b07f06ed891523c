#pragma once
// `edgarsql parse FILE [--json] [--xml-text]`: what would be stored for FILE, without a
// database. FILE may be an archive or a directory; then every input in it is shown. With
// --json: one JSON object per input (a JSON array when FILE holds several); without: a short
// human-readable summary. --xml-text also extracts the text of XML/XBRL documents, which
// ingest does not store. Exit 0 when no input would be rejected, 3 when one would, 1 when FILE
// does not exist or is neither a directory nor a regular file, or the output cannot be
// written, 2 on usage errors.

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
