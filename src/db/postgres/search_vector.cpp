#include "db/postgres/search_vector.hpp"

#include "parse/text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
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

// Character classes, by byte: one table lookup per byte in the scanning loops.
enum : std::uint8_t { kSpace = 1, kLetter = 2, kDigit = 4, kLead = 8, kTrail = 16, kHigh = 32 };

constexpr std::array<std::uint8_t, 256> make_classes() {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        std::uint8_t k = 0;
        if (c == ' ' || (c >= '\t' && c <= '\r')) k |= kSpace;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k |= kLetter;
        if (c >= '0' && c <= '9') k |= kDigit;
        // Punctuation that may open or close a chunk around a simple core: a blank to the
        // parser wherever it stands next to letters or digits.
        for (char l : {'"', '\'', '(', '[', '{', '*', '$', '#'}) {
            if (c == l) k |= kLead;
        }
        for (char r : {'"', '\'', ')', ']', '}', '*', ',', ';', ':', '!', '?', '%'}) {
            if (c == r) k |= kTrail;
        }
        if (c >= 0x80) k |= kHigh;
        t[static_cast<std::size_t>(c)] = k;
    }
    return t;
}
constexpr std::array<std::uint8_t, 256> kClasses = make_classes();

std::uint8_t class_of(char c) { return kClasses[static_cast<unsigned char>(c)]; }
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
enum class Piece : std::uint8_t { empty, letters, digits, decimal, other };

Piece classify(std::string_view p) {
    if (p.empty()) return Piece::empty;
    std::uint8_t all = kLetter | kDigit;
    std::size_t dots = 0;
    std::size_t dot = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const std::uint8_t k = class_of(p[i]);
        if (p[i] == '.') {
            ++dots;
            dot = i;
            all &= kDigit;
        } else {
            all &= k;
        }
    }
    if (all == 0 || dots > 1) return Piece::other;
    if ((all & kLetter) != 0) return Piece::letters;  // letters only (no dot: kDigit would stay)
    if (dots == 0) return Piece::digits;
    return dot > 0 && dot + 1 < p.size() ? Piece::decimal : Piece::other;
}

// Lexicon keys are hashed 8 bytes at a time (the last block zero-padded): most keys are
// words of one block, and a byte-at-a-time hash was a tenth of the builder's time.
// word() lowercases and hashes a word in the same blocks; both must stay in step.
constexpr std::uint64_t kHashSeed = 0x243f6a8885a308d3ULL;
constexpr std::uint64_t kHashMul = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t kLowercase = 0x2020202020202020ULL;  // ASCII letters only

std::uint64_t hash_step(std::uint64_t h, std::uint64_t block) {
    h = (h ^ block) * kHashMul;
    return h ^ (h >> 29);
}

std::uint64_t hash_finish(std::uint64_t h) {
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

/// The n ≤ 8 bytes at `p` as a little-endian block, zero-padded.
std::uint64_t load_block(const char* p, std::size_t n) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    return v;
}

std::uint64_t hash_bytes(std::string_view s) {
    std::uint64_t h = kHashSeed ^ s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) h = hash_step(h, load_block(s.data() + i, 8));
    if (i < s.size()) h = hash_step(h, load_block(s.data() + i, s.size() - i));
    return hash_finish(h);
}

/// The first 8 bytes of `s`, big-endian, zero-padded (Lexicon::lexeme_prefix).
std::uint64_t prefix_of(std::string_view s) {
    std::uint64_t v = 0;
    const std::size_t n = std::min<std::size_t>(s.size(), 8);
    for (std::size_t i = 0; i < n; ++i) {
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])) << (8 * (7 - i));
    }
    return v;
}

/// Appends `v` in decimal.
void append_number(std::string& out, std::uint32_t v) {
    char buf[10];
    char* end = buf + sizeof buf;
    char* p = end;
    do {
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0);
    out.append(p, static_cast<std::size_t>(end - p));
}

