#pragma once
// The SQLite backend (DESIGN §1, §3): one read-write connection for the writer, plus one
// read-only connection per InputLookup. SQLiteCpp and sqlite3.h stay inside src/db/sqlite.
//
// Connection setup: WAL journal, synchronous=NORMAL, foreign keys on, a 64 MiB page cache,
// temp_store=MEMORY, the busy timeout of OpenOptions, and 64 KiB pages for a new file. Once
// it writes, a second read-write connection on a thread of its own copies the WAL into the
// database after the writer's commits (the writer only does so itself past 128 MiB). With
// OpenOptions::bulk: no journal, synchronous off and an exclusive lock held for the whole run
// (a crash leaves a file to throw away); the walker's lookup then answers "never seen" without
// a connection, because the database is new and the exclusive lock would block any reader.
//
// Writes: write_batch is one IMMEDIATE transaction over statements prepared once and reused;
// the precedence rule is model::outranks, the registrant order is model::registrant_order_key.
//
// Thread-safety: the backend is used by one thread at a time; each lookup by one thread.
// Failure: every method throws db::Error (fatal for I/O, disk full, corruption, lock timeout,
// out of memory, schema errors; not fatal for constraint and other data errors).

#include <memory>
#include <string>

#include "db/backend.hpp"

namespace edgarsql::db::sqlite {

/// Opens (creating if needed) the SQLite database file at `path`. Does not migrate. With
/// OpenOptions::read_only, opens an existing file read-only, creating and writing nothing.
/// Throws a fatal db::Error when the file cannot be opened or configured ("no such database:
/// PATH" for a missing file opened read-only).
std::unique_ptr<Backend> open_sqlite_backend(const std::string& path, const OpenOptions& options);

}  // namespace edgarsql::db::sqlite
