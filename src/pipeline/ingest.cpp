#include "pipeline/ingest.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include <spdlog/spdlog.h>

#include "parse/text.hpp"
#include "pipeline/bounded_queue.hpp"
#include "pipeline/skip_policy.hpp"
#include "util/sha256.hpp"
#include "util/thread.hpp"
#include "walk/walker.hpp"

namespace edgarsql::pipeline {

namespace {

// Rejections listed in the summary; the rest are only counted (they are all in ingest_files).
constexpr std::size_t kMaxRejectionsListed = 1000;

// A file or member name as the database stores and looks it up: valid UTF-8, invalid bytes
// written %XX (parse::escape_invalid_utf8). The walker keeps the bytes, to open the file.
std::string stored_name(const std::string& name) { return parse::escape_invalid_utf8(name); }

// An input on its way from the walker to a parser, tagged with the archive it belongs to.
struct Work {
    walk::Input input;
    std::int64_t archive = -1;  ///< walker-local archive number, -1 outside archives
};

// A parsed input on its way to the writer.
struct Parsed {
    db::InputResult result;
    std::size_t bytes = 0;  ///< input size, the writer's batch_bytes measure
    std::int64_t archive = -1;
};

// The walker finished an archive: record it once all `accepted` members are committed.
struct ArchiveEnd {
    std::int64_t archive = -1;
    db::ArchiveDone done;
    std::int64_t accepted = 0;
};

using Outcome = std::variant<Parsed, ArchiveEnd>;
using InputQueue = BoundedQueue<Work>;
using OutcomeQueue = BoundedQueue<Outcome>;

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    std::replace(text.begin(), text.end(), '\r', ' ');
    return text;
}

// Run-wide control shared by all threads: a soft halt (the walker stops taking inputs, the rest
// drains) and an abort (queues closed, nothing more is written), plus the first failure.
class Control {
  public:
    Control(InputQueue& inputs, OutcomeQueue& outcomes) : inputs_(inputs), outcomes_(outcomes) {}

    void halt() { halted_.store(true); }
    bool halted() const { return halted_.load(); }
    bool aborted() const { return aborted_.load(); }

    /// Stops everything now: the walker and parsers find their queues closed.
    void abort() {
        halted_.store(true);
        aborted_.store(true);
        inputs_.close();
        outcomes_.close();
    }

    /// Records the first failure (later ones are consequences) and aborts.
    void fail(std::exception_ptr error) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_) error_ = std::move(error);
        }
        abort();
    }

    std::exception_ptr error() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return error_;
    }

  private:
    InputQueue& inputs_;
    OutcomeQueue& outcomes_;
    std::atomic<bool> halted_{false};
    std::atomic<bool> aborted_{false};
    mutable std::mutex mutex_;
    std::exception_ptr error_;
};

// Runs `body`, turning any exception into the run's first failure.
void guarded(Control& control, const std::function<void()>& body) {
    try {
        body();
    } catch (...) {
        control.fail(std::current_exception());
    }
}

bool in_shard(const std::string& relative, const Options& options) {
    return options.shard_n <= 1 || shard_of(relative, options.shard_n) == options.shard_k;
}

// The walker thread's side: shard filter, skip check and hand-off to the parsers. Its counters
// are read only after the walker thread is joined.
class Feeder : public walk::Visitor {
  public:
    Feeder(const Options& options, db::InputLookup& lookup, InputQueue& inputs,
           OutcomeQueue& outcomes, const std::atomic<bool>* stop, Control& control,
           std::vector<std::string> own_files)
        : own_files_(std::move(own_files)),
          options_(options),
          lookup_(lookup),
          inputs_(inputs),
          outcomes_(outcomes),
          stop_(stop),
          control_(control) {
        skip_.force = options.force;
        skip_.retry_rejected = options.retry_rejected;
        skip_.keep_older = options.keep_older;
        skip_.parser_version = parse::kParserVersion;
        skip_.max_input_bytes = options.max_input_bytes;
        skip_.filters = &options.filters;
    }

    bool stopped() override { return (stop_ != nullptr && stop_->load()) || control_.halted(); }

