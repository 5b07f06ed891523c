#include "walk/walker.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "walk/gzip_inflater.hpp"

namespace edgarsql::walk {

namespace {

namespace fs = std::filesystem;

// libarchive's read block size for archives opened from a file descriptor.
constexpr std::size_t kArchiveBlock = std::size_t{1} << 16;
// The longest magic we look at: 'ustar' at offset 257 of a tar header.
constexpr std::size_t kSniffBytes = 512;
// Above --max-input-bytes, what reading a member's first bytes may hold: more than one of
// libarchive's blocks (at most the read-ahead of a tar or zip entry), so that none is cut.
constexpr std::int64_t kSniffSlack = std::int64_t{16} << 20;
// How deep archives inside archives are opened: a tar of daily-feed .nc.tar.gz files is one
// level, a zip of such tars two. Deeper nesting is reported, not opened, so a crafted archive
// of archives cannot keep the walker decompressing for ever.
constexpr int kMaxNesting = 3;
// libarchive's error number for damage of its own finding (ARCHIVE_ERRNO_MISC, in a private
// header), which is what ArchiveReader::failure_stage takes for damage, not an I/O failure.
constexpr int kMiscError = -1;
// How many times a zip on disk is opened again after members whose data cannot be inflated
// (each time its headers are read anew up to the next member): beyond, the damage ends it, so
// that a zip of thousands of damaged members costs no more than a few hundred readings.
constexpr int kMaxZipReopens = 100;

std::string errno_message(int err) {
    return std::error_code(err, std::generic_category()).message();
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

class Dir {
  public:
    explicit Dir(DIR* dir) : dir_(dir) {}
    ~Dir() {
        if (dir_ != nullptr) ::closedir(dir_);
    }
    Dir(const Dir&) = delete;
    Dir& operator=(const Dir&) = delete;
    DIR* get() const { return dir_; }

  private:
    DIR* dir_;
};

// One libarchive read handle; `raw` also accepts a bare compressed stream (single .gz etc.).
class ArchiveReader {
  public:
    explicit ArchiveReader(bool raw) : a_(archive_read_new()) {
        if (a_ == nullptr) throw std::bad_alloc();
        archive_read_support_filter_gzip(a_);
        archive_read_support_filter_bzip2(a_);
        archive_read_support_filter_xz(a_);
        archive_read_support_format_tar(a_);
        archive_read_support_format_gnutar(a_);
        archive_read_support_format_zip(a_);
        if (raw) archive_read_support_format_raw(a_);
    }
    ~ArchiveReader() { archive_read_free(a_); }
    ArchiveReader(const ArchiveReader&) = delete;
    ArchiveReader& operator=(const ArchiveReader&) = delete;
    archive* get() const { return a_; }
    std::string error() const {
        const char* e = archive_error_string(a_);
        return e != nullptr ? e : "unknown libarchive error";
    }
    /// The stage of a failure that ends the archive: 'read' when reading the file failed (an
    /// I/O error, which may pass without the file changing: retried by every run), 'archive'
    /// when its bytes are damaged (truncated, corrupt: retried when it changes, or under
    /// --retry-rejected). libarchive passes the read(2) errno through for the first and uses
    /// its own codes (-1, EILSEQ, EINVAL) for the second.
    /// A single compressed stream's damage (`stream`) is stage 'decompress'.
    const char* failure_stage(bool stream = false) const {
        return io_failure() ? "read" : stream ? "decompress" : "archive";
    }
    /// How a failure that ends the archive ends its walk.
    ArchiveState ended_by() const {
        return io_failure() ? ArchiveState::cut_short : ArchiveState::damaged;
    }
    /// How a message about a failure that ends the archive begins.
    const char* failure_words() const {
        return io_failure() ? "reading the archive failed" : "corrupt archive";
    }
    /// The failure is reading's (an I/O error, out of memory), not damage of the bytes.
    bool io_failure() const {
        switch (archive_errno(a_)) {
            case EIO:
            case EINTR:
            case EAGAIN:
            case ENOMEM:
            case ESTALE:
            case ETIMEDOUT:
            case EACCES:
            case EPERM:
            case ENXIO:
            case ENODEV:
                return true;
            default:
                return false;
        }
    }

  private:
    archive* a_;
};

// ARCHIVE_RETRY (-10) sorts above ARCHIVE_WARN (-20) but is a failure for a reader: tar
// reports a damaged header with it and would silently resync to the next one.
bool failed(int status) {
    return status != ARCHIVE_OK && status != ARCHIVE_WARN;
}

enum class Kind { plain, compressed, archive };

Kind detect(const unsigned char* b, std::size_t n) {
    auto starts = [&](std::initializer_list<unsigned char> magic) {
        if (n < magic.size()) return false;
        return std::equal(magic.begin(), magic.end(), b);
    };
    if (starts({0x1f, 0x8b}) || starts({'B', 'Z', 'h'}) ||
        starts({0xfd, '7', 'z', 'X', 'Z', 0x00})) {
        return Kind::compressed;
    }
    if (starts({'P', 'K', 3, 4}) || starts({'P', 'K', 5, 6})) return Kind::archive;
    if (n >= 262 && std::memcmp(b + 257, "ustar", 5) == 0) return Kind::archive;
    return Kind::plain;
}

enum class ReadStatus { ok, more, limit, error, fatal };

// Reads the current entry's data into `out`, never holding more than max + 1 bytes. Appends
// libarchive's own blocks, so the buffer is neither zero-filled nor over-allocated first (with
// `reserve`, the stated size is reserved up front). `stated` is the entry's stated size (-1:
// none); data placed beyond it (a sparse map that does not fit the size) is damage of this
// member, an error. With `stop_at`, returns `more` once `out` holds at least that many bytes
// and data remains (a call without it then reads the rest).
ReadStatus read_entry(archive* a, std::string& out, std::int64_t stated, std::int64_t max,
                      std::size_t stop_at = std::string::npos, bool reserve = true) {
    const std::uint64_t cap = max < std::numeric_limits<std::int64_t>::max()
                                  ? static_cast<std::uint64_t>(max) + 1
                                  : static_cast<std::uint64_t>(max);
    if (reserve && stated > 0 && stated <= max && out.capacity() < static_cast<std::size_t>(stated))
        out.reserve(static_cast<std::size_t>(stated) + 1);
    for (;;) {
        if (out.size() >= stop_at) return ReadStatus::more;
        const void* block = nullptr;
        std::size_t size = 0;
        la_int64_t offset = 0;
        const int r = archive_read_data_block(a, &block, &size, &offset);
        if (r == ARCHIVE_EOF) return ReadStatus::ok;
        if (r == ARCHIVE_FATAL) return ReadStatus::fatal;
        if (r != ARCHIVE_OK) return ReadStatus::error;  // this member only
        if (stated >= 0 && (offset < 0 || static_cast<std::uint64_t>(offset) + size >
                                              static_cast<std::uint64_t>(stated))) {
            archive_set_error(a, -1, "data placed beyond the member's stated size of %lld bytes",
                              static_cast<long long>(stated));
            return ReadStatus::error;
        }
        // A sparse entry leaves holes between blocks: they read as zeros (no further than the
        // stated size and the limit).
        if (offset > 0 && static_cast<std::uint64_t>(offset) > out.size()) {
            const std::uint64_t hole_end = std::min(static_cast<std::uint64_t>(offset), cap);
            out.append(static_cast<std::size_t>(hole_end - out.size()), '\0');
        }
        if (out.size() < cap) {
            const std::size_t take =
                static_cast<std::size_t>(std::min<std::uint64_t>(size, cap - out.size()));
            out.append(static_cast<const char*>(block), take);
        }
        if (static_cast<std::int64_t>(out.size()) > max) return ReadStatus::limit;
    }
}

// The data of an archive's current entry as the input of another libarchive reader: an
// archive or compressed stream inside an archive is walked as it streams out of its container,
// never held whole. The bytes read to sniff its format come first; then the container's own
// blocks are handed on without a copy (the entry is not sparse: Walk::member). A failure to read
// the container's entry is passed on as the inner reader's failure, and remembered: it is the
// container's failure (failed(): the container cannot go on; else the entry alone is damaged,
// as a zip's damaged member), not damage of the inner archive. A zip checks an entry's CRC
// only once its last byte is read, with a warning: damage() then tells, after drain().
class EntryStream {
  public:
    EntryStream(archive* container, std::string head, bool at_end)
        : container_(container), head_(std::move(head)), at_end_(at_end) {}
    EntryStream(const EntryStream&) = delete;
    EntryStream& operator=(const EntryStream&) = delete;

    static la_ssize_t read(archive* inner, void* self, const void** buffer) {
        return static_cast<EntryStream*>(self)->next(inner, buffer);
    }

    /// Reading the container failed and it cannot go on (it is damaged, or an I/O error).
    bool failed() const { return failed_; }
    /// The entry's data is damaged (cut(): before its end), or its check value does not match:
    /// the container's reason, or '' when it is sound so far.
    const std::string& damage() const { return damage_; }
    bool cut() const { return cut_; }

    /// Reads what is left of the entry, unread: an inner reader may stop before its end (a
    /// tar at its end-of-archive blocks), and the container checks the entry once it is read
    /// whole.
    void drain() {
        while (fetch()) {
            drained_ += block_size_;
            pending_ = false;
        }
    }
    /// The entry's bytes read so far: handed on, and drained.
    std::size_t total() const { return handed_ + drained_; }

  private:
    // Makes the container's next block pending; false at the entry's end or on a failure.
    bool fetch() {
        while (!pending_) {
            if (at_end_) return false;
            std::size_t size = 0;
            const int r = archive_read_data_block(container_, &block_, &size, &block_offset_);
            if (r == ARCHIVE_EOF) {
                at_end_ = true;
                return false;
            }
            if (r != ARCHIVE_OK) {
                const char* what = archive_error_string(container_);
                damage_ = what != nullptr ? what : "the archive holding it cannot be read";
                errno_ = archive_errno(container_);
                at_end_ = true;
                // A warning comes with the entry's last block (a zip's bad CRC): the data
                // is whole, its check failed. Anything worse cuts the data short.
                if (r != ARCHIVE_WARN) {
                    cut_ = true;
                    failed_ = r == ARCHIVE_FATAL;
                    return false;
                }
            }
            block_size_ = size;
            pending_ = size > 0;
        }
        return true;
    }

    la_ssize_t next(archive* inner, const void** buffer) {
        if (handed_ < head_.size()) {
            *buffer = head_.data() + handed_;
            return hand(head_.size() - handed_);
        }
        if (!fetch()) {
            if (!cut_) return 0;
            archive_set_error(inner, errno_ != 0 ? errno_ : -1 /* libarchive's "misc" */, "%s",
                              damage_.c_str());
            return ARCHIVE_FATAL;
        }
        // The member is not sparse (see Walk::member): its data comes without holes.
        if (block_offset_ != static_cast<la_int64_t>(handed_)) {
            damage_ = "its data has a hole (a sparse member), not an archive's bytes";
            cut_ = true;
            at_end_ = true;
            archive_set_error(inner, -1, "%s", damage_.c_str());
            return ARCHIVE_FATAL;
        }
        pending_ = false;
        *buffer = block_;
        return hand(block_size_);
    }

    la_ssize_t hand(std::size_t n) {
        handed_ += n;
        return static_cast<la_ssize_t>(n);
    }

    archive* container_;
    std::string head_;  ///< bytes read before the inner reader was opened
    bool at_end_;       ///< the container's entry has no more data
    bool failed_ = false;
    bool cut_ = false;
    std::string damage_;
    int errno_ = 0;
    std::size_t handed_ = 0;  ///< bytes handed on so far: the offset in the entry's data
    std::size_t drained_ = 0;  ///< bytes read by drain(), not handed on
    bool pending_ = false;    ///< block_ is read but not yet handed on
    const void* block_ = nullptr;
    std::size_t block_size_ = 0;
    la_int64_t block_offset_ = 0;
};

// A gzip stream's inflated bytes as a libarchive reader's input (see GzipInflater: libarchive's
// own gzip filter does not check the trailers).
// Sets why `gz` failed on reader `a`, unless its source failed and has said why itself (an I/O
// error keeps its errno: stage 'read'; running out of memory is one too).
void pass_failure(const GzipInflater& gz, archive* a) {
    if (!gz.source_failed()) {
        archive_set_error(a, gz.out_of_memory() ? ENOMEM : kMiscError, "%s", gz.error().c_str());
    }
}

la_ssize_t inflated(archive* a, void* self, const void** buffer) {
    auto* gz = static_cast<GzipInflater*>(self);
    const std::int64_t n = gz->next(buffer);
    if (n >= 0) return static_cast<la_ssize_t>(n);
    pass_failure(*gz, a);
    return ARCHIVE_FATAL;
}

// Inflates what is left of a stream that a reader stopped reading before its end (a tar at its
// end-of-archive blocks), so that the last trailer is checked. False when it is not intact,
// with the reason set on the reader (an I/O error of the source keeps its errno: stage 'read').
bool finish_gzip(GzipInflater& gz, archive* a) {
    if (gz.finish()) return true;
    pass_failure(gz, a);
    return false;
}

// A file's bytes, read in order from its start, as the source of a GzipInflater for reader `a`.
class FdBlocks {
  public:
    FdBlocks(int fd, archive* a) : fd_(fd), a_(a), buffer_(kArchiveBlock) {}
    std::int64_t operator()(const void** block) {
        for (;;) {
            const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
            if (n >= 0) {
                *block = buffer_.data();
                return n;
            }
            if (errno == EINTR) continue;
            const int err = errno;
            archive_set_error(a_, err, "cannot read: %s", errno_message(err).c_str());
            return -1;
        }
    }

  private:
    int fd_;
    archive* a_;
    std::vector<unsigned char> buffer_;
};

std::string limit_message(const std::string& what, std::int64_t max) {
    return what + " exceeds --max-input-bytes " + std::to_string(max);
}

class Walk {
  public:
    Walk(const Options& options, Visitor& visitor) : options_(options), visitor_(visitor) {}

    bool root(const std::string& arg) {
        const std::string path = root_path(arg);
        std::string name = fs::path(path).filename().string();
        if (name.empty()) name = path;

        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            return report(ref_for(path, name, nullptr), "read",
                          "cannot access: " + errno_message(errno));
        }
        if (S_ISDIR(st.st_mode)) return directory(path, "");
        if (S_ISREG(st.st_mode)) return file(path, name, st);
        return report(ref_for(path, name, &st), "read", "not a regular file or directory");
    }

    /// Files found so far (see Visitor::root_done).
    std::int64_t files() const { return files_; }

  private:
    static model::SourceRef ref_for(const std::string& path, const std::string& relative,
                                    const struct stat* st) {
        model::SourceRef ref;
        ref.path = path;
        ref.relative = relative;
        if (st != nullptr) {
            ref.bytes = static_cast<std::int64_t>(st->st_size);
            ref.mtime = static_cast<std::int64_t>(st->st_mtime);
        }
        return ref;
    }

    // Reports a failure that ends an archive, on the archive itself (stage by
    // ArchiveReader::failure_stage), and returns how its walk ended. Damage counts only once
    // its report was taken: a refused report (the run is stopping) leaves it cut short.
    ArchiveState end_archive(const model::SourceRef& ref, const ArchiveReader& reader,
                             std::string message, bool& go_on) {
        const ArchiveState state = reader.ended_by();
        go_on = report(ref, reader.failure_stage(), std::move(message));
        return go_on ? state : ArchiveState::cut_short;
    }

    bool report(model::SourceRef ref, const char* stage, std::string error) {
        Input input;
        input.source = std::move(ref);
        input.stage = stage;
        input.error = std::move(error);
        return visitor_.accept(std::move(input));
    }

    bool directory(const std::string& path, const std::string& relative) {
        std::vector<std::string> names;
        {
            Dir dir(::opendir(path.c_str()));
            if (dir.get() == nullptr) {
                return report(ref_for(path, relative, nullptr), "read",
                              model::kCannotListDirectory + errno_message(errno));
            }
            while (const dirent* e = ::readdir(dir.get())) {
                if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
                names.emplace_back(e->d_name);
            }
        }
        visitor_.directory_listed(path);
        // std::string compares with char_traits<char>::compare, i.e. memcmp: byte-wise order.
        std::sort(names.begin(), names.end());
        for (const std::string& name : names) {
            if (visitor_.stopped()) return false;
            const std::string child = path == "/" ? "/" + name : path + "/" + name;
            const std::string child_rel = relative.empty() ? name : relative + "/" + name;
            struct stat st {};
            // Gone since the listing: no longer an input.
            if (::lstat(child.c_str(), &st) != 0) continue;
            if (S_ISDIR(st.st_mode)) {
                if (!directory(child, child_rel)) return false;
            } else if (S_ISREG(st.st_mode)) {
                if (!file(child, child_rel, st)) return false;
            } else if (S_ISLNK(st.st_mode)) {
                // Symlinks to files are inputs; symlinks to directories are never followed.
                struct stat target {};
                if (::stat(child.c_str(), &target) == 0 && S_ISREG(target.st_mode)) {
                    if (!file(child, child_rel, target)) return false;
                }
            }
        }
        return true;
    }

    bool file(const std::string& path, const std::string& relative, const struct stat& listed) {
        ++files_;
        if (visitor_.stopped()) return false;
        model::SourceRef ref = ref_for(path, relative, &listed);
        if (!visitor_.want(ref)) return true;

        Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
        if (fd.get() < 0)
            return report(std::move(ref), "read", "cannot open: " + errno_message(errno));
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) {
            return report(std::move(ref), "read", "cannot stat: " + errno_message(errno));
        }
        ref.bytes = static_cast<std::int64_t>(st.st_size);
        ref.mtime = static_cast<std::int64_t>(st.st_mtime);

        std::array<unsigned char, kSniffBytes> head{};
        const ssize_t n = ::pread(fd.get(), head.data(), head.size(), 0);
        if (n < 0) return report(std::move(ref), "read", "cannot read: " + errno_message(errno));
        switch (detect(head.data(), static_cast<std::size_t>(n))) {
            case Kind::plain:
                return plain(fd.get(), std::move(ref));
            case Kind::compressed:
                return compressed(fd.get(), std::move(ref), head[0] == 0x1f && head[1] == 0x8b);
            case Kind::archive:
                return archive_file(fd.get(), std::move(ref));
        }
        return true;
    }