/// Whether a '<' in chunk `c` may open an XML tag that goes on past the chunk: the parser
/// reads a tag as one token, and a tag may hold whitespace (`<a href="x y">`). A '<' at the
/// end of the chunk (before whitespace) opens none; one followed by a '>' in the same chunk,
/// with no quote that could hide that '>', ends inside it, and the server's ts_debug of the
/// chunk says what it is (`<PAGE>`, `</b>`, `-1-<PAGE>`). Anything else: the text goes to the
/// server whole.
bool may_open_tag(std::string_view c) {
    const std::size_t lt = c.find('<');
    if (lt == std::string_view::npos) return false;
    if (c.find_first_of("\"'") != std::string_view::npos) return true;
    for (std::size_t p = lt; p != std::string_view::npos; p = c.find('<', p + 1)) {
        if (p + 1 < c.size() && c.find('>', p + 1) == std::string_view::npos) return true;
    }
    return false;
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
            out.emplace_back();
            parse::append_utf8(out.back(), cp);
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

VectorBuilder::VectorBuilder() : own_(std::make_unique<Lexicon>()), lexicon_(own_.get()) {}

VectorBuilder::VectorBuilder(const Lexicon& shared) : lexicon_(&shared) {}

VectorBuilder::Result VectorBuilder::build(std::string_view text, std::string& out,
                                           Format format) {
    out.clear();
    if (slot_stamp_.size() < lexicon_->lexeme_count()) {
        slot_stamp_.resize(lexicon_->lexeme_count(), 0);
        slot_of_.resize(lexicon_->lexeme_count(), 0);
    }
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
    const bool angle = text.find('<') != std::string_view::npos;

    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n && !server_) {
        if ((class_of(text[i]) & kSpace) != 0) {
            ++i;
            continue;
        }
        // One chunk: up to whitespace or a separator.
        const std::size_t start = i;
        bool high = false;
        std::uint8_t all = kLetter | kDigit;  // the classes every byte of the chunk has
        while (i < n) {
            const std::uint8_t k = class_of(text[i]);
            if ((k & (kSpace | kHigh)) == 0) {
                all &= k;
                ++i;
                continue;
            }
            if ((k & kSpace) != 0) break;
            const std::size_t len =
                std::min(sequence_length(static_cast<unsigned char>(text[i])), n - i);
            if (std::binary_search(kSeparators.begin(), kSeparators.end(),
                                   decode(text, i, len))) {
                break;
            }
            high = true;
            i += len;
        }
        if (i > start) {
            // The parser reads a few characters differently at the very start of a text
            // ("~458" is a file there, a blank and a number after a space).
            context_ = start == 0 ? (i == n ? 'b' : 's') : (i == n ? 'e' : 'm');
            const std::string_view c = text.substr(start, i - start);
            if (c.size() > kMaxChunk || (angle && may_open_tag(c))) {
                server_ = true;
            } else if (high) {
                complex_chunk(c);
            } else if (all == kLetter) {
                word(c);  // most chunks: a plain word
            } else if (all == kDigit) {
                literal_token(c);
            } else {
                chunk(c);
            }
        }
        if (i < n && (class_of(text[i]) & kSpace) == 0) {
            i += std::min(sequence_length(static_cast<unsigned char>(text[i])), n - i);
        }
    }
    if (server_) return Result::server;
    if (incomplete_) return Result::missing;
    write(out, format);
    return Result::done;
}

void VectorBuilder::chunk(std::string_view c) {
    std::size_t b = 0;
    std::size_t e = c.size();
    while (b < e && (class_of(c[b]) & kLead) != 0) ++b;
    if (e > b && c[e - 1] == '.') --e;  // one full stop, as the chunk's last character
    while (e > b && (class_of(c[e - 1]) & kTrail) != 0) --e;
    const std::string_view core = c.substr(b, e - b);

    // The core: pieces apart by commas and apostrophes, each letters, digits or a decimal.
    pieces_.clear();
    for (std::size_t p = 0; p <= core.size();) {
        std::size_t q = p;
        while (q < core.size() && core[q] != ',' && core[q] != '\'') ++q;
        const std::string_view piece = core.substr(p, q - p);
        const Piece kind = classify(piece);
        if (kind == Piece::other) {
            complex_chunk(c);
            return;
        }
        if (kind != Piece::empty) pieces_.emplace_back(piece, kind == Piece::letters);
        p = q + 1;
    }
    for (const auto& [piece, letters] : pieces_) {
        if (letters) {
            word(piece);
        } else {
            literal_token(piece);
        }
    }
}

void VectorBuilder::complex_chunk(std::string_view c) {
    static_assert(kMaxChunk + 2 <= kKeyCapacity, "a chunk's key fits the key buffer");
    key_buf_[0] = kContextMark;
    key_buf_[1] = context_;
    std::memcpy(key_buf_.data() + 2, c.data(), c.size());
    key_size_ = c.size() + 2;
    entry(hash_bytes(key()));
}