    bool want(const model::SourceRef& ref) override {
        // The database's own files, when it lies in the tree: no input, not even a seen one.
        if (ref.member.empty() &&
            std::find(own_files_.begin(), own_files_.end(), ref.path) != own_files_.end()) {
            spdlog::debug("not an input: {} is a file of the database itself", ref.path);
            return false;
        }
        // Every member the walk meets, whatever becomes of it: the rows of the others go.
        if (!ref.member.empty() && archive_ >= 0) member_names_.push_back(stored_name(ref.member));
        // Archive members follow their archive's shard; files on disk go by their own path.
        if (ref.member.empty() && !in_shard(ref.relative, options_)) return false;
        if (!options_.filters.glob_selects(ref)) {
            // An archive with members left out is not complete either: a run with other globs
            // must open it again.
            if (!ref.member.empty()) leave_member(ref);
            return false;
        }
        if (ref.member.empty() && options_.progress != nullptr) {
            options_.progress->disk_bytes += ref.bytes;
        }
        if (!options_.filters.name_may_match(ref)) {
            ++counts_.files_filtered;
            // An archive with pruned members is not complete: a run with other filters must
            // open it again.
            if (!ref.member.empty()) leave_member(ref);
            saw(1);
            return false;
        }
        if (ref.member.empty()) damaged_before_ = false;
        if (options_.force) return true;
        const std::optional<db::PriorInput> prior =
            lookup_.find_input(stored_name(ref.path), stored_name(ref.member));
        // A file whose last walk as an archive ended in damage that this walk does not take
        // as known (it changed since, or is retried): the members read from it then may hold
        // damaged bytes (damage is found where it breaks the data, a gzip trailer at the very
        // end), so none of them is skipped by its row.
        if (ref.member.empty() && prior && prior->archive_damage)
            damaged_before_ = !known_damage(*prior, ref, "archive", skip_);
        // A member rejected for damage before: when it holds an inner archive, the members
        // read from it may hold damaged bytes (a zip checks its member's CRC only at its end).
        if (prior && prior->archive_damage && !ref.member.empty())
            damaged_holders_.push_back(stored_name(ref.member));
        if (prior && !(archive_ >= 0 && reread_all_) && skip_input(*prior, ref, skip_)) {
            ++counts_.files_skipped;
            // Still rejected or filtered: the archive's record says so, for --retry-rejected
            // and for runs with other filters.
            if (!ref.member.empty() && prior->status == db::InputStatus::rejected)
                ++rejected_before_;
            if (!ref.member.empty() && prior->status == db::InputStatus::filtered)
                ++filtered_before_;
            saw(1);
            return false;
        }
        // A file on disk may be an archive recorded whole, or rejected for damage: decide from
        // its size and mtime, before the walker opens it to sniff its format.
        if (ref.member.empty() && (!prior || prior->archive_damage)) {
            const std::optional<db::PriorArchive> archive =
                lookup_.find_archive(stored_name(ref.path));
            if (archive && skip_archive(*archive, ref, skip_)) {
                counts_.files_skipped += archive->members;
                saw(archive->members);
                return false;
            }
        }
        return true;
    }

    bool want_nested(const model::SourceRef& ref) override {
        // want() took it for an input and met its name; it is an archive, whose members are
        // the inputs. A row under its own name is stale damage, unless reported again.
        if (!member_names_.empty() && member_names_.back() == stored_name(ref.member))
            member_names_.pop_back();
        return true;
    }

    bool want_archive(const model::SourceRef& archive) override {
        if (!in_shard(archive.relative, options_)) return false;
        if (!options_.force) {
            const std::optional<db::PriorArchive> prior =
                lookup_.find_archive(stored_name(archive.path));
            if (prior && skip_archive(*prior, archive, skip_)) {
                counts_.files_skipped += prior->members;
                saw(prior->members);
                return false;
            }
        }
        if (!options_.force) lookup_.expect_archive(stored_name(archive.path));
        archive_ = next_archive_++;
        reread_all_ = damaged_before_;
        damaged_before_ = false;
        accepted_ = 0;
        rejected_before_ = 0;
        filtered_before_ = 0;
        pruned_in_archive_ = false;
        member_names_.clear();
        kept_prefixes_.clear();
        damaged_holders_.clear();
        damage_met_.clear();
        return true;
    }

