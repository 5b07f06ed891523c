// Search vectors computed by edgarsql (db/postgres/search_vector.hpp): the builder's own rules
// with a lexicon answered here, then, against a PostgreSQL server, the vectors of thousands of
// random texts compared with the server's to_tsvector.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "db/backend.hpp"
#include "db/postgres/postgres_backend.hpp"
#include "db/postgres/search_vector.hpp"
#include "db/postgres_test_support.hpp"

using namespace edgarsql;
using db::postgres::ChunkLexemes;
using db::postgres::VectorBuilder;

namespace {

// A lexicon for the unit cases: a word is its own lexeme, "the" and "a" are stop words, and a
// chunk in context gives the tokens listed in `chunks` (none when not listed).
struct FakeServer {
    std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> chunks;
    std::vector<std::string> server_only;
    std::vector<std::string> asked;

    void answer(VectorBuilder& b) { b.resolve(answers(b.missing())); }

    std::vector<ChunkLexemes> answers(const std::vector<std::string>& keys) {
        std::vector<ChunkLexemes> out;
        for (const std::string& key : keys) {
            asked.push_back(key);
            ChunkLexemes a;
            if (key[0] != db::postgres::kContextMark) {
                if (key == "the" || key == "a") {
                    a.tokens.push_back({});
                } else {
                    a.tokens.push_back({key});
                }
            } else {
                for (const auto& [chunk, tokens] : chunks) {
                    if (key.substr(2) == chunk) a.tokens = tokens;
                }
                for (const std::string& chunk : server_only) {
                    if (key.substr(2) == chunk) a.server_only = true;
                }
            }
            out.push_back(a);
        }
        return out;
    }

    std::string vector(VectorBuilder& b, const std::string& text) {
        std::string literal;
        VectorBuilder::Result r = b.build(text, literal);
        if (r == VectorBuilder::Result::missing) {
            answer(b);
            r = b.build(text, literal);
        }
        REQUIRE(r == VectorBuilder::Result::done);
        return literal;
    }
};

}  // namespace

