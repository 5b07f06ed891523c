#include "db/sqlite/sqlite_backend.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <new>
#include <thread>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/dump.hpp"
#include "db/migrations.hpp"
#include "db/registrant_fields.hpp"
#include "model/precedence.hpp"
#include "util/thread.hpp"

namespace edgarsql::db::sqlite {

namespace {

constexpr const char* kDialect = "sqlite";
/// New databases get 64 KiB pages: fewer, larger pages suit documents of tens of KB.
constexpr int kPageSize = 65536;
/// Page cache of the writer connection, in KiB (negative cache_size means KiB): 64 MiB. A
/// 1 GB ingest runs no slower than with 256 MiB, and the cache counts fully toward peak RSS
/// (docs/benchmarks.md, Optimizations).
constexpr int kCacheKib = 64 * 1024;

/// WAL size (in 64 KiB frames) from which a commit wakes the background checkpointer: 16 MiB.
constexpr int kWalFramesBackground = 256;
/// WAL size from which the writer checkpoints itself: 128 MiB, which bounds the WAL file to
/// that plus one batch. The checkpointer does fall behind: each of its checkpoints ends with an
/// fsync of the database file, while the writer keeps committing, so the WAL is seldom all
/// copied when the writer begins a transaction, the only moment it can start again from its
/// beginning. On the 1 GB benchmark the WAL reached 155 MiB (290 MiB with a 256 MiB bound, no
/// faster; 110 MiB with SQLite's own checkpoint, which runs in the writer's commits).
constexpr int kWalFramesForeground = 2048;

/// Copies committed WAL frames into the database file (a PASSIVE checkpoint) on a thread and a
/// connection of its own, when the writer's commits wake it. SQLite's automatic checkpoint runs
/// in the committing thread: in the profile of a 1 GB ingest the writer thread, the
/// bottleneck, spent most of its time in the kernel writing pages, each page twice (to the
/// WAL, then to the database file). A passive checkpoint never blocks the writer, and the WAL
/// restarts from its beginning at the writer's next transaction once it is all copied.
class Checkpointer {
  public:
    Checkpointer(const std::string& path, int busy_timeout_ms)
        : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX, busy_timeout_ms),
          thread_([this] { loop(); }) {}
    ~Checkpointer() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    /// Called after a commit: copy what is committed.
    void committed() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            pending_ = true;
        }
        wake_.notify_one();
    }

  private:
    void loop() {
        util::name_this_thread("es-checkpoint");
        // A connection opens the WAL with its first read; until then a checkpoint does
        // nothing.
        try {
            db_.execAndGet("PRAGMA schema_version");
        } catch (const SQLite::Exception&) {
            // Then the writer's own checkpoints (kWalFramesForeground, and at close) do it.
        }
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return pending_ || stop_; });
            if (stop_) return;
            pending_ = false;
            lock.unlock();
            // SQLITE_BUSY (another checkpoint running) or an I/O error: the writer's own
            // checkpoint at kWalFramesForeground, and the one at close, still run.
            sqlite3_wal_checkpoint_v2(db_.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                      nullptr, nullptr);
            lock.lock();
        }
    }

    SQLite::Database db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stop_ = false;
    std::thread thread_;  ///< last: starts once the members above exist
};

bool is_fatal_code(int code) {
    switch (code & 0xff) {
        case SQLITE_CONSTRAINT:
        case SQLITE_TOOBIG:
        case SQLITE_MISMATCH:
        case SQLITE_RANGE:
            return false;
        default:
            // BUSY/LOCKED (after the busy timeout), NOMEM, READONLY, IOERR, CORRUPT, FULL,
            // CANTOPEN, NOTADB, PROTOCOL, and ERROR (a schema that does not match the
            // statements): no later write can succeed either.
            return true;
    }
}

/// The error of a failed statement. A fatal one (a full disk, a read-only or corrupt file) is
/// the database's condition, not the input's: it names `database`, when given.
Error make_error(const std::string& context, const SQLite::Exception& e,
                 const std::string& database = "") {
    const bool fatal = is_fatal_code(e.getErrorCode());
    const std::string where =
        fatal && !database.empty() ? "SQLite database " + database + ": " : "SQLite ";
    return Error(where + context + ": " + e.what(), fatal);
}

std::string now_utc() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

// Binds text that lives at least until the statement is stepped (the batch owns it);
// an empty string is NULL.
void bind_text(SQLite::Statement& s, int i, const std::string& v) {
    if (v.empty()) {
        s.bind(i);
    } else {
        s.bindNoCopy(i, v);
    }
}

// Like bind_text, but '' stays '' (source_member, items.part).
void bind_text_or_empty(SQLite::Statement& s, int i, const std::string& v) {
    s.bindNoCopy(i, v);
}

void bind_opt_text(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
    if (v) {
        s.bindNoCopy(i, *v);
    } else {
        s.bind(i);
    }
}

template <typename T>
void bind_opt_int(SQLite::Statement& s, int i, const std::optional<T>& v) {
    if (v) {
        s.bind(i, static_cast<std::int64_t>(*v));
    } else {
        s.bind(i);
    }
}

std::optional<std::string> opt_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

InputStatus status_from_text(const std::string& s) {
    if (s == "ingested") return InputStatus::ingested;
    if (s == "filtered") return InputStatus::filtered;
    if (s == "ignored") return InputStatus::ignored;
    return InputStatus::rejected;
}


std::string join(const char* sep, const std::vector<std::string>& parts, const char* prefix = "",
                 const char* suffix = "") {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += sep;
        out += prefix + parts[i] + suffix;
    }
    return out;
}

std::string placeholders(int from, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        if (i > 0) out += ", ";
        out += "?" + std::to_string(from + i);
    }
    return out;
}

std::string registrant_upsert_sql() {
    const std::vector<std::string> fields(kRegistrantFields.begin(), kRegistrantFields.end());
    std::string sql = "INSERT INTO registrants (cik, " + join(", ", fields) +
                      ", as_of_date, as_of_accession) VALUES (?1, " + placeholders(2, 17) +
                      ", ?19, ?20) ON CONFLICT (cik) DO UPDATE SET ";
    // ?22: a bit per column that the write sets (registrant_update), to its value or to NULL.
    for (std::size_t i = 0; i < fields.size(); ++i) {
        sql += fields[i] + " = CASE WHEN ?22 & " + std::to_string(1U << i) + " THEN excluded." +
               fields[i] + " ELSE registrants." + fields[i] + " END, ";
    }
    sql +=
        "as_of_date = CASE WHEN ?21 THEN excluded.as_of_date ELSE registrants.as_of_date END, "
        "as_of_accession = CASE WHEN ?21 THEN excluded.as_of_accession "
        "ELSE registrants.as_of_accession END";
    return sql;
}

std::string registrant_sources_upsert_sql() {
    std::vector<std::string> fields(kRegistrantFields.begin(), kRegistrantFields.end());
    fields.emplace_back("as_of");
    std::string sql = "INSERT INTO registrant_sources (cik, " + join(", ", fields) +
                      ") VALUES (?1, " + placeholders(2, 18) + ") ON CONFLICT (cik) DO UPDATE SET ";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) sql += ", ";
        sql += fields[i] + " = coalesce(excluded." + fields[i] + ", registrant_sources." +
               fields[i] + ")";
    }
    return sql;
}

std::string registrant_sources_select_sql() {
    std::vector<std::string> fields(kRegistrantFields.begin(), kRegistrantFields.end());
    fields.emplace_back("as_of");
    return "SELECT " + join(", ", fields) + " FROM registrant_sources WHERE cik = ?1";
}

constexpr const char* kFilingColumns =
    "accession_number, form_type, form_family, is_amendment, filed_date, period_of_report, "
    "acceptance_datetime, date_as_of_change, declared_document_count, document_count, "
    "parse_status, warnings, cik, signer_name, signer_title, source_kind, source_path, "
    "source_member, source_sha256, parser_version";
constexpr int kFilingColumnCount = 20;