    bool accept(walk::Input&& input) override {
        if (stopped()) return false;
        // Errors about roots and directories arrive without a want(): apply the shard here.
        if (archive_ < 0 && !in_shard(input.source.relative, options_)) return true;
        // An archive inside the archive met no want(): the report on it is its name's meeting.
        if (input.container && archive_ >= 0)
            member_names_.push_back(stored_name(input.source.member));
        if (archive_ >= 0 && input.stage == "archive" && !input.source.member.empty())
            damage_met_.push_back(stored_name(input.source.member));
        // Damage in the archive's bytes that an earlier run recorded: met again, it is not a
        // new rejection (see known_damage).
        if (archive_ >= 0 && input.stage == "archive" && !input.error.empty() &&
            !options_.force) {
            const std::optional<db::PriorInput> prior = lookup_.find_input(
                stored_name(input.source.path), stored_name(input.source.member));
            if (prior && known_damage(*prior, input.source, input.stage, skip_)) {
                ++counts_.files_skipped;
                ++rejected_before_;  // still rejected: the archive's record counts it
                saw(1);
                return true;
            }
        }
        const std::size_t bytes = input.bytes.size();
        Work work{std::move(input), archive_};
        if (!inputs_.push(std::move(work), bytes)) return false;
        saw(1);
        counts_.bytes_read += static_cast<std::int64_t>(bytes);
        if (options_.progress != nullptr) {
            options_.progress->bytes_read += static_cast<std::int64_t>(bytes);
        }
        if (archive_ >= 0) ++accepted_;
        return true;
    }

    void archive_done(const model::SourceRef& archive, std::int64_t members,
                      walk::ArchiveState state) override {
        ArchiveEnd end;
        end.archive = archive_;
        end.done.path = stored_name(archive.path);
        end.done.bytes = archive.bytes;
        end.done.mtime = archive.mtime;
        end.done.members = members;
        // Complete when the walk left no member out: walked to the end, or up to damage that
        // ended it (then damaged: a rejection of the archive, retried as rejections are).
        end.done.complete = state != walk::ArchiveState::cut_short && !pruned_in_archive_;
        end.done.damaged = state == walk::ArchiveState::damaged;
        end.done.reached_end = state == walk::ArchiveState::complete;
        if (state != walk::ArchiveState::cut_short) {
            end.done.member_names = std::move(member_names_);
            end.done.kept_prefixes = std::move(kept_prefixes_);
        }
        // A member rejected for damage before, walked whole now without it: the members read
        // from it then (from damaged bytes, perhaps) are read again by the next run.
        if (state == walk::ArchiveState::complete) {
            for (const std::string& holder : damaged_holders_) {
                if (std::find(damage_met_.begin(), damage_met_.end(), holder) ==
                    damage_met_.end())
                    end.done.reread_prefixes.push_back(holder + "!");
            }
        }
        // Every member was to be read again, and some were not: they are, by a later run.
        end.done.reread_unwritten =
            reread_all_ && (pruned_in_archive_ || state == walk::ArchiveState::cut_short);
        reread_all_ = false;
        member_names_.clear();
        kept_prefixes_.clear();
        damaged_holders_.clear();
        damage_met_.clear();
        end.done.rejected = rejected_before_;
        end.done.filtered = filtered_before_;
        end.done.parser_version = parse::kParserVersion;
        end.accepted = accepted_;
        archive_ = -1;
        // A closed queue means the run is aborting: the archive is then not recorded.
        outcomes_.push(Outcome(std::move(end)), 0);
    }

    /// Directories an earlier run could not list (stored names): those this walk lists are
    /// kept in listed().
    void expect_unlisted(const std::vector<std::string>& paths) {
        unlisted_.insert(paths.begin(), paths.end());
    }
    const std::vector<std::string>& listed() const { return listed_; }

    void directory_listed(const std::string& path) override {
        if (unlisted_.empty()) return;
        std::string stored = stored_name(path);
        if (unlisted_.count(stored) != 0) listed_.push_back(std::move(stored));
    }

