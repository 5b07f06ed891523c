#include "parse/uuencode.hpp"

#include <cctype>
#include <cstring>

#include "util/sha256.hpp"

namespace edgarsql::parse {

namespace {

constexpr std::size_t kBeginScanLines = 4;

bool is_begin_line(std::string_view line) {
    if (line.size() < 8 || line.substr(0, 6) != "begin ") return false;
    std::size_t i = 6;
    std::size_t digits = 0;
    while (i < line.size() && line[i] >= '0' && line[i] <= '7') {
        ++i;
        ++digits;
    }
    return digits >= 3 && digits <= 4 && i < line.size() && line[i] == ' ';
}

std::string_view next_line(std::string_view s, std::size_t& pos) {
    const std::size_t start = pos;
    const std::size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) {
        pos = s.size();
        return s.substr(start);
    }
    pos = nl + 1;
    return s.substr(start, nl - start);
}

inline unsigned uu_value(char c) { return (static_cast<unsigned>(static_cast<unsigned char>(c)) - 0x20) & 0x3F; }

/// Decodes one body line into `out`; false when the line is the zero-length terminator.
bool decode_line(std::string_view line, std::string& out) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        // Trailing blanks are significant in uuencode (they encode zero bits) only up to the
        // declared length; decoding below pads with zero values, so trimming is harmless.
        line.remove_suffix(1);
    }
    if (line.empty()) return true;
    const unsigned length = uu_value(line[0]);
    if (length == 0) return false;
    std::size_t src = 1;
    unsigned produced = 0;
    while (produced < length) {
        unsigned v[4] = {0, 0, 0, 0};
        for (unsigned& value : v) {
            value = src < line.size() ? uu_value(line[src]) : 0;
            ++src;
        }
        const unsigned char b[3] = {static_cast<unsigned char>((v[0] << 2) | (v[1] >> 4)),
                                    static_cast<unsigned char>((v[1] << 4) | (v[2] >> 2)),
                                    static_cast<unsigned char>((v[2] << 6) | v[3])};
        for (unsigned char byte : b) {
            if (produced == length) break;
            out.push_back(static_cast<char>(byte));
            ++produced;
        }
    }
    return true;
}

template <typename Sink>
UuMeasure decode_section(std::string_view section, Sink&& sink) {
    UuMeasure m;
    std::size_t pos = 0;
    const std::string_view begin = next_line(section, pos);
    if (begin.size() > 6) {
        const std::size_t name_at = begin.find(' ', 6);
        if (name_at != std::string_view::npos) {
            std::string_view name = begin.substr(name_at + 1);
            while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back())))
                name.remove_suffix(1);
            m.filename = std::string(name);
        }
    }
    std::string chunk;
    constexpr std::size_t kFlushBytes = 1 << 16;
    chunk.reserve(kFlushBytes + 64);
    bool terminated = false;
    while (pos < section.size()) {
        const std::string_view line = next_line(section, pos);
        if (line == "end" || line.substr(0, 4) == "end " || line == "end\t") {
            m.complete = true;
            break;
        }
        if (terminated) continue;  // after the zero-length line only 'end' is expected
        if (!decode_line(line, chunk)) terminated = true;
        if (chunk.size() >= kFlushBytes) {
            sink(std::string_view(chunk));
            m.bytes += static_cast<std::int64_t>(chunk.size());
            chunk.clear();
        }
    }
    sink(std::string_view(chunk));
    m.bytes += static_cast<std::int64_t>(chunk.size());
    m.end_offset = pos;
    return m;
}

}  // namespace

std::size_t find_uuencode_begin(std::string_view payload) {
    std::size_t pos = 0;
    std::size_t lines = 0;
    while (pos < payload.size() && lines < kBeginScanLines) {
        const std::size_t start = pos;
        std::string_view line = next_line(payload, pos);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        if (line.empty()) continue;
        if (is_begin_line(line)) return start;
        ++lines;
    }
    return std::string_view::npos;
}

UuMeasure measure_uuencoded(std::string_view section) {
    util::Sha256 hash;
    UuMeasure m = decode_section(section, [&](std::string_view bytes) { hash.update(bytes); });
    m.sha256 = hash.hex();
    return m;
}

std::string decode_uuencoded(std::string_view section) {
    std::string out;
    decode_section(section, [&](std::string_view bytes) { out.append(bytes); });
    return out;
}

}  // namespace edgarsql::parse
