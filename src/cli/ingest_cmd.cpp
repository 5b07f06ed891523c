#include "cli/ingest_cmd.hpp"

#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <spdlog/spdlog.h>

#include "cli/app.hpp"
#include "cli/progress.hpp"
#include "cli/report.hpp"
#include "db/backend.hpp"
#include "edgarsql/version.hpp"
#include "pipeline/roots.hpp"
#include "util/thread.hpp"

namespace edgarsql::cli {

namespace {

// Parses 'K/N' with 1 <= K <= N.
bool parse_shard(const std::string& text, int& k, int& n) {
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%d/%d%n", &k, &n, &consumed) != 2) return false;
    return static_cast<std::size_t>(consumed) == text.size() && n >= 1 && k >= 1 && k <= n;
}

void print_summary(const pipeline::Summary& s) {
    const db::RunCounts& c = s.counts;
    const double mb = static_cast<double>(c.bytes_read) / 1e6;
    const double rate = s.seconds > 0 ? mb / s.seconds : 0.0;
    std::printf("edgarsql ingest: %s; %" PRId64 " inputs seen, %" PRId64 " ingested, %" PRId64
                " skipped, %" PRId64 " rejected, %" PRId64 " ignored, %" PRId64
                " filtered; %.1f MB read in %.2f s (%.1f MB/s)\n",
                s.status.c_str(), c.files_seen, c.files_ingested, c.files_skipped,
                c.files_rejected, c.files_ignored, c.files_filtered, mb, s.seconds, rate);
}

}  // namespace

void setup_ingest(CLI::App& app, IngestOptions& o) {
    app.add_option("PATH", o.paths, "Files, directories or archives (.gz, .tar, .tgz, .zip)")
        ->required();
    o.db.add_to(app);
    o.log.add_to(app, /*with_log_file=*/true);
    app.add_option("--jobs,-j", o.pipeline.jobs, "Parser threads (default: number of cores)")
        ->check(CLI::Range(1, 1024));
    app.add_option("--writers", o.pipeline.writers,
                   "Writer connections (PostgreSQL only; default: 1); SQLite has one writer")
        ->check(CLI::Range(1, 64));
    app.add_option("--batch-size", o.batch_size,
                   "Inputs per write transaction (default: 500)")
        ->check(CLI::Range(1, 1'000'000));
    app.add_option("--shard", o.shard,
                   "Take only shard K of N (K/N), by a stable hash of each input's path "
                   "relative to its PATH argument")
        ->check(not_empty());
    app.add_option("--max-errors", o.pipeline.max_errors,
                   "Stop the run (exit 1) once more than N inputs were rejected")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--max-input-bytes", o.pipeline.max_input_bytes,
                   "Reject inputs larger than N bytes (decompressed) without reading them "
                   "into memory (default: 2 GiB)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40));
    app.add_flag("--force", o.pipeline.force, "Re-ingest every input, even unchanged ones");
    app.add_flag("--retry-rejected", o.pipeline.retry_rejected,
                 "Retry inputs rejected before, even if unchanged");
    app.add_flag("--keep-older", o.pipeline.keep_older,
                 "Keep inputs ingested by an older parser version instead of re-parsing them");
    app.add_flag("--dry-run", o.pipeline.dry_run, "Parse everything, write nothing");
    app.add_option("--forms", o.forms,
                   "Only these forms: families (8-K takes 8-K, 8-K/A, 8-K12B…) and exact types, "
                   "comma-separated")
        ->check(not_empty());
    app.add_flag("--no-amendments", o.no_amendments, "Leave out amendments (/A forms)");
    app.add_option("--since", o.since, "Only filings filed on or after DATE (YYYY-MM-DD)")
        ->check(not_empty());
    app.add_option("--until", o.until, "Only filings filed on or before DATE (YYYY-MM-DD)")
        ->check(not_empty());
    // One GLOB per occurrence: CLI11 would let a list option take the PATHs after it too.
    app.add_option("--include", o.include,
                   "Only inputs whose name (or, with '/', relative path) matches GLOB; repeatable")
        ->allow_extra_args(false)
        ->check(not_empty());
    app.add_option("--exclude", o.exclude,
                   "Leave out inputs whose name (or, with '/', relative path) matches GLOB; "
                   "repeatable")
        ->allow_extra_args(false)
        ->check(not_empty());
    app.add_option("--report", o.report,
                   "Write the run's figures and rejected inputs to FILE.json")
        ->check(not_empty());
    auto* on = app.add_flag("--progress", o.progress,
                            "Show the live progress line even when stderr is not a terminal");
    auto* off = app.add_flag("--no-progress", o.no_progress, "Never show the live progress line");
    on->excludes(off);
    app.add_flag("--bulk", o.bulk,
                 "Build a new, empty database fast (no journal); if it crashes, start again");
}

int run_ingest(IngestOptions& o) {
    // A log file that cannot be opened fails the run, after its report says so (below).
    std::string log_error;
    try {
        o.log.apply();
    } catch (const std::exception& e) {
        LogOptions console = o.log;
        console.log_file.clear();
        console.apply();
        log_error = "cannot open --log-file " + o.log.log_file + ": " + e.what();
    }
    const std::string started_at = utc_now();
    std::string url = o.db.resolve();
    // What the database is called in logs and the report: the --db value, even when a dry run
    // compares against an empty database in memory instead.
    const std::string database = db::mask_password(url);
    // The report's context as the command ends, with exit code `code`.
    const auto report_context = [&](std::int64_t run_id, int code) {
        ReportContext context;
        context.run_id = run_id;
        context.version = kVersion;
        context.database = database;
        context.arguments = db::mask_password(o.command_line);
        context.started_at = started_at;
        context.finished_at = utc_now();
        context.exit_code = code;
        context.process_cpu_seconds = util::process_cpu_seconds();
        return context;
    };
    // A run that stops before it starts replaces the previous report all the same, so that a
    // monitor reading it never sees the last good run's "ok" after a failure.
    auto stop_before_start = [&](int code, const std::string& error) {
        spdlog::error("{}", error);
        if (!o.report.empty()) {
            pipeline::Summary failed;
            failed.status = "failed";
            failed.fatal_error = error;
            try {
                write_report(o.report, failed, report_context(0, code));
            } catch (const std::exception& e) {
                spdlog::error("{}", e.what());
            }
        }
        return code;
    };

    if (!log_error.empty()) return stop_before_start(kExitFailed, log_error);
    if (!o.shard.empty() && !parse_shard(o.shard, o.pipeline.shard_k, o.pipeline.shard_n)) {
        return stop_before_start(kExitUsage,
                                 "--shard must be K/N with 1 <= K <= N, got '" + o.shard + "'");
    }
    if (o.batch_size > 0) o.pipeline.batch_files = static_cast<std::size_t>(o.batch_size);
    try {
        o.pipeline.filters = pipeline::Filters::build(o.forms, o.no_amendments, o.since, o.until,
                                                      o.include, o.exclude);
    } catch (const std::invalid_argument& e) {
        return stop_before_start(kExitUsage, e.what());
    }
    const bool postgres = db::sqlite_path(url).empty();
    if (o.pipeline.writers > 1 && !postgres) {
        return stop_before_start(kExitUsage, "--writers " + std::to_string(o.pipeline.writers) +
                                                 " needs PostgreSQL: a SQLite database has one "
                                                 "writer");
    }
    // The report says 'running' from here on, until the run ends and replaces it: a run
    // killed outright (kill -9, a second signal, a crash) leaves that, never the last run's
    // 'ok'. A report that cannot be written fails the run before any work.
    if (!o.report.empty()) {
        try {
            pipeline::Summary running;
            running.status = "running";
            write_report(o.report, running, report_context(0, 0));
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            return kExitFailed;
        }
    }
    try {
        const pipeline::CheckedRoots roots = pipeline::check_roots(o.paths);
        for (const pipeline::DroppedRoot& d : roots.dropped) {
            spdlog::info("PATH {} dropped: it lies inside PATH {}", d.root, d.inside);
        }
        o.paths = roots.roots;
    } catch (const pipeline::RootError& e) {
        return stop_before_start(kExitFailed, e.what());
    }

    db::OpenOptions open;
    open.bulk = o.bulk;
    if (o.pipeline.dry_run) {
        // A dry run writes nothing: with no database file yet, it compares against an empty
        // one in memory instead of creating the file; an existing one is opened read-only.
        const std::string path = db::sqlite_path(url);
        std::error_code ec;
        if (!path.empty() && path != ":memory:" && !std::filesystem::exists(path, ec)) {
            spdlog::info("dry run: {} does not exist, so every input counts as new", path);
            url = ":memory:";
        } else {
            open.read_only = true;
        }
    }
    std::unique_ptr<db::Backend> backend;
    std::int64_t run_id = 0;
    try {
        backend = db::open_backend(url, open);
        if (o.pipeline.dry_run) {
            // Migrating would write: a schema behind this binary's is compared against as an
            // empty database in memory, which is what it would hold for the skip check.
            const db::SchemaState state = db::schema_state(*backend);
            if (state == db::SchemaState::newer) {
                throw db::Error("its schema is newer than this edgarsql knows; use a newer "
                                "edgarsql",
                                /*fatal=*/true);
            }
            if (state == db::SchemaState::behind) {
                spdlog::info("dry run: the schema of {} is behind this edgarsql's and a dry run "
                             "does not migrate, so every input counts as new",
                             database);
                url = ":memory:";
                backend = db::open_backend(url, db::OpenOptions{});
                backend->migrate();
            }
        } else {
            backend->migrate();
        }
        o.pipeline.open_writer = [url, open] { return db::open_backend(url, open); };
        if (o.bulk && !backend->empty()) {
            return stop_before_start(kExitUsage, "--bulk builds a new database only, and " +
                                                     database + " already holds filings");
        }
        if (!o.pipeline.dry_run) {
            run_id = backend->begin_run({kVersion, db::mask_password(o.command_line)});
        }
    } catch (const std::exception& e) {
        return stop_before_start(kExitFailed, "cannot open database " + database + ": " +
                                                  db::mask_password(e.what()));
    }

    spdlog::info("run {} started: edgarsql {} into {}, {} path(s)", run_id, kVersion, database,
                 o.paths.size());
    spdlog::debug("jobs {}, batch {} inputs, forms '{}', since '{}', until '{}'{}",
                  o.pipeline.jobs, o.pipeline.batch_files, o.forms, o.since, o.until,
                  o.no_amendments ? ", no amendments" : "");
    install_signal_handlers();
    pipeline::Summary summary;
    pipeline::Progress progress;
    {
        std::unique_ptr<ProgressDisplay> display;
        if (want_progress(o.progress, o.no_progress, o.log.quiet)) {
            o.pipeline.progress = &progress;
            display = std::make_unique<ProgressDisplay>(progress, o.paths);
        }
        try {
            summary = pipeline::ingest(*backend, o.paths, o.pipeline, run_id, &stop_flag());
        } catch (const std::exception& e) {
            summary.status = "failed";
            summary.fatal_error = e.what();
        }
    }
    if (summary.status == "failed") {
        spdlog::error("ingest failed: {}", db::mask_password(summary.fatal_error));
    }
    if (!o.pipeline.dry_run) {
        try {
            backend->finish_run(run_id, summary.counts, summary.status);
        } catch (const std::exception& e) {
            spdlog::error("cannot record the end of run {}: {}", run_id,
                          db::mask_password(e.what()));
            if (summary.status != "interrupted") summary.status = "failed";
        }
    }
    spdlog::info("run {} recorded as {}", run_id, summary.status);
    spdlog::info("CPU seconds: walker {:.2f}, parsers {:.2f}, writers {:.2f}",
                  summary.cpu.walker, fmt::join(summary.cpu.parsers, " "),
                  fmt::join(summary.cpu.writers, " "));
    if (!o.log.quiet || summary.status != "ok") print_summary(summary);
    const bool summary_lost = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
    const int summary_errno = errno;

    int code = kExitOk;
    if (summary.status == "interrupted") {
        code = stop_signal() == SIGTERM ? kExitSigterm : kExitSigint;
    } else if (summary.status == "failed") {
        code = kExitFailed;
    } else if (summary.status == "rejects") {
        code = kExitRejects;
    }
    // The run itself is recorded as it went; a summary nobody received (a full disk, a closed
    // pipe) is an output error of the command, as for every other command.
    if (summary_lost) {
        spdlog::error("cannot write the summary: {}", std::strerror(summary_errno));
        if (code == kExitOk) code = kExitFailed;
    }
    if (!o.report.empty()) {
        try {
            write_report(o.report, summary, report_context(run_id, code));
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            if (code == kExitOk) code = kExitFailed;
        }
    }
    return code;
}

}  // namespace edgarsql::cli