    bool plain(int fd, model::SourceRef ref) {
        if (ref.bytes > options_.max_input_bytes) {
            return report(
                std::move(ref), "limit",
                limit_message(std::to_string(ref.bytes) + " bytes", options_.max_input_bytes));
        }
        Input input;
        input.bytes.resize(static_cast<std::size_t>(ref.bytes));
        std::size_t done = 0;
        while (done < input.bytes.size()) {
            const ssize_t n = ::pread(fd, &input.bytes[done], input.bytes.size() - done,
                                      static_cast<off_t>(done));
            if (n < 0) {
                if (errno == EINTR) continue;
                return report(std::move(ref), "read", "cannot read: " + errno_message(errno));
            }
            if (n == 0) break;  // truncated since fstat: take what is there
            done += static_cast<std::size_t>(n);
        }
        input.bytes.resize(done);
        input.source = std::move(ref);
        return visitor_.accept(std::move(input));
    }

    // .gz/.bz2/.xz: a single stream, or a compressed tar. A gzip stream is inflated by a
    // GzipInflater, which checks its trailers; libarchive's filters check bzip2's and xz's.
    bool compressed(int fd, model::SourceRef ref, bool gzip) {
        ArchiveReader reader(/*raw=*/true);
        archive* a = reader.get();
        std::optional<GzipInflater> gz;
        if (gzip) gz.emplace(FdBlocks(fd, a));
        const int opened = gz ? archive_read_open(a, &*gz, nullptr, &inflated, nullptr)
                              : archive_read_open_fd(a, fd, kArchiveBlock);
        if (opened != ARCHIVE_OK) return report(std::move(ref), reader.failure_stage(true),
                                                reader.error());
        archive_entry* entry = nullptr;
        const int r = archive_read_next_header(a, &entry);
        const bool raw = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW;
        if (r == ARCHIVE_EOF && !raw) {
            // An archive without members, e.g. a compressed run of zero blocks (empty tar).
            if (!visitor_.want_archive(ref)) return true;
            ArchiveState state = ArchiveState::complete;
            bool go_on = true;
            if (gz && !finish_gzip(*gz, a))
                state = end_archive(ref, reader, "corrupt archive: " + reader.error(), go_on);
            visitor_.archive_done(ref, 0, state);
            return go_on;
        }
        if (r != ARCHIVE_EOF && failed(r))
            return report(std::move(ref), reader.failure_stage(true), reader.error());
        if (!raw) {
            if (!visitor_.want_archive(ref)) return true;
            return whole_archive(reader, ref, r, entry, gz ? &*gz : nullptr);
        }
        Input input;
        ReadStatus status = ReadStatus::ok;
        if (r != ARCHIVE_EOF) status = read_entry(a, input.bytes, -1, options_.max_input_bytes);
        // Read to its end: the last trailer is checked there (a no-op after a failure).
        if (status == ReadStatus::ok && gz && !finish_gzip(*gz, a)) status = ReadStatus::fatal;
        switch (status) {
            case ReadStatus::ok:
                break;
            case ReadStatus::limit:
                return report(std::move(ref), "limit",
                              limit_message("decompressed size", options_.max_input_bytes));
            case ReadStatus::more:  // not asked for
            case ReadStatus::error:
            case ReadStatus::fatal:
                return report(std::move(ref), reader.failure_stage(true), reader.error());
        }
        input.source = std::move(ref);
        return visitor_.accept(std::move(input));
    }

