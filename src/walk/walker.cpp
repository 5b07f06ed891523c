#include "walk/walker.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <system_error>
#include <utility>
#include <vector>

namespace edgarsql::walk {

namespace {

namespace fs = std::filesystem;

// libarchive's read block size for archives opened from a file descriptor.
constexpr std::size_t kArchiveBlock = std::size_t{1} << 16;
// The longest magic we look at: 'ustar' at offset 257 of a tar header.
constexpr std::size_t kSniffBytes = 512;

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
    const char* failure_stage() const { return io_failure() ? "read" : "archive"; }
    /// How a failure that ends the archive ends its walk.
    ArchiveState ended_by() const {
        return io_failure() ? ArchiveState::cut_short : ArchiveState::damaged;
    }

  private:
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

enum class ReadStatus { ok, limit, error, fatal };

// Reads the current entry's data into `out`, never holding more than max + 1 bytes. Appends
// libarchive's own blocks, so the buffer is neither zero-filled nor over-allocated first.
ReadStatus read_entry(archive* a, std::string& out, std::int64_t size_hint, std::int64_t max) {
    const std::uint64_t cap = max < std::numeric_limits<std::int64_t>::max()
                                  ? static_cast<std::uint64_t>(max) + 1
                                  : static_cast<std::uint64_t>(max);
    if (size_hint > 0 && size_hint <= max) out.reserve(static_cast<std::size_t>(size_hint) + 1);
    for (;;) {
        const void* block = nullptr;
        std::size_t size = 0;
        la_int64_t offset = 0;
        const int r = archive_read_data_block(a, &block, &size, &offset);
        if (r == ARCHIVE_EOF) return ReadStatus::ok;
        if (r == ARCHIVE_FATAL) return ReadStatus::fatal;
        if (r != ARCHIVE_OK) return ReadStatus::error;  // this member only
        // A sparse entry leaves holes between blocks: they read as zeros.
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

// Whether a gzip file's trailers (CRC-32 and length of each member) match what it decompresses
// to. libarchive's gzip filter does not check them ("XXX TODO: Verify the length and CRC"), so
// a flipped bit that still inflates would be ingested as text. The common case, one member, is
// checked against the last 8 bytes of the file; otherwise (several members, trailing bytes)
// zlib, which checks every member's trailer, inflates the file once more. Trailing bytes that
// do not start another member are ignored, as gzip -d does.
bool gzip_intact(int fd, const std::string& decompressed) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < 18) return true;  // too short to judge: let be
    unsigned char trailer[8];
    if (::pread(fd, trailer, sizeof trailer, st.st_size - 8) == 8) {
        const auto le32 = [](const unsigned char* p) {
            return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
                   std::uint32_t{p[3]} << 24;
        };
        const std::uint32_t crc = static_cast<std::uint32_t>(
            crc32_z(0L, reinterpret_cast<const Bytef*>(decompressed.data()), decompressed.size()));
        if (crc == le32(trailer) &&
            static_cast<std::uint32_t>(decompressed.size()) == le32(trailer + 4))
            return true;
    }
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return true;
    std::vector<unsigned char> in(std::size_t{1} << 16);
    std::vector<unsigned char> out(std::size_t{1} << 16);
    off_t offset = 0;
    bool intact = true;
    for (;;) {
        if (z.avail_in == 0) {
            const ssize_t n = ::pread(fd, in.data(), in.size(), offset);
            if (n <= 0) {
                intact = false;  // the last member has no end
                break;
            }
            offset += n;
            z.next_in = in.data();
            z.avail_in = static_cast<uInt>(n);
        }
        z.next_out = out.data();
        z.avail_out = static_cast<uInt>(out.size());
        const int r = inflate(&z, Z_NO_FLUSH);
        if (r == Z_STREAM_END) {
            // Another member follows only if its magic does.
            if (z.avail_in == 0) {
                const ssize_t n = ::pread(fd, in.data(), in.size(), offset);
                if (n <= 0) break;
                offset += n;
                z.next_in = in.data();
                z.avail_in = static_cast<uInt>(n);
            }
            if (z.avail_in < 2 || z.next_in[0] != 0x1f || z.next_in[1] != 0x8b) break;
            inflateReset(&z);
        } else if (r != Z_OK && r != Z_BUF_ERROR) {
            intact = false;
            break;
        }
    }
    inflateEnd(&z);
    return intact;
}

std::string limit_message(const std::string& what, std::int64_t max) {
    return what + " exceeds --max-input-bytes " + std::to_string(max);
}

class Walk {
  public:
    Walk(const Options& options, Visitor& visitor) : options_(options), visitor_(visitor) {}

    bool root(const std::string& arg) {
        std::error_code ec;
        fs::path abs = fs::absolute(fs::path(arg), ec);
        if (ec) abs = fs::path(arg);
        std::string path = abs.lexically_normal().string();
        while (path.size() > 1 && path.back() == '/') path.pop_back();
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
                              "cannot list directory: " + errno_message(errno));
            }
            while (const dirent* e = ::readdir(dir.get())) {
                if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
                names.emplace_back(e->d_name);
            }
        }
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
                return compressed(fd.get(), std::move(ref));
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