TEST_CASE("search vectors: positions, stop words, numbers and the server's limits", "[db]") {
    VectorBuilder b;
    FakeServer server;

    SECTION("every token takes a position, a stop word too") {
        CHECK(server.vector(b, "The cat sat on the mat; the cat.") ==
              "'cat':2,8 'mat':6 'on':4 'sat':3");
    }
    SECTION("lexemes are in byte order, also where their first 8 bytes agree") {
        CHECK(server.vector(b, "financing financial financ financially financialx 1234567890 "
                               "123456789 FINANCIALLY") ==
              "'123456789':7 '1234567890':6 'financ':3 'financial':2 'financially':4,8 "
              "'financialx':5 'financing':1");
    }
    SECTION("numbers and decimals are indexed as they are, without asking the server") {
        CHECK(server.vector(b, "(1,234.56) 007 $3.5% 5.") ==
              "'007':3 '1':1 '234.56':2 '3.5':4 '5':5");
        CHECK(server.asked.empty());
    }
    SECTION("punctuation around a core; apostrophes and commas cut it") {
        CHECK(server.vector(b, "\"Company's\" [result,done]! {x}: *y*") ==
              "'company':1 'done':4 'result':3 's':2 'x':5 'y':6");
        CHECK(server.asked == std::vector<std::string>{"company", "s", "result", "done", "x",
                                                       "y"});
    }
    SECTION("other chunks are asked about whole, with where they stand") {
        server.chunks = {{"10-K", {{"10-k"}, {"10"}, {"k"}}}, {"~458", {{"~458"}}}};
        // The 10 of "10-K" and the number 10 are one lexeme with both positions.
        CHECK(server.vector(b, "~458 10-K 10 ~458") == "'10':3,5 '10-k':2 'k':4 '~458':1,6");
        const char mark = db::postgres::kContextMark;
        CHECK(server.asked == std::vector<std::string>{std::string{mark, 's'} + "~458",
                                                       std::string{mark, 'm'} + "10-K",
                                                       std::string{mark, 'e'} + "~458"});
        CHECK(db::postgres::lexicon_query_text(server.asked[0]) == "~458 ");
        CHECK(db::postgres::lexicon_query_text(server.asked[1]) == " 10-K ");
        CHECK(db::postgres::lexicon_query_text(server.asked[2]) == " ~458");
        CHECK(db::postgres::lexicon_query_text("cat") == " cat ");
    }
    SECTION("typographic quotes and dashes separate chunks") {
        CHECK(server.vector(b, "\u201cgrowth\u201d\u2014and the company\u2019s") ==
              "'and':2 'company':4 'growth':1 's':5");
    }
    SECTION("at most 255 positions a lexeme; positions stop at 16383") {
        std::string text;
        for (int i = 0; i < 16380; ++i) text += "x ";
        text += "cat dog cat bird";
        std::string x = "'x':1";
        for (int i = 2; i <= 255; ++i) x += "," + std::to_string(i);
        CHECK(server.vector(b, text) ==
              "'bird':16383 'cat':16381,16383 'dog':16382 " + x);
    }
    SECTION("the vector covers the first 400,000 characters, not bytes") {
        std::string text;
        for (int i = 0; i < 199'999; ++i) text += "\u00e9 ";  // 2 characters, 3 bytes
        text += "xy zz";
        CHECK(server.vector(b, text) == "'xy':1");  // é: no tokens in this lexicon
    }
    SECTION("the binary form: count, then each lexeme, NUL, positions, big-endian") {
        std::string out;
        REQUIRE(b.build("cat sat cat", out) == VectorBuilder::Result::missing);
        server.answer(b);
        REQUIRE(b.build("cat sat cat", out, VectorBuilder::Format::binary) ==
                VectorBuilder::Result::done);
        const std::string expected("\0\0\0\2" "cat\0" "\0\2" "\0\1" "\0\3"
                                   "sat\0" "\0\1" "\0\2", 4 + 4 + 6 + 4 + 4);
        CHECK(out == expected);
    }
    SECTION("quotes and backslashes in a lexeme are doubled") {
        std::string literal;
        db::postgres::append_tsvector_lexeme(literal, "it's a\\b");
        CHECK(literal == "'it''s a\\\\b'");
    }
    SECTION("texts left to the server: a tag that may reach past its chunk") {
        std::string literal;
        CHECK(b.build("see <b class=x>this</b>", literal) == VectorBuilder::Result::server);
        CHECK(b.build("see <a href=\"x\">this</a>", literal) == VectorBuilder::Result::server);
        CHECK(b.build("an <!-- x --> comment", literal) == VectorBuilder::Result::server);
        // Tags that end in their chunk, and a lone '<', are the server's to cut, chunk by chunk.
        server.chunks = {{"<PAGE>", {}}, {"-1-<PAGE>", {{"-1"}}}};
        CHECK(server.vector(b, "<PAGE> x < y -1-<PAGE>") == "'-1':3 'x':1 'y':2");
        CHECK(b.build("ok " + std::string(2000, 'q') + "-x", literal) ==
              VectorBuilder::Result::server);
        server.server_only = {"odd-chunk"};
        CHECK(b.build("an odd-chunk", literal) == VectorBuilder::Result::missing);
        server.answer(b);
        CHECK(b.build("an odd-chunk", literal) == VectorBuilder::Result::server);
        CHECK(server.vector(b, "an odd") == "'an':1 'odd':2");
    }
    SECTION("a builder on a shared lexicon reads it, and says what it lacks") {
        VectorBuilder reader(b.lexicon());
        server.vector(b, "the cat sat");
        std::string out;
        // What the owner knows, the reader places the same way.
        REQUIRE(reader.build("cat sat the cat", out) == VectorBuilder::Result::done);
        CHECK(out == server.vector(b, "cat sat the cat"));
        CHECK(reader.wanted().empty());
        // What it lacks is the reader's to ask about, each key once; the owner asks for
        // nothing.
        // Words of one, two and three 8-byte blocks: the reader's hash of a word is the
        // lexicon's hash of its key.
        const std::string text = "a dog, a dog and U.S. cat Extraordinarily extraordinarilyquiet";
        CHECK(reader.build(text, out) == VectorBuilder::Result::missing);
        const char mark = db::postgres::kContextMark;
        CHECK(reader.wanted() ==
              std::vector<std::string>{"a", "dog", "and", std::string{mark, 'm'} + "U.S.",
                                       "extraordinarily", "extraordinarilyquiet"});
        CHECK(b.missing().empty());
        server.chunks = {{"U.S.", {{"u.s"}}}};
        b.lexicon().add(reader.wanted(), server.answers(reader.wanted()));
        reader.clear_wanted();
        REQUIRE(reader.build(text, out) == VectorBuilder::Result::done);
        CHECK(out == "'and':5 'cat':7 'dog':2,4 'extraordinarily':8 'extraordinarilyquiet':9 "
                     "'u.s':6");
        CHECK(reader.wanted().empty());
        CHECK(b.missing().empty());
        CHECK(server.vector(b, text) == out);
        // A key the owner has asked for and a reader answered first stays answered once the
        // owner's answer comes.
        CHECK(b.build("the mouse", out) == VectorBuilder::Result::missing);
        CHECK(reader.build("the mouse", out) == VectorBuilder::Result::missing);
        CHECK(reader.wanted() == std::vector<std::string>{"mouse"});
        b.lexicon().add(reader.wanted(), server.answers(reader.wanted()));
        reader.clear_wanted();
        REQUIRE(reader.build("the mouse", out) == VectorBuilder::Result::done);
        CHECK(out == "'mouse':2");
        server.answer(b);
        CHECK(server.vector(b, "the mouse") == "'mouse':2");
    }
    SECTION("a trimmed lexicon asks again") {
        server.vector(b, "alpha beta");
        b.trim(1);
        CHECK(b.lexicon_size() == 0);
        std::string literal;
        CHECK(b.build("alpha", literal) == VectorBuilder::Result::missing);
    }
}

namespace {

model::Filing text_filing(int n, const std::vector<std::string>& texts) {
    model::Filing f;
    f.accession_number = "0009000077-22-" + std::to_string(100000 + n);
    f.form_type = "8-K";
    f.form_family = "8-K";
    f.filed_date = "2022-03-01";
    f.source_kind = model::SourceKind::full_submission;
    model::Party p;
    p.role = "filer";
    p.seq = 1;
    p.cik = 7700000 + n;
    p.name = "VECTOR TEST CO";
    p.company_data = true;
    f.parties.push_back(p);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        model::Item it;
        it.source = "body";
        it.item_code = "8.01";
        it.item_raw = "8.01";
        it.seq = static_cast<int>(i) + 1;
        it.text = texts[i];
        f.items.push_back(it);
        model::Document d;
        d.sequence = static_cast<int>(i) + 1;
        d.type = "EX-99.1";
        d.text = texts[texts.size() - 1 - i];
        d.bytes = static_cast<std::int64_t>(d.text->size());
        f.documents.push_back(d);
    }
    f.document_count = static_cast<int>(f.documents.size());
    return f;
}

db::InputResult text_input(int n, const std::vector<std::string>& texts) {
    db::InputResult r;
    r.source.path = "/vectors/" + std::to_string(n) + ".txt";
    r.source.sha256 = std::string(60, 'd') + std::to_string(1000 + n);
    r.status = db::InputStatus::ingested;
    r.filing = text_filing(n, texts);
    r.parser_version = 1;
    return r;
}

// Random text rich in what the parser treats specially: hyphens, dots, slashes, at signs,
// tildes, signs, numbers of every shape, hosts, URLs, letters outside ASCII, separators,
// control characters and every kind of whitespace.
std::string random_text(std::mt19937& rng, int tokens) {
    static const std::vector<std::string> parts = {
        "the", "The", "a", "company", "Company's", "resigned", "running", "co", "operation",
        "Non", "GAAP", "U", "S", "e", "g", "Inc", "www", "sec", "gov", "com", "http", "https",
        "ftp", "mailto", "ir", "example", "x", "beta1", "1st", "10", "K", "8", "2003", "01",
        "1", "234", "56", "007", "12", "5", "3", "0", "99", "1e5", "E", "caf\u00e9",
        "\u00fcber", "Stra\u00dfe", "\u00d8re", "ma\u00f1ana", "\u0092s", "\u03b1\u03b2",
        "\u4e2d\u6587", "\U0001F600", "AbC", "XML", "amp", "nbsp", "_id", "foo_bar",
        "pre-", "-post", "v1.2.3", "8.3.0", "1.2.3.4",
    };
    static const std::vector<std::string> glue = {
        "-", ".", ",", "/", "@", ":", "~", "'", "\"", "(", ")", "[", "]", "{", "}", "$", "%",
        "#", "*", "+", "=", "&", ";", "!", "?", "_", "\\", "|", "^", "`", "..", "//", "://",
        "--", ".-", "-.", "&amp;", "\u2019", "\u201c", "\u201d", "\u2014", "\u2013",
        "\u2022", "\u00a0", "\u00a7", "\u00ae", "\u2122", "\u25cf", "\u2610", "\x01", "\x7f",
    };
    // Tags: those that end in their chunk, often; those that may not (the text then goes to
    // the server whole), seldom.
    static const std::vector<std::string> tags = {"<PAGE>", "<b>", "</b>", "<TOTAL-ASSETS>",
                                                  " < ", ">", "-1-<PAGE>", "<PAGE>1"};
    static const std::vector<std::string> open_tags = {"<a href=", "<!--", "<5", "<=", "<?xml"};
    static const std::vector<std::string> spaces = {" ", " ", " ", " ", "\n", "\t", "\r\n",
                                                    "  ", "\f", "\v", " \u2014 "};
    std::string out;
    std::uniform_int_distribution<std::size_t> part(0, parts.size() - 1);
    std::uniform_int_distribution<std::size_t> glued(0, glue.size() - 1);
    std::uniform_int_distribution<std::size_t> space(0, spaces.size() - 1);
    std::uniform_int_distribution<int> pieces(1, 4);
    std::uniform_int_distribution<int> coin(0, 9);
    std::uniform_int_distribution<int> permille(0, 999);
    std::uniform_int_distribution<std::size_t> tag(0, tags.size() - 1);
    std::uniform_int_distribution<std::size_t> open_tag(0, open_tags.size() - 1);
    for (int t = 0; t < tokens; ++t) {
        if (t > 0 || coin(rng) < 2) out += spaces[space(rng)];
        const int k = pieces(rng);
        for (int i = 0; i < k; ++i) {
            if (i > 0 || coin(rng) < 2) out += glue[glued(rng)];
            out += parts[part(rng)];
        }
        if (coin(rng) < 3) out += glue[glued(rng)];
        const int draw = permille(rng);
        if (draw < 60) {
            out += tags[tag(rng)];
        } else if (draw < 63) {
            out += open_tags[open_tag(rng)];
        }
    }
    return out;
}

}  // namespace

