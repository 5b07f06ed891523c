#pragma once
// The canonical dump of the contract tables (docs/dump.md): a backend-independent text form used
// to compare databases ("the same database" means the same dump), whatever the backend, the
// ingest order or the filing_ids.
//
// The format and the list of tables and columns live here; a backend only runs the queries this
// module hands it and passes each row back as text. The queries use SQL common to SQLite and
// PostgreSQL; the only dialect difference (the byte-wise collation for ORDER BY) is given by
// the caller. Sorting happens in the database, so memory does not grow with the database.
//
// Thread-safety: stateless; write_dump may run on any thread that owns the backend.

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace edgarsql::db {

/// One value as text as the database returns it; std::nullopt for NULL.
using DumpRow = std::vector<std::optional<std::string>>;

/// Runs `sql` and calls `on_row` once per row, in the order of the result. Throws on error.
using DumpQuery =
    std::function<void(const std::string& sql, const std::function<void(const DumpRow&)>& on_row)>;

/// Writes the dump to `out`. `text_collation` is appended to every text ORDER BY term so that
/// text sorts byte-wise: '' for SQLite (BINARY is its default), ' COLLATE "C"' for PostgreSQL.
/// Throws what `query` throws, or db::Error when a row has an unexpected number of values.
void write_dump(std::ostream& out, const DumpQuery& query, const std::string& text_collation);

/// The SELECT statement behind one section, for tests and diagnostics.
std::vector<std::string> dump_queries(const std::string& text_collation);

/// Escapes one text value the way the dump writes it: '\' → '\\', TAB → '\t', LF → '\n',
/// CR → '\r'.
std::string dump_escape(const std::string& text);

}  // namespace edgarsql::db