std::string filing_update_sql() {
    std::string sql = "UPDATE filings SET ";
    std::string cols = kFilingColumns;
    int n = 1;
    std::size_t pos = 0;
    while (pos < cols.size()) {
        std::size_t comma = cols.find(", ", pos);
        if (comma == std::string::npos) comma = cols.size();
        if (n > 1) sql += ", ";
        sql += cols.substr(pos, comma - pos) + " = ?" + std::to_string(n++);
        pos = comma + 2;
    }
    return sql + " WHERE filing_id = ?" + std::to_string(kFilingColumnCount + 1);
}

constexpr const char* kPartyColumns =
    "filing_id, seq, role, cik, name, company_data, form_type, sec_act, file_number, "
    "film_number, irs_number, state_of_incorporation, sic_code, sic_description, "
    "organization_name, fiscal_year_end, business_address, business_street1, business_street2, "
    "business_city, business_state, business_zip, business_phone, mail_street1, mail_street2, "
    "mail_city, mail_state, mail_zip";

/// PriorInput::transient: rejected because it could not be read, or, for an archive member,
/// because its archive could not be (a truncated download): retried when read again.
constexpr const char* kTransientSql =
    "coalesce(stage = 'read' OR (source_member <> '' AND stage = 'archive'), 0)";

/// PriorInput::archive_damage: rejected for damage in an archive's bytes.
constexpr const char* kArchiveDamageSql =
    "coalesce(status = 'rejected' AND stage = 'archive', 0)";

/// PriorInput::refused_size of the ingest_files row `f`: for a row rejected at stage 'limit',
/// its recorded size, or, when its decompressed size went over the limit ("decompressed size
/// exceeds --max-input-bytes N", from the walker), N + 1 if larger; -1 for any other row.
std::string refused_size_sql(const std::string& f) {
    return "CASE WHEN " + f + "status = 'rejected' AND " + f + "stage = 'limit' THEN max(" + f +
           "bytes, CASE WHEN " + f + "error LIKE 'decompressed size exceeds %' THEN CAST(substr(" +
           f + "error, instr(" + f + "error, '--max-input-bytes ') + 18) AS INTEGER) + 1 "
           "ELSE 0 END) ELSE -1 END";
}

/// True for an ingest_files row whose `column` (its member, by default) starts with one of the
/// prefixes in the JSON array parameter ?n (matched as written: '%' and '_' are not wildcards).
std::string under_prefix_sql(int n, const std::string& column = "source_member") {
    return "EXISTS (SELECT 1 FROM json_each(?" + std::to_string(n) + ") p WHERE substr(" +
           column + ", 1, length(p.value)) = p.value)";
}

/// The ingest_files rows of directories a run could not list (model::kCannotListDirectory),
/// the prefix bound as ?n.
std::string unlisted_directory_rows_sql(int n) {
    const std::string p = "?" + std::to_string(n);
    return "source_member = '' AND status = 'rejected' AND stage = 'read' AND "
           "substr(error, 1, length(" + p + ")) = " + p;
}


/// PriorArchive::filtered_as of the archive ?1, encoded for decode_filtered_members(): the
/// distinct (form type, filing date) pairs of its filtered members.
constexpr const char* kFilteredMembersSql =
    "(SELECT group_concat(k, char(30)) FROM (SELECT DISTINCT coalesce(f.filtered_form_type || "
    "char(31) || coalesce(f.filtered_filing_date, ''), char(29)) AS k FROM ingest_files f "
    "WHERE f.source_path = ?1 AND f.source_member <> '' AND f.status = 'filtered'))";

/// The read-only connection of the walker thread.
class SqliteLookup final : public InputLookup {
  public:
    SqliteLookup(const std::string& path, int busy_timeout_ms)
        : db_(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, busy_timeout_ms),
          input_(db_,
                 "SELECT bytes, mtime, status, parser_version, " + std::string(kTransientSql) +
                 ", " + refused_size_sql("") +
                 ", filtered_form_type, filtered_filing_date, " + kArchiveDamageSql +
                 ", reread FROM ingest_files "
                 "WHERE source_path = ?1 AND source_member = ?2"),
          archive_(db_,
                   "SELECT bytes, mtime, parser_version, complete, members, rejected, "
                   "CASE WHEN rejected > 0 THEN (SELECT min(" + refused_size_sql("f.") +
                   ") FROM ingest_files f WHERE f.source_path = ?1 AND f.source_member <> '' "
                   "AND f.status = 'rejected' AND f.stage = 'limit') END, filtered, "
                   "CASE WHEN filtered > 0 THEN " + kFilteredMembersSql + " END, damaged, "
                   "EXISTS (SELECT 1 FROM ingest_files f WHERE f.source_path = ?1 AND "
                   "f.reread) FROM ingest_archives WHERE source_path = ?1") {}

    std::optional<PriorInput> find_input(const std::string& path,
                                         const std::string& member) override {
        try {
            input_.tryReset();
            input_.bindNoCopy(1, path);
            input_.bindNoCopy(2, member);
            if (!input_.executeStep()) {
                input_.tryReset();
                return std::nullopt;
            }
            PriorInput p;
            p.bytes = input_.getColumn(0).getInt64();
            p.mtime = input_.getColumn(1).getInt64();
            p.status = status_from_text(input_.getColumn(2).getString());
            p.parser_version = input_.getColumn(3).getInt();
            p.transient = input_.getColumn(4).getInt() != 0;
            p.refused_size = input_.getColumn(5).getInt64();
            if (p.status == InputStatus::filtered && !input_.getColumn(6).isNull()) {
                p.filtered_as = FilteredAs{input_.getColumn(6).getString(),
                                           input_.getColumn(7).getString()};
            }
            p.archive_damage = input_.getColumn(8).getInt() != 0;
            p.reread = input_.getColumn(9).getInt() != 0;
            input_.tryReset();
            return p;
        } catch (const SQLite::Exception& e) {
            throw make_error("lookup of " + path + (member.empty() ? "" : "!" + member), e);
        }
    }

    std::optional<PriorArchive> find_archive(const std::string& path) override {
        try {
            archive_.tryReset();
            archive_.bindNoCopy(1, path);
            if (!archive_.executeStep()) {
                archive_.tryReset();
                return std::nullopt;
            }
            PriorArchive a;
            a.bytes = archive_.getColumn(0).getInt64();
            a.mtime = archive_.getColumn(1).getInt64();
            a.parser_version = archive_.getColumn(2).getInt();
            a.complete = archive_.getColumn(3).getInt() != 0;
            a.members = archive_.getColumn(4).getInt64();
            a.rejected = archive_.getColumn(5).getInt64();
            if (!archive_.getColumn(6).isNull())
                a.smallest_refused = archive_.getColumn(6).getInt64();
            a.filtered = archive_.getColumn(7).getInt64();
            if (a.filtered > 0) decode_filtered_members(archive_.getColumn(8).getString(), a);
            a.damaged = archive_.getColumn(9).getInt() != 0;
            a.reread_members = archive_.getColumn(10).getInt() != 0;
            archive_.tryReset();
            return a;
        } catch (const SQLite::Exception& e) {
            throw make_error("lookup of archive " + path, e);
        }
    }

  private:
    SQLite::Database db_;
    SQLite::Statement input_;
    SQLite::Statement archive_;
};

/// In --bulk mode the database is new and exclusively locked: nothing was seen before.
class EmptyLookup final : public InputLookup {
  public:
    std::optional<PriorInput> find_input(const std::string&, const std::string&) override {
        return std::nullopt;
    }
    std::optional<PriorArchive> find_archive(const std::string&) override { return std::nullopt; }
};

