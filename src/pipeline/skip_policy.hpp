#pragma once
// The skip check (DESIGN §5): whether an input or an archive found by the walker can be left
// unread because the database already holds the outcome of reading it. Pure functions over
// what the database remembers, so the policy is testable without a walker or a database.
//
// An input is skipped when the stored row has the same bytes and mtime (an archive member
// whose size is not stated, SourceRef::bytes -1, is not skipped before it is read: the walker
// asks again with the size read), is not marked to be
// read again (ingest_files.reread: another copy of its filing may now win), and
// "The same parser version" below means this one or a newer one: an older edgarsql never reads
// again, and so never downgrades, what a newer one stored (docs/decisions.md).
//  - status ingested or ignored, and the same parser version (or an older one under
//    --keep-older);
//  - status rejected, the same parser version, and no --retry-rejected (rejected inputs are
//    retried when they change, when the parser is upgraded, or on request), unless it was
//    rejected at stage 'read' (it could not be opened or read: retried on every run), or is an
//    archive member rejected at stage 'archive' (retried whenever its archive is opened), or
//    was rejected at stage 'limit' and the current --max-input-bytes would no longer refuse it
//    (its refused size is within the limit), or is an archive rejected as a whole for damage
//    that ended its walk (the archive's record decides, below);
//  - status filtered, the same parser version (or older under --keep-older), and this run's
//    filters refuse the form type and filing date stored with it (a nightly job with the same
//    --forms, or a later --since, does not read again what it filtered before; a run with
//    other filters, or none, reads what they would take). Rows stored before the pair was
//    recorded are read again.
// An archive is skipped whole, without being opened, when the stored archive has the same bytes,
// mtime and parser version (or older under --keep-older), was walked completely (or up to
// damage that ended it, with the same parser version and without --retry-rejected), has no
// rejected member that is due for a retry (under --retry-rejected, after a parser upgrade, or a
// member rejected at stage 'limit' that the current limit would take), and this run's filters
// refuse every filtered member's stored pair, and none of its members is marked to be read
// again.
// --force skips nothing.
//
// Thread-safety: pure functions.

#include <cstdint>

#include "db/backend.hpp"
#include "model/filing.hpp"
#include "pipeline/filters.hpp"

namespace edgarsql::pipeline {

struct SkipOptions {
    bool force = false;
    bool retry_rejected = false;
    bool keep_older = false;
    int parser_version = 0;  ///< the running parser's version (parse::kParserVersion)
    std::int64_t max_input_bytes = std::int64_t{2} << 30;  ///< the run's --max-input-bytes
    const Filters* filters = nullptr;  ///< the run's filters; null: nothing filtered is skipped
};

bool skip_input(const db::PriorInput& prior, const model::SourceRef& ref,
                const SkipOptions& options);

bool skip_archive(const db::PriorArchive& prior, const model::SourceRef& archive,
                  const SkipOptions& options);

/// An archive opened again (it changed, some member left out before is due, or members are
/// left out by name or glob on every run) whose walk meets damage (a report of stage `stage`
/// on the archive itself, on an archive inside it, or on a member whose data cannot be read)
/// that the database already holds as that input's rejection: stage 'archive', the same
/// bytes, mtime and parser version, no --retry-rejected, no --force. The damage is then not
/// reported again: a known rejection, as for any unchanged input. An I/O error (stage 'read')
/// is always reported.
bool known_damage(const db::PriorInput& prior, const model::SourceRef& archive,
                  const std::string& stage, const SkipOptions& options);

}  // namespace edgarsql::pipeline