    void root_done(const std::string& root, std::int64_t files) override {
        // An unmounted mount point or an emptied mirror looks like a tree with nothing new.
        // An error, which -q keeps: an unmounted mirror must not pass a nightly job unseen.
        if (files == 0) spdlog::error("PATH {} holds no input: no file under it", root);
    }

    const db::RunCounts& counts() const { return counts_; }

  private:
    // A member left out by globs or by its name: the archive is not complete. When the member
    // is an archive itself (which is not known unread), the rows of its members stay too.
    void leave_member(const model::SourceRef& ref) {
        pruned_in_archive_ = true;
        if (archive_ >= 0) kept_prefixes_.push_back(stored_name(ref.member) + "!");
    }

    void saw(std::int64_t n) {
        counts_.files_seen += n;
        if (options_.progress != nullptr) options_.progress->seen += n;
    }

    const std::vector<std::string> own_files_;  ///< Backend::own_files()
    const Options& options_;
    db::InputLookup& lookup_;
    InputQueue& inputs_;
    OutcomeQueue& outcomes_;
    const std::atomic<bool>* stop_;
    Control& control_;
    SkipOptions skip_;
    db::RunCounts counts_;
    std::int64_t archive_ = -1;
    std::int64_t next_archive_ = 0;
    std::int64_t accepted_ = 0;
    std::int64_t rejected_before_ = 0;  ///< members of the archive skipped as rejected
    std::int64_t filtered_before_ = 0;  ///< members of the archive skipped as filtered
    std::vector<std::string> member_names_;  ///< members of the archive met so far
    std::vector<std::string> kept_prefixes_;  ///< 'inner!' of archives inside it left unread
    std::vector<std::string> damaged_holders_;  ///< members of it rejected for damage before
    std::vector<std::string> damage_met_;  ///< members of it with damage met by this walk
    bool pruned_in_archive_ = false;
    std::unordered_set<std::string> unlisted_;  ///< directories not listed by an earlier run
    std::vector<std::string> listed_;           ///< those of them this walk listed
    bool damaged_before_ = false;  ///< the file asked about last ended in damage last time
    bool reread_all_ = false;      ///< the archive walked: none of its members is skipped
};

/// The database's own files (real paths) also as the walk names them under each root: a root
/// that is, or lies under, a symlink is walked under its own name, not its real path.
std::vector<std::string> own_files_as_walked(std::vector<std::string> own,
                                             const std::vector<std::string>& roots) {
    const std::size_t real_count = own.size();
    for (const std::string& root : roots) {
        const std::string given = walk::root_path(root);
        char* resolved = ::realpath(given.c_str(), nullptr);
        if (resolved == nullptr) continue;
        const std::string real(resolved);
        std::free(resolved);
        if (real == given) continue;
        const std::string prefix = real == "/" ? real : real + "/";
        for (std::size_t i = 0; i < real_count; ++i) {
            if (own[i].compare(0, prefix.size(), prefix) == 0)
                own.push_back((given == "/" ? "" : given) + "/" + own[i].substr(prefix.size()));
        }
    }
    return own;
}

Parsed process(walk::Input&& input, const parse::Options& options, const Filters& filters) {
    Parsed parsed;
    parsed.bytes = input.bytes.size();
    db::InputResult& r = parsed.result;
    r.source = std::move(input.source);
    r.source.path = stored_name(r.source.path);
    r.source.member = stored_name(r.source.member);
    r.parser_version = parse::kParserVersion;
    if (!input.error.empty()) {
        r.status = db::InputStatus::rejected;
        r.stage = input.stage.empty() ? "read" : input.stage;
        r.error = one_line(std::move(input.error));
        return parsed;
    }
    const std::string& name = r.source.member.empty() ? r.source.path : r.source.member;
    try {
        parse::Result result = parse::parse(input.bytes, name, options);
        r.source.sha256 = std::move(result.input_sha256);  // hashed beside the documents
        switch (result.outcome) {
            case parse::Outcome::filing:
                if (auto why = filters.filing_rejection(result.filing)) {
                    r.status = db::InputStatus::filtered;
                    r.stage = "filter";
                    r.error = std::move(*why);
                    r.filtered_as =
                        db::FilteredAs{result.filing.form_type, result.filing.filed_date};
                    break;
                }
                r.status = db::InputStatus::ingested;
                r.filing = std::move(result.filing);
                break;
            case parse::Outcome::ignored:
                r.status = db::InputStatus::ignored;
                r.stage = result.stage.empty() ? "detect" : result.stage;
                r.error = one_line(std::move(result.reason));
                break;
            case parse::Outcome::rejected:
                r.status = db::InputStatus::rejected;
                r.stage = result.stage.empty() ? "parse" : result.stage;
                r.error = one_line(std::move(result.reason));
                break;
        }
    } catch (const std::exception& e) {
        // A parser failure on one input is that input's rejection, not the run's end.
        r.status = db::InputStatus::rejected;
        r.filing.reset();
        r.stage = "parse";
        r.error = one_line(e.what());
        if (r.source.sha256.empty()) r.source.sha256 = util::sha256_hex(input.bytes);
    }
    return parsed;
}

