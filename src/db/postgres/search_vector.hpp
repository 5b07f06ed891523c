#pragma once
// The tsvector of a text, computed by edgarsql instead of by the PostgreSQL server
// (docs/schema-decisions.md, "Vectors computed by edgarsql").
//
// The server's to_tsvector('english', …) runs at about 10 MB of text per second in the one
// server process of a connection; for a backfill it was most of the server's work. The value
// it computes is fixed by two things: how the text search parser cuts the text into tokens,
// and what the configuration's dictionaries make of each token. This builder reproduces the
// first only where it is simple, and never the second:
//
// - The text is cut into chunks at whitespace and at a few punctuation characters outside
//   ASCII (typographic quotes and dashes, bullets, …). The parser never carries a token across
//   them, so the tokens of the text are the tokens of its chunks, one after the other. The one
//   exception is an XML tag, which may hold spaces: a text with a '<' that may open a tag
//   reaching past its chunk is left to the server (`<PAGE>` and `</b>` are not such tags).
// - A chunk made of ASCII letters, digits and simple punctuation around them ("(Inc.)",
//   "1,234.56", "company's") is cut here: letters are a word, digits an unsigned integer, and
//   digits.digits a decimal, which the `english` configuration indexes as they are.
// - Every other chunk ("10-K", "U.S.", "www.sec.gov", "mañana", "co-operate"), and every
//   word, is looked up in a lexicon filled by the server itself: ts_debug('english', chunk)
//   gives its tokens and each token's lexemes, so stemming, stop words and the parser's rules
//   for hyphens, hosts, files and versions are the server's own, whatever its version.
//
// Positions follow the server's rules: one per token that the configuration indexes (a stop
// word takes one and gives no lexeme), at most 16383, at most 255 per lexeme, lexemes in
// byte order. The vector covers the first 400,000 characters of a text, as
// migrations/postgres/0005 defines it.
//
// A builder is not thread-safe. Builders on several threads may share one lexicon, read-only
// (a writer's lexicon, used on the parser threads: docs/schema-decisions.md).

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace edgarsql::db::postgres {

/// Characters of a text that the vector covers (left(text, 400000) in the schema).
inline constexpr std::size_t kVectorChars = 400000;

/// What the server said of one chunk: its indexed tokens in order, each with its lexemes
/// (none for a stop word). `server_only`: a token the builder cannot place (a dictionary that
/// did not recognize it); texts containing the chunk are left to the server.
struct ChunkLexemes {
    bool server_only = false;
    std::vector<std::vector<std::string>> tokens;
};

/// Marks a lexicon key as a chunk in context: the mark, then 's' (the text starts with the
/// chunk), 'e' (ends with it), 'b' (is the chunk) or 'm' (neither), then the chunk. Keys
/// without the mark are lowercase words.
inline constexpr char kContextMark = '\x1e';

/// The text to ask the server's ts_debug about for lexicon key `key`: the chunk with a space
/// on each side where the text has whitespace or a separator.
std::string lexicon_query_text(const std::string& key);

/// Non-ASCII characters taken as separators, as UTF-8 (checked against the server before use).
const std::vector<std::string>& separator_characters();

/// What the server said of each chunk and word met so far, and the lexemes of its answers.
/// One writer fills it: its VectorBuilder adds what a text lacks, unresolved, and resolve()
/// stores the server's answers. Read-only builders on other threads may share it while it
/// does not change (a shared lock; PostgresBackend::prepare_input).
class Lexicon {
  public:
    struct Entry {
        std::uint64_t hash = 0;
        std::string key;
        bool resolved = false;
        bool server_only = false;
        /// Per token, in order: its number of lexemes, then their ids (one allocation).
        std::vector<std::uint32_t> tokens;
    };

    /// The entry with `key` (and its `hash`), or nullptr.
    const Entry* find(std::uint64_t hash, std::string_view key) const;
    /// The entry with `key`; a new one is added unresolved, to missing(), and `inserted` set.
    const Entry& find_or_insert(std::uint64_t hash, std::string_view key, bool& inserted);
    /// Stores the server's answers for `keys` (one each, in order), asked by a reader rather
    /// than through missing(); keys already resolved are left as they are.
    void add(const std::vector<std::string>& keys, std::vector<ChunkLexemes> answers);
    const std::string& lexeme(std::uint32_t id) const { return *lexemes_[id]; }
    /// The lexeme's first 8 bytes, big-endian, zero-padded: orders lexemes as their bytes do
    /// wherever they differ within them.
    std::uint64_t lexeme_prefix(std::uint32_t id) const { return prefixes_[id]; }
    std::size_t lexeme_count() const { return lexemes_.size(); }

    /// Keys added since the last resolve(), each once, in order.
    std::vector<std::string> missing() const;
    /// Stores the server's answers, one per missing() key in the same order, and clears
    /// missing().
    void resolve(std::vector<ChunkLexemes> answers);
    /// Forgets everything when it holds more than `max_entries` keys (memory bound).
    void trim(std::size_t max_entries);
    std::size_t size() const { return entries_.size(); }

  private:
    /// The index of the entry with `key`, added unresolved when new (`inserted`).
    std::uint32_t locate(std::uint64_t hash, std::string_view key, bool& inserted);
    std::uint32_t intern(const std::string& lexeme);
    void store(Entry& e, ChunkLexemes& answer);

    // Entries by key, through an open-addressing table of entry index + 1 (std::unordered_map's
    // lookups took a quarter of the builder's time).
    std::vector<std::uint32_t> table_;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::uint32_t> lexeme_ids_;
    std::vector<const std::string*> lexemes_;  ///< id -> the key in lexeme_ids_
    std::vector<std::uint64_t> prefixes_;      ///< id -> lexeme_prefix()
    std::vector<std::uint32_t> missing_;       ///< entries_ not resolved yet, in order
};

class VectorBuilder {
  public:
    enum class Result {
        done,     ///< `out` holds the vector
        missing,  ///< chunks not in the lexicon yet; see missing(), then resolve() and retry
        server,   ///< leave this text to the server
    };

    enum class Format {
        text,    ///< tsvector's text form: 'cat':2,8 'mat':6
        binary,  ///< its binary form, as a binary COPY or parameter takes it
    };

    /// A builder with a lexicon of its own, which build() adds to.
    VectorBuilder();
    /// A builder that reads `shared` and never adds to it: a text with a chunk that `shared`
    /// does not hold resolved is Result::missing, and the chunk's key goes to wanted(). The
    /// caller keeps `shared` from changing during build().
    explicit VectorBuilder(const Lexicon& shared);

    /// The vector of left(text, kVectorChars), in `out` when done.
    Result build(std::string_view text, std::string& out, Format format = Format::text);

    // A builder with a lexicon of its own only:
    /// Its lexicon, for builders that share it.
    Lexicon& lexicon() { return *own_; }
    /// Chunks that build() met and the lexicon does not hold yet, each once (lexicon keys).
    std::vector<std::string> missing() const { return own_->missing(); }
    /// Stores the server's answers (Lexicon::resolve).
    void resolve(std::vector<ChunkLexemes> answers) { own_->resolve(std::move(answers)); }
    /// Forgets the lexicon when it holds more than `max_entries` chunks (memory bound).
    void trim(std::size_t max_entries) { own_->trim(max_entries); }
    std::size_t lexicon_size() const { return lexicon_->size(); }

    // A builder on a shared lexicon only:
    /// The keys its texts lacked since clear_wanted(), each once, to ask the server about and
    /// give to Lexicon::add().
    const std::vector<std::string>& wanted() const { return wanted_; }
    void clear_wanted();

  private:
    struct Slot {
        std::string_view lexeme;
        std::uint64_t prefix = 0;  ///< Lexicon::lexeme_prefix() of lexeme
        std::vector<std::uint16_t> positions;
    };

    void chunk(std::string_view c);
    void complex_chunk(std::string_view c);
    void word(std::string_view letters);
    void literal_token(std::string_view token);
    void entry(std::uint64_t hash);  ///< the chunk or word in key(), with its hash
    void add(std::string_view lexeme, std::uint32_t lexeme_id);  ///< kNoId: a literal token
    void write(std::string& out, Format format);

    std::unique_ptr<Lexicon> own_;     ///< null for a builder on a shared lexicon
    const Lexicon* lexicon_ = nullptr;  ///< own_ or the shared one
    std::vector<std::pair<std::string_view, bool>> pieces_;  ///< of a chunk; true: letters
    std::vector<std::string> wanted_;
    std::unordered_set<std::string> wanted_set_;

    // State of the text being built.
    bool incomplete_ = false;  ///< a chunk was missing: collect, do not place
    bool server_ = false;
    std::uint32_t position_ = 0;
    /// The chunk (with its context mark), or lowercased word, being looked up: a buffer of
    /// its own, since a std::string's resize was a tenth of the time spent on words.
    static constexpr std::size_t kKeyCapacity = 1040;
    std::array<char, kKeyCapacity> key_buf_{};
    std::size_t key_size_ = 0;
    std::string_view key() const { return {key_buf_.data(), key_size_}; }
    char context_ = 'm';  ///< where the current chunk stands (kContextMark)
    std::uint32_t stamp_ = 0;
    std::vector<std::uint32_t> slot_stamp_;  ///< per lexeme id: the text that last used it
    std::vector<std::uint32_t> slot_of_;     ///< per lexeme id: its slot in that text
    std::unordered_map<std::string_view, std::uint32_t> literal_slots_;
    std::vector<Slot> slots_;
    std::size_t used_slots_ = 0;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order_;  ///< write()'s sort: prefix, slot
};

/// Appends `lexeme` to a tsvector literal: quoted, with ' and \ doubled.
void append_tsvector_lexeme(std::string& literal, std::string_view lexeme);

}  // namespace edgarsql::db::postgres
