#pragma once
// The storage interface. It speaks the domain (inputs, filings, runs), never the vendor: no
// sqlite3* or pqxx type appears here or in any header outside src/db/sqlite and src/db/postgres.
//
// Ownership and threads: a Backend owns one connection and is used by one thread at a time
// (the writer), except prepare_input(), which the parser threads call and which never uses
// the writer's connection. The walker checks inputs through its own InputLookup
// (open_lookup()), which owns a separate read connection, so the two never share a
// connection.
//
// Failure: methods throw db::Error. Error::fatal() tells whether the run can go on (a batch
// that broke a constraint: yes, replay it filing by filing) or not (database gone, disk full,
// schema too new: stop the run).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "index/index_file.hpp"
#include "model/filing.hpp"

namespace edgarsql::db {

class Error : public std::runtime_error {
public:
    Error(const std::string& what, bool fatal) : std::runtime_error(what), fatal_(fatal) {}
    /// True when no further write can succeed (connection lost, disk full, I/O error, lock
    /// timeout, schema mismatch); false when only the data of this batch was at fault.
    bool fatal() const { return fatal_; }

private:
    bool fatal_;
};

/// ingest_files.status values.
enum class InputStatus { ingested, rejected, filtered, ignored };
const char* to_string(InputStatus status);

/// What a backend computed for an input on a parser thread (Backend::prepare_input), for its
/// writer to use. Each backend knows its own kind.
struct PreparedInput {
    virtual ~PreparedInput() = default;
    std::size_t bytes = 0;  ///< memory it holds: the pipeline's queues count it
};

/// What the filters looked at in a filing they refused: its form type and filing date, stored
/// with the input (ingest_files.filtered_form_type, filtered_filing_date) so that a later run
/// can tell, without reading the input again, whether its own filters refuse it too.
struct FilteredAs {
    std::string form_type;   ///< '' when the filing had none
    std::string filed_date;  ///< ISO 'YYYY-MM-DD', '' when the filing had none

    bool operator==(const FilteredAs& o) const {
        return form_type == o.form_type && filed_date == o.filed_date;
    }
};

/// What the writer stores for one input: an ingest_files row and, when ingested, its filing.
struct InputResult {
    model::SourceRef source;
    InputStatus status = InputStatus::rejected;
    std::string stage;   ///< where it was rejected or why ignored: 'read', 'detect', 'header', 'write'…
    std::string error;   ///< reason, one line
    std::optional<model::Filing> filing;  ///< present iff status == ingested
    std::optional<FilteredAs> filtered_as;  ///< present iff status == filtered
    int parser_version = 0;
    std::shared_ptr<const PreparedInput> prepared;  ///< from Backend::prepare_input, if any
};

/// What the database remembers of an input, for the skip check.
struct PriorInput {
    std::int64_t bytes = 0;
    std::int64_t mtime = 0;
    InputStatus status = InputStatus::ingested;
    int parser_version = 0;
    bool transient = false;  ///< rejected at stage 'read' (it could not be opened, listed or
                             ///< read), or an archive member rejected at stage 'archive' (its
                             ///< archive could not be read): a cause outside its own bytes,
                             ///< so it is read again whenever it is walked
    /// Rejected at stage 'limit' (over --max-input-bytes): the least size it is known to have,
    /// its recorded size, or one more than the limit its decompressed size went over (a
    /// compressed stream records its size on disk); -1 when not rejected at 'limit'.
    std::int64_t refused_size = -1;
    /// Rejected at stage 'archive': damage in an archive's bytes. For the archive itself
    /// (member ''), damage that ended its walk: whether to read it again is the archive's
    /// record to say (PriorArchive), as the members walked before the damage may hold some
    /// this run would take. For a member, damage of its own data (a zip's damaged member) or
    /// of the archive it holds (an archive inside the archive).
    bool archive_damage = false;
    /// Marked to be read again (ingest_files.reread): another copy of its filing may now win.
    bool reread = false;
    /// Status filtered: what the filters refused. Absent for rows stored before migration
    /// 0009 (SQLite) / 0010 (PostgreSQL) recorded it; such an input is read again.
    std::optional<FilteredAs> filtered_as;
};

/// What the database remembers of an archive (.tar/.tgz/.zip) as a whole.
struct PriorArchive {
    std::int64_t bytes = 0;
    std::int64_t mtime = 0;
    int parser_version = 0;
    bool complete = false;  ///< the walk that recorded it left no member out (filters, globs)
                            ///< and was not cut short, except by damage
    bool damaged = false;   ///< damage in the archive ended that walk
    std::int64_t members = 0;
    std::int64_t rejected = 0;   ///< members rejected (they make the archive worth re-opening
                                 ///< under --retry-rejected)
    /// The smallest PriorInput::refused_size of its members rejected at stage 'limit'; -1 when
    /// none was.
    std::int64_t smallest_refused = -1;
    std::int64_t filtered = 0;  ///< members whose status is filtered
    /// The distinct FilteredAs of its filtered members; filtered_unknown when one of them has
    /// none recorded, or the list could not be read (the archive is then opened again).
    std::vector<FilteredAs> filtered_as;
    bool filtered_unknown = false;
    bool reread_members = false;  ///< some member is marked to be read again (reread)
};

/// Fills PriorArchive::filtered_as and filtered_unknown from the backends' one-column
/// encoding of the distinct pairs: records separated by '\x1e', each 'form\x1fdate', and
/// '\x1d' for a member with none recorded.
void decode_filtered_members(const std::string& encoded, PriorArchive& into);

/// Read-only view used by the walker thread to decide, before reading a file, whether it was
/// already ingested. Owns its own connection. Not shared between threads. Answers may come
/// from rows read earlier by the same lookup (PostgreSQL reads the manifest in windows of
/// consecutive paths), so they need not show writes made since: the walker asks about each
/// path once, and a path stored meanwhile by another process is only processed again.
class InputLookup {
public:
    virtual ~InputLookup() = default;
    virtual std::optional<PriorInput> find_input(const std::string& path,
                                                 const std::string& member) = 0;
    virtual std::optional<PriorArchive> find_archive(const std::string& path) = 0;