void VectorBuilder::word(std::string_view letters) {
    // Lowercased and hashed (as hash_bytes) in one pass, 8 letters at a time.
    // Words are pieces of chunks, at most kMaxChunk bytes.
    const std::size_t n = letters.size();
    char* out = key_buf_.data();
    std::uint64_t h = kHashSeed ^ n;
    std::size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        const std::uint64_t v = load_block(letters.data() + k, 8) | kLowercase;
        std::memcpy(out + k, &v, 8);
        h = hash_step(h, v);
    }
    if (k < n) {
        // The last block byte by byte: a variable-length memcpy is a call.
        std::uint64_t v = 0;
        for (std::size_t j = 0; k + j < n; ++j) {
            const char c = static_cast<char>(letters[k + j] | 0x20);
            out[k + j] = c;
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(c)) << (8 * j);
        }
        h = hash_step(h, v);
    }
    key_size_ = n;
    entry(hash_finish(h));
}

void VectorBuilder::literal_token(std::string_view token) {
    ++position_;
    if (!incomplete_) add(token, kNoId);
}

const Lexicon::Entry* Lexicon::find(std::uint64_t h, std::string_view key) const {
    if (table_.empty()) return nullptr;
    const std::size_t mask = table_.size() - 1;
    for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t at = table_[slot];
        if (at == 0) return nullptr;
        const Entry& e = entries_[at - 1];
        if (e.hash == h && e.key == key) return &e;
    }
}

const Lexicon::Entry& Lexicon::find_or_insert(std::uint64_t h, std::string_view key,
                                              bool& inserted) {
    const std::uint32_t id = locate(h, key, inserted);
    if (inserted) missing_.push_back(id);
    return entries_[id];
}

std::uint32_t Lexicon::locate(std::uint64_t h, std::string_view key, bool& inserted) {
    if (entries_.size() * 2 >= table_.size()) {
        // Grow (or create) the table: at most half full.
        std::vector<std::uint32_t> bigger(std::max<std::size_t>(1024, table_.size() * 2), 0);
        const std::size_t mask = bigger.size() - 1;
        for (std::uint32_t id = 0; id < entries_.size(); ++id) {
            std::size_t slot = entries_[id].hash & mask;
            while (bigger[slot] != 0) slot = (slot + 1) & mask;
            bigger[slot] = id + 1;
        }
        table_.swap(bigger);
    }
    const std::size_t mask = table_.size() - 1;
    for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
        const std::uint32_t at = table_[slot];
        if (at == 0) {
            const auto id = static_cast<std::uint32_t>(entries_.size());
            entries_.emplace_back();
            entries_.back().hash = h;
            entries_.back().key = key;
            table_[slot] = id + 1;
            inserted = true;
            return id;
        }
        const Entry& e = entries_[at - 1];
        if (e.hash == h && e.key == key) {
            inserted = false;
            return at - 1;
        }
    }
}

void VectorBuilder::entry(std::uint64_t hash) {
    const Lexicon::Entry* found = nullptr;
    if (own_) {
        bool inserted = false;
        found = &own_->find_or_insert(hash, key(), inserted);
    } else {
        found = lexicon_->find(hash, key());
    }
    if (found == nullptr || !found->resolved) {
        incomplete_ = true;  // new, or asked for already by an earlier text
        if (!own_ && wanted_set_.emplace(key()).second) wanted_.emplace_back(key());
        return;
    }
    if (found->server_only) {
        server_ = true;
        return;
    }
    const std::vector<std::uint32_t>& t = found->tokens;
    for (std::size_t k = 0; k < t.size(); k += 1 + t[k]) {
        ++position_;
        if (incomplete_) continue;
        for (std::size_t m = k + 1; m <= k + t[k]; ++m) add(lexicon_->lexeme(t[m]), t[m]);
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
        slots_[slot].prefix =
            lexeme_id != kNoId ? lexicon_->lexeme_prefix(lexeme_id) : prefix_of(lexeme);
        slots_[slot].positions.clear();
    }
    std::vector<std::uint16_t>& positions = slots_[slot].positions;
    const auto p = static_cast<std::uint16_t>(std::min<std::uint32_t>(position_, kMaxPosition));
    if (positions.size() < kMaxPositions && (positions.empty() || positions.back() != p)) {
        positions.push_back(p);
    }
}

