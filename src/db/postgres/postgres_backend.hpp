#pragma once
// The PostgreSQL backend (DESIGN §1, §3) over libpqxx: one connection for the writer, one per
// InputLookup. libpqxx and libpq stay inside src/db/postgres.
//
// Connection: any libpq URI or key=value string (PG* environment variables fill the rest).
// Every session runs with TimeZone=UTC and DateStyle=ISO, so dates and timestamps read back as
// the dump expects.
//
// Schema: migrations/postgres, applied in one transaction under pg_advisory_xact_lock, so
// concurrent first runs of several processes are safe.
//
// Writes: write_batch is one READ COMMITTED transaction of a fixed number of statements,
// whatever the batch's size (no round trip per row): each takes all the batch's rows at once,
// as arrays through unnest() or ANY(). The stored versions of the batch's filings are locked
// in key order (accession, then source_sha256; SELECT … FOR UPDATE … ORDER BY), the inputs of
// each key are replayed in C++ against them (model::outranks), new keys are inserted (ON
// CONFLICT DO NOTHING; a key another transaction stored meanwhile is locked and replayed
// again) and replaced versions updated. Registrants are then locked in CIK order
// (registrant_sources … FOR UPDATE), accumulated in C++ and updated; former names and
// ingest_files rows are upserted in key order. Concurrent writers (threads, processes,
// machines) thus take locks in one global order. Child rows of the winning versions go in
// through COPY (WriteMode::copy, the default) or one prepared INSERT per row
// (WriteMode::prepared, for comparison). A deadlock or serialization failure (SQLSTATE 40P01,
// 40001) rolls the transaction back and retries it with exponential backoff; it never reaches
// the caller.
//
// Reconcile: load_index_entries COPYs the entries into a transaction-local table and upserts
// them in one statement (a later line with the same key wins, as in SQLite); fill_from_index is
// one UPDATE … FROM. Both retry deadlocks and serialization failures like write_batch.
//
// Runs: each run holds a session advisory lock on its run_id while its connection lives, so
// begin_run marks 'abandoned' only those 'running' runs whose process is gone, never those of
// other processes still working.
//
// Thread-safety: one thread at a time per backend and per lookup.
// Failure: db::Error; fatal for lost connections (SQLSTATE class 08, a broken connection or a
// commit in doubt), resources (53), operator intervention (57), system errors (58) and schema
// or usage errors; not fatal for data (22) and constraint (23) errors. Messages never contain
// the password of the connection string (db::mask_password).

#include <cstdint>
#include <memory>
#include <string>

#include "db/backend.hpp"

namespace edgarsql::db::postgres {

/// How write_batch stores the child rows of a filing (see above).
enum class WriteMode { copy, prepared };

/// Opens a connection to the database named by `url`. Does not migrate. Throws a fatal
/// db::Error when the server cannot be reached or refuses the connection.
std::unique_ptr<Backend> open_postgres_backend(const std::string& url, const OpenOptions& options,
                                               WriteMode mode = WriteMode::copy);

/// The statements and COPY streams that write_batch has sent through `backend` (which must come
/// from open_postgres_backend): a batch takes the same few round trips whatever its size, and
/// tests check that it does.
std::uint64_t write_statements(const Backend& backend);

/// Search vectors written by a backend (from open_postgres_backend): computed by edgarsql,
/// or left to the server (sent as NULL, filled by the tables' trigger); and the statements
/// that asked the server about chunks missing from edgarsql's lexicon.
struct VectorCounts {
    std::uint64_t client = 0;    ///< vectors computed by edgarsql (parser threads or writer)
    std::uint64_t prepared = 0;  ///< of those, computed on a parser thread (prepare_input)
    std::uint64_t server = 0;
    std::uint64_t lexicon_statements = 0;         ///< the writer's lexicon statements
    std::uint64_t parser_lexicon_statements = 0;  ///< those of the parser threads
};
VectorCounts vector_counts(const Backend& backend);

/// The statements that `lookup` (from open_lookup() of a PostgreSQL backend) has sent: the
/// walker's hints let it answer a directory's or an archive's lookups in bulk.
std::uint64_t lookup_statements(const InputLookup& lookup);

/// Runs one statement outside a transaction on a connection of its own (CREATE DATABASE,
/// pg_terminate_backend, …): for tests and tools, never for user input. Throws db::Error.
void execute(const std::string& url, const std::string& sql);

/// `url` with its database name replaced by `dbname` (URI path, or a dbname= key appended to a
/// key=value string).
std::string with_database(const std::string& url, const std::string& dbname);

}  // namespace edgarsql::db::postgres
