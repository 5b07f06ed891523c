#pragma once
// The ingest pipeline (DESIGN §1):
//
//   walker thread            parser threads × jobs              writer (calling thread)
//   ─────────────            ─────────────────────              ───────────────────────
//   walk roots ─► skip? ─►  [BoundedQueue<Input>]  ─► parse ─► [BoundedQueue<InputResult>] ─►
//               (InputLookup,  bounded by count       pure      bounded by count and bytes
//                own connection) and bytes                                                   │
//                                                       batch by files/bytes ─► one transaction
//                                                       failure ─► rollback, replay one by one
//
// Memory is bounded by the two queues (count and bytes), never by the size of the tree.
// Shutdown: each queue is closed by its producer side when done; a stop request (signal,
// fatal error, --max-errors) closes the input queue early, the parsers drain, the writer
// commits what is complete. The first exception on any worker thread is carried to the
// caller. No shared mutable state outside the queues and atomic counters.
//
// Skip check (pipeline/skip_policy.hpp) runs on the walker thread through backend.open_lookup(),
// one query per file, so memory does not grow with the database. A skipped archive counts its
// recorded members as seen and skipped. Archives are recorded (record_archive) by the writer
// once every member the walker handed on has been committed. A dry run still applies the
// skip check (it shows what a real run would do) but calls neither write_batch nor
// record_archive; its counts are those a real run would have.
//
// Filters (pipeline/filters.hpp): --include/--exclude and the name pruning run in want() on the
// walker thread (pruned inputs count as seen and filtered, and are not recorded); the exact
// filter runs on the parser threads after parsing and stores the input as 'filtered'. An archive
// with a pruned or filtered member is recorded as not complete, so a later run re-opens it.
//
// Several writers (Options::writers): the archive and error-budget bookkeeping is shared under
// one mutex, so an archive is recorded once all its members are committed, by whichever writer
// commits the last. Batches of different writers commit in any order; the backend keeps the
// result independent of that order (precedence rule, registrant accumulation).
//
// Shards: a file on disk belongs to shard_of(its relative path); an archive goes whole to the
// shard of its own relative path, with all its members, so one process opens it and can record
// it as complete. Every input thus lands in exactly one shard.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/backend.hpp"
#include "parse/parser.hpp"
#include "pipeline/filters.hpp"

namespace edgarsql::pipeline {

/// Live counters for a progress display, updated by the pipeline threads and read by any
/// thread (relaxed atomics: a display needs no ordering).
struct Progress {
    std::atomic<std::int64_t> seen{0};        ///< inputs seen (read, skipped or pruned)
    std::atomic<std::int64_t> bytes_read{0};  ///< decompressed bytes handed to the parsers
    std::atomic<std::int64_t> disk_bytes{0};  ///< on-disk bytes of the files walked so far
    std::atomic<std::int64_t> done{0};        ///< inputs committed (any status)
    std::atomic<std::int64_t> rejected{0};    ///< inputs rejected so far
};

struct Options {
    /// Parser threads. Default: the number of cores.
    int jobs = 0;
    /// Files per write transaction. Large enough to amortize the commit, small enough that a
    /// replay after a failed batch stays cheap.
    std::size_t batch_files = 500;
    /// Bytes of parsed content per write transaction, so a few huge filings close a batch early.
    std::size_t batch_bytes = std::size_t{32} << 20;
    /// Inputs and bytes that may wait between walker and parsers.
    std::size_t input_queue_items = 64;
    std::size_t input_queue_bytes = std::size_t{96} << 20;
    /// Parsed inputs and bytes that may wait between parsers and writer.
    std::size_t result_queue_items = 1024;
    std::size_t result_queue_bytes = std::size_t{128} << 20;
    /// See walk::Options::max_input_bytes.
    std::int64_t max_input_bytes = std::int64_t{2} << 30;
    /// Stop the run (exit 1) after this many rejected inputs; nullopt: never.
    std::optional<std::int64_t> max_errors;
    /// Re-ingest every input, ignoring the manifest.
    bool force = false;
    /// Retry inputs that were rejected before even if unchanged.
    bool retry_rejected = false;
    /// Keep inputs ingested by an older parser version instead of re-parsing them.
    bool keep_older = false;
    /// Parse everything, write nothing.
    bool dry_run = false;
    /// --shard K/N: take only inputs whose relative path hashes to K (1-based) of N.
    int shard_k = 1;
    int shard_n = 1;
    parse::Options parse;
    /// --forms, --since, --until, --include, --exclude (pipeline/filters.hpp).
    Filters filters;
    /// Counters for a progress display; null: none.
    Progress* progress = nullptr;
    /// Writer threads (--writers N), all taking parsed inputs from the one result queue and
    /// forming their own batches, each through its own Backend. The first writes through the
    /// backend given to ingest() on the calling thread; the others through backends from
    /// open_writer, called writers - 1 times on the calling thread before any thread starts.
    /// Only for backends that allow concurrent writers (PostgreSQL); SQLite has one writer.
    /// Ignored (one writer) in a dry run.
    int writers = 1;
    std::function<std::unique_ptr<db::Backend>()> open_writer;
};

struct Rejection {
    std::string source;  ///< path or path!member
    std::string path;
    std::string member;  ///< '' outside archives
    std::string stage;
    std::string reason;
};

/// CPU time (user + system) of a run's threads, in seconds, each read from the thread's own
/// clock when its work ends. The process's total also holds what is outside these threads:
/// setup, the SQLite checkpointer, the progress display.
struct CpuTimes {
    double walker = 0;
    std::vector<double> parsers;
    std::vector<double> writers;  ///< the first is the calling thread's, while it wrote
};

struct Summary {
    db::RunCounts counts;
    /// 'ok', 'rejects', 'failed', 'interrupted'.
    std::string status = "ok";
    std::string fatal_error;            ///< set when status == 'failed'
    std::vector<Rejection> rejections;  ///< rejected in this run (first 1000)
    double seconds = 0;
    CpuTimes cpu;
};

/// Runs one ingest over `roots` into `backend` under `run_id`. Returns when every input is
/// processed, the run is stopped through `stop`, or a fatal error occurred (then status is
/// 'failed' and fatal_error says why; the last complete batch is committed).
/// A failing batch (non-fatal db::Error or any other std::exception from write_batch) is
/// replayed input by input; the culprit is stored as rejected with stage 'write'. A
/// std::exception on a worker thread (e.g. from the lookup) ends the run as 'failed' with its
/// message; an exception of any other type is rethrown here after every thread is joined.
/// `stop` may be null; it is only read.
Summary ingest(db::Backend& backend, const std::vector<std::string>& roots,
               const Options& options, std::int64_t run_id, const std::atomic<bool>* stop);

/// The stable shard (1…n) of a relative input path: the same path lands in the same shard on
/// every machine (FNV-1a 64 of the path's bytes, modulo n, plus one; 1 when n <= 1).
int shard_of(const std::string& relative_path, int n);

}  // namespace edgarsql::pipeline