// `backend`, when not null, prepares each ingested input for its writer on this thread.
void parse_loop(InputQueue& inputs, OutcomeQueue& outcomes, const Options& options,
                db::Backend* backend) {
    Work work;
    while (inputs.pop(work)) {
        Parsed parsed = process(std::move(work.input), options.parse, options.filters);
        parsed.archive = work.archive;
        std::size_t bytes = parsed.bytes;
        if (backend != nullptr && parsed.result.status == db::InputStatus::ingested) {
            backend->prepare_input(parsed.result);
            if (parsed.result.prepared) bytes += parsed.result.prepared->bytes;
        }
        if (!outcomes.push(Outcome(std::move(parsed)), bytes)) return;
    }
}

// What the writers share: the run's counts and rejections (in the Summary), the archives
// waiting for their members, the error budget and the first fatal failure. Guarded by mutex.
struct Ledger {
    struct Track {
        std::int64_t committed = 0;
        std::int64_t rejected = 0;
        std::int64_t filtered = 0;
        std::optional<ArchiveEnd> end;
    };

    std::mutex mutex;
    std::unordered_map<std::int64_t, Track> archives;
    bool failed = false;
    std::string failure;
    bool over_budget = false;
    std::string budget_message;

    bool has_failed() {
        std::lock_guard<std::mutex> lock(mutex);
        return failed;
    }
};

// One writer: batches, transactions, replay; the shared bookkeeping goes through the Ledger.
class Writer {
  public:
    Writer(db::Backend& backend, const Options& options, std::int64_t run_id, Control& control,
           Summary& summary, Ledger& ledger)
        : backend_(backend),
          options_(options),
          run_id_(run_id),
          control_(control),
          summary_(summary),
          ledger_(ledger) {}

    void run(OutcomeQueue& outcomes) {
        Outcome item;
        while (outcomes.pop(item)) {
            if (control_.aborted()) return;
            if (auto* parsed = std::get_if<Parsed>(&item)) {
                add(std::move(*parsed));
            } else {
                end_archive(std::get<ArchiveEnd>(std::move(item)));
            }
            if (ledger_.has_failed()) return;
        }
        if (!control_.aborted()) flush();
    }

  private:
    void add(Parsed&& parsed) {
        if (parsed.result.status == db::InputStatus::rejected) ++pending_rejected_;
        batch_bytes_ += parsed.bytes;
        batch_.push_back(std::move(parsed.result));
        batch_archives_.push_back(parsed.archive);
        bool over_budget = false;
        if (options_.max_errors) {
            std::lock_guard<std::mutex> lock(ledger_.mutex);
            over_budget = summary_.counts.files_rejected + pending_rejected_ > *options_.max_errors;
        }
        if (batch_.size() >= options_.batch_files || batch_bytes_ >= options_.batch_bytes ||
            over_budget) {
            flush();
        }
        check_budget();
    }

    void check_budget() {
        if (!options_.max_errors) return;
        std::lock_guard<std::mutex> lock(ledger_.mutex);
        if (ledger_.failed || ledger_.over_budget) return;
        if (summary_.counts.files_rejected <= *options_.max_errors) return;
        // Stop taking inputs; what is already parsed is still written.
        ledger_.over_budget = true;
        ledger_.budget_message =
            "more than " + std::to_string(*options_.max_errors) + " inputs rejected (--max-errors)";
        control_.halt();
    }