/// The statements of write_batch, prepared once per connection.
struct WriteStatements {
    explicit WriteStatements(SQLite::Database& db)
        : find_by_accession(db,
                            "SELECT filing_id, source_kind, parse_status, date_as_of_change, "
                            "parser_version, source_path, source_member, source_sha256 FROM filings "
                            "WHERE accession_number = ?1"),
          replaced_version(db,
                           "SELECT coalesce(filed_date, ''), coalesce(acceptance_datetime, ''), "
                           "coalesce(accession_number, ''), source_sha256 FROM filings "
                           "WHERE filing_id = ?1"),
          replaced_ciks(db,
                        "SELECT DISTINCT cik FROM filing_parties WHERE filing_id = ?1 AND "
                        "cik IS NOT NULL AND role <> 'cover_page'"),
          find_by_sha256(db,
                         "SELECT filing_id, source_kind, parse_status, date_as_of_change, "
                         "parser_version, source_path, source_member, source_sha256 FROM filings "
                         "WHERE source_sha256 = ?1 AND accession_number IS NULL"),
          insert_filing(db, std::string("INSERT INTO filings (") + kFilingColumns + ") VALUES (" +
                                placeholders(1, kFilingColumnCount) + ")"),
          update_filing(db, filing_update_sql()),
          delete_parties(db, "DELETE FROM filing_parties WHERE filing_id = ?1"),
          delete_header_fields(db, "DELETE FROM header_fields WHERE filing_id = ?1"),
          delete_items(db, "DELETE FROM items WHERE filing_id = ?1"),
          delete_documents(db, "DELETE FROM documents WHERE filing_id = ?1"),
          delete_exhibits(db, "DELETE FROM exhibits WHERE filing_id = ?1"),
          insert_party(db, std::string("INSERT INTO filing_parties (") + kPartyColumns +
                               ") VALUES (" + placeholders(1, 28) + ")"),
          insert_header_field(db,
                              "INSERT INTO header_fields (filing_id, seq, path, value) "
                              "VALUES (?1, ?2, ?3, ?4)"),
          insert_item(db,
                      "INSERT INTO items (filing_id, source, part, item_code, item_raw, title, "
                      "seq, combined, document_sequence, text, start_offset, end_offset) "
                      "VALUES (" +
                          placeholders(1, 12) + ")"),
          insert_document(db,
                          "INSERT INTO documents (filing_id, sequence, type, filename, "
                          "description, content_kind, charset, bytes, sha256, uuencoded, text, "
                          "text_in_items) VALUES (" +
                              placeholders(1, 12) + ")"),
          // The indexes' content views say which rows they hold (migrations 0005, 0007).
          index_items(db,
                      "INSERT INTO items_fts (rowid, text) SELECT item_id, text "
                      "FROM items_search_text WHERE item_id > ?1"),
          index_documents(db,
                          "INSERT INTO documents_fts (rowid, text) SELECT document_id, text "
                          "FROM documents_search_text WHERE document_id > ?1"),
          last_item_id(db, "SELECT coalesce(max(item_id), 0) FROM items"),
          last_document_id(db, "SELECT coalesce(max(document_id), 0) FROM documents"),
          insert_exhibit(db,
                         "INSERT INTO exhibits (filing_id, seq, exhibit_number, description, "
                         "document_sequence, listed_in_index) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
          select_sources(db, registrant_sources_select_sql()),
          upsert_registrant(db, registrant_upsert_sql()),
          upsert_sources(db, registrant_sources_upsert_sql()),
          upsert_former_name(db,
                             "INSERT INTO former_names (cik, former_name, date_changed, "
                             "first_accession, first_order_key) VALUES (?1, ?2, ?3, ?4, ?5) "
                             "ON CONFLICT (cik, former_name, ifnull(date_changed, '')) DO UPDATE "
                             "SET first_accession = excluded.first_accession, "
                             "first_order_key = excluded.first_order_key "
                             "WHERE excluded.first_order_key < former_names.first_order_key"),
          upsert_input(
              db,
              "INSERT INTO ingest_files (source_path, source_member, bytes, mtime, "
              "sha256, status, stage, error, filing_id, run_id, parser_version, "
              "filtered_form_type, filtered_filing_date) "
              "VALUES (" +
                  placeholders(1, 13) +
                  ") "
                  "ON CONFLICT (source_path, source_member) DO UPDATE SET "
                  "bytes = excluded.bytes, mtime = excluded.mtime, sha256 = excluded.sha256, "
                  "status = excluded.status, stage = excluded.stage, error = excluded.error, "
                  "filing_id = excluded.filing_id, run_id = excluded.run_id, "
                  "parser_version = excluded.parser_version, "
                  "filtered_form_type = excluded.filtered_form_type, "
                  "filtered_filing_date = excluded.filtered_filing_date, reread = 0 "
                  "WHERE " +
                  db::kKeepIngestedRow) {}

    SQLite::Statement find_by_accession;
    SQLite::Statement replaced_version;
    SQLite::Statement replaced_ciks;
    SQLite::Statement find_by_sha256;
    SQLite::Statement insert_filing;
    SQLite::Statement update_filing;
    SQLite::Statement delete_parties;
    SQLite::Statement delete_header_fields;
    SQLite::Statement delete_items;
    SQLite::Statement delete_documents;
    SQLite::Statement delete_exhibits;
    SQLite::Statement insert_party;
    SQLite::Statement insert_header_field;
    SQLite::Statement insert_item;
    SQLite::Statement insert_document;
    SQLite::Statement index_items;  ///< full-text index: rows inserted after a given id
    SQLite::Statement index_documents;
    SQLite::Statement last_item_id;
    SQLite::Statement last_document_id;
    SQLite::Statement insert_exhibit;
    SQLite::Statement select_sources;
    SQLite::Statement upsert_registrant;
    SQLite::Statement upsert_sources;
    SQLite::Statement upsert_former_name;
    SQLite::Statement upsert_input;
};

std::string real_path(const std::string& path) {
    char* real = ::realpath(path.c_str(), nullptr);
    if (real == nullptr) return path;  // then SQLite could not have opened it either
    std::string out(real);
    std::free(real);
    return out;
}

// The run lock: an exclusive flock() on '<database>-lock', held from begin_run to finish_run
// (or until the process ends, when the kernel releases it). It makes a second concurrent ingest
// wait (bounded) or stop with a clear message, and it proves that any run still 'running' when
// the lock is acquired belongs to a process that died: begin_run may then mark it 'abandoned'.
// A separate file, because SQLite's own locks on the database file are fcntl() locks.
class RunLock {
  public:
    RunLock() = default;
    ~RunLock() { release(); }
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    /// The lock is keyed on the database file itself: beside its real path, with symlinks
    /// resolved, so two names for one file (a symlink, 'a/../db') take the same lock.
    void acquire(const std::string& database, int timeout_ms) {
        if (fd_ >= 0) return;
        const std::string path = real_path(database) + "-lock";
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            throw Error("SQLite cannot open the run lock " + path + ": " + std::strerror(errno),
                        /*fatal=*/true);
        }
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                const std::string reason = std::strerror(errno);
                ::close(fd);
                throw Error("SQLite cannot lock " + path + ": " + reason, /*fatal=*/true);
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                ::close(fd);
                throw Error("another edgarsql run holds the database " + database +
                                " (lock " + path + "); waited " +
                                std::to_string(timeout_ms / 1000) + " s, try again when it ends",
                            /*fatal=*/true);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        fd_ = fd;
    }

    void release() {
        if (fd_ < 0) return;
        ::flock(fd_, LOCK_UN);
        ::close(fd_);
        fd_ = -1;
    }

  private:
    int fd_ = -1;
};

bool is_memory_database(const std::string& path) {
    return path.empty() || path == ":memory:" || path.rfind("file::memory:", 0) == 0;
}

class SqliteBackend final : public Backend {
  public:
    SqliteBackend(std::string path, const OpenOptions& options)
        : path_(std::move(path)), options_(options), db_(open(path_, options)) {}

    std::string dialect() const override { return kDialect; }

    void migrate() override {
        try {
            statements_.reset();
            SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
            const int current = current_version();
            const std::vector<Migration> migrations = migrations_for(kDialect);
            const int latest = migrations.empty() ? 0 : migrations.back().version;
            if (current > latest) {
                throw Error("database " + path_ + " has schema version " + std::to_string(current) +
                                ", newer than this edgarsql knows (" + std::to_string(latest) +
                                "); use a newer edgarsql",
                            /*fatal=*/true);
            }
            for (const Migration& m : migrations) {
                if (m.version <= current) continue;
                try {
                    db_.exec(m.sql);
                    SQLite::Statement record(
                        db_,
                        "INSERT INTO schema_migrations (version, name, applied_at) "
                        "VALUES (?1, ?2, ?3)");
                    record.bind(1, m.version);
                    record.bind(2, m.name);
                    record.bind(3, now_utc());
                    record.exec();
                } catch (const SQLite::Exception& e) {
                    throw Error("SQLite migration " + std::to_string(m.version) + "_" + m.name +
                                    " failed on " + path_ + ": " + e.what(),
                                /*fatal=*/true);
                }
            }
            tx.commit();
        } catch (const SQLite::Exception& e) {
            throw Error("SQLite migrate " + path_ + ": " + e.what(), /*fatal=*/true);
        }
    }

