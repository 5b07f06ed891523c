#include "cli/app.hpp"

#include <csignal>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/dump_cmd.hpp"
#include "cli/ingest_cmd.hpp"
#include "cli/migrate_cmd.hpp"
#include "cli/parse_cmd.hpp"
#include "cli/reconcile_cmd.hpp"
#include "cli/search_cmd.hpp"
#include "cli/stats_cmd.hpp"
#include "edgarsql/version.hpp"

namespace edgarsql::cli {

namespace {
std::string join_command_line(int argc, char** argv) {
    std::string out;
    for (int i = 0; i < argc; ++i) {
        if (i > 0) out += ' ';
        out += argv[i];
    }
    return out;
}
}  // namespace

int run(int argc, char** argv) {
    // A closed pipe is an output error like any other (exit 1, docs/operations.md), not a
    // signal that kills the process: `edgarsql dump | head` must not be told apart from a
    // crash by its 141, and `ingest … 2>&1 | head` must not leave its run 'running' because
    // a log line could not be written. Writes then fail with EPIPE and are checked.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"edgarsql: EDGAR filings into a normalized SQL database", "edgarsql"};
    app.set_version_flag("--version", std::string(kVersion));
    app.require_subcommand(1);

    IngestOptions ingest;
    setup_ingest(*app.add_subcommand("ingest", "Walk, parse and store filings"), ingest);
    MigrateOptions migrate;
    setup_migrate(*app.add_subcommand("migrate", "Create or upgrade the database schema"), migrate);
    ParseOptions parse;
    setup_parse(*app.add_subcommand("parse", "Show what would be stored for a file, without a database"),
                parse);
    DumpOptions dump;
    setup_dump(*app.add_subcommand("dump", "Print the canonical dump of the contract tables"), dump);
    StatsOptions stats;
    setup_stats(*app.add_subcommand("stats", "Row counts, last runs and rejected inputs"), stats);
    ReconcileOptions reconcile;
    setup_reconcile(*app.add_subcommand("reconcile", "Compare EDGAR index files with what is ingested"),
                    reconcile);
    SearchOptions search;
    setup_search(*app.add_subcommand("search", "Full-text search over item or document text"),
                 search);

    // '--opt=' with nothing after it (an unset variable in '--exclude="$GLOB"'): CLI11 would
    // take the next argument, a PATH, as its value. Refused, as '--opt ""' is.
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") break;
        if (arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.find('=') == arg.size() - 1) {
            std::fprintf(stderr, "edgarsql: %s: an empty value\n", arg.c_str());
            return kExitUsage;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    try {
        if (app.got_subcommand("ingest")) {
            ingest.command_line = join_command_line(argc, argv);
            return run_ingest(ingest);
        }
        if (app.got_subcommand("migrate")) return run_migrate(migrate);
        if (app.got_subcommand("parse")) return run_parse(parse);
        if (app.got_subcommand("dump")) return run_dump(dump);
        if (app.got_subcommand("stats")) return run_stats(stats);
        if (app.got_subcommand("reconcile")) return run_reconcile(reconcile);
        if (app.got_subcommand("search")) return run_search(search);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "edgarsql: %s\n", e.what());
        return kExitFailed;
    }
    return kExitUsage;
}

}  // namespace edgarsql::cli