    /// A hint for a backend that pays a round trip per lookup: the walker is about to ask
    /// about members of archive `path`, so their answers may be fetched at once. A hint only
    /// saves round trips; answers stay the same. Default: ignored.
    virtual void expect_archive(const std::string& path) { static_cast<void>(path); }
};

struct RunStart {
    std::string version;
    std::string arguments;  ///< the command line with passwords masked
};

struct RunCounts {
    std::int64_t files_seen = 0;
    std::int64_t files_ingested = 0;
    std::int64_t files_skipped = 0;
    std::int64_t files_rejected = 0;
    std::int64_t files_filtered = 0;
    std::int64_t files_ignored = 0;
    std::int64_t bytes_read = 0;
};

/// An archive whose members were all walked; recorded after its last member is committed.
struct ArchiveDone {
    std::string path;
    std::int64_t bytes = 0;
    std::int64_t mtime = 0;
    std::int64_t members = 0;
    std::int64_t rejected = 0;
    std::int64_t filtered = 0;
    bool complete = false;  ///< no member left out by filters or globs, walk not cut short
                            ///< (an archive walked up to its damage is complete and damaged)
    bool damaged = false;   ///< damage in the archive's own bytes ended the walk
    bool reached_end = false;  ///< the walk reached the archive's end (members may have been
                               ///< left out by filters or globs)
    int parser_version = 0;  ///< the parser version its members were processed with
    /// The members the walk met (stored names), when it was not cut short: the manifest rows
    /// of other members are of members the archive no longer holds, or cannot be reached
    /// before its damage, and are deleted (a later walk that meets them reads them afresh).
    std::vector<std::string> member_names;
    /// Prefixes ('inner.tar.gz!') of the members of archives inside the archive that the walk
    /// left unread (--exclude, a feed file's name): their rows stay.
    std::vector<std::string> kept_prefixes;
    /// Prefixes ('inner.tar!') of members read from a member rejected for damage before and
    /// walked whole now: their rows are marked to be read again (ingest_files.reread), except
    /// rows of damage in an archive's bytes, which are read again anyway (and a known damage
    /// met again writes nothing that would clear the mark).
    std::vector<std::string> reread_prefixes;
    /// The walk had to read every member again (the archive's last walk ended in damage), and
    /// did not (filters or globs left some out, or it was cut short): the rows of members this
    /// run did not write are marked to be read again, except rows of damage in an archive's
    /// bytes. Their bytes may be the damaged ones.
    bool reread_unwritten = false;
};

struct MigrationState {
    int version = 0;
    std::string name;
    std::string applied_at;  ///< empty when pending
};

class Backend {
public:
    virtual ~Backend() = default;