void VectorBuilder::write(std::string& out, Format format) {
    // Lexemes in byte order: by their 8-byte prefixes, and whole only where those are equal.
    order_.resize(used_slots_);
    for (std::uint32_t k = 0; k < used_slots_; ++k) order_[k] = {slots_[k].prefix, k};
    std::sort(order_.begin(), order_.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return slots_[a.second].lexeme < slots_[b.second].lexeme;
    });
    const auto slot_at = [&](std::size_t k) -> const Slot& { return slots_[order_[k].second]; };
    std::vector<std::uint16_t> merged;
    const auto put16 = [&](std::uint32_t v) {
        out += static_cast<char>((v >> 8) & 0xFF);
        out += static_cast<char>(v & 0xFF);
    };
    std::size_t entries = 0;
    if (format == Format::binary) out.assign(4, '\0');  // the count, set below
    for (std::size_t k = 0; k < order_.size();) {
        // A number and a lexeme of a longer chunk may be the same string: one entry.
        std::size_t end = k + 1;
        while (end < order_.size() && order_[end].first == order_[k].first &&
               slot_at(end).lexeme == slot_at(k).lexeme) {
            ++end;
        }
        const std::vector<std::uint16_t>* positions = &slot_at(k).positions;
        if (end > k + 1) {
            merged.clear();
            for (std::size_t m = k; m < end; ++m) {
                const std::vector<std::uint16_t>& more = slot_at(m).positions;
                std::vector<std::uint16_t> both;
                std::merge(merged.begin(), merged.end(), more.begin(), more.end(),
                           std::back_inserter(both));
                merged.swap(both);
            }
            merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
            if (merged.size() > kMaxPositions) merged.resize(kMaxPositions);
            positions = &merged;
        }
        ++entries;
        if (format == Format::binary) {
            // tsvector's binary form (tsvectorrecv): the lexeme and a NUL, the number of
            // positions, the positions (weight D: the two high bits clear); big-endian.
            out += slot_at(k).lexeme;
            out += '\0';
            put16(static_cast<std::uint32_t>(positions->size()));
            for (std::uint16_t p : *positions) put16(p);
        } else {
            if (!out.empty()) out += ' ';
            append_tsvector_lexeme(out, slot_at(k).lexeme);
            char sep = ':';
            for (std::uint16_t p : *positions) {
                out += sep;
                append_number(out, p);
                sep = ',';
            }
        }
        k = end;
    }
    if (format == Format::binary) {
        for (int b = 0; b < 4; ++b) {
            out[static_cast<std::size_t>(b)] =
                static_cast<char>((entries >> (8 * (3 - b))) & 0xFF);
        }
    }
}

std::uint32_t Lexicon::intern(const std::string& lexeme) {
    const auto [it, inserted] =
        lexeme_ids_.try_emplace(lexeme, static_cast<std::uint32_t>(lexemes_.size()));
    if (inserted) {
        lexemes_.push_back(&it->first);
        prefixes_.push_back(prefix_of(lexeme));
    }
    return it->second;
}

void VectorBuilder::clear_wanted() {
    wanted_.clear();
    wanted_set_.clear();
}

std::vector<std::string> Lexicon::missing() const {
    std::vector<std::string> keys;
    keys.reserve(missing_.size());
    for (std::uint32_t id : missing_) keys.push_back(entries_[id].key);
    return keys;
}

void Lexicon::store(Entry& e, ChunkLexemes& answer) {
    e.resolved = true;
    e.server_only = answer.server_only;
    e.tokens.clear();
    for (const std::vector<std::string>& token : answer.tokens) {
        e.tokens.push_back(static_cast<std::uint32_t>(token.size()));
        for (const std::string& l : token) e.tokens.push_back(intern(l));
    }
}

void Lexicon::resolve(std::vector<ChunkLexemes> answers) {
    for (std::size_t k = 0; k < missing_.size() && k < answers.size(); ++k) {
        store(entries_[missing_[k]], answers[k]);
    }
    missing_.clear();
}

void Lexicon::add(const std::vector<std::string>& keys, std::vector<ChunkLexemes> answers) {
    for (std::size_t k = 0; k < keys.size() && k < answers.size(); ++k) {
        // Not added to missing_: answered already. An entry that the writer has asked for,
        // unresolved, is answered here; the writer's answer, when it comes, is the same.
        bool inserted = false;
        Entry& e = entries_[locate(hash_bytes(keys[k]), keys[k], inserted)];
        if (!e.resolved) store(e, answers[k]);
    }
}

void Lexicon::trim(std::size_t max_entries) {
    // Lexeme ids start again from 0: a builder's slot stamps of earlier texts stay older than
    // its next text's stamp, so they need no reset.
    if (entries_.size() <= max_entries || !missing_.empty()) return;
    table_.clear();
    entries_.clear();
    lexemes_.clear();
    prefixes_.clear();
    lexeme_ids_.clear();
}

}  // namespace edgarsql::db::postgres
