#pragma once
// The directory walker: enumerates inputs under the PATH arguments in a stable order, opens
// archives through libarchive and yields their members without extracting anything to disk.
//
//   PATH ─► regular file ─────────────► plain bytes                    ─► Visitor::accept
//        └► directory (sorted, recursive; symlinked directories are not followed, so a
//           symlink loop cannot trap the walk)
//        └► .gz / .bz2 / .xz single stream ─► decompressed bytes, member ''
//        └► .tar / .tar.gz / .tgz / .zip   ─► one Input per regular member (member = its path)
//             └► a compressed stream ─► one Input, decompressed, member = its path
//             └► an archive ─► its members, member = 'path!inner-path' (up to three levels
//                inside the outer one; read as they stream out of it)
//
// Formats are recognised by their magic bytes, not by their names. The calling sequence is:
//  - a file on disk: want(ref with member '') before the file is even opened (so an unchanged
//    plain file costs one stat); if true, the file is opened and its magic bytes read;
//  - if it is an archive: want_archive(ref) before any member is read; if true, want(member ref)
//    and accept() for each regular member, then archive_done();
//  - otherwise accept() with its (decompressed) bytes.
// Inside an archive, want() is asked about each regular member before it is read; then its
// first bytes tell an archive inside (by its magic bytes, as on disk), which is not an input:
// want_nested() is asked about it, and want() about each of its members. Damage of an inner archive's bytes
// is reported on the member that holds it (Input.container, stage 'archive'), and the walk of
// the outer archive goes on; a failure to read the outer archive met inside an inner one is
// the outer archive's.
// Directories are listed in byte-wise sorted order of their entry names; only regular files
// (and symlinks to regular files, under the link's own path) are inputs. SourceRef.path is the
// absolute, lexically normalized path (symlinks not resolved); SourceRef.relative is the path
// relative to the root argument it was found under ('a/b.txt'; a file root gives its file
// name), and for members 'relative!member'. Reading errors (truncated gzip, corrupt member, file
// vanished, over --max-input-bytes) become an Input with `error` set, so the run records them
// and goes on; a corrupt member ends its archive (libarchive cannot resync) but not the walk.
// Damage that ends an archive (a damaged header, a member whose data is cut short) is reported
// as an Input for the archive itself (member '', stage 'archive', the member named in the
// error), so the archive is judged as one input by the next run; an I/O error that ends it
// gets stage 'read'. A member that alone cannot be read (a zip's damaged or encrypted member)
// is reported on the member, stage 'archive', and the walk of its archive goes on. The size
// limit is checked before reading plain files, after the first block of members whose size
// the archive states (it tells an archive inside, which is not an input), and while
// decompressing otherwise: no more than max_input_bytes + 1 decompressed bytes are ever
// held for one input. A gzip stream's trailers (CRC-32, length) are checked as it inflates
// (GzipInflater): a single stream that fails them is rejected, stage 'decompress'; an
// archive, once its members were handed on, is damaged (reported on it, or on the member
// holding it).
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
    /// The error is about an archive inside an archive (source.member names it), which is not
    /// an input itself.
    bool container = false;
};

/// How the walk of an archive ended.
enum class ArchiveState {
    complete,   ///< every member was walked
    damaged,    ///< damage in the archive's own bytes ended the walk (reported as an Input)
    cut_short,  ///< a stop, a refused accept() or an I/O error ended the walk
};

class Visitor {
public:
    virtual ~Visitor() = default;
    /// Called before reading a file or member; false skips it without reading. A member whose
    /// size the archive does not state is asked about with bytes -1, and once more after it
    /// is read, with the size read (false then drops it).
    virtual bool want(const model::SourceRef& ref) = 0;
    /// Called before opening an archive (ref.member is ''); false skips the whole archive.
    virtual bool want_archive(const model::SourceRef& archive) = 0;
    /// Receives one input; returns false to stop the walk (interrupted or fatal error).
    virtual bool accept(Input&& input) = 0;
    /// Called before opening an archive found inside an archive (ref.member names it), after
    /// want() took it (an archive inside is known only from its first bytes); false leaves it
    /// unread. Its members are the inputs: want() is asked about each.
    virtual bool want_nested(const model::SourceRef& member) {
        static_cast<void>(member);
        return true;
    }
    /// Called after the last member of an archive; `members` counts its regular members seen
    /// (including those want() declined); `state` tells how the walk of it ended.
    virtual void archive_done(const model::SourceRef& archive, std::int64_t members,
                              ArchiveState state) = 0;
    /// Polled before each directory entry, file and member; true ends the walk early (as if
    /// accept() had returned false) without waiting for the next input.
    virtual bool stopped() { return false; }
    /// Called after a directory was listed (its absolute path, as in SourceRef.path), before
    /// its entries are walked.
    virtual void directory_listed(const std::string& path) { static_cast<void>(path); }
    /// Called after each root with the number of files found under it (regular files and
    /// symlinks to them, whether or not want() took them; a file root counts one).
    virtual void root_done(const std::string& root, std::int64_t files) {
        static_cast<void>(root);
        static_cast<void>(files);
    }
};

struct Options {
    /// Inputs larger than this (decompressed) are rejected with stage 'limit' instead of being
    /// read into memory; bounds the memory one input can take.
    std::int64_t max_input_bytes = std::int64_t{2} << 30;
};

/// The path the walk gives a root argument (and everything under it starts with): absolute,
/// lexically normalized, without a trailing '/'; symlinks are not resolved.
std::string root_path(const std::string& arg);

/// Walks every root in order. Roots that do not exist are reported through accept() as an
/// Input with stage 'read'. Returns false if the visitor stopped the walk.
bool walk(const std::vector<std::string>& roots, const Options& options, Visitor& visitor);

}  // namespace edgarsql::walk