    bool archive_file(int fd, model::SourceRef ref) {
        if (!visitor_.want_archive(ref)) return true;
        auto reader = std::make_unique<ArchiveReader>(/*raw=*/false);
        if (archive_read_open_fd(reader->get(), fd, kArchiveBlock) != ARCHIVE_OK) {
            bool go_on = true;
            const ArchiveState state = end_archive(ref, *reader, reader->error(), go_on);
            visitor_.archive_done(ref, 0, state);
            return go_on;
        }
        archive_entry* entry = nullptr;
        int r = archive_read_next_header(reader->get(), &entry);
        Walked total;
        std::int64_t headers = 0;  // read by the walks so far
        std::int64_t entries = 0;  // regular members among them
        for (int reopened = 0;; ++reopened) {
            const Walked w = members(*reader, Level{ref, ref, "", 0, nullptr, true}, r, entry,
                                     entries);
            total.members += w.members;
            total.state = w.state;
            total.go_on = w.go_on;
            total.left_out = total.left_out || w.left_out;
            headers += w.headers;
            entries += w.entries;
            if (!w.resume) break;
            if (reopened == kMaxZipReopens) {
                total.state = end_archive(ref, *reader,
                                          "corrupt archive: " + std::to_string(kMaxZipReopens + 1) +
                                              " members after " + std::to_string(entries) +
                                              " cannot be inflated; the rest is not read",
                                          total.go_on);
                break;
            }
            // A zip member whose data cannot be inflated was rejected alone, but libarchive
            // cannot read on after it: the zip is opened again, and its headers read up to the
            // next member. A zip on disk is read through its central directory, so the members
            // passed over are not inflated again.
            reader = std::make_unique<ArchiveReader>(/*raw=*/false);
            r = ::lseek(fd, 0, SEEK_SET) == 0
                    ? archive_read_open_fd(reader->get(), fd, kArchiveBlock)
                    : ARCHIVE_FATAL;
            // A warning (a local header disagreeing with the central directory, a name not in
            // the locale's charset) is no failure here either: the walk read past it before.
            for (std::int64_t n = 0; n <= headers && !failed(r); ++n)
                r = archive_read_next_header(reader->get(), &entry);
            if (r == ARCHIVE_EOF) break;  // the member rejected was the last
            if (failed(r)) {
                total.state = end_archive(ref, *reader,
                                          "corrupt archive after " + std::to_string(entries) +
                                              " members: opened again after a damaged member: " +
                                              reader->error(),
                                          total.go_on);
                break;
            }
        }
        visitor_.archive_done(ref, total.members,
                              total.left_out ? ArchiveState::cut_short : total.state);
        return total.go_on;
    }