    /// 'sqlite' or 'postgres': selects the migrations and the schema file.
    virtual std::string dialect() const = 0;

    /// Applies pending migrations under a lock, so concurrent first runs are safe. Throws a
    /// fatal Error if the database has a newer schema than this binary knows.
    virtual void migrate() = 0;
    virtual std::vector<MigrationState> migration_status() = 0;

    /// Records a new run as 'running' and returns its run_id. Runs still 'running' from a
    /// process that died are marked 'abandoned' first; a run whose process is alive is never
    /// marked. SQLite: one run at a time per database, held by an exclusive lock on
    /// '<database>-lock' beside the database file's real path (symlinks resolved, so every
    /// name of the file takes the same lock) from begin_run to finish_run (or process exit);
    /// a second run waits up to OpenOptions::busy_timeout_ms, then throws a fatal Error saying
    /// that another run holds the database. PostgreSQL (concurrent shards are normal): each
    /// run holds a session advisory lock keyed by its run_id, and only runs whose lock can be
    /// taken are abandoned.
    virtual std::int64_t begin_run(const RunStart& start) = 0;
    virtual void finish_run(std::int64_t run_id, const RunCounts& counts,
                            const std::string& status) = 0;

    /// Writes the inputs in one transaction: for each ingested filing, applies the precedence
    /// rule (DESIGN §3) against any stored filing with the same accession (or, without one, the
    /// same source_sha256), replaces the winner's child rows, accumulates registrants and former
    /// names; records one ingest_files row per input. All or nothing: on any exception the
    /// transaction is rolled back.
    virtual void write_batch(std::int64_t run_id, const std::vector<InputResult>& batch) = 0;

    /// Work for an ingested input that can be done before it reaches the writer, on the parser
    /// thread that parsed it, so that the writer does less: PostgreSQL computes its search
    /// vectors there (InputResult::prepared). Called from several threads at once, also while
    /// this backend writes; it never throws (what it cannot do, write_batch does). The
    /// default does nothing.
    virtual void prepare_input(InputResult& result) noexcept { static_cast<void>(result); }

    virtual void record_archive(std::int64_t run_id, const ArchiveDone& archive) = 0;

    /// The directories under `roots` (stored names, absolute, normalized) that a run could not
    /// list: rows rejected at stage 'read' with "cannot list directory: …". A directory has no
    /// row of its own otherwise, so nothing would replace them once it can be listed.
    virtual std::vector<std::string> unlisted_directories(
        const std::vector<std::string>& roots) = 0;
    /// Deletes those rows of `paths`, directories this run listed, unless this run wrote them.
    virtual void forget_directories(std::int64_t run_id,
                                    const std::vector<std::string>& paths) = 0;

    /// Files of the database itself, by their real paths, that a walk passes over when the
    /// database lies inside the tree it ingests (`cd /srv/mirror && edgarsql ingest .` with
    /// the default `edgar.db`): a SQLite file, its journal, WAL, shared memory and run lock,
    /// which change on every run and would otherwise be rejected by every run. Default: none.
    virtual std::vector<std::string> own_files() const { return {}; }

    /// A separate read connection for the walker thread.
    virtual std::unique_ptr<InputLookup> open_lookup() = 0;

    /// `reconcile`: stores EDGAR index entries in index_entries in one transaction, replacing
    /// any row with the same (accession_number, cik); index_file names their source. The
    /// default implementation throws a fatal Error (the backend cannot reconcile).
    virtual void load_index_entries(const std::vector<index::Entry>& entries,
                                    const std::string& index_file) {
        (void)entries;
        (void)index_file;
        throw Error(dialect() + " backend cannot load index entries", /*fatal=*/true);
    }

