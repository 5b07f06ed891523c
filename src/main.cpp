// edgarsql: EDGAR filings to a normalized SQL database. Everything lives in the library;
// main only hands the command line to it.
#include "cli/app.hpp"

int main(int argc, char** argv) { return edgarsql::cli::run(argc, argv); }
