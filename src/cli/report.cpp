#include "cli/report.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include <nlohmann/json.hpp>

namespace edgarsql::cli {

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string report_json(const pipeline::Summary& s, const ReportContext& c) {
    using json = nlohmann::ordered_json;
    const db::RunCounts& n = s.counts;
    const double mb = static_cast<double>(n.bytes_read) / 1e6;
    json j;
    j["edgarsql_version"] = c.version;
    j["run_id"] = c.run_id;
    j["status"] = s.status;
    // A run still going (or killed outright) has no exit code or end yet.
    const bool running = s.status == "running";
    j["exit_code"] = running ? json() : json(c.exit_code);
    j["database"] = c.database;
    j["arguments"] = c.arguments;
    j["started_at"] = c.started_at;
    j["finished_at"] = running ? json() : json(c.finished_at);
    j["elapsed_seconds"] = s.seconds;
    j["inputs"] = {{"seen", n.files_seen},         {"ingested", n.files_ingested},
                   {"skipped", n.files_skipped},   {"rejected", n.files_rejected},
                   {"filtered", n.files_filtered}, {"ignored", n.files_ignored}};
    j["bytes_read"] = n.bytes_read;
    j["mb_per_second"] = s.seconds > 0 ? mb / s.seconds : 0.0;
    // Where the CPU went: a writer near `elapsed_seconds` while the parsers idle means the
    // database bounds the run; the opposite, the parsing.
    j["cpu_seconds"] = {{"process", c.process_cpu_seconds},
                        {"walker", s.cpu.walker},
                        {"parsers", s.cpu.parsers},
                        {"writers", s.cpu.writers}};
    if (!s.fatal_error.empty()) j["error"] = s.fatal_error;
    json rejected = json::array();
    for (const pipeline::Rejection& r : s.rejections) {
        rejected.push_back(
            {{"path", r.path}, {"member", r.member}, {"stage", r.stage}, {"reason", r.reason}});
    }
    j["rejected"] = std::move(rejected);
    j["rejected_listed"] = s.rejections.size();
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {

std::string reason(int err) { return std::error_code(err, std::generic_category()).message(); }

/// Creates (or truncates) the report's temporary file `tmp`; throws with the reason.
std::FILE* open_temporary(const std::string& path, const std::string& tmp) {
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) {
        throw std::runtime_error("cannot write report " + path + ": " + tmp + ": " + reason(errno));
    }
    return f;
}

}  // namespace

void write_report(const std::string& path, const pipeline::Summary& summary,
                  const ReportContext& context) {
    // The report replaces `path` by a rename: a directory there would refuse it only after
    // the temporary file is written.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw std::runtime_error("cannot write report " + path + ": " + reason(EISDIR));
    const std::string text = report_json(summary, context);
    const std::string tmp = path + ".tmp";
    std::FILE* f = open_temporary(path, tmp);
    const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    const int write_errno = errno;
    if (std::fclose(f) != 0 || !written) {
        const int err = written ? errno : write_errno;
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot write report " + path + ": " + reason(err));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot write report " + path + ": " + reason(err));
    }
}

}  // namespace edgarsql::cli
