#pragma once
// Small helpers shared by the test executables: temporary directories, file I/O and running
// the edgarsql binary. Header-only so every test area can use it without linking another
// object.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

namespace edgarsql::test {

namespace fs = std::filesystem;

/// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100; ++attempt) {
            fs::path p = fs::temp_directory_path() /
                         ("edgarsql-test-" + std::to_string(rd()) + std::to_string(attempt));
            if (fs::create_directory(p)) {
                path_ = p;
                return;
            }
        }
        throw std::runtime_error("cannot create a temporary directory");
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

inline void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A fixture under tests/fixtures.
inline std::string fixture(const std::string& relative) {
    return read_file(fs::path(EDGARSQL_FIXTURES) / relative);
}

struct CommandResult {
    int exit_code = -1;
    std::string out;  ///< stdout and stderr, interleaved
};

/// Runs a shell command, capturing stdout and stderr together.
inline CommandResult run_command(const std::string& command) {
    CommandResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed: " + command);
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) result.out.append(buf.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

/// Runs the edgarsql binary built alongside the tests with the given arguments.
inline CommandResult run_edgarsql(const std::string& args) {
    return run_command(std::string("'") + EDGARSQL_BINARY + "' " + args);
}

/// `path` as one shell word, for the commands run_command() and run_edgarsql() build.
inline std::string quoted(const fs::path& path) {
    std::string out = "'";
    for (char c : path.string()) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

/// The first column of the first row of a query on a SQLite database ("<no row>", "<null>").
inline std::string sqlite_value(const fs::path& db, const std::string& sql) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement st(d, sql);
    if (!st.executeStep()) return "<no row>";
    return st.getColumn(0).isNull() ? "<null>" : st.getColumn(0).getString();
}

}  // namespace edgarsql::test
