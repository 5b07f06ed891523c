#include "pipeline/roots.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace edgarsql::pipeline {

namespace fs = std::filesystem;

namespace {

// Where the walk finds a root: the real directory for a directory (the walker follows a root
// that is a symlink), and for a file the real directory it sits in plus its own name, since a
// symlink to a file is an input under the link's own path.
fs::path location(const std::string& root, bool is_dir) {
    const fs::path p(root);
    std::error_code ec;
    if (is_dir) {
        fs::path c = fs::weakly_canonical(p, ec);
        if (ec) c = fs::absolute(p).lexically_normal();
        if (c.filename().empty()) c = c.parent_path();  // 'gen/' is 'gen'
        return c;
    }
    fs::path abs = fs::absolute(p, ec).lexically_normal();
    if (ec) abs = p;
    fs::path parent = fs::weakly_canonical(abs.parent_path(), ec);
    if (ec) parent = abs.parent_path();
    return parent / abs.filename();
}

// True when `inner` is `outer` or lies below it.
bool within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

}  // namespace

CheckedRoots check_roots(const std::vector<std::string>& roots) {
    struct Root {
        std::string given;
        fs::path where;
        bool dir = false;
    };
    std::vector<Root> all;
    for (const std::string& root : roots) {
        struct stat st {};
        if (::stat(root.c_str(), &st) != 0) {
            throw RootError("PATH " + root + ": cannot access: " +
                            std::error_code(errno, std::generic_category()).message());
        }
        const bool dir = S_ISDIR(st.st_mode);
        if (!dir && !S_ISREG(st.st_mode)) {
            throw RootError("PATH " + root + ": not a directory or regular file");
        }
        all.push_back({root, location(root, dir), dir});
    }
    CheckedRoots out;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Root& r = all[i];
        const Root* cover = nullptr;
        for (std::size_t j = 0; j < all.size() && cover == nullptr; ++j) {
            if (j == i) continue;
            if (r.where == all[j].where) {
                if (j < i) cover = &all[j];  // the same place twice: the first one stays
            } else if (all[j].dir && within(r.where, all[j].where)) {
                cover = &all[j];
            }
        }
        if (cover != nullptr) {
            out.dropped.push_back({r.given, cover->given});
        } else {
            out.roots.push_back(r.given);
        }
    }
    return out;
}

}  // namespace edgarsql::pipeline