    /// `reconcile`: completes filings that lack a CIK, form type or filing date (headerless
    /// inputs whose accession came from their name) from index_entries, the entry with the
    /// smallest CIK for the accession; only empty columns are set (form_family with
    /// form_type). Returns the number of filings changed. Default: throws a fatal Error.
    virtual std::int64_t fill_from_index() {
        throw Error(dialect() + " backend cannot fill filings from the index", /*fatal=*/true);
    }

    /// True when the database holds no filings (for --bulk, which refuses non-empty ones).
    virtual bool empty() = 0;

    /// The canonical dump of the contract tables (see docs/dump.md): backend-independent,
    /// children keyed by accession (or source_sha256), rows sorted by natural key.
    virtual void dump(std::ostream& out) = 0;

    /// Runs a read-only query and returns its rows as text (NULL as std::nullopt); used by
    /// `stats` and by tests. Not for user input.
    using Row = std::vector<std::optional<std::string>>;
    virtual std::vector<Row> query(const std::string& sql) = 0;

    /// Runs a read-only query whose values come from user input: params are bound (never
    /// spliced) as text to the placeholders ?1…?N (SQLite) or $1…$N (PostgreSQL), which convert
    /// them to the compared column's type. Rows and errors as for query() (a malformed full-text
    /// expression is an Error). Default: throws a fatal Error.
    virtual std::vector<Row> query_params(const std::string& sql,
                                          const std::vector<std::string>& params) {
        (void)sql;
        (void)params;
        throw Error(dialect() + " backend cannot run parameterized queries", /*fatal=*/true);
    }
};

/// Where a database's schema stands against this binary's migrations.
enum class SchemaState {
    current,  ///< every migration this binary knows is applied, and no other
    behind,   ///< some are pending (a database with no schema at all included)
    newer,    ///< it holds a migration this binary does not know
};

/// The condition of both backends' ingest_files upsert (`ON CONFLICT … DO UPDATE … WHERE`):
/// an input stored as ingested, with its filing, keeps that row when a run that filters it out
/// (`--force --forms 8-K` over a database holding the input's 10-K) reads the same bytes
/// again. Writing 'filtered' there would unlink the input from the filing it still holds
/// until a run without filters read it once more.
inline const char* const kKeepIngestedRow =
    "NOT (excluded.status = 'filtered' AND ingest_files.status = 'ingested' AND "
    "ingest_files.filing_id IS NOT NULL AND ingest_files.sha256 = excluded.sha256)";

/// The prefix of the paths under each directory of `paths` ('/x/y/' for '/x/y', '/' for '/').
std::vector<std::string> prefixes_under(const std::vector<std::string>& paths);

/// Reads the schema's state through Backend::migration_status(); writes nothing.
SchemaState schema_state(Backend& backend);

/// Options that apply to opening any backend.
struct OpenOptions {
    /// --bulk: journal off, synchronous off, exclusive lock; only for a new, empty database.
    bool bulk = false;
    /// For commands that only read (stats, dump, search, migrate --status, ingest --dry-run):
    /// SQLite opens the file read-only, sets no pragma that writes (page size, WAL), and a
    /// missing file is a fatal Error "no such database: PATH" instead of a new, empty
    /// database. An in-memory database ignores it. PostgreSQL ignores it: those commands
    /// only read.
    bool read_only = false;
    /// How long to wait for another process's lock before giving up, in milliseconds.
    int busy_timeout_ms = 60'000;
};

/// OpenOptions for a command that only reads.
inline OpenOptions read_only() {
    OpenOptions options;
    options.read_only = true;
    return options;
}

/// Opens the database named by a --db value (DESIGN §5): 'postgresql://…', 'postgres://…' or a
/// libpq key=value string is PostgreSQL; anything else is a SQLite path ('sqlite:' optional).
std::unique_ptr<Backend> open_backend(const std::string& url, const OpenOptions& options = {});

/// The file a --db value names when it is a SQLite database ('sqlite:' removed); "" for
/// PostgreSQL.
std::string sqlite_path(const std::string& url);

/// The URL with any password replaced by '***', for logs, reports and ingest_runs.arguments.
std::string mask_password(const std::string& text);

}  // namespace edgarsql::db
