#include "cli/progress.hpp"

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "util/thread.hpp"

namespace edgarsql::cli {

namespace {

// The progress line currently on screen ('' when none), guarded with the writes to stderr.
std::mutex g_line_mutex;
std::string g_line;

void erase_line_locked() {
    if (!g_line.empty()) std::fputs("\r\x1b[K", stderr);
}

void draw_line_locked() {
    if (!g_line.empty()) {
        std::fputs("\r", stderr);
        std::fputs(g_line.c_str(), stderr);
        std::fputs("\x1b[K", stderr);
    }
    std::fflush(stderr);
}

void show(std::string line) {
    std::lock_guard<std::mutex> lock(g_line_mutex);
    g_line = std::move(line);
    draw_line_locked();
}

void hide() {
    std::lock_guard<std::mutex> lock(g_line_mutex);
    erase_line_locked();
    g_line.clear();
    std::fflush(stderr);
}

std::string clock_text(double seconds) {
    const long s = static_cast<long>(seconds + 0.5);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

}  // namespace

void StderrSink::sink_it_(const spdlog::details::log_msg& msg) {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::lock_guard<std::mutex> lock(g_line_mutex);
    erase_line_locked();
    std::fwrite(formatted.data(), 1, formatted.size(), stderr);
    draw_line_locked();
}

void StderrSink::flush_() { std::fflush(stderr); }

std::string ProgressDisplay::format(std::int64_t seen, std::int64_t bytes_read,
                                    std::int64_t rejected, double seconds,
                                    std::int64_t disk_bytes, std::int64_t total_disk_bytes) {
    const double mb = static_cast<double>(bytes_read) / 1e6;
    const double rate = seconds > 0 ? mb / seconds : 0.0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%lld inputs, %.1f MB, %.1f MB/s", static_cast<long long>(seen),
                  mb, rate);
    std::string out = buf;
    if (total_disk_bytes > 0 && disk_bytes > 0 && seconds > 0) {
        const double left = static_cast<double>(std::max<std::int64_t>(0, total_disk_bytes - disk_bytes));
        out += ", ETA " + clock_text(seconds * left / static_cast<double>(disk_bytes));
    }
    out += ", " + std::to_string(rejected) + " rejected";
    return out;
}

ProgressDisplay::ProgressDisplay(const pipeline::Progress& progress, std::vector<std::string> roots)
    : progress_(progress), started_(std::chrono::steady_clock::now()) {
    scanner_ = std::thread([this, r = std::move(roots)] {
        util::name_this_thread("es-progress-scan");
        scan(r);
    });
    refresher_ = std::thread([this] {
        util::name_this_thread("es-progress");
        refresh_loop();
    });
}

ProgressDisplay::~ProgressDisplay() {
    {
        std::lock_guard<std::mutex> lock(wake_mutex_);
        stop_.store(true);
    }
    wake_.notify_all();
    if (refresher_.joinable()) refresher_.join();
    if (scanner_.joinable()) scanner_.join();
    hide();
}

void ProgressDisplay::refresh_loop() {
    std::unique_lock<std::mutex> lock(wake_mutex_);
    while (!stop_.load()) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        show(format(progress_.seen.load(std::memory_order_relaxed),
                    progress_.bytes_read.load(std::memory_order_relaxed),
                    progress_.rejected.load(std::memory_order_relaxed), seconds,
                    progress_.disk_bytes.load(std::memory_order_relaxed), total_.load()));
        wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stop_.load(); });
    }
}

void ProgressDisplay::scan(const std::vector<std::string>& roots) {
    namespace fs = std::filesystem;
    std::int64_t total = 0;
    for (const std::string& root : roots) {
        std::error_code ec;
        if (fs::is_regular_file(root, ec)) {
            total += static_cast<std::int64_t>(fs::file_size(root, ec));
            continue;
        }
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
        for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (stop_.load()) return;
            std::error_code size_ec;
            if (it->is_regular_file(size_ec)) {
                const auto size = it->file_size(size_ec);
                if (!size_ec) total += static_cast<std::int64_t>(size);
            }
        }
    }
    total_.store(total);
}

bool want_progress(bool forced_on, bool forced_off, bool quiet) {
    if (forced_off || quiet) return false;
    return forced_on || isatty(STDERR_FILENO) == 1;
}

}  // namespace edgarsql::cli