    // .gz/.bz2/.xz: a single stream, or a compressed tar.
    bool compressed(int fd, model::SourceRef ref) {
        ArchiveReader reader(/*raw=*/true);
        archive* a = reader.get();
        if (archive_read_open_fd(a, fd, kArchiveBlock) != ARCHIVE_OK) {
            return report(std::move(ref), "decompress", reader.error());
        }
        archive_entry* entry = nullptr;
        const int r = archive_read_next_header(a, &entry);
        const bool raw = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW;
        if (r == ARCHIVE_EOF && !raw) {
            // An archive without members, e.g. a compressed run of zero blocks (empty tar).
            if (!visitor_.want_archive(ref)) return true;
            visitor_.archive_done(ref, 0, ArchiveState::complete);
            return true;
        }
        if (r == ARCHIVE_EOF) {
            Input empty;
            empty.source = std::move(ref);
            return visitor_.accept(std::move(empty));
        }
        if (failed(r)) return report(std::move(ref), "decompress", reader.error());
        if (!raw) {
            if (!visitor_.want_archive(ref)) return true;
            return members(reader, ref, r, entry);
        }
        Input input;
        switch (read_entry(a, input.bytes, -1, options_.max_input_bytes)) {
            case ReadStatus::ok:
                break;
            case ReadStatus::limit:
                return report(std::move(ref), "limit",
                              limit_message("decompressed size", options_.max_input_bytes));
            case ReadStatus::error:
            case ReadStatus::fatal:
                return report(std::move(ref), "decompress", reader.error());
        }
        if (archive_filter_code(a, 0) == ARCHIVE_FILTER_GZIP && !gzip_intact(fd, input.bytes)) {
            return report(std::move(ref), "decompress",
                          "gzip data is corrupt: a CRC-32 or length in its trailer does not match");
        }
        input.source = std::move(ref);
        return visitor_.accept(std::move(input));
    }

    bool archive_file(int fd, model::SourceRef ref) {
        if (!visitor_.want_archive(ref)) return true;
        ArchiveReader reader(/*raw=*/false);
        archive* a = reader.get();
        if (archive_read_open_fd(a, fd, kArchiveBlock) != ARCHIVE_OK) {
            bool go_on = true;
            const ArchiveState state = end_archive(ref, reader, reader.error(), go_on);
            visitor_.archive_done(ref, 0, state);
            return go_on;
        }
        archive_entry* entry = nullptr;
        const int r = archive_read_next_header(a, &entry);
        return members(reader, ref, r, entry);
    }

    // Walks the members of an open archive whose first header was already read (status
    // `first`, entry `first_entry`).
    bool members(ArchiveReader& reader, const model::SourceRef& ref, int first,
                 archive_entry* first_entry) {
        archive* a = reader.get();
        std::int64_t count = 0;
        ArchiveState state = ArchiveState::complete;
        bool go_on = true;
        std::string last = "(none)";
        int r = first;
        for (bool at_first = true;; at_first = false) {
            archive_entry* entry = first_entry;
            if (!at_first) r = archive_read_next_header(a, &entry);
            if (r == ARCHIVE_EOF) break;
            if (failed(r) || entry == nullptr) {
                state = end_archive(ref, reader,
                                    "corrupt archive after " + std::to_string(count) +
                                        " members (last '" + last + "'): " + reader.error(),
                                    go_on);
                break;
            }
            if (visitor_.stopped()) {
                state = ArchiveState::cut_short;
                go_on = false;
                break;
            }
            if (archive_entry_filetype(entry) != AE_IFREG) continue;
            ++count;
            model::SourceRef m = ref;
            const char* name = archive_entry_pathname(entry);
            m.member = name != nullptr ? name : "";
            last = m.member;
            m.relative = ref.relative + "!" + m.member;
            const bool size_known = archive_entry_size_is_set(entry) != 0;
            m.bytes = size_known ? static_cast<std::int64_t>(archive_entry_size(entry)) : 0;
            m.mtime = archive_entry_mtime_is_set(entry) != 0
                          ? static_cast<std::int64_t>(archive_entry_mtime(entry))
                          : 0;
            if (!visitor_.want(m)) continue;
            if (size_known && m.bytes > options_.max_input_bytes) {
                go_on = report(std::move(m), "limit",
                               limit_message(std::to_string(archive_entry_size(entry)) + " bytes",
                                             options_.max_input_bytes));
                if (!go_on) break;
                continue;
            }
            Input input;
            const ReadStatus status =
                read_entry(a, input.bytes, size_known ? m.bytes : -1, options_.max_input_bytes);
            if (status == ReadStatus::fatal) {
                // The archive ends here (libarchive cannot resync). Reported on the archive
                // itself, like a damaged header: an unchanged archive is then skipped by the
                // next run instead of failing it again, and read again once it changes.
                state = end_archive(ref, reader,
                                    "corrupt archive in member '" + m.member + "' after " +
                                        std::to_string(count - 1) + " members: " +
                                        reader.error(),
                                    go_on);
                break;
            }
            if (status == ReadStatus::error) {
                // Only this member is unreadable (a zip's encrypted or damaged member): the
                // next ones still are.
                go_on = report(std::move(m), "archive", reader.error());
                if (!go_on) {
                    state = ArchiveState::cut_short;
                    break;
                }
                continue;
            }
            if (status == ReadStatus::limit) {
                go_on = report(std::move(m), "limit",
                               limit_message("decompressed size", options_.max_input_bytes));
            } else {
                if (!size_known) m.bytes = static_cast<std::int64_t>(input.bytes.size());
                input.source = std::move(m);
                go_on = visitor_.accept(std::move(input));
            }
            if (!go_on) {
                state = ArchiveState::cut_short;
                break;
            }
        }
        visitor_.archive_done(ref, count, state);
        return go_on;
    }

    const Options& options_;
    Visitor& visitor_;
    std::int64_t files_ = 0;
};

}  // namespace

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
