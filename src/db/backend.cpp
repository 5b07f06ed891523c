#include "db/backend.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>

#include "db/migrations.hpp"
#include "db/postgres/postgres_backend.hpp"
#include "db/sqlite/sqlite_backend.hpp"

namespace edgarsql::db {

const char* to_string(InputStatus status) {
    switch (status) {
        case InputStatus::ingested:
            return "ingested";
        case InputStatus::rejected:
            return "rejected";
        case InputStatus::filtered:
            return "filtered";
        case InputStatus::ignored:
            return "ignored";
    }
    return "rejected";
}

void decode_filtered_members(const std::string& encoded, PriorArchive& into) {
    into.filtered_as.clear();
    into.filtered_unknown = false;
    std::size_t start = 0;
    while (start <= encoded.size()) {
        std::size_t end = encoded.find('\x1e', start);
        if (end == std::string::npos) end = encoded.size();
        const std::string record = encoded.substr(start, end - start);
        const std::size_t unit = record.find('\x1f');
        // '\x1d' marks a member stored without its pair; anything else unparsable is treated
        // the same way, so the archive is opened again rather than skipped on a guess.
        if (unit == std::string::npos || record.find('\x1f', unit + 1) != std::string::npos) {
            into.filtered_unknown = true;
        } else {
            into.filtered_as.push_back({record.substr(0, unit), record.substr(unit + 1)});
        }
        start = end + 1;
    }
}

namespace {

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

bool is_postgres_url(const std::string& url) {
    if (starts_with(url, "sqlite:")) return false;
    return starts_with(url, "postgresql://") || starts_with(url, "postgres://") ||
           url.find('=') != std::string::npos;
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Masks the password of every 'scheme://user:password@host' in text.
std::string mask_url_passwords(const std::string& text) {
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t scheme = text.find("://", pos);
        if (scheme == std::string::npos) break;
        const std::size_t start = scheme + 3;
        std::size_t end = start;  // end of the authority: '/', '?', '#' or whitespace
        while (end < text.size() && text[end] != '/' && text[end] != '?' && text[end] != '#' &&
               !is_space(text[end])) {
            ++end;
        }
        const std::size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
        const std::size_t colon = text.find(':', start);
        out.append(text, pos, start - pos);
        if (at != std::string::npos && at >= start && at < end && colon < at) {
            out.append(text, start, colon + 1 - start);
            out += "***";
            out.append(text, at, end - at);
        } else {
            out.append(text, start, end - start);
        }
        pos = end;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

bool iequals_at(const std::string& text, std::size_t pos, const char* word) {
    for (std::size_t i = 0; word[i] != '\0'; ++i) {
        if (pos + i >= text.size()) return false;
        if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
    }
    return true;
}

// Masks the value of every 'password=…' (libpq key=value strings and URL query parameters).
std::string mask_keyword_passwords(const std::string& text) {
    static constexpr char kKey[] = "password";
    static constexpr std::size_t kKeyLen = sizeof(kKey) - 1;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) ||
                                            text[i - 1] == '_');
        if (!word_start || !iequals_at(text, i, kKey)) {
            out += text[i++];
            continue;
        }
        std::size_t j = i + kKeyLen;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        if (j >= text.size() || text[j] != '=') {
            out += text[i++];
            continue;
        }
        ++j;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
        out.append(text, i, j - i);
        if (j < text.size() && text[j] == '\'') {
            ++j;
            while (j < text.size() && text[j] != '\'') j += text[j] == '\\' ? 2 : 1;
            j = std::min(j + 1, text.size());
        } else {
            while (j < text.size() && !is_space(text[j]) && text[j] != '&' && text[j] != '\'' &&
                   text[j] != '"') {
                ++j;
            }
        }
        out += "***";
        i = j;
    }
    return out;
}

}  // namespace

std::string sqlite_path(const std::string& url) {
    if (is_postgres_url(url)) return "";
    std::string path = url;
    if (starts_with(path, "sqlite:")) {
        path.erase(0, 7);
        if (starts_with(path, "//")) path.erase(0, 2);
    }
    return path;
}

std::unique_ptr<Backend> open_backend(const std::string& url, const OpenOptions& options) {
    if (is_postgres_url(url)) return postgres::open_postgres_backend(url, options);
    const std::string path = sqlite_path(url);
    if (path.empty()) throw Error("empty SQLite database path in '" + url + "'", /*fatal=*/true);
    return sqlite::open_sqlite_backend(path, options);
}

std::vector<std::string> prefixes_under(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const std::string& path : paths) out.push_back(path == "/" ? path : path + "/");
    return out;
}

SchemaState schema_state(Backend& backend) {
    const std::vector<Migration> known = migrations_for(backend.dialect());
    const int latest = known.empty() ? 0 : known.back().version;
    SchemaState state = SchemaState::current;
    for (const MigrationState& m : backend.migration_status()) {
        if (m.version > latest && !m.applied_at.empty()) return SchemaState::newer;
        if (m.applied_at.empty()) state = SchemaState::behind;
    }
    return state;
}

std::string mask_password(const std::string& text) {
    return mask_keyword_passwords(mask_url_passwords(text));
}

}  // namespace edgarsql::db
