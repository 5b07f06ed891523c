#include "parse/uuencode.hpp"

#include <cctype>
#include <cstring>
#include <memory>

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

/// Most bytes one line decodes to: its length character carries at most 63.
constexpr std::size_t kMaxLineBytes = 63;

/// Decodes one body line to `w`, which has room for kMaxLineBytes; returns the number of
/// bytes, or -1 for the zero-length terminator line. Groups run four characters to three
/// bytes without a per-byte test: uuencoded binaries are a tenth of EDGAR's bytes, and the
/// byte-at-a-time loop ran at 1.2 GB/s, about 7 % of the parser's time without text.
int decode_line(std::string_view line, char* w) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        // Trailing blanks are significant in uuencode (they encode zero bits) only up to the
        // declared length; decoding below pads with zero values, so trimming is harmless.
        line.remove_suffix(1);
    }
    if (line.empty()) return 0;
    const unsigned length = uu_value(line[0]);
    if (length == 0) return -1;
    const std::size_t groups = (length + 2) / 3;
    std::string_view chars = line.substr(1);
    char padded[4 * (kMaxLineBytes / 3)];
    if (chars.size() < 4 * groups) {
        // A short line: the missing characters decode as zero values (' ' is zero).
        std::memset(padded, ' ', sizeof padded);
        std::memcpy(padded, chars.data(), chars.size());
        chars = std::string_view(padded, 4 * groups);
    }
    const char* c = chars.data();
    for (std::size_t g = 0; g < groups; ++g, c += 4, w += 3) {
        const unsigned v = (uu_value(c[0]) << 18) | (uu_value(c[1]) << 12) |
                           (uu_value(c[2]) << 6) | uu_value(c[3]);
        w[0] = static_cast<char>(v >> 16);
        w[1] = static_cast<char>(v >> 8);
        w[2] = static_cast<char>(v);
    }
    return static_cast<int>(length);
}

/// Decodes a section, handing the bytes to `sink`: in pieces of about `flush_bytes`, or whole
/// at the end when flush_bytes is npos.
template <typename Sink>
UuMeasure decode_section(std::string_view section, std::size_t flush_bytes, Sink&& sink) {
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
    // Four characters carry three bytes; a malformed section can decode to more (short lines
    // pad with zeros), so the buffer grows when a line might not fit.
    // Not zero-filled: every byte handed on is written first.
    std::size_t capacity = flush_bytes == std::string_view::npos ? section.size() / 4 * 3 + 64
                                                                 : flush_bytes + kMaxLineBytes;
    std::unique_ptr<char[]> buf(new char[capacity]);
    std::size_t used = 0;
    bool terminated = false;
    while (pos < section.size()) {
        const std::string_view line = next_line(section, pos);
        if (line == "end" || line.substr(0, 4) == "end " || line == "end\t") {
            m.complete = true;
            break;
        }
        if (terminated) continue;  // after the zero-length line only 'end' is expected
        if (capacity - used < kMaxLineBytes) {
            std::unique_ptr<char[]> bigger(new char[capacity * 2]);
            std::memcpy(bigger.get(), buf.get(), used);
            buf = std::move(bigger);
            capacity *= 2;
        }
        const int n = decode_line(line, buf.get() + used);
        if (n < 0) {
            terminated = true;
            continue;
        }
        used += static_cast<std::size_t>(n);
        if (used >= flush_bytes) {
            sink(std::string_view(buf.get(), used));
            m.bytes += static_cast<std::int64_t>(used);
            used = 0;
        }
    }
    sink(std::string_view(buf.get(), used));
    m.bytes += static_cast<std::int64_t>(used);
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
    UuMeasure m = decode_section(section, std::size_t{1} << 16,
                                 [&](std::string_view bytes) { hash.update(bytes); });
    m.sha256 = hash.hex();
    return m;
}

UuMeasure measure_uuencoded(std::string_view section, util::Sha256Lanes& lanes) {
    if (section.size() > kUuBesideMaxBytes) return measure_uuencoded(section);
    std::string hex;
    UuMeasure m = decode_section(section, std::string_view::npos,
                                 [&](std::string_view bytes) { hex = lanes.hex(bytes); });
    m.sha256 = std::move(hex);
    return m;
}

std::string decode_uuencoded(std::string_view section) {
    std::string out;
    decode_section(section, std::string_view::npos,
                   [&](std::string_view bytes) { out.assign(bytes); });
    return out;
}

}  // namespace edgarsql::parse
