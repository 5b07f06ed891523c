#include "db/postgres/search_vector.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace edgarsql::db::postgres {

namespace {

constexpr std::uint16_t kMaxPosition = 16383;  // positions beyond count as this one
constexpr std::size_t kMaxPositions = 255;     // positions kept per lexeme
constexpr std::size_t kMaxChunk = 1024;        // longer chunks: the text goes to the server
constexpr std::uint32_t kNoId = 0xffffffffU;

// The separators outside ASCII, by code point, sorted. Each is punctuation or a symbol in
// every UTF-8 locale, so the parser takes it as a blank; VectorBuilder's callers check that
// against the server before they trust any vector (postgres_backend.cpp, calibration).
constexpr std::array<char32_t, 17> kSeparators = {
    0x00A0, 0x00A7, 0x00A9, 0x00AE, 0x00B7, 0x2013, 0x2014, 0x2018, 0x2019,
    0x201C, 0x201D, 0x2020, 0x2022, 0x2122, 0x25CF, 0x2610, 0x2612};

bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
// Punctuation that may open or close a chunk around a simple core: a blank to the parser
// wherever it stands next to letters or digits.
bool is_lead(unsigned char c) {
    return c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' || c == '*' || c == '$' ||
           c == '#';
}
bool is_trail(unsigned char c) {
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '}' || c == '*' || c == ',' ||
           c == ';' || c == ':' || c == '!' || c == '?' || c == '%';
}

/// Length of the UTF-8 sequence that starts with `c` (1 for a stray continuation byte).
std::size_t sequence_length(unsigned char c) {
    if (c < 0xC0) return 1;
    if (c < 0xE0) return 2;
    if (c < 0xF0) return 3;
    return 4;
}

char32_t decode(std::string_view s, std::size_t i, std::size_t len) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    switch (len) {
    case 2:
        return static_cast<char32_t>(((b(0) & 0x1F) << 6) | (b(1) & 0x3F));
    case 3:
        return static_cast<char32_t>(((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) |
                                     (b(2) & 0x3F));
    case 4:
        return static_cast<char32_t>(((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                                     ((b(2) & 0x3F) << 6) | (b(3) & 0x3F));
    default:
        return 0;
    }
}

/// Bytes in the first `chars` characters of `s` (UTF-8), as PostgreSQL's left() counts them.
std::size_t prefix_bytes(std::string_view s, std::size_t chars) {
    if (s.size() <= chars) return s.size();
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (seen == chars) return i;
            ++seen;
        }
    }
    return s.size();
}

/// Kinds of piece inside a simple chunk.
enum class Piece { empty, letters, digits, decimal, other };

Piece classify(std::string_view p) {
    if (p.empty()) return Piece::empty;
    if (std::all_of(p.begin(), p.end(), [](char c) { return is_letter(c); })) {
        return Piece::letters;
    }
    std::size_t dot = std::string_view::npos;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '.' && dot == std::string_view::npos) {
            dot = i;
        } else if (!is_digit(p[i])) {
            return Piece::other;
        }
    }
    if (dot == std::string_view::npos) return Piece::digits;
    return dot > 0 && dot + 1 < p.size() ? Piece::decimal : Piece::other;
}

}  // namespace

std::string lexicon_query_text(const std::string& key) {
    if (key.size() < 2 || key[0] != kContextMark) return ' ' + key + ' ';
    const std::string chunk = key.substr(2);
    switch (key[1]) {
    case 's':
        return chunk + ' ';
    case 'e':
        return ' ' + chunk;
    case 'b':
        return chunk;
    default:
        return ' ' + chunk + ' ';
    }
}

const std::vector<std::string>& separator_characters() {
    static const std::vector<std::string> chars = [] {
        std::vector<std::string> out;
        for (char32_t cp : kSeparators) {
            std::string s;
            if (cp < 0x800) {
                s += static_cast<char>(0xC0 | (cp >> 6));
            } else {
                s += static_cast<char>(0xE0 | (cp >> 12));
                s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            }
            s += static_cast<char>(0x80 | (cp & 0x3F));
            out.push_back(s);
        }
        return out;
    }();
    return chars;
}

void append_tsvector_lexeme(std::string& literal, std::string_view lexeme) {
    literal += '\'';
    for (char c : lexeme) {
        if (c == '\'' || c == '\\') literal += c;
        literal += c;
    }
    literal += '\'';
}