TEST_CASE("postgres: edgarsql's search vectors are the server's", "[db]") {
    if (!test::postgres_available()) return;
    // COPY sends the vectors in binary, the per-row statements as text.
    const auto mode = GENERATE(db::postgres::WriteMode::copy, db::postgres::WriteMode::prepared);
    INFO("write mode " << (mode == db::postgres::WriteMode::copy ? "copy" : "prepared"));
    // The vectors computed by the writer, or first by two parser threads (prepare_input), the
    // second half of them while the writer writes the first half.
    const bool parsers = GENERATE(false, true);
    INFO((parsers ? "parser threads" : "writer only"));
    test::PostgresDb pg;
    auto b = db::postgres::open_postgres_backend(pg.url(), {}, mode);
    b->migrate();
    const std::int64_t run = b->begin_run({"test", "test"});

    // EDGARSQL_VECTOR_TEXTS=N EDGARSQL_VECTOR_SEED=S: more texts, or others, than CI's.
    const char* seed_env = std::getenv("EDGARSQL_VECTOR_SEED");
    const char* texts_env = std::getenv("EDGARSQL_VECTOR_TEXTS");
    const unsigned seed = seed_env != nullptr ? static_cast<unsigned>(std::stoul(seed_env))
                                              : 20261125U;
    const int count = texts_env != nullptr ? std::stoi(texts_env) : 1500;
    INFO("seed " << seed << ", " << count << " random texts");
    std::mt19937 rng(seed);
    std::vector<db::InputResult> batch;
    std::vector<std::string> texts;
    for (int n = 0; n < count; ++n) texts.push_back(random_text(rng, n % 40));
    // Long texts: the position limit, and the 400,000-character cut inside a multibyte word.
    std::string longer;
    for (int i = 0; i < 9000; ++i) longer += "report of the U.S. 10-K ";
    texts.push_back(longer);
    std::string cut(399'998, ' ');
    cut += "caf\u00e9s x-y-z";
    texts.push_back(cut);
    texts.push_back("an XML tag <b class=\"x y\">bold</b> goes to the server");
    texts.push_back("");
    for (std::size_t i = 0; i < texts.size(); i += 50) {
        const std::size_t end = std::min(texts.size(), i + 50);
        const auto first = texts.begin() + static_cast<std::ptrdiff_t>(i);
        const auto last = texts.begin() + static_cast<std::ptrdiff_t>(end);
        batch.push_back(text_input(static_cast<int>(i), std::vector<std::string>(first, last)));
    }
    if (!parsers) {
        b->write_batch(run, batch);
    } else {
        const std::size_t half = batch.size() / 2;
        std::vector<db::InputResult> first(std::make_move_iterator(batch.begin()),
                                           std::make_move_iterator(batch.begin() +
                                                                   static_cast<std::ptrdiff_t>(
                                                                       half)));
        std::vector<db::InputResult> second(
            std::make_move_iterator(batch.begin() + static_cast<std::ptrdiff_t>(half)),
            std::make_move_iterator(batch.end()));
        {
            std::vector<std::thread> threads;
            for (std::size_t t = 0; t < 2; ++t) {
                threads.emplace_back([&second, &b, t] {
                    for (std::size_t k = t; k < second.size(); k += 2) {
                        b->prepare_input(second[k]);
                    }
                });
            }
            b->write_batch(run, first);
            for (std::thread& t : threads) t.join();
        }
        b->write_batch(run, second);
    }

    const db::postgres::VectorCounts counts = db::postgres::vector_counts(*b);
    INFO("edgarsql " << counts.client << " (parser threads " << counts.prepared << "), server "
                     << counts.server << ", lexicon statements " << counts.lexicon_statements
                     << " (parser threads " << counts.parser_lexicon_statements << ")");
    // Texts with a tag that may reach past its chunk go to the server: the fixed XML-tag
    // text, and some of the random ones.
    CHECK(counts.client + counts.server == 2 * texts.size());
    CHECK(counts.server >= 2);
    CHECK(counts.client > 2 * texts.size() * 3 / 4);
    // Texts with a '<' too: more vectors computed here than texts without one.
    const auto without_angle = std::count_if(texts.begin(), texts.end(), [](const std::string& t) {
        return t.find('<') == std::string::npos;
    });
    CHECK(counts.client > 2 * static_cast<std::uint64_t>(without_angle));
    if (!parsers) {
        CHECK(counts.lexicon_statements == 2);  // the probe, then the batch
        CHECK(counts.prepared == 0);
    } else {
        // The second half's vectors come from the parser threads, which asked the server
        // themselves for what the lexicon lacked; the writer asked for the first half's.
        const std::size_t second_texts = texts.size() - (batch.size() / 2) * 50;
        CHECK(counts.prepared > 2 * second_texts * 3 / 4);
        CHECK(counts.parser_lexicon_statements > 0);
        CHECK(counts.lexicon_statements >= 2);
    }

    const auto differing = [&](const std::string& table, const std::string& indexed) {
        return b->query("SELECT count(*) FROM " + table + " WHERE text_vector IS DISTINCT FROM "
                        "(CASE WHEN " + indexed + " THEN to_tsvector('english', "
                        "left(text, 400000)) END)")[0][0];
    };
    const auto sample = [&](const std::string& table) {
        auto rows = b->query("SELECT left(text, 300), text_vector::text, "
                             "to_tsvector('english', left(text, 400000))::text FROM " + table +
                             " WHERE text_vector IS DISTINCT FROM to_tsvector('english', "
                             "left(text, 400000)) LIMIT 1");
        return rows.empty() ? std::string()
                            : "text: " + *rows[0][0] + "\nedgarsql: " + *rows[0][1] +
                                  "\nserver: " + *rows[0][2];
    };
    INFO(sample("items"));
    CHECK(differing("items", "text IS NOT NULL") == "0");
    CHECK(differing("documents", "text IS NOT NULL AND NOT text_in_items") == "0");
    CHECK(b->query("SELECT count(*) FROM items WHERE text_vector IS NULL")[0][0] == "0");

    // The trigger: a vector left NULL, or stale after its text changed, or changed by an
    // UPDATE, is the server's.
    b->query("UPDATE items SET text = 'resigned effective immediately' WHERE seq = 1");
    CHECK(differing("items", "text IS NOT NULL") == "0");
    b->query("UPDATE items SET text_vector = to_tsvector('simple', text) WHERE seq = 2");
    CHECK(differing("items", "text IS NOT NULL") == "0");
    b->query("UPDATE documents SET text_in_items = true WHERE sequence = 3");
    CHECK(differing("documents", "text IS NOT NULL AND NOT text_in_items") == "0");
    CHECK(b->query("SELECT count(*) FROM documents WHERE sequence = 3 AND text_vector IS NOT "
                   "NULL")[0][0] == "0");
    CHECK(b->query("SELECT count(*) FROM items WHERE text_vector @@ "
                   "to_tsquery('english', 'resign')")[0][0] != "0");
    b->finish_run(run, {}, "ok");
}

TEST_CASE("postgres: a changed text search configuration leaves the vectors to the server",
          "[db]") {
    if (!test::postgres_available()) return;
    test::PostgresDb pg;
    {
        auto setup = db::postgres::open_postgres_backend(pg.url(), {});
        setup->migrate();
    }
    // Numbers no longer indexed: edgarsql's rules for them would be wrong here.
    db::postgres::execute(pg.url(),
                          "ALTER TEXT SEARCH CONFIGURATION english DROP MAPPING FOR uint");
    auto b = db::postgres::open_postgres_backend(pg.url(), {});
    const std::int64_t run = b->begin_run({"test", "test"});
    b->write_batch(run, {text_input(1, {"Item 2.02 of 2003: 17 resigned", "5 of 7"})});
    const db::postgres::VectorCounts counts = db::postgres::vector_counts(*b);
    CHECK(counts.client == 0);
    CHECK(counts.server == 4);
    CHECK(b->query("SELECT count(*) FROM items WHERE text_vector IS DISTINCT FROM "
                   "to_tsvector('english', left(text, 400000))")[0][0] == "0");
    CHECK(b->query("SELECT text_vector::text FROM items WHERE seq = 2")[0][0] == "");
    b->finish_run(run, {}, "ok");
}

TEST_CASE("postgres: vectors the parser threads cannot compute are the writer's", "[db]") {
    if (!test::postgres_available()) return;
    test::PostgresDb pg;
    auto b = db::postgres::open_postgres_backend(pg.url(), {});
    b->migrate();
    const std::int64_t run = b->begin_run({"test", "test"});
    std::vector<db::InputResult> batch;
    batch.push_back(text_input(1, {"alpha beta gamma", "the first filing's words"}));
    batch.push_back(text_input(2, {"delta epsilon zeta", "other novel vocabulary"}));
    // The first filing's new words are asked about on the parser threads' own connection.
    b->prepare_input(batch[0]);
    REQUIRE(batch[0].prepared);
    // That connection is lost: the next question fails, and the second filing, all of whose
    // texts have new words, is left to the writer.
    b->query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
             "current_database() AND pid <> pg_backend_pid()");
    b->prepare_input(batch[1]);
    CHECK_FALSE(batch[1].prepared);
    b->write_batch(run, batch);

    const db::postgres::VectorCounts c = db::postgres::vector_counts(*b);
    CHECK(c.client == 8);    // two texts, each an item and a document, per filing
    CHECK(c.prepared == 4);  // the first filing's
    CHECK(c.server == 0);
    CHECK(c.parser_lexicon_statements == 1);
    CHECK(c.lexicon_statements == 2);  // the probe, then the second filing's words
    for (const std::string table : {"items", "documents"}) {
        INFO(table);
        CHECK(b->query("SELECT count(*) FROM " + table + " WHERE text_vector IS DISTINCT FROM "
                       "to_tsvector('english', left(text, 400000))")[0][0] == "0");
    }
    b->finish_run(run, {}, "ok");
}