    std::vector<MigrationState> migration_status() override {
        try {
            std::vector<MigrationState> out;
            std::vector<std::pair<int, std::pair<std::string, std::string>>> applied;
            if (db_.tableExists("schema_migrations")) {
                SQLite::Statement s(db_,
                                    "SELECT version, name, applied_at FROM schema_migrations "
                                    "ORDER BY version");
                while (s.executeStep()) {
                    applied.push_back({s.getColumn(0).getInt(),
                                       {s.getColumn(1).getString(), s.getColumn(2).getString()}});
                }
            }
            for (const Migration& m : migrations_for(kDialect)) {
                MigrationState st{m.version, m.name, ""};
                for (const auto& a : applied) {
                    if (a.first == m.version) st.applied_at = a.second.second;
                }
                out.push_back(st);
            }
            for (const auto& a : applied) {
                bool known = false;
                for (const MigrationState& st : out) known = known || st.version == a.first;
                if (!known) out.push_back({a.first, a.second.first, a.second.second});
            }
            return out;
        } catch (const SQLite::Exception& e) {
            throw make_error("migration status of " + path_, e);
        }
    }

    std::int64_t begin_run(const RunStart& start) override {
        if (!is_memory_database(path_)) run_lock_.acquire(path_, options_.busy_timeout_ms);
        try {
            // Under the run lock, a 'running' run has no live process: it crashed.
            SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
            const std::string now = now_utc();
            // Its counts were never written: they are those of the manifest rows it wrote (the
            // inputs it skipped are not known).
            SQLite::Statement abandon(
                db_,
                "UPDATE ingest_runs SET status = 'abandoned', finished_at = ?1, "
                "(files_seen, files_ingested, files_rejected, files_filtered, files_ignored, "
                "bytes_read) = (SELECT count(*), coalesce(sum(status = 'ingested'), 0), "
                "coalesce(sum(status = 'rejected'), 0), coalesce(sum(status = 'filtered'), 0), "
                "coalesce(sum(status = 'ignored'), 0), coalesce(sum(bytes), 0) "
                "FROM ingest_files f WHERE f.run_id = ingest_runs.run_id) "
                "WHERE status = 'running'");
            abandon.bind(1, now);
            abandon.exec();
            SQLite::Statement insert(db_,
                                     "INSERT INTO ingest_runs (started_at, status, version, "
                                     "arguments) VALUES (?1, 'running', ?2, ?3)");
            insert.bind(1, now);
            insert.bind(2, start.version);
            insert.bind(3, start.arguments);
            insert.exec();
            const std::int64_t run_id = db_.getLastInsertRowid();
            tx.commit();
            return run_id;
        } catch (const SQLite::Exception& e) {
            throw make_error("begin_run", e, path_);
        }
    }

    void finish_run(std::int64_t run_id, const RunCounts& c, const std::string& status) override {
        try {
            SQLite::Statement s(db_,
                                "UPDATE ingest_runs SET finished_at = ?1, status = ?2, "
                                "files_seen = ?3, files_ingested = ?4, files_skipped = ?5, "
                                "files_rejected = ?6, files_filtered = ?7, files_ignored = ?8, "
                                "bytes_read = ?9 WHERE run_id = ?10");
            s.bind(1, now_utc());
            s.bind(2, status);
            s.bind(3, c.files_seen);
            s.bind(4, c.files_ingested);
            s.bind(5, c.files_skipped);
            s.bind(6, c.files_rejected);
            s.bind(7, c.files_filtered);
            s.bind(8, c.files_ignored);
            s.bind(9, c.bytes_read);
            s.bind(10, run_id);
            s.exec();
        } catch (const SQLite::Exception& e) {
            throw make_error("finish_run " + std::to_string(run_id), e, path_);
        }
        run_lock_.release();
    }

    void write_batch(std::int64_t run_id, const std::vector<InputResult>& batch) override;

    std::vector<std::string> unlisted_directories(
        const std::vector<std::string>& roots) override {
        std::vector<std::string> out;
        try {
            SQLite::Statement q(db_, "SELECT source_path FROM ingest_files WHERE " +
                                         unlisted_directory_rows_sql(1) +
                                         " AND (source_path IN (SELECT value FROM json_each(?2))"
                                         " OR " + under_prefix_sql(3, "source_path") + ")");
            q.bind(1, model::kCannotListDirectory);
            q.bind(2, nlohmann::json(roots).dump());
            q.bind(3, nlohmann::json(prefixes_under(roots)).dump());
            while (q.executeStep()) out.push_back(q.getColumn(0).getString());
        } catch (const SQLite::Exception& e) {
            throw make_error("unlisted_directories", e, path_);
        }
        return out;
    }

    void forget_directories(std::int64_t run_id, const std::vector<std::string>& paths) override {
        if (paths.empty()) return;
        try {
            SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
            SQLite::Statement d(db_, "DELETE FROM ingest_files WHERE " +
                                         unlisted_directory_rows_sql(1) +
                                         " AND run_id IS NOT ?2 AND source_path IN "
                                         "(SELECT value FROM json_each(?3))");
            d.bind(1, model::kCannotListDirectory);
            d.bind(2, run_id);
            d.bind(3, nlohmann::json(paths).dump());
            d.exec();
            tx.commit();
        } catch (const SQLite::Exception& e) {
            throw make_error("forget_directories", e, path_);
        }
    }

    void record_archive(std::int64_t run_id, const ArchiveDone& a) override {
        try {
            SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
            SQLite::Statement s(db_,
                                "INSERT INTO ingest_archives (source_path, bytes, mtime, "
                                "parser_version, members, rejected, complete, run_id, "
                                "filtered, damaged) VALUES "
                                "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                                "ON CONFLICT (source_path) DO "
                                "UPDATE SET bytes = excluded.bytes, mtime = excluded.mtime, "
                                "parser_version = excluded.parser_version, "
                                "members = excluded.members, rejected = excluded.rejected, "
                                "complete = excluded.complete, run_id = excluded.run_id, "
                                "filtered = excluded.filtered, damaged = excluded.damaged");
            s.bind(1, a.path);
            s.bind(2, a.bytes);
            s.bind(3, a.mtime);
            s.bind(4, a.parser_version);
            s.bind(5, a.members);
            s.bind(6, a.rejected);
            s.bind(7, a.complete ? 1 : 0);
            s.bind(8, run_id);
            s.bind(9, a.filtered);
            s.bind(10, a.damaged ? 1 : 0);
            s.exec();
            // Walked to its end now: an earlier failure of the archive itself (damaged,
            // unreadable) no longer holds.
            if (a.reached_end) {
                SQLite::Statement d(db_,
                                    "DELETE FROM ingest_files WHERE source_path = ?1 AND "
                                    "source_member = '' AND status = 'rejected'");
                d.bind(1, a.path);
                d.exec();
            }
            // Members the walk did not meet are gone from the archive, or lie beyond its
            // damage: their rows would only keep stale marks and filtered pairs.
            if (a.reached_end || a.damaged) {
                SQLite::Statement d(db_,
                                    "DELETE FROM ingest_files WHERE source_path = ?1 AND "
                                    "source_member <> '' AND source_member NOT IN "
                                    "(SELECT value FROM json_each(?2)) AND NOT " +
                                        under_prefix_sql(3));
                d.bind(1, a.path);
                d.bind(2, nlohmann::json(a.member_names).dump());
                d.bind(3, nlohmann::json(a.kept_prefixes).dump());
                d.exec();
            }
            if (!a.reread_prefixes.empty()) {
                SQLite::Statement u(db_,
                                    "UPDATE ingest_files SET reread = 1 WHERE source_path = ?1 "
                                    "AND NOT (status = 'rejected' AND stage = 'archive') AND " +
                                        under_prefix_sql(2));
                u.bind(1, a.path);
                u.bind(2, nlohmann::json(a.reread_prefixes).dump());
                u.exec();
            }
            if (a.reread_unwritten) {
                SQLite::Statement u(db_,
                                    "UPDATE ingest_files SET reread = 1 WHERE source_path = ?1 "
                                    "AND source_member <> '' AND run_id IS NOT ?2 "
                                    "AND NOT (status = 'rejected' AND stage = 'archive')");
                u.bind(1, a.path);
                u.bind(2, run_id);
                u.exec();
            }
            tx.commit();
        } catch (const SQLite::Exception& e) {
            throw make_error("record_archive " + a.path, e, path_);
        }
    }

