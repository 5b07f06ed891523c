#pragma once
// Helpers for the hostile-input and fault tests: running the edgarsql binary with its peak
// memory measured, reading single values from a SQLite database, and the memory bound those
// tests hold the binary to.

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace edgarsql::test {

struct MeasuredRun {
    int exit_code = -1;
    std::string out;           ///< stdout and stderr
    long peak_rss_kib = 0;     ///< the child's peak resident set, from wait4()
};

/// Runs the edgarsql binary with `args` (no shell) in `cwd`, and measures its peak RSS.
inline MeasuredRun run_measured(const std::vector<std::string>& args, const fs::path& cwd,
                                const fs::path& output_file) {
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int fd = open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0 || chdir(cwd.c_str()) != 0) _exit(126);
        std::vector<char*> argv;
        std::string binary = EDGARSQL_BINARY;
        argv.push_back(binary.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
    MeasuredRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.peak_rss_kib = usage.ru_maxrss;
    r.out = read_file(output_file);
    return r;
}

/// The first column of the first row of `sql`, "<null>" or "<no row>".
inline std::string sql_one(const fs::path& db, const std::string& sql) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(d, sql);
    if (!st.executeStep()) return "<no row>";
    return st.getColumn(0).isNull() ? "<null>" : st.getColumn(0).getString();
}

/// True in sanitizer builds, whose shadow memory and quarantine inflate the RSS.
constexpr bool kSanitized =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

/// The documented memory bound (docs/reliability.md): peak RSS of one ingest run stays under
/// a fixed base for the program, its queues' bookkeeping and SQLite's cache, plus a multiple
/// of the largest input it accepts (--max-input-bytes): the input, its line-normalized copy, the
/// decoded text and the text written, while the next input waits in the queue. Sanitizer builds
/// get a larger base for their shadow memory and ASan's quarantine of freed blocks (256 MiB by
/// default), which grows with the number of allocations rather than with live memory: the
/// 100,000-document submission peaks at 96 MiB in the dev build and near 850 MiB under ASan.
inline long rss_bound_kib(std::int64_t max_input_bytes) {
    const long base_mib = kSanitized ? 896 : 160;
    return base_mib * 1024 + static_cast<long>(6 * max_input_bytes / 1024);
}

}  // namespace edgarsql::test
