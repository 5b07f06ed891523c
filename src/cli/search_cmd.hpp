#pragma once
// `edgarsql search QUERY... [--documents] [--form F] [--item CODE] [--part I|II] [--cik N]
// [--since D] [--until D] [--limit N] [--db URL]`: full-text search over item text (or, with
// --documents, document text) with the database's own engine, best matches first. Prints one
// line per match: company, form, filing date, accession, item code (document type with
// --documents) and a snippet with the matched words in [brackets].
//
// QUERY is one or more words, joined with single spaces into one query (`search net income`
// is `search "net income"`); one that starts with `-` follows `--`. It is in the engine's own
// syntax: SQLite FTS5 (words are ANDed, "a phrase", OR, NOT, prefix*) or PostgreSQL
// websearch_to_tsquery('english', …) (words ANDed, "a phrase", or, -word; English
// stemming). On SQLite, a query FTS5 refuses is read as websearch syntax
// (docs/queries.md). Every value from the command line is bound as a parameter, never
// spliced into the SQL. Exit 0 with matches or none; 1 when the database or the query fails.

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/common.hpp"

namespace edgarsql::cli {

struct SearchOptions {
    DbOption db;
    LogOptions log;
    std::string query;
    bool documents = false;  ///< search documents.text instead of items.text
    std::string form;        ///< form_type or form_family, e.g. '8-K' (includes '8-K/A')
    std::string item;        ///< canonical item code, e.g. '2.02' (legacy Item 12 included)
    std::string part;        ///< 'I' or 'II': a 10-Q's part
    std::int64_t cik = 0;    ///< 0: any
    std::string since;       ///< filed_date >= since (YYYY-MM-DD)
    std::string until;       ///< filed_date <= until (YYYY-MM-DD)
    int limit = 20;
};

void setup_search(CLI::App& app, SearchOptions& options);
int run_search(const SearchOptions& options);

}  // namespace edgarsql::cli