    void load_index_entries(const std::vector<index::Entry>& entries,
                            const std::string& index_file) override {
        try {
            SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
            SQLite::Statement s(db_,
                                "INSERT INTO index_entries (accession_number, cik, company_name, "
                                "form_type, form_family, date_filed, file_name, index_file) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                                "ON CONFLICT (accession_number, cik) DO UPDATE SET "
                                "company_name = excluded.company_name, "
                                "form_type = excluded.form_type, "
                                "form_family = excluded.form_family, "
                                "date_filed = excluded.date_filed, "
                                "file_name = excluded.file_name, index_file = excluded.index_file");
            for (const index::Entry& e : entries) {
                s.bind(1, e.accession_number);
                s.bind(2, e.cik);
                s.bind(3, e.company_name);
                s.bind(4, e.form_type);
                s.bind(5, e.form_family);
                s.bind(6, e.date_filed);
                s.bind(7, e.file_name);
                s.bind(8, index_file);
                s.exec();
                s.reset();
            }
            tx.commit();
        } catch (const SQLite::Exception& e) {
            throw make_error("load index entries from " + index_file, e);
        }
    }

    std::int64_t fill_from_index() override {
        // SET expressions see the row as it was, so each CASE tests the original columns.
        static constexpr const char* kFirst =
            "FROM index_entries e WHERE e.accession_number = filings.accession_number "
            "ORDER BY e.cik LIMIT 1)";
        const std::string sql =
            std::string("UPDATE filings SET ") +
            "cik = coalesce(cik, (SELECT e.cik " + kFirst + "), "
            "form_type = CASE WHEN coalesce(form_type, '') = '' THEN (SELECT e.form_type " +
            kFirst + " ELSE form_type END, "
            "form_family = CASE WHEN coalesce(form_type, '') = '' THEN (SELECT e.form_family " +
            kFirst + " ELSE form_family END, "
            "is_amendment = CASE WHEN coalesce(form_type, '') = '' THEN (SELECT "
            "e.form_type LIKE '%/A' " + kFirst + " ELSE is_amendment END, "
            "filed_date = CASE WHEN coalesce(filed_date, '') = '' THEN (SELECT e.date_filed " +
            kFirst + " ELSE filed_date END "
            "WHERE accession_number IN (SELECT accession_number FROM index_entries) AND "
            "(cik IS NULL OR coalesce(form_type, '') = '' OR coalesce(filed_date, '') = '')";
        try {
            return db_.exec(sql);
        } catch (const SQLite::Exception& e) {
            throw make_error("fill filings from index_entries", e);
        }
    }

    std::vector<std::string> own_files() const override {
        if (is_memory_database(path_)) return {};
        const std::string base = real_path(path_);
        return {base, base + "-journal", base + "-wal", base + "-shm", base + "-lock"};
    }

    std::unique_ptr<InputLookup> open_lookup() override {
        // A new database (bulk), or one in memory, which another connection cannot see and
        // which starts empty (a dry run without a database file): nothing to skip.
        if (options_.bulk || is_memory_database(path_)) return std::make_unique<EmptyLookup>();
        try {
            return std::make_unique<SqliteLookup>(path_, options_.busy_timeout_ms);
        } catch (const SQLite::Exception& e) {
            throw Error("SQLite cannot open a read connection to " + path_ + ": " + e.what(),
                        /*fatal=*/true);
        }
    }

    bool empty() override {
        try {
            SQLite::Statement s(db_, "SELECT EXISTS (SELECT 1 FROM filings)");
            s.executeStep();
            return s.getColumn(0).getInt() == 0;
        } catch (const SQLite::Exception& e) {
            throw make_error("empty", e);
        }
    }

    void dump(std::ostream& out) override {
        try {
            // One read transaction, so every section sees the same snapshot.
            SQLite::Transaction tx(db_, SQLite::TransactionBehavior::DEFERRED);
            DumpRow row;
            write_dump(
                out,
                [&](const std::string& sql, const std::function<void(const DumpRow&)>& on_row) {
                    SQLite::Statement s(db_, sql);
                    const int n = s.getColumnCount();
                    while (s.executeStep()) {
                        row.assign(static_cast<std::size_t>(n), std::nullopt);
                        for (int i = 0; i < n; ++i)
                            row[static_cast<std::size_t>(i)] = opt_text(s.getColumn(i));
                        on_row(row);
                    }
                },
                "");
            tx.commit();
        } catch (const SQLite::Exception& e) {
            throw make_error("dump", e);
        }
    }

    std::vector<Row> query(const std::string& sql) override {
        try {
            SQLite::Statement s(db_, sql);
            const int n = s.getColumnCount();
            std::vector<Row> rows;
            while (s.executeStep()) {
                Row row(static_cast<std::size_t>(n));
                for (int i = 0; i < n; ++i)
                    row[static_cast<std::size_t>(i)] = opt_text(s.getColumn(i));
                rows.push_back(std::move(row));
            }
            return rows;
        } catch (const SQLite::Exception& e) {
            throw make_error("query", e);
        }
    }

    std::vector<Row> query_params(const std::string& sql,
                                  const std::vector<std::string>& params) override {
        try {
            SQLite::Statement s(db_, sql);
            for (std::size_t i = 0; i < params.size(); ++i)
                s.bind(static_cast<int>(i) + 1, params[i]);
            const int n = s.getColumnCount();
            std::vector<Row> rows;
            while (s.executeStep()) {
                Row row(static_cast<std::size_t>(n));
                for (int i = 0; i < n; ++i)
                    row[static_cast<std::size_t>(i)] = opt_text(s.getColumn(i));
                rows.push_back(std::move(row));
            }
            return rows;
        } catch (const SQLite::Exception& e) {
            throw make_error("query", e);
        }
    }

