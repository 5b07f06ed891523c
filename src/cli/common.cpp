#include "cli/common.hpp"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cerrno>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include "cli/progress.hpp"

namespace edgarsql::cli {

namespace {
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

// Log files rotate at this size, keeping this many old files: a nightly job's log stays
// bounded without an external logrotate rule.
constexpr std::size_t kLogFileBytes = std::size_t{16} << 20;
constexpr std::size_t kLogFilesKept = 5;

extern "C" void on_signal(int sig) {
    if (g_stop.exchange(true)) {
        // Second signal: leave now. SQLite rolls back the open transaction from its journal
        // and PostgreSQL aborts it with the connection, so no filing is half-written.
        _exit(128 + sig);
    }
    g_signal = sig;
}
}  // namespace

const CLI::Validator& not_empty() {
    static const CLI::Validator validator(
        [](const std::string& v) {
            return v.find_first_not_of(" \t") == std::string::npos ? "an empty value" : "";
        },
        "", "not empty");
    return validator;
}

void DbOption::add_to(CLI::App& app) {
    app.add_option("--db", url,
                   "Database: a SQLite file (optionally 'sqlite:FILE'), or 'postgresql://…' / "
                   "libpq 'key=value' for PostgreSQL. Default: $EDGARSQL_DB, else edgar.db")
        // '--db ""' (an unset variable) must not quietly mean ./edgar.db.
        ->check(not_empty());
}

std::string DbOption::resolve() const {
    if (!url.empty()) return url;
    if (const char* env = std::getenv("EDGARSQL_DB"); env != nullptr && *env != '\0') return env;
    return "edgar.db";
}

void LogOptions::add_to(CLI::App& app, bool with_log_file) {
    app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
    app.add_flag("-v,--verbose", verbose, "More log output (-v info, -vv debug)");
    if (with_log_file) {
        app.add_option("--log-file", log_file,
                       "Also write the log to FILE (rotated at 16 MiB, 5 kept)")
            ->check(not_empty());
    }
}

void LogOptions::apply() const {
    std::vector<spdlog::sink_ptr> sinks;
    // Through the progress line, so that log lines and the live line never garble each other.
    sinks.push_back(std::make_shared<StderrSink>());
    if (!log_file.empty()) {
        auto file_sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            log_file, kLogFileBytes, kLogFilesKept);
        file_sink->set_level(spdlog::level::info);
        sinks.push_back(file_sink);
    }
    auto logger = std::make_shared<spdlog::logger>("edgarsql", sinks.begin(), sinks.end());
    spdlog::level::level_enum level = spdlog::level::warn;
    if (quiet) {
        level = spdlog::level::err;
    } else if (verbose >= 2) {
        level = spdlog::level::debug;
    } else if (verbose == 1) {
        level = spdlog::level::info;
    } else if (const char* env = std::getenv("EDGARSQL_LOG"); env != nullptr && *env != '\0') {
        level = spdlog::level::from_str(env);
    }
    sinks.front()->set_level(level);
    logger->set_level(std::min(level, log_file.empty() ? level : spdlog::level::info));
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
    spdlog::set_default_logger(logger);
}

std::unique_ptr<db::Backend> open_for_reading(const std::string& url) {
    auto backend = db::open_backend(url, db::read_only());
    if (db::schema_state(*backend) == db::SchemaState::newer) {
        throw db::Error("its schema is newer than this edgarsql knows; use a newer edgarsql",
                        /*fatal=*/true);
    }
    // A database, but not one of edgarsql's (or an empty one): say so rather than fail on
    // the first table that is not there.
    const std::vector<db::MigrationState> states = backend->migration_status();
    if (std::none_of(states.begin(), states.end(),
                     [](const db::MigrationState& m) { return !m.applied_at.empty(); })) {
        throw db::Error("it holds no edgarsql schema (run edgarsql ingest or migrate first)",
                        /*fatal=*/true);
    }
    return backend;
}

int with_output_flushed(int code) {
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
        std::fprintf(stderr, "edgarsql: cannot write the output: %s\n", std::strerror(errno));
        return 1;
    }
    return code;
}

void print_table(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::optional<std::string>>>& rows) {
    auto cell = [](const std::vector<std::optional<std::string>>& row, std::size_t i) {
        return i < row.size() && row[i] ? *row[i] : std::string("-");
    };
    // Widths in characters, not bytes: "Estée" takes five columns (UTF-8 continuation bytes,
    // 10xxxxxx, start no character).
    auto columns = [](const std::string& v) {
        return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    };
    std::vector<std::size_t> width(header.size());
    for (std::size_t i = 0; i < header.size(); ++i) width[i] = columns(header[i]);
    for (const auto& r : rows) {
        for (std::size_t i = 0; i < header.size(); ++i)
            width[i] = std::max(width[i], columns(cell(r, i)));
    }
    auto line = [&](auto get) {
        std::string out = " ";
        for (std::size_t i = 0; i < header.size(); ++i) {
            std::string v = get(i);
            out += " " + v + std::string(width[i] - std::min(width[i], columns(v)), ' ');
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        std::printf("%s\n", out.c_str());
    };
    line([&](std::size_t i) { return header[i]; });
    for (const auto& r : rows) line([&](std::size_t i) { return cell(r, i); });
}

std::atomic<bool>& stop_flag() { return g_stop; }
int stop_signal() { return static_cast<int>(g_signal); }

void install_signal_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace edgarsql::cli