VectorBuilder::Result VectorBuilder::build(std::string_view text, std::string& literal) {
    literal.clear();
    incomplete_ = false;
    server_ = false;
    position_ = 0;
    if (++stamp_ == 0) {
        std::fill(slot_stamp_.begin(), slot_stamp_.end(), 0);
        stamp_ = 1;
    }
    literal_slots_.clear();
    used_slots_ = 0;

    text = text.substr(0, prefix_bytes(text, kVectorChars));
    // An XML tag is one token to the parser and may hold whitespace.
    if (text.find('<') != std::string_view::npos) return Result::server;

    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n && !server_) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (is_space(c)) {
            ++i;
            continue;
        }
        // One chunk: up to whitespace or a separator.
        const std::size_t start = i;
        while (i < n) {
            const auto d = static_cast<unsigned char>(text[i]);
            if (is_space(d)) break;
            if (d < 0x80) {
                ++i;
                continue;
            }
            const std::size_t len = std::min(sequence_length(d), n - i);
            if (std::binary_search(kSeparators.begin(), kSeparators.end(),
                                   decode(text, i, len))) {
                break;
            }
            i += len;
        }
        if (i > start) {
            // The parser reads a few characters differently at the very start of a text
            // ("~458" is a file there, a blank and a number after a space).
            context_ = start == 0 ? (i == n ? 'b' : 's') : (i == n ? 'e' : 'm');
            chunk(text.substr(start, i - start));
        }
        if (i < n && !is_space(static_cast<unsigned char>(text[i]))) {
            i += std::min(sequence_length(static_cast<unsigned char>(text[i])), n - i);
        }
    }
    if (server_) return Result::server;
    if (incomplete_) return Result::missing;
    write(literal);
    return Result::done;
}

void VectorBuilder::chunk(std::string_view c) {
    if (c.size() > kMaxChunk) {
        server_ = true;
        return;
    }
    for (char ch : c) {
        if (static_cast<unsigned char>(ch) >= 0x80) {
            complex_chunk(c);
            return;
        }
    }
    std::size_t b = 0;
    std::size_t e = c.size();
    while (b < e && is_lead(static_cast<unsigned char>(c[b]))) ++b;
    if (e > b && c[e - 1] == '.') --e;  // one full stop, as the chunk's last character
    while (e > b && is_trail(static_cast<unsigned char>(c[e - 1]))) --e;
    const std::string_view core = c.substr(b, e - b);

    // The core: pieces apart by commas and apostrophes, each letters, digits or a decimal.
    const auto next_piece = [&](std::size_t from) {
        std::size_t to = from;
        while (to < core.size() && core[to] != ',' && core[to] != '\'') ++to;
        return to;
    };
    for (std::size_t p = 0; p <= core.size();) {
        const std::size_t q = next_piece(p);
        if (classify(core.substr(p, q - p)) == Piece::other) {
            complex_chunk(c);
            return;
        }
        p = q + 1;
    }
    for (std::size_t p = 0; p <= core.size();) {
        const std::size_t q = next_piece(p);
        const std::string_view piece = core.substr(p, q - p);
        switch (classify(piece)) {
        case Piece::letters:
            word(piece);
            break;
        case Piece::digits:
        case Piece::decimal:
            literal_token(piece);
            break;
        default:
            break;
        }
        p = q + 1;
    }
}

void VectorBuilder::complex_chunk(std::string_view c) {
    key_.assign(1, kContextMark);
    key_ += context_;
    key_.append(c.begin(), c.end());
    entry();
}

void VectorBuilder::word(std::string_view letters) {
    key_.assign(letters.begin(), letters.end());
    for (char& ch : key_) ch = static_cast<char>(ch | 0x20);
    entry();
}

void VectorBuilder::literal_token(std::string_view token) {
    ++position_;
    if (!incomplete_) add(token, kNoId);
}

void VectorBuilder::entry() {
    const auto it = keys_.find(key_);
    if (it == keys_.end()) {
        keys_.emplace(key_, static_cast<std::uint32_t>(entries_.size()));
        entries_.emplace_back();
        missing_.push_back(key_);
        incomplete_ = true;
        return;
    }
    const Entry& e = entries_[it->second];
    if (!e.resolved) {
        incomplete_ = true;  // asked for already, by an earlier text
        return;
    }
    if (e.server_only) {
        server_ = true;
        return;
    }
    for (const std::vector<std::uint32_t>& token : e.tokens) {
        ++position_;
        if (incomplete_) continue;
        for (std::uint32_t id : token) add(*lexemes_[id], id);
    }
}