  private:
    /// Switches a connection to WAL. Connections that do so at once on a new file may get
    /// SQLITE_BUSY at once, without the busy handler (SQLite's way out of a lock upgrade that
    /// could deadlock): two first runs started together, or migrate() racing itself. Tried
    /// again for up to busy_timeout_ms.
    static void set_wal(SQLite::Database& db, int busy_timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() +
                              std::chrono::milliseconds(std::max(busy_timeout_ms, 0));
        for (int attempt = 1;; ++attempt) {
            try {
                db.exec("PRAGMA journal_mode = WAL");
                return;
            } catch (const SQLite::Exception& e) {
                if ((e.getErrorCode() & 0xff) != SQLITE_BUSY ||
                    std::chrono::steady_clock::now() >= deadline) {
                    throw;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 20)));
            }
        }
    }

    static SQLite::Database open(const std::string& path, const OpenOptions& options) {
        if (options.read_only && !is_memory_database(path)) return open_read_only(path, options);
        try {
            SQLite::Database db(path,
                                SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                                options.busy_timeout_ms);
            // page_size only takes effect on a file without tables, and must precede WAL.
            db.exec("PRAGMA page_size = " + std::to_string(kPageSize));
            if (options.bulk) {
                db.exec("PRAGMA locking_mode = EXCLUSIVE");
                db.exec("PRAGMA journal_mode = OFF");
                db.exec("PRAGMA synchronous = OFF");
            } else {
                set_wal(db, options.busy_timeout_ms);
                db.exec("PRAGMA synchronous = NORMAL");
            }
            db.exec("PRAGMA foreign_keys = ON");
            db.exec("PRAGMA cache_size = -" + std::to_string(kCacheKib));
            db.exec("PRAGMA temp_store = MEMORY");
            return db;
        } catch (const SQLite::Exception& e) {
            throw Error("SQLite cannot open " + path + ": " + e.what(), /*fatal=*/true);
        }
    }

    /// For commands that only read: no file is created and nothing is written, not even the
    /// header by a page_size or journal_mode pragma, so a typo in --db is an error and a
    /// database the user may not write can still be read.
    static SQLite::Database open_read_only(const std::string& path, const OpenOptions& options) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            const int err = errno;
            throw Error(err == ENOENT ? "no such database: " + path
                                      : "SQLite cannot open " + path + ": " + std::strerror(err),
                        /*fatal=*/true);
        }
        const auto opened = [&](const std::string& name, int flags) {
            SQLite::Database db(name, flags | SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                                options.busy_timeout_ms);
            db.exec("PRAGMA cache_size = -" + std::to_string(kCacheKib));
            db.exec("PRAGMA temp_store = MEMORY");
            // The first read of the file: a WAL database fails here when it cannot be read.
            db.execAndGet("SELECT count(*) FROM sqlite_master");
            return db;
        };
        try {
            return opened(path, 0);
        } catch (const SQLite::Exception& e) {
            // A WAL database (every one ingest leaves) is read through its -shm index, which
            // a reader creates when none exists: in a directory it may not write (a published
            // copy), it cannot. No -shm means no connection has the database open, so it is
            // read as immutable: nothing created, no locks. A writer that starts meanwhile
            // needs write access to that directory; docs/operations.md says what to expect.
            struct stat shm {};
            const bool no_shm = ::stat((path + "-shm").c_str(), &shm) != 0 && errno == ENOENT;
            const int code = e.getErrorCode();
            if (no_shm && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
                try {
                    return opened(immutable_uri(path), SQLite::OPEN_URI);
                } catch (const SQLite::Exception&) {
                    // The first error is the one to report.
                }
            }
            throw Error("SQLite cannot open " + path + ": " + e.what(), /*fatal=*/true);
        }
    }

    /// `file:PATH?immutable=1`, with the characters a URI filename gives a meaning escaped.
    static std::string immutable_uri(const std::string& path) {
        std::string uri = "file:";
        for (char c : path) {
            if (c == '%' || c == '?' || c == '#') {
                static const char* const kHex = "0123456789ABCDEF";
                uri += '%';
                uri += kHex[static_cast<unsigned char>(c) >> 4];
                uri += kHex[static_cast<unsigned char>(c) & 15];
            } else {
                uri += c;
            }
        }
        return uri + "?immutable=1";
    }

    int current_version() {
        if (!db_.tableExists("schema_migrations")) return 0;
        SQLite::Statement s(db_, "SELECT coalesce(max(version), 0) FROM schema_migrations");
        s.executeStep();
        return s.getColumn(0).getInt();
    }

    std::int64_t store_filing(const InputResult& r, const model::Filing& f);
    /// model::worse_reread: marks the manifest rows of the filing's other copies to be read
    /// again (ingest_files.reread; an archive holding one is then opened again).
    void reread_other_copies(std::int64_t filing_id, const model::SourceRef& kept);
    void bind_filing(SQLite::Statement& s, const InputResult& r, const model::Filing& f,
                     const std::string& warnings);
    void replace_children(std::int64_t filing_id, const model::Filing& f, bool had_children);
    /// A stored version about to be replaced: its order key and the CIKs of its parties.
    struct Replaced {
        std::string order_key;
        std::vector<std::int64_t> ciks;
    };
    Replaced replaced_version(std::int64_t filing_id);
    void recompute_registrant(std::int64_t cik);
    /// The registrant_sources keys of `cik`; `have_row` says whether it has a row.
    FieldKeys stored_keys(std::int64_t cik, bool& have_row);
    void accumulate_registrant(const model::Party& p, const model::Filing& f,
                               const std::string& order_key, FieldSet* fresh);
    void accumulate_former_names(const model::Party& p, const model::Filing& f,
                                 const std::string& order_key);

    static void run(SQLite::Statement& s) {
        s.exec();
        s.tryReset();
    }

    /// Full-text indexing. The writer adds new rows to items_fts and documents_fts itself,
    /// one INSERT … SELECT per table and batch over the rows inserted since the last mark:
    /// on the benchmark corpus an insert trigger (which copies each text into its program)
    /// cost 40 % more time and a statement per row 15 % more (docs/benchmarks.md). Deletes
    /// and updates of text stay in step through triggers, so rows must be indexed before they
    /// are deleted: replacing a filing flushes first (replace_children).
    void mark_unindexed() {
        WriteStatements& st = *statements_;
        for (auto [stmt, mark] : {std::pair{&st.last_item_id, &fts_items_after_},
                                  std::pair{&st.last_document_id, &fts_documents_after_}}) {
            stmt->tryReset();
            if (stmt->executeStep()) *mark = stmt->getColumn(0).getInt64();
            stmt->tryReset();
        }
    }
    void index_unindexed() {
        WriteStatements& st = *statements_;
        step_ = "full-text index";
        for (auto [stmt, mark] : {std::pair{&st.index_items, fts_items_after_},
                                  std::pair{&st.index_documents, fts_documents_after_}}) {
            stmt->tryReset();
            stmt->bind(1, mark);
            run(*stmt);
        }
        mark_unindexed();
    }

    void start_checkpointer() {
        checkpointer_ = std::make_unique<Checkpointer>(path_, options_.busy_timeout_ms);
        sqlite3_wal_hook(db_.getHandle(), &SqliteBackend::on_commit, this);
    }
    /// sqlite3_wal_hook, in place of the automatic checkpoint: wakes the checkpointer, or
    /// checkpoints here when the WAL has grown past kWalFramesForeground.
    static int on_commit(void* self, sqlite3* db, const char* schema, int frames) {
        if (frames >= kWalFramesForeground) {
            sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        } else if (frames >= kWalFramesBackground) {
            static_cast<SqliteBackend*>(self)->checkpointer_->committed();
        }
        return SQLITE_OK;
    }

    std::string path_;
    OpenOptions options_;
    SQLite::Database db_;
    std::unique_ptr<Checkpointer> checkpointer_;  ///< after db_: stops before it closes
    RunLock run_lock_;
    std::unique_ptr<WriteStatements> statements_;
    const char* step_ = "";  ///< what write_batch was doing, for error messages
    std::int64_t fts_items_after_ = 0;      ///< items with a larger id are not indexed yet
    std::int64_t fts_documents_after_ = 0;  ///< documents likewise
};

void SqliteBackend::write_batch(std::int64_t run_id, const std::vector<InputResult>& batch) {
    const InputResult* current = nullptr;
    step_ = "begin";
    try {
        if (!statements_) {
            statements_ = std::make_unique<WriteStatements>(db_);
            if (db_.execAndGet("PRAGMA journal_mode").getString() == "wal") start_checkpointer();
        }
        WriteStatements& st = *statements_;
        SQLite::Transaction tx(db_, SQLite::TransactionBehavior::IMMEDIATE);
        mark_unindexed();
        for (const InputResult& r : batch) {
            current = &r;
            std::optional<std::int64_t> filing_id;
            if (r.status == InputStatus::ingested && r.filing)
                filing_id = store_filing(r, *r.filing);

            step_ = "upsert ingest_files";
            SQLite::Statement& s = st.upsert_input;
            s.tryReset();
            s.bindNoCopy(1, r.source.path);
            s.bindNoCopy(2, r.source.member);
            s.bind(3, r.source.bytes);
            s.bind(4, r.source.mtime);
            bind_text(s, 5, r.source.sha256);
            s.bindNoCopy(6, to_string(r.status));
            bind_text(s, 7, r.stage);
            bind_text(s, 8, r.error);
            bind_opt_int(s, 9, filing_id);
            s.bind(10, run_id);
            s.bind(11, r.parser_version);
            if (r.filtered_as) {
                bind_text_or_empty(s, 12, r.filtered_as->form_type);
                bind_text(s, 13, r.filtered_as->filed_date);
            } else {
                s.bind(12);
                s.bind(13);
            }
            run(s);
        }
        current = nullptr;
        index_unindexed();
        step_ = "commit";
        tx.commit();
    } catch (const SQLite::Exception& e) {
        std::string context = std::string("write_batch, ") + step_;
        if (current != nullptr) context += " for " + current->source.display();
        throw make_error(context, e, path_);
    } catch (const std::bad_alloc&) {
        throw Error("write_batch: out of memory", /*fatal=*/true);
    }
}

