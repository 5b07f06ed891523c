#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include "edgarsql/version.hpp"

namespace edgarsql::cli {

int run(int argc, char** argv) {
    CLI::App app{"edgarsql: EDGAR filings into a normalized SQL database", "edgarsql"};
    app.set_version_flag("--version", std::string(kVersion));
    app.require_subcommand(1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }
    return kExitOk;
}

}  // namespace edgarsql::cli