void VectorBuilder::add(std::string_view lexeme, std::uint32_t lexeme_id) {
    std::uint32_t slot = 0;
    if (lexeme_id != kNoId) {
        if (slot_stamp_[lexeme_id] != stamp_) {
            slot_stamp_[lexeme_id] = stamp_;
            slot_of_[lexeme_id] = static_cast<std::uint32_t>(used_slots_);
            slot = kNoId;
        } else {
            slot = slot_of_[lexeme_id];
        }
    } else {
        const auto [it, inserted] =
            literal_slots_.try_emplace(lexeme, static_cast<std::uint32_t>(used_slots_));
        slot = inserted ? kNoId : it->second;
    }
    if (slot == kNoId) {
        slot = static_cast<std::uint32_t>(used_slots_++);
        if (slots_.size() < used_slots_) slots_.emplace_back();
        slots_[slot].lexeme = lexeme;
        slots_[slot].positions.clear();
    }
    std::vector<std::uint16_t>& positions = slots_[slot].positions;
    const auto p = static_cast<std::uint16_t>(std::min<std::uint32_t>(position_, kMaxPosition));
    if (positions.size() < kMaxPositions && (positions.empty() || positions.back() != p)) {
        positions.push_back(p);
    }
}

void VectorBuilder::write(std::string& literal) {
    std::vector<std::uint32_t> order(used_slots_);
    for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return slots_[a].lexeme < slots_[b].lexeme;
    });
    std::vector<std::uint16_t> merged;
    for (std::size_t k = 0; k < order.size();) {
        // A number and a lexeme of a longer chunk may be the same string: one entry.
        std::size_t end = k + 1;
        while (end < order.size() && slots_[order[end]].lexeme == slots_[order[k]].lexeme) {
            ++end;
        }
        const std::vector<std::uint16_t>* positions = &slots_[order[k]].positions;
        if (end > k + 1) {
            merged.clear();
            for (std::size_t m = k; m < end; ++m) {
                const std::vector<std::uint16_t>& more = slots_[order[m]].positions;
                std::vector<std::uint16_t> both;
                std::merge(merged.begin(), merged.end(), more.begin(), more.end(),
                           std::back_inserter(both));
                merged.swap(both);
            }
            merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
            if (merged.size() > kMaxPositions) merged.resize(kMaxPositions);
            positions = &merged;
        }
        if (!literal.empty()) literal += ' ';
        append_tsvector_lexeme(literal, slots_[order[k]].lexeme);
        char sep = ':';
        for (std::uint16_t p : *positions) {
            literal += sep;
            literal += std::to_string(p);
            sep = ',';
        }
        k = end;
    }
}

std::uint32_t VectorBuilder::intern(const std::string& lexeme) {
    const auto [it, inserted] =
        lexeme_ids_.try_emplace(lexeme, static_cast<std::uint32_t>(lexemes_.size()));
    if (inserted) lexemes_.push_back(&it->first);
    return it->second;
}

void VectorBuilder::resolve(std::vector<ChunkLexemes> answers) {
    for (std::size_t k = 0; k < missing_.size() && k < answers.size(); ++k) {
        Entry& e = entries_[keys_.at(missing_[k])];
        e.resolved = true;
        e.server_only = answers[k].server_only;
        e.tokens.clear();
        for (const std::vector<std::string>& token : answers[k].tokens) {
            std::vector<std::uint32_t> ids;
            ids.reserve(token.size());
            for (const std::string& l : token) ids.push_back(intern(l));
            e.tokens.push_back(std::move(ids));
        }
    }
    missing_.clear();
    slot_stamp_.resize(lexemes_.size(), 0);
    slot_of_.resize(lexemes_.size(), 0);
}

void VectorBuilder::trim(std::size_t max_entries) {
    if (entries_.size() <= max_entries || !missing_.empty()) return;
    keys_.clear();
    entries_.clear();
    lexemes_.clear();
    lexeme_ids_.clear();
    slot_stamp_.clear();
    slot_of_.clear();
    stamp_ = 0;
}

}  // namespace edgarsql::db::postgres