void SqliteBackend::bind_filing(SQLite::Statement& s, const InputResult& r, const model::Filing& f,
                                const std::string& warnings) {
    bind_text(s, 1, f.accession_number);
    bind_text(s, 2, f.form_type);
    bind_text(s, 3, f.form_family);
    s.bind(4, f.is_amendment ? 1 : 0);
    bind_text(s, 5, f.filed_date);
    bind_text(s, 6, f.period_of_report);
    bind_text(s, 7, f.acceptance_datetime);
    bind_text(s, 8, f.date_as_of_change);
    bind_opt_int(s, 9, f.declared_document_count);
    s.bind(10, f.document_count);
    s.bindNoCopy(11, model::to_string(f.parse_status));
    if (warnings.empty()) {
        s.bind(12);
    } else {
        s.bindNoCopy(12, warnings);
    }
    bind_opt_int(s, 13, f.cik);
    bind_text(s, 14, f.signer_name);
    bind_text(s, 15, f.signer_title);
    s.bindNoCopy(16, model::to_string(f.source_kind));
    s.bindNoCopy(17, r.source.path);
    bind_text_or_empty(s, 18, r.source.member);
    s.bindNoCopy(19, r.source.sha256);
    s.bind(20, r.parser_version);
}

std::int64_t SqliteBackend::store_filing(const InputResult& r, const model::Filing& f) {
    WriteStatements& st = *statements_;

    step_ = "look up the stored version of the filing";
    SQLite::Statement& find = f.accession_number.empty() ? st.find_by_sha256 : st.find_by_accession;
    find.tryReset();
    find.bindNoCopy(1, f.accession_number.empty() ? r.source.sha256 : f.accession_number);
    std::optional<std::int64_t> existing_id;
    model::RankKey existing;
    if (find.executeStep()) {
        existing_id = find.getColumn(0).getInt64();
        const std::string kind = find.getColumn(1).getString();
        existing.source_kind = kind == "full_submission" ? model::SourceKind::full_submission
                               : kind == "nc"            ? model::SourceKind::nc
                               : kind == "hdr_sgml"      ? model::SourceKind::hdr_sgml
                                                         : model::SourceKind::bare;
        existing.parse_status = find.getColumn(2).getString() == "complete"
                                    ? model::ParseStatus::complete
                                    : model::ParseStatus::partial;
        existing.date_as_of_change = find.getColumn(3).getString();
        existing.parser_version = find.getColumn(4).getInt();
        existing.source_path = find.getColumn(5).getString();
        existing.source_member = find.getColumn(6).getString();
        existing.source_sha256 = find.getColumn(7).getString();
    }
    find.tryReset();

    const std::string order_key = model::registrant_order_key(f, r.source.sha256);

    // Former names are a union over every version of every filing, so they are taken from
    // losing versions too: the result cannot depend on which version came first.
    for (const model::Party& p : f.parties) accumulate_former_names(p, f, order_key);

    const std::string warnings = f.warnings_text();

    std::int64_t filing_id = 0;
    std::optional<Replaced> replaced;
    if (!existing_id) {
        step_ = "insert into filings";
        bind_filing(st.insert_filing, r, f, warnings);
        run(st.insert_filing);
        filing_id = db_.getLastInsertRowid();
        replace_children(filing_id, f, /*had_children=*/false);
    } else {
        filing_id = *existing_id;
        const model::RankKey incoming = model::rank_key(f, r.source, r.parser_version);
        if (!model::replaces(incoming, existing)) return filing_id;
        if (model::worse_reread(incoming, existing)) reread_other_copies(filing_id, r.source);
        replaced = replaced_version(filing_id);
        step_ = "update filings";
        bind_filing(st.update_filing, r, f, warnings);
        st.update_filing.bind(kFilingColumnCount + 1, filing_id);
        run(st.update_filing);
        replace_children(filing_id, f, /*had_children=*/true);
    }
    if (!replaced) {
        for (const model::Party& p : f.parties) accumulate_registrant(p, f, order_key, nullptr);
        return filing_id;
    }
    // A replaced version's values leave the registrants with it: a registrant that still
    // holds one the new version did not set again is accumulated anew from what is stored.
    std::map<std::int64_t, FieldSet> fresh;
    for (const model::Party& p : f.parties) {
        accumulate_registrant(p, f, order_key, p.cik ? &fresh[*p.cik] : nullptr);
    }
    for (std::int64_t cik : replaced->ciks) {
        bool have_row = false;
        if (left_stale(stored_keys(cik, have_row), fresh[cik], replaced->order_key))
            recompute_registrant(cik);
    }
    return filing_id;
}

void SqliteBackend::reread_other_copies(std::int64_t filing_id, const model::SourceRef& kept) {
    // A rare path (a stored version's own file read again, and worse): prepared when met.
    step_ = "mark the other copies to be read again";
    SQLite::Statement s(db_,
                        "UPDATE ingest_files SET reread = 1 WHERE filing_id = ?1 AND "
                        "NOT (source_path = ?2 AND source_member = ?3)");
    s.bind(1, filing_id);
    s.bindNoCopy(2, kept.path);
    s.bindNoCopy(3, kept.member);
    run(s);
}

void SqliteBackend::replace_children(std::int64_t filing_id, const model::Filing& f,
                                     bool had_children) {
    WriteStatements& st = *statements_;
    if (had_children) {
        // The delete triggers take the old rows out of the full-text index, so any of them
        // written earlier in this batch must be in it first; new ids may then reuse deleted
        // ones, hence the marks are taken again after the delete.
        index_unindexed();
        step_ = "delete the replaced version's rows";
        for (SQLite::Statement* d : {&st.delete_parties, &st.delete_header_fields, &st.delete_items,
                                     &st.delete_documents, &st.delete_exhibits}) {
            d->tryReset();
            d->bind(1, filing_id);
            run(*d);
        }
        mark_unindexed();
    }

    step_ = "insert into filing_parties";
    for (const model::Party& p : f.parties) {
        SQLite::Statement& s = st.insert_party;
        s.tryReset();
        s.bind(1, filing_id);
        s.bind(2, p.seq);
        s.bindNoCopy(3, p.role);
        bind_opt_int(s, 4, p.cik);
        bind_text(s, 5, p.name);
        s.bind(6, p.company_data ? 1 : 0);
        bind_text(s, 7, p.form_type);
        bind_text(s, 8, p.sec_act);
        bind_text(s, 9, p.file_number);
        bind_text(s, 10, p.film_number);
        bind_text(s, 11, p.irs_number);
        bind_text(s, 12, p.state_of_incorporation);
        bind_opt_int(s, 13, p.sic_code);
        bind_text(s, 14, p.sic_description);
        bind_text(s, 15, p.organization_name);
        bind_text(s, 16, p.fiscal_year_end);
        bind_text(s, 17, p.business_address);
        bind_text(s, 18, p.business.street1);
        bind_text(s, 19, p.business.street2);
        bind_text(s, 20, p.business.city);
        bind_text(s, 21, p.business.state);
        bind_text(s, 22, p.business.zip);
        bind_text(s, 23, p.business.phone);
        bind_text(s, 24, p.mail.street1);
        bind_text(s, 25, p.mail.street2);
        bind_text(s, 26, p.mail.city);
        bind_text(s, 27, p.mail.state);
        bind_text(s, 28, p.mail.zip);
        run(s);
    }

    step_ = "insert into header_fields";
    for (const model::HeaderField& h : f.header_fields) {
        SQLite::Statement& s = st.insert_header_field;
        s.tryReset();
        s.bind(1, filing_id);
        s.bind(2, h.seq);
        s.bindNoCopy(3, h.path);
        bind_text(s, 4, h.value);
        run(s);
    }

    step_ = "insert into items";
    for (const model::Item& it : f.items) {
        SQLite::Statement& s = st.insert_item;
        s.tryReset();
        s.bind(1, filing_id);
        s.bindNoCopy(2, it.source);
        bind_text_or_empty(s, 3, it.part);
        bind_opt_text(s, 4, it.item_code);
        bind_text(s, 5, it.item_raw);
        bind_text(s, 6, it.title);
        s.bind(7, it.seq);
        s.bind(8, it.combined ? 1 : 0);
        bind_opt_int(s, 9, it.document_sequence);
        bind_opt_text(s, 10, it.text);
        bind_opt_int(s, 11, it.start_offset);
        bind_opt_int(s, 12, it.end_offset);
        run(s);
    }

    step_ = "insert into documents";
    for (const model::Document& d : f.documents) {
        SQLite::Statement& s = st.insert_document;
        s.tryReset();
        s.bind(1, filing_id);
        s.bind(2, d.sequence);
        bind_text(s, 3, d.type);
        bind_text(s, 4, d.filename);
        bind_text(s, 5, d.description);
        bind_text(s, 6, d.content_kind);
        bind_text(s, 7, d.charset);
        s.bind(8, d.bytes);
        bind_text(s, 9, d.sha256);
        s.bind(10, d.uuencoded ? 1 : 0);
        bind_opt_text(s, 11, d.text);
        s.bind(12, d.text_in_items ? 1 : 0);
        run(s);
    }

    step_ = "insert into exhibits";
    for (const model::Exhibit& x : f.exhibits) {
        SQLite::Statement& s = st.insert_exhibit;
        s.tryReset();
        s.bind(1, filing_id);
        s.bind(2, x.seq);
        bind_text(s, 3, x.exhibit_number);
        bind_text(s, 4, x.description);
        bind_opt_int(s, 5, x.document_sequence);
        s.bind(6, x.listed_in_index ? 1 : 0);
        run(s);
    }
}

