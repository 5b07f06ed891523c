#pragma once
// An in-memory db::Backend for the pipeline tests: records every batch and archive, remembers
// ingest_files rows for the skip check, and fails on request (a data error for inputs whose
// path contains a marker, a fatal error on the Nth batch). The lookup reads the same state from
// the walker thread, so everything is guarded by one mutex.

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "db/backend.hpp"
#include "util/thread.hpp"

namespace edgarsql::test {

class FakeBackend;

class FakeLookup : public db::InputLookup {
  public:
    explicit FakeLookup(FakeBackend& backend) : backend_(backend) {}
    std::optional<db::PriorInput> find_input(const std::string& path,
                                             const std::string& member) override;
    std::optional<db::PriorArchive> find_archive(const std::string& path) override;

  private:
    FakeBackend& backend_;
};

class FakeBackend : public db::Backend {
  public:
    /// Inputs whose path contains this text make any batch holding them (except as a
    /// 'write' rejection) throw a non-fatal error.
    std::string culprit_marker;
    /// The write_batch call (1-based) that throws a fatal error; 0: never.
    int fatal_on_call = 0;
    /// Sets *stop_target after this many find_input calls (0: never), to interrupt a run at a
    /// deterministic point from the walker thread.
    int stop_after_lookups = 0;
    std::atomic<bool>* stop_target = nullptr;
    /// CPU seconds each write_batch call spends spinning, as a slow database would.
    double busy_seconds_per_batch = 0;

    std::string dialect() const override { return "fake"; }
    void migrate() override {}
    std::vector<db::MigrationState> migration_status() override { return {}; }
    std::int64_t begin_run(const db::RunStart&) override { return 1; }
    void finish_run(std::int64_t, const db::RunCounts&, const std::string&) override {}

    void write_batch(std::int64_t, const std::vector<db::InputResult>& batch) override {
        if (busy_seconds_per_batch > 0) {
            const double until = util::this_thread_cpu_seconds() + busy_seconds_per_batch;
            while (util::this_thread_cpu_seconds() < until) {
            }
        }
        std::lock_guard<std::mutex> lock(mutex_);
        ++calls_;
        if (fatal_on_call > 0 && calls_ == fatal_on_call) {
            throw db::Error("disk I/O error (simulated)", true);
        }
        for (const auto& r : batch) {
            if (!culprit_marker.empty() &&
                r.source.path.find(culprit_marker) != std::string::npos && r.stage != "write") {
                throw db::Error("UNIQUE constraint failed (simulated)", false);
            }
        }
        batch_sizes_.push_back(batch.size());
        for (const auto& r : batch) {
            committed_.push_back(r);
            db::PriorInput prior;
            prior.bytes = r.source.bytes;
            prior.mtime = r.source.mtime;
            prior.status = r.status;
            prior.parser_version = r.parser_version;
            rows_[{r.source.path, r.source.member}] = prior;
        }
    }

    std::vector<std::string> unlisted_directories(const std::vector<std::string>&) override {
        return {};
    }
    void forget_directories(std::int64_t, const std::vector<std::string>&) override {}
    void record_archive(std::int64_t, const db::ArchiveDone& archive) override {
        std::lock_guard<std::mutex> lock(mutex_);
        archives_recorded_.push_back(archive);
        db::PriorArchive prior;
        prior.bytes = archive.bytes;
        prior.mtime = archive.mtime;
        prior.parser_version = archive.parser_version;
        prior.complete = archive.complete;
        prior.members = archive.members;
        prior.rejected = archive.rejected;
        archives_[archive.path] = prior;
    }

    std::unique_ptr<db::InputLookup> open_lookup() override {
        return std::make_unique<FakeLookup>(*this);
    }
    bool empty() override { return committed().empty(); }
    void dump(std::ostream&) override {}
    std::vector<Row> query(const std::string&) override { return {}; }

    std::vector<db::InputResult> committed() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return committed_;
    }
    std::vector<std::size_t> batch_sizes() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return batch_sizes_;
    }
    std::vector<db::ArchiveDone> archives_recorded() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return archives_recorded_;
    }
    int calls() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return calls_;
    }
    /// Forgets what was written by the last run (not what the database holds).
    void clear_log() {
        std::lock_guard<std::mutex> lock(mutex_);
        committed_.clear();
        batch_sizes_.clear();
        archives_recorded_.clear();
        calls_ = 0;
    }
    void set_parser_version(int version) { parse_version_ = version; }

  private:
    friend class FakeLookup;
    mutable std::mutex mutex_;
    int calls_ = 0;
    int lookups_ = 0;
    int parse_version_ = 1;
    std::vector<std::size_t> batch_sizes_;
    std::vector<db::InputResult> committed_;
    std::vector<db::ArchiveDone> archives_recorded_;
    std::map<std::pair<std::string, std::string>, db::PriorInput> rows_;
    std::map<std::string, db::PriorArchive> archives_;
};

inline std::optional<db::PriorInput> FakeLookup::find_input(const std::string& path,
                                                            const std::string& member) {
    std::lock_guard<std::mutex> lock(backend_.mutex_);
    ++backend_.lookups_;
    if (backend_.stop_after_lookups > 0 && backend_.lookups_ == backend_.stop_after_lookups &&
        backend_.stop_target != nullptr) {
        backend_.stop_target->store(true);
    }
    auto it = backend_.rows_.find({path, member});
    if (it == backend_.rows_.end()) return std::nullopt;
    return it->second;
}

inline std::optional<db::PriorArchive> FakeLookup::find_archive(const std::string& path) {
    std::lock_guard<std::mutex> lock(backend_.mutex_);
    auto it = backend_.archives_.find(path);
    if (it == backend_.archives_.end()) return std::nullopt;
    return it->second;
}

}  // namespace edgarsql::test
