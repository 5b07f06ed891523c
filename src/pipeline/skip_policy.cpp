#include "pipeline/skip_policy.hpp"

namespace edgarsql::pipeline {

namespace {

bool version_current(int stored, const SkipOptions& options, bool allow_older) {
    if (stored == options.parser_version) return true;
    return allow_older && options.keep_older && stored < options.parser_version;
}

}  // namespace

bool skip_input(const db::PriorInput& prior, const model::SourceRef& ref,
                const SkipOptions& options) {
    if (options.force) return false;
    if (prior.bytes != ref.bytes || prior.mtime != ref.mtime) return false;
    switch (prior.status) {
        case db::InputStatus::ingested:
        case db::InputStatus::ignored:
            return version_current(prior.parser_version, options, /*allow_older=*/true);
        case db::InputStatus::rejected:
            return !options.retry_rejected && !prior.transient &&
                   version_current(prior.parser_version, options, /*allow_older=*/false);
        case db::InputStatus::filtered:
            return false;
    }
    return false;
}

bool skip_archive(const db::PriorArchive& prior, const model::SourceRef& archive,
                  const SkipOptions& options) {
    if (options.force || !prior.complete) return false;
    if (prior.bytes != archive.bytes || prior.mtime != archive.mtime) return false;
    if (prior.rejected > 0 &&
        (options.retry_rejected || prior.parser_version != options.parser_version)) {
        return false;  // its rejected members are due for a retry
    }
    return version_current(prior.parser_version, options, /*allow_older=*/true);
}

}  // namespace edgarsql::pipeline
