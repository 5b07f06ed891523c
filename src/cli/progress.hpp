#pragma once
// The live progress line of `edgarsql ingest` on a terminal (DESIGN §5) and the stderr log sink
// that shares the terminal with it.
//
// One process-wide line on stderr. Log lines go through StderrSink, which erases the progress
// line, writes the log line and redraws the progress line under one mutex, so the two never
// interleave mid-line. When no progress line is shown the sink writes straight through.
//
// Thread-safety: every function may be called from any thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/base_sink.h>

#include "pipeline/ingest.hpp"

namespace edgarsql::cli {

/// A spdlog sink writing to stderr that keeps the progress line intact.
class StderrSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;
};

/// Shows pipeline::Progress counters on stderr until destroyed: a refresh thread redraws the
/// line a few times a second, and a scan thread sums the sizes of the files under the roots so
/// that an ETA can be shown once the total is known. The destructor stops both threads and
/// erases the line; it never throws.
class ProgressDisplay {
public:
    ProgressDisplay(const pipeline::Progress& progress, std::vector<std::string> roots);
    ~ProgressDisplay();
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

    /// The line for the given figures (without terminal control characters); exposed for tests.
    /// `total_disk_bytes` < 0: unknown, no ETA.
    static std::string format(std::int64_t seen, std::int64_t bytes_read, std::int64_t rejected,
                              double seconds, std::int64_t disk_bytes,
                              std::int64_t total_disk_bytes);

private:
    void refresh_loop();
    void scan(const std::vector<std::string>& roots);

    const pipeline::Progress& progress_;
    const std::chrono::steady_clock::time_point started_;
    std::atomic<bool> stop_{false};
    std::atomic<std::int64_t> total_{-1};
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::thread scanner_;
    std::thread refresher_;
};

/// Whether to show the progress line: --progress forces it, --no-progress or -q suppresses it,
/// otherwise only when stderr is a terminal.
bool want_progress(bool forced_on, bool forced_off, bool quiet);

}  // namespace edgarsql::cli