SqliteBackend::Replaced SqliteBackend::replaced_version(std::int64_t filing_id) {
    WriteStatements& st = *statements_;
    step_ = "read the replaced version";
    Replaced out;
    SQLite::Statement& v = st.replaced_version;
    v.tryReset();
    v.bind(1, filing_id);
    if (v.executeStep()) {
        model::Filing f;
        f.filed_date = v.getColumn(0).getString();
        f.acceptance_datetime = v.getColumn(1).getString();
        f.accession_number = v.getColumn(2).getString();
        out.order_key = model::registrant_order_key(f, v.getColumn(3).getString());
    }
    v.tryReset();
    SQLite::Statement& c = st.replaced_ciks;
    c.tryReset();
    c.bind(1, filing_id);
    while (c.executeStep()) out.ciks.push_back(c.getColumn(0).getInt64());
    c.tryReset();
    return out;
}

FieldKeys SqliteBackend::stored_keys(std::int64_t cik, bool& have_row) {
    step_ = "read registrant_sources";
    SQLite::Statement& sel = statements_->select_sources;
    sel.tryReset();
    sel.bind(1, cik);
    have_row = sel.executeStep();
    FieldKeys keys{};
    if (have_row) {
        for (std::size_t i = 0; i < keys.size(); ++i)
            keys[i] = opt_text(sel.getColumn(static_cast<int>(i)));
    }
    sel.tryReset();
    return keys;
}

void SqliteBackend::recompute_registrant(std::int64_t cik) {
    WriteStatements& st = *statements_;
    // Rare (a replaced version left a value behind): prepared when met.
    step_ = "read the stored parties of a registrant";
    SQLite::Statement q(db_, stored_parties_sql("fp.cik = ?1", "coalesce(f.filed_date, '')",
                                                "coalesce(f.acceptance_datetime, '')"));
    q.bind(1, cik);
    std::vector<StoredParty> parties;
    std::vector<std::optional<std::string>> row;
    while (q.executeStep()) {
        row.clear();
        for (int i = 0; i < q.getColumnCount(); ++i) row.push_back(opt_text(q.getColumn(i)));
        parties.push_back(stored_party(row));
    }

    step_ = "replace a registrant";
    for (const char* table : {"registrant_sources", "registrants"}) {
        SQLite::Statement d(db_, std::string("DELETE FROM ") + table + " WHERE cik = ?1");
        d.bind(1, cik);
        run(d);
    }
    const std::optional<Accumulated> a = accumulate_anew(std::move(parties));
    if (!a) return;
    SQLite::Statement& reg = st.upsert_registrant;
    reg.tryReset();
    reg.bind(1, cik);
    for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
        const int idx = static_cast<int>(i) + 2;
        if (!a->keys[i]) {
            reg.bind(idx);
        } else if (i == kSicCodeField) {
            reg.bind(idx, *a->values.sic_code);
        } else {
            bind_text(reg, idx, *party_field(a->values, i));
        }
    }
    bind_text(reg, 19, a->as_of_date);
    bind_text(reg, 20, a->as_of_accession);
    reg.bind(21, 1);
    reg.bind(22, std::int64_t{(1 << kRegistrantFields.size()) - 1});  // a new row: all of it
    run(reg);
    SQLite::Statement& src = st.upsert_sources;
    src.tryReset();
    src.bind(1, cik);
    for (std::size_t i = 0; i < a->keys.size(); ++i) {
        if (a->keys[i]) {
            src.bind(static_cast<int>(i) + 2, *a->keys[i]);
        } else {
            src.bind(static_cast<int>(i) + 2);
        }
    }
    run(src);
}

void SqliteBackend::accumulate_registrant(const model::Party& p, const model::Filing& f,
                                          const std::string& order_key, FieldSet* fresh) {
    if (!p.cik || p.role == "cover_page") return;
    WriteStatements& st = *statements_;

    // keys[i]: the order key of the filing that set field i (nullopt: never set).
    bool have_row = false;
    const FieldKeys keys = stored_keys(*p.cik, have_row);

    const RegistrantUpdate update = registrant_update(p, order_key, keys);
    const auto& set = update.set;
    const bool as_of = update.as_of;
    if (fresh != nullptr) {
        for (std::size_t i = 0; i < set.size(); ++i) (*fresh)[i] = (*fresh)[i] || set[i];
        (*fresh)[kAsOfKey] = (*fresh)[kAsOfKey] || as_of;
    }
    if (have_row && !update.any && !as_of) return;

    step_ = "upsert registrants";
    SQLite::Statement& reg = st.upsert_registrant;
    reg.tryReset();
    reg.bind(1, *p.cik);
    std::int64_t mask = 0;
    for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
        const int idx = static_cast<int>(i) + 2;
        if (set[i]) mask |= std::int64_t{1} << i;
        if (!set[i]) {
            reg.bind(idx);
        } else if (i == kSicCodeField) {
            reg.bind(idx, *p.sic_code);
        } else {
            bind_text(reg, idx, *party_field(p, i));
        }
    }
    bind_text(reg, 19, f.filed_date);
    bind_text(reg, 20, f.accession_number);
    reg.bind(21, as_of ? 1 : 0);
    reg.bind(22, mask);
    run(reg);

    step_ = "upsert registrant_sources";
    SQLite::Statement& src = st.upsert_sources;
    src.tryReset();
    src.bind(1, *p.cik);
    for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
        const int idx = static_cast<int>(i) + 2;
        if (set[i]) {
            src.bindNoCopy(idx, order_key);
        } else {
            src.bind(idx);
        }
    }
    if (as_of) {
        src.bindNoCopy(19, order_key);
    } else {
        src.bind(19);
    }
    run(src);
}

void SqliteBackend::accumulate_former_names(const model::Party& p, const model::Filing& f,
                                            const std::string& order_key) {
    if (!p.cik || p.role == "cover_page") return;
    step_ = "upsert former_names";
    SQLite::Statement& s = statements_->upsert_former_name;
    for (const model::FormerName& n : p.former_names) {
        if (n.name.empty()) continue;
        s.tryReset();
        s.bind(1, *p.cik);
        s.bindNoCopy(2, n.name);
        bind_text(s, 3, n.date_changed);
        bind_text(s, 4, f.accession_number);
        s.bindNoCopy(5, order_key);
        run(s);
    }
}

}  // namespace

std::unique_ptr<Backend> open_sqlite_backend(const std::string& path, const OpenOptions& options) {
    return std::make_unique<SqliteBackend>(path, options);
}

}  // namespace edgarsql::db::sqlite
