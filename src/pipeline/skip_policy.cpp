#include "pipeline/skip_policy.hpp"

namespace edgarsql::pipeline {

namespace {

// A reading by this parser version or a newer one is current: an older edgarsql (a machine of
// a backfill not yet upgraded, a binary rolled back) never reads again, and so never
// downgrades, what a newer one stored.
bool version_current(int stored, const SkipOptions& options, bool allow_older) {
    if (stored >= options.parser_version) return true;
    return allow_older && options.keep_older;
}

// A size refused at stage 'limit' (-1: none) that this run's limit would take.
bool within_limit(std::int64_t refused_size, const SkipOptions& options) {
    return refused_size >= 0 && refused_size <= options.max_input_bytes;
}

// True when this run's filters refuse what an earlier run filtered.
bool still_refused(const db::FilteredAs& as, const SkipOptions& options) {
    return options.filters != nullptr &&
           options.filters->rejection(as.form_type, as.filed_date).has_value();
}

}  // namespace

bool skip_input(const db::PriorInput& prior, const model::SourceRef& ref,
                const SkipOptions& options) {
    if (options.force) return false;
    // A size the archive does not state (-1): read, and asked about again with the size read.
    if (ref.bytes < 0) return false;
    if (prior.bytes != ref.bytes || prior.mtime != ref.mtime) return false;
    if (prior.reread) return false;  // another copy's reading made it worth reading again
    if (prior.archive_damage) return false;  // the archive's record decides (skip_archive)
    switch (prior.status) {
        case db::InputStatus::ingested:
        case db::InputStatus::ignored:
            return version_current(prior.parser_version, options, /*allow_older=*/true);
        case db::InputStatus::rejected:
            return !options.retry_rejected && !prior.transient &&
                   !within_limit(prior.refused_size, options) &&
                   version_current(prior.parser_version, options, /*allow_older=*/false);
        case db::InputStatus::filtered:
            return prior.filtered_as && still_refused(*prior.filtered_as, options) &&
                   version_current(prior.parser_version, options, /*allow_older=*/true);
    }
    return false;
}

bool known_damage(const db::PriorInput& prior, const model::SourceRef& archive,
                  const std::string& stage, const SkipOptions& options) {
    return !options.force && !options.retry_rejected && stage == "archive" &&
           prior.archive_damage &&
           prior.bytes == archive.bytes && prior.mtime == archive.mtime &&
           prior.parser_version >= options.parser_version;
}

bool skip_archive(const db::PriorArchive& prior, const model::SourceRef& archive,
                  const SkipOptions& options) {
    if (options.force || !prior.complete) return false;
    if (prior.bytes != archive.bytes || prior.mtime != archive.mtime) return false;
    if (prior.reread_members) return false;  // a member is marked to be read again
    // Its rejections are due for a retry: members', and, for a damaged archive, its own (the
    // archive's rejection is counted in `rejected`, so damage is retried the same way).
    if (prior.rejected > 0 &&
        (options.retry_rejected || prior.parser_version < options.parser_version)) {
        return false;
    }
    if (within_limit(prior.smallest_refused, options)) return false;  // a member now fits
    if (prior.filtered > 0) {
        if (prior.filtered_unknown || prior.filtered_as.empty()) return false;
        for (const db::FilteredAs& as : prior.filtered_as) {
            if (!still_refused(as, options)) return false;  // this run takes a member
        }
    }
    return version_current(prior.parser_version, options, /*allow_older=*/true);
}

}  // namespace edgarsql::pipeline