    void end_archive(ArchiveEnd&& end) {
        std::lock_guard<std::mutex> lock(ledger_.mutex);
        const std::int64_t id = end.archive;
        ledger_.archives[id].end = std::move(end);
        settle_locked(id);
    }

    void flush() {
        if (batch_.empty() || ledger_.has_failed()) return;
        if (options_.dry_run) {
            commit_all();
            return;
        }
        try {
            backend_.write_batch(run_id_, batch_);
            commit_all();
            return;
        } catch (const db::Error& e) {
            if (e.fatal()) return fail(e.what());
            spdlog::debug("batch of {} inputs failed ({}); replaying one by one", batch_.size(),
                          e.what());
        } catch (const std::exception& e) {
            spdlog::debug("batch of {} inputs failed ({}); replaying one by one", batch_.size(),
                          e.what());
        }
        replay();
    }

    void commit_all() {
        {
            std::lock_guard<std::mutex> lock(ledger_.mutex);
            for (std::size_t i = 0; i < batch_.size(); ++i) {
                committed_locked(batch_[i], batch_archives_[i]);
            }
        }
        clear_batch();
    }

    // Writes the failed batch input by input, so that only the culprit is rejected.
    void replay() {
        std::vector<db::InputResult> one(1);
        for (std::size_t i = 0; i < batch_.size() && !ledger_.has_failed(); ++i) {
            one[0] = std::move(batch_[i]);
            try {
                backend_.write_batch(run_id_, one);
                committed(one[0], batch_archives_[i]);
                continue;
            } catch (const db::Error& e) {
                if (e.fatal()) return fail(e.what());
                reject_on_write(one, e.what(), batch_archives_[i]);
            } catch (const std::exception& e) {
                reject_on_write(one, e.what(), batch_archives_[i]);
            }
        }
        clear_batch();
    }

    void reject_on_write(std::vector<db::InputResult>& one, const std::string& reason,
                         std::int64_t archive) {
        db::InputResult& r = one[0];
        r.status = db::InputStatus::rejected;
        r.filing.reset();
        r.stage = "write";
        r.error = one_line(reason);
        try {
            backend_.write_batch(run_id_, one);
        } catch (const std::exception& e) {
            // Not even the rejection row can be stored: nothing else will be either.
            return fail(std::string("cannot record rejected input ") + r.source.display() + ": " +
                        e.what());
        }
        committed(r, archive);
    }

    void committed(const db::InputResult& r, std::int64_t archive) {
        std::lock_guard<std::mutex> lock(ledger_.mutex);
        committed_locked(r, archive);
    }

    void committed_locked(const db::InputResult& r, std::int64_t archive) {
        db::RunCounts& c = summary_.counts;
        switch (r.status) {
            case db::InputStatus::ingested:
                ++c.files_ingested;
                break;
            case db::InputStatus::ignored:
                ++c.files_ignored;
                break;
            case db::InputStatus::filtered:
                ++c.files_filtered;
                break;
            case db::InputStatus::rejected:
                ++c.files_rejected;
                // The one log line per rejected input, once it is recorded: an error, which
                // -q keeps, so that a nightly job's mail names what it rejected.
                spdlog::error("rejected {}{}{} (stage {}): {}", r.source.path,
                             r.source.member.empty() ? "" : " member ", r.source.member, r.stage,
                             r.error);
                if (options_.progress != nullptr) ++options_.progress->rejected;
                if (summary_.rejections.size() < kMaxRejectionsListed) {
                    summary_.rejections.push_back(
                        {r.source.display(), r.source.path, r.source.member, r.stage, r.error});
                }
                break;
        }
        if (options_.progress != nullptr) ++options_.progress->done;
        if (archive >= 0) {
            Ledger::Track& t = ledger_.archives[archive];
            ++t.committed;
            if (r.status == db::InputStatus::rejected) ++t.rejected;
            if (r.status == db::InputStatus::filtered) ++t.filtered;
            settle_locked(archive);
        }
    }