    // Where a walk of members stands: inside the archive file `archive`, the container whose
    // members are walked, the archive itself (depth 0) or an archive inside it.
    struct Level {
        const model::SourceRef& archive;    ///< the archive file on disk
        const model::SourceRef& container;  ///< what damage is reported on: `archive`, or the
                                            ///< member that holds the inner archive
        std::string prefix;                 ///< of member names: '' or 'inner.tar.gz!'
        int depth = 0;
        EntryStream* source = nullptr;  ///< where an inner archive's bytes come from
        bool reopenable = false;  ///< an archive file on disk, which can be opened again
    };

    // How the walk of a container's members went.
    struct Walked {
        std::int64_t members = 0;  ///< regular members, those of inner archives included
        ArchiveState state = ArchiveState::complete;
        bool go_on = true;
        bool source_failed = false;  ///< reading the container of an inner archive failed
        bool left_out = false;       ///< an inner archive's walk was cut short (an I/O error),
                                     ///< the walk went on: the archive is not walked whole
        std::int64_t headers = 0;    ///< headers read at this level, any kind of entry
        std::int64_t entries = 0;    ///< regular members among them
        bool resume = false;  ///< a zip member's data failed and was rejected alone; the walk
                              ///< goes on after it with the archive opened again
    };

    // Walks an open archive file whose first header was already read (status `first`, entry
    // `first_entry`), then tells the visitor how it went.
    // `gz`, when the archive is gzip-compressed, is checked to its end once the members are.
    bool whole_archive(ArchiveReader& reader, const model::SourceRef& ref, int first,
                       archive_entry* first_entry, GzipInflater* gz = nullptr) {
        Walked w = members(reader, Level{ref, ref, "", 0, nullptr}, first, first_entry);
        if (gz != nullptr && w.go_on && !w.left_out && w.state == ArchiveState::complete &&
            !finish_gzip(*gz, reader.get())) {
            w.state = end_archive(ref, reader,
                                  "corrupt archive after " + std::to_string(w.members) +
                                      " members: " + reader.error() +
                                      " (the members read before may hold damaged bytes)",
                                  w.go_on);
        }
        visitor_.archive_done(ref, w.members, w.left_out ? ArchiveState::cut_short : w.state);
        return w.go_on;
    }

