// read_ceiling [--evict] PATH...
//
// The read-only ceiling of an ingest: walks PATH exactly as `edgarsql ingest` does (the same
// walker, so directories, .gz streams and tar/zip members are read and decompressed through
// libarchive the same way) and discards every input. Prints one line of tab-separated figures:
// inputs, errors, decompressed bytes, wall seconds.
//
// --evict instead drops every regular file under PATH from the page cache
// (posix_fadvise(POSIX_FADV_DONTNEED)) and exits: a cold-cache run for users who cannot write
// /proc/sys/vm/drop_caches. It prints the number of files and bytes evicted.

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "walk/walker.hpp"

namespace {

class Discard final : public edgarsql::walk::Visitor {
public:
    bool want(const edgarsql::model::SourceRef&) override { return true; }
    bool want_archive(const edgarsql::model::SourceRef&) override { return true; }
    bool accept(edgarsql::walk::Input&& input) override {
        ++inputs;
        if (!input.error.empty()) ++errors;
        bytes += static_cast<std::int64_t>(input.bytes.size());
        return true;
    }
    void archive_done(const edgarsql::model::SourceRef&, std::int64_t,
                      edgarsql::walk::ArchiveState) override {}

    std::int64_t inputs = 0;
    std::int64_t errors = 0;
    std::int64_t bytes = 0;
};

int evict(const std::vector<std::string>& roots) {
    namespace fs = std::filesystem;
    std::int64_t files = 0;
    std::int64_t bytes = 0;
    auto drop = [&](const fs::path& p) {
        const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return;
        ::fdatasync(fd);
        if (::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0) {
            ++files;
            std::error_code ec;
            bytes += static_cast<std::int64_t>(fs::file_size(p, ec));
        }
        ::close(fd);
    };
    for (const auto& root : roots) {
        std::error_code ec;
        if (fs::is_regular_file(root, ec)) {
            drop(root);
            continue;
        }
        for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end;
             it.increment(ec)) {
            if (it->is_regular_file(ec)) drop(it->path());
        }
    }
    std::printf("evicted\t%lld\t%lld\n", static_cast<long long>(files),
                static_cast<long long>(bytes));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> roots;
    bool do_evict = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--evict") {
            do_evict = true;
        } else {
            roots.push_back(a);
        }
    }
    if (roots.empty()) {
        std::fprintf(stderr, "usage: read_ceiling [--evict] PATH...\n");
        return 2;
    }
    if (do_evict) return evict(roots);

    Discard visitor;
    const auto start = std::chrono::steady_clock::now();
    edgarsql::walk::walk(roots, edgarsql::walk::Options{}, visitor);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf("%lld\t%lld\t%lld\t%.3f\n", static_cast<long long>(visitor.inputs),
                static_cast<long long>(visitor.errors), static_cast<long long>(visitor.bytes),
                took.count());
    return 0;
}