    // Records an archive once the walker is done with it and all its members are committed,
    // by whichever writer committed them.
    void settle_locked(std::int64_t id) {
        auto it = ledger_.archives.find(id);
        if (it == ledger_.archives.end() || !it->second.end) return;
        const Ledger::Track& t = it->second;
        if (t.committed < t.end->accepted) return;
        db::ArchiveDone done = t.end->done;
        done.rejected += t.rejected;
        // Filtered members keep the archive complete: their stored form type and date tell a
        // later run whether it must open the archive again (skip_archive).
        done.filtered += t.filtered;
        ledger_.archives.erase(it);
        if (options_.dry_run || ledger_.failed) return;
        try {
            backend_.record_archive(run_id_, done);
        } catch (const db::Error& e) {
            if (e.fatal()) return fail_locked(e.what());
            // Only costs a re-open of the archive on the next run.
            spdlog::warn("cannot record archive {}: {}", done.path, e.what());
        }
    }

    void clear_batch() {
        batch_.clear();
        batch_archives_.clear();
        batch_bytes_ = 0;
        pending_rejected_ = 0;
    }

    void fail(const std::string& message) {
        std::lock_guard<std::mutex> lock(ledger_.mutex);
        fail_locked(message);
    }

    void fail_locked(const std::string& message) {
        if (ledger_.failed) return;
        ledger_.failed = true;
        ledger_.failure = message;
        control_.abort();
    }

    db::Backend& backend_;
    const Options& options_;
    const std::int64_t run_id_;
    Control& control_;
    Summary& summary_;
    Ledger& ledger_;
    std::vector<db::InputResult> batch_;
    std::vector<std::int64_t> batch_archives_;
    std::size_t batch_bytes_ = 0;
    std::int64_t pending_rejected_ = 0;
};

// Joins every thread on every path out of ingest(); if the caller leaves early, the queues are
// closed first so that no thread stays blocked.
class ThreadGroup {
  public:
    explicit ThreadGroup(Control& control) : control_(control) {}
    ~ThreadGroup() {
        for (const std::thread& t : threads_) {
            if (t.joinable()) {
                control_.abort();
                break;
            }
        }
        join();
    }
    ThreadGroup(const ThreadGroup&) = delete;
    ThreadGroup& operator=(const ThreadGroup&) = delete;

    void start(std::function<void()> body) { threads_.emplace_back(std::move(body)); }
    void join() {
        for (std::thread& t : threads_) {
            if (t.joinable()) t.join();
        }
    }

  private:
    Control& control_;
    std::vector<std::thread> threads_;
};

}  // namespace

int shard_of(const std::string& relative_path, int n) {
    if (n <= 1) return 1;
    // FNV-1a, 64 bits: fixed by its definition, unlike std::hash.
    std::uint64_t h = 14695981039346656037ULL;
    for (const char c : relative_path) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return static_cast<int>(h % static_cast<std::uint64_t>(n)) + 1;
}