    // Reports a failure that ends the walk of `level`'s container and returns how it ended:
    // for the archive file, on the archive (end_archive); inside it, on the member that holds
    // the inner archive (a failure to read the member itself is the container's, and reported
    // by the level above): damage of its bytes, or an I/O error (stage 'read', cut short).
    ArchiveState end_level(const Level& level, const ArchiveReader& reader, std::string message,
                           bool& go_on) {
        if (level.depth == 0) return end_archive(level.archive, reader, std::move(message), go_on);
        go_on = report_container(level.container, std::move(message), reader.failure_stage());
        return go_on ? reader.ended_by() : ArchiveState::cut_short;
    }

    bool report_container(model::SourceRef ref, std::string error,
                          const char* stage = "archive") {
        Input input;
        input.source = std::move(ref);
        input.stage = stage;
        input.error = std::move(error);
        input.container = true;
        return visitor_.accept(std::move(input));
    }

    // Ends the walk of a container when the visitor refused an input (`go_on` false).
    static bool keep(bool go_on, Walked& w) {
        if (go_on) return true;
        w.go_on = false;
        w.state = ArchiveState::cut_short;
        return false;
    }

    // Walks the members of an open archive (or archive inside one) whose first header was
    // already read (status `first`, entry `first_entry`).
    // `entries` counts the regular members read before (by a walk of the same archive that
    // ended at a damaged zip member).
    Walked members(ArchiveReader& reader, const Level& level, int first,
                   archive_entry* first_entry, std::int64_t entries = 0) {
        archive* a = reader.get();
        Walked w;
        const std::int64_t entries_before = entries;
        std::string last = "(none)";
        int r = first;
        for (bool at_first = true;; at_first = false) {
            archive_entry* entry = first_entry;
            if (!at_first) r = archive_read_next_header(a, &entry);
            if (r == ARCHIVE_EOF) break;
            if (failed(r) || entry == nullptr) {
                if (level.source != nullptr && level.source->cut()) {
                    w.source_failed = true;
                    break;
                }
                w.state = end_level(level, reader,
                                    std::string(reader.failure_words()) + " after " +
                                        std::to_string(entries) + " members (last '" + last +
                                        "'): " + reader.error(),
                                    w.go_on);
                break;
            }
            ++w.headers;
            if (visitor_.stopped()) {
                keep(false, w);
                break;
            }
            if (archive_entry_filetype(entry) != AE_IFREG) continue;
            ++entries;
            const char* name = archive_entry_pathname(entry);
            last = name != nullptr ? name : "";
            model::SourceRef m = level.archive;
            m.member = level.prefix + last;
            m.relative = level.archive.relative + "!" + m.member;
            const bool size_known = archive_entry_size_is_set(entry) != 0;
            m.bytes = size_known ? static_cast<std::int64_t>(archive_entry_size(entry)) : -1;
            m.mtime = archive_entry_mtime_is_set(entry) != 0
                          ? static_cast<std::int64_t>(archive_entry_mtime(entry))
                          : 0;
            const bool sparse = archive_entry_sparse_count(entry) > 0;
            if (!member(reader, level, std::move(m), sparse, entries, w)) break;
        }
        w.entries = entries - entries_before;
        return w;
    }

