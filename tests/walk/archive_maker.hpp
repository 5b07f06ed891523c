#pragma once
// Builds archives and compressed streams in memory with libarchive's write API, so the tests
// need no binary fixtures.

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace edgarsql::test {

struct Member {
    std::string name;
    std::string data;
    std::int64_t mtime = 1'600'000'000;
};

enum class ArchiveFormat { tar, tar_gz, zip, zip_stored };

namespace detail {

inline la_ssize_t append_to_string(archive*, void* out, const void* data, size_t size) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
    return static_cast<la_ssize_t>(size);
}

class Writer {
  public:
    Writer() : a_(archive_write_new()) {}
    ~Writer() { archive_write_free(a_); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;
    archive* get() const { return a_; }
    void check(int r) const {
        if (r < ARCHIVE_WARN) throw std::runtime_error(archive_error_string(a_));
    }
    void open(std::string& out) {
        archive_write_set_bytes_in_last_block(a_, 1);
        check(archive_write_open(a_, &out, nullptr, append_to_string, nullptr));
    }
    void add(const std::string& name, std::int64_t size, std::int64_t mtime) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        archive_entry_set_size(e, size);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, static_cast<time_t>(mtime), 0);
        const int r = archive_write_header(a_, e);
        archive_entry_free(e);
        check(r);
    }
    void data(const std::string& bytes) {
        if (bytes.empty()) return;
        if (archive_write_data(a_, bytes.data(), bytes.size()) < 0) check(ARCHIVE_FATAL);
    }
    void close() { check(archive_write_close(a_)); }

  private:
    archive* a_;
};

}  // namespace detail

inline std::string make_archive(ArchiveFormat format, const std::vector<Member>& members) {
    std::string out;
    detail::Writer w;
    if (format == ArchiveFormat::zip || format == ArchiveFormat::zip_stored) {
        w.check(archive_write_set_format_zip(w.get()));
        if (format == ArchiveFormat::zip_stored)
            w.check(archive_write_set_format_option(w.get(), "zip", "compression", "store"));
    } else {
        w.check(archive_write_set_format_pax_restricted(w.get()));
        if (format == ArchiveFormat::tar_gz) w.check(archive_write_add_filter_gzip(w.get()));
    }
    w.open(out);
    for (const Member& m : members) {
        w.add(m.name, static_cast<std::int64_t>(m.data.size()), m.mtime);
        w.data(m.data);
    }
    w.close();
    return out;
}

/// A zip written as a stream: each member's sizes follow its data (a data descriptor) instead
/// of standing in its header, as zip tools writing to a pipe make them.
inline std::string make_streamed_zip(const std::vector<Member>& members) {
    std::string out;
    detail::Writer w;
    w.check(archive_write_set_format_zip(w.get()));
    w.check(archive_write_set_format_option(w.get(), "zip", "zip64", ""));
    w.open(out);
    for (const Member& m : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, m.name.c_str());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, static_cast<time_t>(m.mtime), 0);
        const int r = archive_write_header(w.get(), e);
        archive_entry_free(e);
        w.check(r);
        w.data(m.data);
    }
    w.close();
    return out;
}

/// A single gzip stream of `total` bytes produced by repeating `chunk`.
inline std::string gzip_repeated(const std::string& chunk, std::size_t total) {
    std::string out;
    detail::Writer w;
    w.check(archive_write_set_format_raw(w.get()));
    w.check(archive_write_add_filter_gzip(w.get()));
    w.open(out);
    w.add("data", static_cast<std::int64_t>(total), 0);
    for (std::size_t done = 0; done < total;) {
        const std::size_t n = std::min(chunk.size(), total - done);
        w.data(chunk.substr(0, n));
        done += n;
    }
    w.close();
    return out;
}

inline std::string gzip(const std::string& data) {
    return gzip_repeated(data, data.size());
}

/// A gzip stream of `data` in stored (uncompressed) deflate blocks: a byte changed in it still
/// inflates, to the changed data; only the trailer's CRC-32 tells.
inline std::string gzip_stored(const std::string& data) {
    std::string out;
    detail::Writer w;
    w.check(archive_write_set_format_raw(w.get()));
    w.check(archive_write_add_filter_gzip(w.get()));
    w.check(archive_write_set_filter_option(w.get(), "gzip", "compression-level", "0"));
    w.open(out);
    w.add("data", static_cast<std::int64_t>(data.size()), 0);
    w.data(data);
    w.close();
    return out;
}

}  // namespace edgarsql::test
