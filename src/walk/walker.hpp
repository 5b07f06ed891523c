#pragma once
// The directory walker: enumerates inputs under the PATH arguments in a stable order, opens
// archives through libarchive and yields their members without extracting anything to disk.
//
//   PATH ─► regular file ─────────────► plain bytes                    ─► Visitor::accept
//        └► directory (sorted, recursive; symlinked directories are not followed, so a
//           symlink loop cannot trap the walk)
//        └► .gz / .bz2 / .xz single stream ─► decompressed bytes, member ''
//        └► .tar / .tar.gz / .tgz / .zip   ─► one Input per regular member (member = its path)
//
// Formats are recognised by their magic bytes, not by their names. Before reading a file or a
// member the walker asks Visitor::want() (the manifest/skip check); before opening an archive
// it asks Visitor::want_archive(). Reading errors (truncated gzip, corrupt member, file
// vanished, over --max-input-bytes) become an Input with `error` set, so the run records them
// and goes on; a corrupt member ends its archive (libarchive cannot resync) but not the walk.
//
// Thread-safety: a Walker runs on one thread; the Visitor is called on that thread only.

#include <cstdint>
#include <string>
#include <vector>

#include "model/filing.hpp"

namespace edgarsql::walk {

struct Input {
    model::SourceRef source;  ///< sha256 not yet set: the parser thread computes it
    std::string bytes;        ///< decompressed content (empty when error is set)
    std::string stage;        ///< with error: 'read', 'decompress', 'archive', 'limit'
    std::string error;        ///< non-empty when the input could not be read
};

class Visitor {
public:
    virtual ~Visitor() = default;
    /// Called before reading a file or member; false skips it without reading.
    virtual bool want(const model::SourceRef& ref) = 0;
    /// Called before opening an archive (ref.member is ''); false skips the whole archive.
    virtual bool want_archive(const model::SourceRef& archive) = 0;
    /// Receives one input; returns false to stop the walk (interrupted or fatal error).
    virtual bool accept(Input&& input) = 0;
    /// Called after the last member of an archive; `complete` is false when the archive was
    /// cut short by an error or by a stop.
    virtual void archive_done(const model::SourceRef& archive, std::int64_t members,
                              bool complete) = 0;
};

struct Options {
    /// Inputs larger than this (decompressed) are rejected with stage 'limit' instead of being
    /// read into memory; bounds the memory one input can take.
    std::int64_t max_input_bytes = std::int64_t{2} << 30;
};

/// Walks every root in order. Roots that do not exist are reported through accept() as an
/// Input with stage 'read'. Returns false if the visitor stopped the walk.
bool walk(const std::vector<std::string>& roots, const Options& options, Visitor& visitor);

}  // namespace edgarsql::walk