    // The data of the current member `m` could not be read and the container cannot go on
    // (libarchive cannot resync): reported on the container, or, when the container's own
    // container failed, left to the level above. In a zip on disk, the member alone is rejected
    // (`container`: it holds an inner archive) and the walk resumes after it with the zip opened
    // again (Walked::resume): its other members are sound. Returns false: the walk of `level`
    // ends.
    bool data_failed(const ArchiveReader& reader, const Level& level, model::SourceRef m,
                     bool container, std::int64_t entries, Walked& w) {
        if (level.source != nullptr && level.source->cut()) {
            w.source_failed = true;
            return false;
        }
        if (level.reopenable && !reader.io_failure() &&
            (archive_format(reader.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP) {
            if (!keep(container ? report_container(std::move(m), reader.error())
                                : report(std::move(m), "archive", reader.error()),
                      w))
                return false;
            w.resume = true;
            return false;
        }
        // Reported on the archive itself, like a damaged header: an unchanged archive is then
        // skipped by the next run instead of failing it again, and read again once it changes.
        const std::string name = m.member.substr(level.prefix.size());
        w.state = end_level(level, reader,
                            std::string(reader.failure_words()) + " in member '" + name +
                                "' after " +
                                std::to_string(entries - 1) + " members: " + reader.error(),
                            w.go_on);
        return false;
    }

    // Reads one regular member (m.bytes -1 when its size is not stated; `sparse` when the tar
    // stores it with holes). Returns false when the walk of its container ends.
    bool member(ArchiveReader& reader, const Level& level, model::SourceRef m, bool sparse,
                std::int64_t entries, Walked& w) {
        archive* a = reader.get();
        const std::string name = m.member.substr(level.prefix.size());
        const std::int64_t max = options_.max_input_bytes;
        const bool size_known = m.bytes >= 0;
        ++w.members;
        // Asked first, so that a member the database holds costs no reading (a zip's member
        // is then not even inflated); a size not stated is -1 here, and asked about again once
        // read. An archive inside is known only from its first bytes: want() is asked about it
        // too, want_nested() once known.
        if (!visitor_.want(m)) return true;
        if (!size_known) m.bytes = 0;  // until read: its decompressed size
        // Its first bytes tell whether it is an archive or a compressed stream itself: at most
        // one of libarchive's blocks, with nothing reserved for a size not yet judged. The
        // limit is raised by kSniffSlack so that no block is cut (a cut block could not be
        // handed on to an inner reader); holes are filled no further. Not for a sparse member:
        // it would be read up to its first data, past any hole, and a member with holes is no
        // archive.
        Input input;
        ReadStatus status = ReadStatus::more;
        if (!sparse) {
            const std::int64_t sniff_max =
                max > std::numeric_limits<std::int64_t>::max() - kSniffSlack ? max
                                                                             : max + kSniffSlack;
            status = read_entry(a, input.bytes, size_known ? m.bytes : -1, sniff_max,
                                kSniffBytes, /*reserve=*/false);
        }
        if (status == ReadStatus::fatal)
            return data_failed(reader, level, std::move(m), false, entries, w);
        if ((status == ReadStatus::ok || status == ReadStatus::more) && !sparse) {
            const Kind kind = detect(reinterpret_cast<const unsigned char*>(input.bytes.data()),
                                     input.bytes.size());
            if (kind != Kind::plain) {
                return inner(reader, level, std::move(m), size_known, kind, std::move(input.bytes),
                             status == ReadStatus::ok, entries, w);
            }
        }
        if (status == ReadStatus::error) {
            // Only this member is unreadable (a zip's encrypted or damaged member): the next
            // ones still are.
            return keep(report(std::move(m), "archive", reader.error()), w);
        }
        if (size_known && m.bytes > max) {
            return keep(report(std::move(m), "limit",
                               limit_message(std::to_string(m.bytes) + " bytes", max)),
                        w);
        }
        if (status == ReadStatus::more)
            status = read_entry(a, input.bytes, size_known ? m.bytes : -1, max);
        if (status == ReadStatus::fatal)
            return data_failed(reader, level, std::move(m), false, entries, w);
        if (status == ReadStatus::ok && static_cast<std::int64_t>(input.bytes.size()) > max)
            status = ReadStatus::limit;
        if (!size_known) {
            // Asked again with the size read: skipped if the database holds it (read or
            // refused before).
            m.bytes = static_cast<std::int64_t>(input.bytes.size());
            if (!visitor_.want(m)) return true;
        }
        switch (status) {
            case ReadStatus::fatal:
                return data_failed(reader, level, std::move(m), false, entries, w);
            case ReadStatus::more:  // not asked for
            case ReadStatus::error:
                return keep(report(std::move(m), "archive", reader.error()), w);
            case ReadStatus::limit:
                return keep(report(std::move(m), "limit", limit_message("decompressed size", max)),
                            w);
            case ReadStatus::ok:
                break;
        }
        input.source = std::move(m);
        return keep(visitor_.accept(std::move(input)), w);
    }

    // Reading the member that holds an inner archive or compressed stream failed (`stream`).
    // When its container cannot go on, that ends the container's walk (data_failed); when the
    // member's own data is damaged (a zip's damaged member, a CRC that does not match), the
    // member is rejected, stage 'archive', and the walk goes on.
    bool source_broke(const ArchiveReader& reader, const Level& level, model::SourceRef m,
                      bool container, const EntryStream& stream, std::int64_t entries,
                      Walked& w) {
        if (stream.failed()) {
            return data_failed(reader, level, std::move(m), container, entries, w);
        }
        if (container) return keep(report_container(std::move(m), stream.damage()), w);
        return keep(report(std::move(m), "archive", stream.damage()), w);
    }

    // A member that is itself an archive or a compressed stream (`kind`), whose first bytes
    // `head` were read (all of them when `at_end`): it is read as it streams out of its
    // container. A single compressed stream is one input, under the member's own name, like a
    // .gz file on disk; an archive's members are inputs named 'member!inner-member'.
    bool inner(ArchiveReader& reader, const Level& level, model::SourceRef m, bool size_known,
               Kind kind, std::string head, bool at_end, std::int64_t entries, Walked& w) {
        const bool gzip_magic = head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
                                static_cast<unsigned char>(head[1]) == 0x8b;
        EntryStream stream(reader.get(), std::move(head), at_end);
        ArchiveReader in(/*raw=*/kind == Kind::compressed);
        // A gzip stream is inflated by a GzipInflater, which checks its trailers.
        std::optional<GzipInflater> gz;
        if (gzip_magic) {
            gz.emplace([&stream, inner_archive = in.get()](const void** block) -> std::int64_t {
                return EntryStream::read(inner_archive, &stream, block);
            });
        }
        const bool opened =
            (gz ? archive_read_open(in.get(), &*gz, nullptr, &inflated, nullptr)
                : archive_read_open(in.get(), &stream, nullptr, &EntryStream::read, nullptr)) ==
            ARCHIVE_OK;
        archive_entry* entry = nullptr;
        const int r = opened ? archive_read_next_header(in.get(), &entry) : ARCHIVE_FATAL;
        const bool raw =
            opened && (archive_format(in.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW;
        if (kind == Kind::compressed && (raw || (r != ARCHIVE_EOF && failed(r)))) {
            return compressed_member(reader, level, std::move(m), size_known, in, stream,
                                     gz ? &*gz : nullptr, r, entries, w);
        }
        --w.members;  // counted by its own members
        if (stream.cut())
            return source_broke(reader, level, std::move(m), true, stream, entries, w);
        if (!opened) return keep(report_container(std::move(m), in.error()), w);
        if (level.depth >= kMaxNesting) {
            return keep(report_container(std::move(m), "an archive inside archives " +
                                                           std::to_string(level.depth + 1) +
                                                           " deep is not opened (at most " +
                                                           std::to_string(kMaxNesting) + ")"),
                        w);
        }
        if (!visitor_.want_nested(m)) return true;
        Walked sub;
        if (r != ARCHIVE_EOF) {  // else an archive without members
            const Level inside{level.archive, m, m.member + "!", level.depth + 1, &stream};
            sub = members(in, inside, r, entry);
        }
        w.members += sub.members;
        if (sub.source_failed)
            return source_broke(reader, level, std::move(m), true, stream, entries, w);
        if (!sub.go_on) return keep(false, w);
        if (sub.left_out || sub.state == ArchiveState::cut_short) {
            w.left_out = true;
            return true;
        }
        if (sub.state == ArchiveState::damaged) return true;  // reported on m
        // A gzip stream is inflated to its end, where its last trailer is checked.
        if (gz && !finish_gzip(*gz, in.get())) {
            if (stream.cut())
                return source_broke(reader, level, std::move(m), true, stream, entries, w);
            if (gz->out_of_memory()) {
                // Not the data's fault: the next run reads it again (end_level's 'read').
                if (!keep(report_container(std::move(m), in.error(), "read"), w)) return false;
                w.left_out = true;
                return true;
            }
            return keep(report_container(std::move(m), in.error() + " (its members read before "
                                                                    "may hold damaged bytes)"),
                        w);
        }
        // Read to its end, so that the container checks it whole (a zip's CRC).
        stream.drain();
        if (stream.cut() || !stream.damage().empty()) {
            if (!stream.failed()) {
                return keep(report_container(std::move(m),
                                             stream.damage() + " (its members read before may "
                                                               "hold damaged bytes)"),
                            w);
            }
            return source_broke(reader, level, std::move(m), true, stream, entries, w);
        }
        return true;
    }

    // A single compressed stream inside an archive (first header status `r`): one input,
    // decompressed, under the member's name and stated size (the size of its compressed bytes
    // when not stated), as a .gz file on disk.
    bool compressed_member(const ArchiveReader& reader, const Level& level, model::SourceRef m,
                           bool size_known, const ArchiveReader& in, EntryStream& stream,
                           GzipInflater* gz, int r, std::int64_t entries, Walked& w) {
        const std::int64_t max = options_.max_input_bytes;
        Input input;
        ReadStatus status = ReadStatus::ok;
        if (r != ARCHIVE_EOF && !failed(r)) status = read_entry(in.get(), input.bytes, -1, max);
        // Inflated to its end, where its last trailer is checked (a no-op after a failure).
        if ((r == ARCHIVE_EOF || !failed(r)) && status == ReadStatus::ok && gz != nullptr &&
            !finish_gzip(*gz, in.get()))
            status = ReadStatus::fatal;
        // Read to its end, so that the container checks it whole (a zip's CRC), and so that
        // the size recorded for a size not stated is the whole member's, however far the
        // inflating went (a no-op once reading the container failed).
        stream.drain();
        if (stream.failed())
            return source_broke(reader, level, std::move(m), false, stream, entries, w);
        if (!size_known) {
            // Asked again with the size read (of its compressed bytes): skipped if the database
            // holds it (read or refused before).
            m.bytes = static_cast<std::int64_t>(stream.total());
            if (!visitor_.want(m)) return true;
        }
        if (stream.cut() || !stream.damage().empty())
            return source_broke(reader, level, std::move(m), false, stream, entries, w);
        if (failed(r) && r != ARCHIVE_EOF)
            return keep(report(std::move(m), "decompress", in.error()), w);
        switch (status) {
            case ReadStatus::ok:
                break;
            case ReadStatus::limit:
                return keep(report(std::move(m), "limit", limit_message("decompressed size", max)),
                            w);
            case ReadStatus::more:  // not asked for
            case ReadStatus::error:
            case ReadStatus::fatal:
                return keep(report(std::move(m), in.failure_stage(true), in.error()), w);
        }
        input.source = std::move(m);
        return keep(visitor_.accept(std::move(input)), w);
    }

    const Options& options_;
    Visitor& visitor_;
    std::int64_t files_ = 0;
};

}  // namespace

std::string root_path(const std::string& arg) {
    std::error_code ec;
    fs::path abs = fs::absolute(fs::path(arg), ec);
    if (ec) abs = fs::path(arg);
    std::string path = abs.lexically_normal().string();
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

bool walk(const std::vector<std::string>& roots, const Options& options, Visitor& visitor) {
    Walk walker(options, visitor);
    for (const std::string& root : roots) {
        if (visitor.stopped()) return false;
        const std::int64_t before = walker.files();
        if (!walker.root(root)) return false;
        visitor.root_done(root, walker.files() - before);
    }
    return true;
}

}  // namespace edgarsql::walk