Summary ingest(db::Backend& backend, const std::vector<std::string>& roots, const Options& options,
               std::int64_t run_id, const std::atomic<bool>* stop) {
    const auto started = std::chrono::steady_clock::now();
    Summary summary;
    const int jobs = options.jobs > 0
                         ? options.jobs
                         : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

    InputQueue inputs(options.input_queue_items, options.input_queue_bytes);
    OutcomeQueue outcomes(options.result_queue_items, options.result_queue_bytes);
    Control control(inputs, outcomes);

    std::unique_ptr<db::InputLookup> lookup;
    try {
        lookup = backend.open_lookup();
    } catch (const std::exception& e) {
        summary.status = "failed";
        summary.fatal_error = std::string("cannot open the input lookup: ") + e.what();
        return summary;
    }

    // Extra writers' connections are opened before any thread starts, so that a refused
    // connection ends the run before anything is read.
    const int writer_count = options.dry_run ? 1 : std::max(1, options.writers);
    std::vector<std::unique_ptr<db::Backend>> extra_backends;
    if (writer_count > 1) {
        if (!options.open_writer) {
            summary.status = "failed";
            summary.fatal_error = "several writers need a way to open more connections";
            return summary;
        }
        try {
            for (int i = 1; i < writer_count; ++i) extra_backends.push_back(options.open_writer());
        } catch (const std::exception& e) {
            summary.status = "failed";
            summary.fatal_error = std::string("cannot open a writer connection: ") + e.what();
            return summary;
        }
    }

    Feeder feeder(options, *lookup, inputs, outcomes, stop, control,
                  own_files_as_walked(backend.own_files(), roots));
    if (!options.dry_run) {
        std::vector<std::string> walked;
        for (const std::string& root : roots) walked.push_back(stored_name(walk::root_path(root)));
        feeder.expect_unlisted(backend.unlisted_directories(walked));
    }
    Ledger ledger;
    std::vector<std::unique_ptr<Writer>> writers;
    writers.push_back(std::make_unique<Writer>(backend, options, run_id, control, summary, ledger));
    for (const auto& extra : extra_backends) {
        writers.push_back(
            std::make_unique<Writer>(*extra, options, run_id, control, summary, ledger));
    }
    walk::Options walk_options;
    walk_options.max_input_bytes = options.max_input_bytes;
    bool walk_finished = false;
    // The walker and every parser produce outcomes; the last one to finish closes the queue.
    std::atomic<int> producers{jobs + 1};
    auto producer_done = [&] {
        if (producers.fetch_sub(1) == 1) outcomes.close();
    };
    {
        // Each thread writes only its own slot; they are read after the join.
        summary.cpu.parsers.assign(static_cast<std::size_t>(jobs), 0.0);
        summary.cpu.writers.assign(writers.size(), 0.0);
        ThreadGroup threads(control);
        threads.start([&] {
            util::name_this_thread("es-walker");
            guarded(control, [&] { walk_finished = walk::walk(roots, walk_options, feeder); });
            inputs.close();
            summary.cpu.walker = util::this_thread_cpu_seconds();
            producer_done();
        });
        for (int i = 0; i < jobs; ++i) {
            double& cpu = summary.cpu.parsers[static_cast<std::size_t>(i)];
            threads.start([&, i] {
                util::name_this_thread("es-parser-" + std::to_string(i + 1));
                guarded(control, [&] {
                    parse_loop(inputs, outcomes, options, options.dry_run ? nullptr : &backend);
                });
                cpu = util::this_thread_cpu_seconds();
                producer_done();
            });
        }
        for (std::size_t i = 1; i < writers.size(); ++i) {
            Writer& w = *writers[i];
            double& cpu = summary.cpu.writers[i];
            threads.start([&control, &outcomes, &w, &cpu, i] {
                util::name_this_thread("es-writer-" + std::to_string(i + 1));
                guarded(control, [&] { w.run(outcomes); });
                cpu = util::this_thread_cpu_seconds();
            });
        }
        // The calling thread keeps its name (the process's, in ps and top) and writes too.
        const double before = util::this_thread_cpu_seconds();
        guarded(control, [&] { writers[0]->run(outcomes); });
        summary.cpu.writers[0] = util::this_thread_cpu_seconds() - before;
        threads.join();
    }

    // Directories an earlier run could not list and this one did: their rejections go.
    if (!options.dry_run && !feeder.listed().empty() && !ledger.failed && !control.error())
        guarded(control, [&] { backend.forget_directories(run_id, feeder.listed()); });

    const db::RunCounts& walked = feeder.counts();
    summary.counts.files_seen = walked.files_seen;
    summary.counts.files_skipped = walked.files_skipped;
    summary.counts.bytes_read = walked.bytes_read;
    summary.counts.files_filtered += walked.files_filtered;

    if (ledger.failed) {
        summary.status = "failed";
        summary.fatal_error = ledger.failure;
    } else if (std::exception_ptr error = control.error()) {
        summary.status = "failed";
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            summary.fatal_error = e.what();
        }
    } else if (ledger.over_budget) {
        summary.status = "failed";
        summary.fatal_error = ledger.budget_message;
    } else if (!walk_finished) {
        summary.status = "interrupted";
    } else if (summary.counts.files_rejected > 0) {
        summary.status = "rejects";
    } else {
        summary.status = "ok";
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

}  // namespace edgarsql::pipeline
