#include "walk/walker.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "support/test_support.hpp"
#include "walk/archive_maker.hpp"

namespace {

using namespace edgarsql;
using edgarsql::test::ArchiveFormat;
using edgarsql::test::make_archive;
using edgarsql::test::TempDir;
using edgarsql::test::write_file;

struct ArchiveCall {
    std::string relative;
    std::int64_t members = 0;
    bool complete = false;
    walk::ArchiveState state = walk::ArchiveState::cut_short;
};

// Records every call; the predicates decide want()/want_archive().
class Recorder : public walk::Visitor {
  public:
    std::function<bool(const model::SourceRef&)> want_fn = [](const model::SourceRef&) {
        return true;
    };
    std::function<bool(const model::SourceRef&)> want_archive_fn = [](const model::SourceRef&) {
        return true;
    };
    std::function<bool(const model::SourceRef&)> want_nested_fn = [](const model::SourceRef&) {
        return true;
    };
    std::size_t stop_after = static_cast<std::size_t>(-1);

    bool want(const model::SourceRef& ref) override {
        asked.push_back(ref.relative);
        return want_fn(ref);
    }
    bool want_archive(const model::SourceRef& ref) override {
        archives_asked.push_back(ref.relative);
        return want_archive_fn(ref);
    }
    bool want_nested(const model::SourceRef& ref) override {
        nested_asked.push_back(ref.relative);
        return want_nested_fn(ref);
    }
    bool accept(walk::Input&& input) override {
        inputs.push_back(std::move(input));
        return inputs.size() < stop_after;
    }
    void archive_done(const model::SourceRef& ref, std::int64_t members,
                      walk::ArchiveState state) override {
        done.push_back({ref.relative, members, state == walk::ArchiveState::complete, state});
    }

    const walk::Input* find(const std::string& relative) const {
        for (const auto& in : inputs) {
            if (in.source.relative == relative) return &in;
        }
        return nullptr;
    }
    std::vector<std::string> relatives() const {
        std::vector<std::string> out;
        for (const auto& in : inputs) out.push_back(in.source.relative);
        return out;
    }

    std::vector<walk::Input> inputs;
    std::vector<std::string> asked;
    std::vector<std::string> archives_asked;
    std::vector<std::string> nested_asked;
    std::vector<ArchiveCall> done;
};

std::string text(std::size_t n, char c = 'x') {
    return std::string(n, c);
}

// Numbered lines of text, at least `at_least` bytes: text that compresses, unlike noise, but
// does not repeat.
std::string numbered_lines(std::size_t at_least, const std::string& word = "line") {
    std::string body;
    for (int i = 0; body.size() < at_least; ++i)
        body += word + " " + std::to_string(i * 7919) + "\n";
    return body;
}

}  // namespace

TEST_CASE("walker: nested tree in byte-wise order with plain, gz, tar.gz and zip", "[walk]") {
    TempDir dir;
    const auto root = dir / "root";
    write_file(root / "b.txt", "bravo");
    write_file(root / "a" / "x.txt", "xray");
    write_file(root / "a" / "y" / "z.txt", "zulu");
    write_file(root / "B.txt", "capital");
    write_file(root / "c.gz", test::gzip("charlie decompressed"));
    write_file(root / "d.tar.gz",
               make_archive(ArchiveFormat::tar_gz, {{"m1.txt", "member one", 1'500'000'000},
                                                    {"dir/m2.txt", "member two!", 1'500'000'100}}));
    write_file(root / "e.zip",
               make_archive(ArchiveFormat::zip, {{"p.txt", "papa"}, {"q.txt", "quebec"}}));
    write_file(root / "f.tar", make_archive(ArchiveFormat::tar, {{"t.txt", "tango"}}));
    // A symlink loop back to the root and a symlink to a file.
    REQUIRE(::symlink(root.c_str(), (root / "loop").c_str()) == 0);
    REQUIRE(::symlink((root / "b.txt").c_str(), (root / "link.txt").c_str()) == 0);
    REQUIRE(::symlink("self", (root / "self").c_str()) == 0);

    Recorder v;
    walk::Options options;
    REQUIRE(walk::walk({root.string()}, options, v));

    const std::vector<std::string> expected = {"B.txt",
                                               "a/x.txt",
                                               "a/y/z.txt",
                                               "b.txt",
                                               "c.gz",
                                               "d.tar.gz!m1.txt",
                                               "d.tar.gz!dir/m2.txt",
                                               "e.zip!p.txt",
                                               "e.zip!q.txt",
                                               "f.tar!t.txt",
                                               "link.txt"};
    CHECK(v.relatives() == expected);
    for (const auto& in : v.inputs) {
        CHECK(in.error.empty());
        CHECK(in.source.path.front() == '/');
        CHECK(in.source.sha256.empty());
    }

    const walk::Input* gz = v.find("c.gz");
    REQUIRE(gz != nullptr);
    CHECK(gz->bytes == "charlie decompressed");
    CHECK(gz->source.member.empty());
    CHECK(gz->source.path == (root / "c.gz").string());

    const walk::Input* m2 = v.find("d.tar.gz!dir/m2.txt");
    REQUIRE(m2 != nullptr);
    CHECK(m2->bytes == "member two!");
    CHECK(m2->source.member == "dir/m2.txt");
    CHECK(m2->source.path == (root / "d.tar.gz").string());
    CHECK(m2->source.bytes == 11);
    CHECK(m2->source.mtime == 1'500'000'100);

    const walk::Input* link = v.find("link.txt");
    REQUIRE(link != nullptr);
    CHECK(link->bytes == "bravo");
    CHECK(link->source.path == (root / "link.txt").string());

    const walk::Input* plain = v.find("a/y/z.txt");
    REQUIRE(plain != nullptr);
    CHECK(plain->bytes == "zulu");
    CHECK(plain->source.bytes == 4);
    CHECK(plain->source.mtime > 0);

    REQUIRE(v.done.size() == 3);
    CHECK(v.done[0].relative == "d.tar.gz");
    CHECK(v.done[0].members == 2);
    CHECK(v.done[0].complete);
    CHECK(v.done[1].relative == "e.zip");
    CHECK(v.done[1].members == 2);
    CHECK(v.done[2].relative == "f.tar");
    CHECK(v.archives_asked == std::vector<std::string>{"d.tar.gz", "e.zip", "f.tar"});

    // The same walk twice yields the same order.
    Recorder again;
    REQUIRE(walk::walk({root.string()}, options, again));
    CHECK(again.relatives() == expected);
}

TEST_CASE("walker: paths are absolute and normalized; file roots are relative to themselves",
          "[walk]") {
    TempDir dir;
    write_file(dir / "sub" / "one.txt", "one");
    Recorder v;
    const std::string messy = (dir.path() / "sub" / ".." / "sub" / "one.txt").string();
    REQUIRE(walk::walk({messy, (dir.path() / "sub").string() + "/"}, walk::Options{}, v));
    REQUIRE(v.inputs.size() == 2);
    CHECK(v.inputs[0].source.path == (dir / "sub" / "one.txt").string());
    CHECK(v.inputs[0].source.relative == "one.txt");
    CHECK(v.inputs[1].source.path == (dir / "sub" / "one.txt").string());
    CHECK(v.inputs[1].source.relative == "one.txt");
}

TEST_CASE("walker: a nonexistent root is an error input and the walk goes on", "[walk]") {
    TempDir dir;
    write_file(dir / "real.txt", "real");
    Recorder v;
    REQUIRE(
        walk::walk({(dir / "missing").string(), (dir / "real.txt").string()}, walk::Options{}, v));
    REQUIRE(v.inputs.size() == 2);
    CHECK(v.inputs[0].stage == "read");
    CHECK_FALSE(v.inputs[0].error.empty());
    CHECK(v.inputs[0].source.path == (dir / "missing").string());
    CHECK(v.inputs[1].bytes == "real");
}

TEST_CASE("walker: a truncated gzip is an error, not a short file", "[walk]") {
    TempDir dir;
    const std::string body = numbered_lines(200'000);
    const std::string gz = test::gzip(body);
    write_file(dir / "half.gz", gz.substr(0, gz.size() / 2));
    write_file(dir / "no_trailer.gz", gz.substr(0, gz.size() - 4));
    write_file(dir / "ok.gz", gz);

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    REQUIRE(v.inputs.size() == 3);
    const walk::Input* half = v.find("half.gz");
    REQUIRE(half != nullptr);
    CHECK(half->stage == "decompress");
    CHECK_FALSE(half->error.empty());
    CHECK(half->bytes.empty());
    const walk::Input* no_trailer = v.find("no_trailer.gz");
    REQUIRE(no_trailer != nullptr);
    CHECK(no_trailer->stage == "decompress");
    const walk::Input* ok = v.find("ok.gz");
    REQUIRE(ok != nullptr);
    CHECK(ok->error.empty());
    CHECK(ok->bytes == body);
}

TEST_CASE("walker: a gzip whose trailer does not match its data is corrupt", "[walk]") {
    TempDir dir;
    const std::string body = numbered_lines(100'000);
    const std::string gz = test::gzip(body);
    std::string bad_crc = gz;
    bad_crc[gz.size() - 8] = static_cast<char>(bad_crc[gz.size() - 8] ^ 0x01);
    write_file(dir / "bad_crc.gz", bad_crc);
    std::string bad_length = gz;
    bad_length[gz.size() - 4] = static_cast<char>(bad_length[gz.size() - 4] ^ 0x01);
    write_file(dir / "bad_length.gz", bad_length);
    // Valid: two members one after the other, and zeros after the last one.
    const std::string second = "and a second member\n";
    write_file(dir / "two_members.gz", gz + test::gzip(second));
    write_file(dir / "padded.gz", gz + std::string(512, '\0'));
    // Corrupt in the first of two members: only zlib's pass over the whole file can tell.
    write_file(dir / "bad_first_member.gz", bad_crc + test::gzip(second));

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    for (const char* name : {"bad_crc.gz", "bad_length.gz", "bad_first_member.gz"}) {
        INFO(name);
        const walk::Input* in = v.find(name);
        REQUIRE(in != nullptr);
        CHECK(in->stage == "decompress");
        CHECK(in->error.find("corrupt") != std::string::npos);
        CHECK(in->bytes.empty());
    }
    const walk::Input* two = v.find("two_members.gz");
    REQUIRE(two != nullptr);
    CHECK(two->error.empty());
    CHECK(two->bytes == body + second);
    const walk::Input* padded = v.find("padded.gz");
    REQUIRE(padded != nullptr);
    CHECK(padded->error.empty());
    CHECK(padded->bytes == body);
}

TEST_CASE("walker: a corrupt tar member ends its archive, not the walk", "[walk]") {
    TempDir dir;
    std::string tar = make_archive(ArchiveFormat::tar, {{"first.txt", text(1000, 'a')},
                                                        {"second.txt", text(1000, 'b')},
                                                        {"third.txt", text(1000, 'c')}});
    // Find the second member's header (a 512-byte block holding its name) and break its checksum.
    const std::size_t header = tar.find("second.txt");
    REQUIRE(header != std::string::npos);
    REQUIRE(header % 512 == 0);
    tar.replace(header + 148, 8, "9999999 ");
    write_file(dir / "a_broken.tar", tar);
    write_file(dir / "b_after.txt", "after");

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    const walk::Input* first = v.find("a_broken.tar!first.txt");
    REQUIRE(first != nullptr);
    CHECK(first->bytes == text(1000, 'a'));
    CHECK(v.find("a_broken.tar!third.txt") == nullptr);
    const walk::Input* error = v.find("a_broken.tar");
    REQUIRE(error != nullptr);
    CHECK(error->stage == "archive");
    CHECK_FALSE(error->error.empty());
    const walk::Input* after = v.find("b_after.txt");
    REQUIRE(after != nullptr);
    CHECK(after->bytes == "after");
    REQUIRE(v.done.size() == 1);
    CHECK_FALSE(v.done[0].complete);
    CHECK(v.done[0].state == walk::ArchiveState::damaged);
}

TEST_CASE("walker: a damaged zip member is an error, and the members after it are read", "[walk]") {
    TempDir dir;
    std::string zip = make_archive(ArchiveFormat::zip_stored, {{"first.txt", text(1000, 'a')},
                                                               {"second.txt", text(1000, 'b')},
                                                               {"third.txt", text(1000, 'c')}});
    // Stored, not compressed: change one byte of the second member, whose CRC no longer fits.
    const std::size_t data = zip.find(text(1000, 'b'));
    REQUIRE(data != std::string::npos);
    zip[data + 500] = 'X';
    write_file(dir / "a.zip", zip);

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    const walk::Input* first = v.find("a.zip!first.txt");
    REQUIRE(first != nullptr);
    CHECK(first->error.empty());
    const walk::Input* second = v.find("a.zip!second.txt");
    REQUIRE(second != nullptr);
    CHECK(second->stage == "archive");
    CHECK_FALSE(second->error.empty());
    const walk::Input* third = v.find("a.zip!third.txt");
    REQUIRE(third != nullptr);
    CHECK(third->error.empty());
    CHECK(third->bytes == text(1000, 'c'));
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].members == 3);
    CHECK(v.done[0].complete);
}

TEST_CASE("walker: inputs over max_input_bytes are rejected with stage 'limit'", "[walk]") {
    TempDir dir;
    walk::Options options;
    options.max_input_bytes = std::int64_t{1} << 20;
    write_file(dir / "big.txt", text(2u << 20));
    // A gzip bomb: 50 MB of one letter in about 50 KB. (Zeros would be read as an empty tar,
    // whose end-of-archive blocks stop the reading just as well.)
    const std::string bomb = test::gzip_repeated(std::string(1 << 16, 'Z'), std::size_t{50} << 20);
    CHECK(bomb.size() < (std::size_t{1} << 20));
    write_file(dir / "bomb.gz", bomb);
    write_file(dir / "bomb.tar.gz",
               make_archive(ArchiveFormat::tar_gz,
                            {{"huge.bin", std::string(3u << 20, '\0')}, {"small.txt", "small"}}));
    write_file(dir / "fits.txt", text(1000));
    write_file(dir / "zeros.gz",
               test::gzip_repeated(std::string(1 << 16, '\0'), std::size_t{50} << 20));

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, options, v));
    for (const char* name : {"big.txt", "bomb.gz", "bomb.tar.gz!huge.bin"}) {
        INFO(name);
        const walk::Input* in = v.find(name);
        REQUIRE(in != nullptr);
        CHECK(in->stage == "limit");
        CHECK(in->bytes.empty());
        CHECK(in->error.find("max-input-bytes") != std::string::npos);
    }
    const walk::Input* small = v.find("bomb.tar.gz!small.txt");
    REQUIRE(small != nullptr);
    CHECK(small->bytes == "small");
    CHECK(v.find("zeros.gz") == nullptr);
    const walk::Input* fits = v.find("fits.txt");
    REQUIRE(fits != nullptr);
    CHECK(fits->error.empty());
}

TEST_CASE("walker: want() and want_archive() false leave inputs unread", "[walk]") {
    TempDir dir;
    write_file(dir / "keep.txt", "keep");
    write_file(dir / "skip.txt", "skip");
    write_file(dir / "skip.zip", make_archive(ArchiveFormat::zip, {{"inner.txt", "inner"}}));
    write_file(dir / "part.tar",
               make_archive(ArchiveFormat::tar, {{"in.txt", "in"}, {"out.txt", "out"}}));

    Recorder v;
    v.want_fn = [](const model::SourceRef& ref) {
        return ref.relative != "skip.txt" && ref.member != "out.txt";
    };
    v.want_archive_fn = [](const model::SourceRef& ref) { return ref.relative != "skip.zip"; };
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    CHECK(v.relatives() == std::vector<std::string>{"keep.txt", "part.tar!in.txt"});
    // The skipped archive's members were never looked at.
    for (const auto& asked : v.asked) CHECK(asked.find("skip.zip!") == std::string::npos);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].relative == "part.tar");
    CHECK(v.done[0].members == 2);
    CHECK(v.done[0].complete);
}

TEST_CASE("walker: a file that vanishes after listing is an error input", "[walk]") {
    TempDir dir;
    write_file(dir / "gone.txt", "soon gone");
    write_file(dir / "stays.txt", "stays");
    Recorder v;
    v.want_fn = [&](const model::SourceRef& ref) {
        if (ref.relative == "gone.txt") std::filesystem::remove(ref.path);
        return true;
    };
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    REQUIRE(v.inputs.size() == 2);
    CHECK(v.inputs[0].source.relative == "gone.txt");
    CHECK(v.inputs[0].stage == "read");
    CHECK_FALSE(v.inputs[0].error.empty());
    CHECK(v.inputs[1].bytes == "stays");
}

TEST_CASE("walker: accept() returning false stops the walk, also inside an archive", "[walk]") {
    TempDir dir;
    write_file(dir / "a.tar", make_archive(ArchiveFormat::tar, {{"1.txt", "1"}, {"2.txt", "2"}}));
    write_file(dir / "b.txt", "b");
    Recorder v;
    v.stop_after = 1;
    CHECK_FALSE(walk::walk({dir.path().string()}, walk::Options{}, v));
    CHECK(v.inputs.size() == 1);
    REQUIRE(v.done.size() == 1);
    CHECK_FALSE(v.done[0].complete);
    CHECK(v.done[0].state == walk::ArchiveState::cut_short);
}

TEST_CASE("walker: a tar cut inside a member's data is reported on the archive, as damaged",
          "[walk]") {
    TempDir dir;
    const std::string tar = make_archive(ArchiveFormat::tar, {{"first.txt", text(1000, 'a')},
                                                              {"second.txt", text(5000, 'b')},
                                                              {"third.txt", text(1000, 'c')}});
    const std::size_t cut = tar.find(text(5000, 'b'));
    REQUIRE(cut != std::string::npos);
    write_file(dir / "a.tar", tar.substr(0, cut + 2000));

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    REQUIRE(v.find("a.tar!first.txt") != nullptr);
    CHECK(v.find("a.tar!second.txt") == nullptr);
    const walk::Input* error = v.find("a.tar");
    REQUIRE(error != nullptr);
    CHECK(error->stage == "archive");
    CHECK(error->error.find("corrupt archive in member 'second.txt' after 1 members") == 0);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::damaged);
    CHECK(v.done[0].members == 2);

    // A report of the damage that is refused (the run stops) leaves the archive cut short.
    Recorder stopping;
    stopping.stop_after = 2;
    CHECK_FALSE(walk::walk({dir.path().string()}, walk::Options{}, stopping));
    REQUIRE(stopping.done.size() == 1);
    CHECK(stopping.done[0].state == walk::ArchiveState::cut_short);
}

TEST_CASE("walker: archives inside archives are read as they stream, members named inner!member",
          "[walk]") {
    TempDir dir;
    const std::string feed =
        make_archive(ArchiveFormat::tar_gz, {{"0001.nc", "first feed filing", 1'500'000'001},
                                             {"sub/0002.nc", "second feed filing", 1'500'000'002}});
    const std::string x_gz = test::gzip("a compressed filing");
    const std::string zip = make_archive(ArchiveFormat::zip, {{"z.txt", "zipped filing"}});
    const std::string tar = make_archive(ArchiveFormat::tar, {{"t.txt", "tarred filing"}});
    // Two levels: a zip holding a tar.gz.
    const std::string deep = make_archive(
        ArchiveFormat::zip,
        {{"in.tar.gz", make_archive(ArchiveFormat::tar_gz, {{"d.txt", "deep filing"}})}});
    write_file(
        dir / "outer.tar",
        make_archive(ArchiveFormat::tar, {{"a.txt", "plain member"},
                                          {"20210104.nc.tar.gz", feed, 1'600'000'100},
                                          {"x.txt.gz", x_gz, 1'600'000'200},
                                          {"z.zip", zip},
                                          {"t.tar", tar},
                                          {"deep.zip", deep},
                                          {"empty.tar.gz", make_archive(ArchiveFormat::tar_gz, {})},
                                          {"last.txt", "last member"}}));
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    const std::vector<std::string> expected = {"outer.tar!a.txt",
                                               "outer.tar!20210104.nc.tar.gz!0001.nc",
                                               "outer.tar!20210104.nc.tar.gz!sub/0002.nc",
                                               "outer.tar!x.txt.gz",
                                               "outer.tar!z.zip!z.txt",
                                               "outer.tar!t.tar!t.txt",
                                               "outer.tar!deep.zip!in.tar.gz!d.txt",
                                               "outer.tar!last.txt"};
    CHECK(v.relatives() == expected);
    for (const walk::Input& in : v.inputs) {
        INFO(in.source.relative);
        CHECK(in.error.empty());
        CHECK_FALSE(in.container);
        CHECK(in.source.path == (dir / "outer.tar").string());
    }
    // Members of an inner archive: their own name, size and mtime, behind the inner's name.
    const walk::Input* second = v.find("outer.tar!20210104.nc.tar.gz!sub/0002.nc");
    REQUIRE(second != nullptr);
    CHECK(second->source.member == "20210104.nc.tar.gz!sub/0002.nc");
    CHECK(second->bytes == "second feed filing");
    CHECK(second->source.bytes == 18);
    CHECK(second->source.mtime == 1'500'000'002);
    // A compressed stream is one input, under the member's name and stated (compressed)
    // size, like a .gz file on disk.
    const walk::Input* x = v.find("outer.tar!x.txt.gz");
    REQUIRE(x != nullptr);
    CHECK(x->bytes == "a compressed filing");
    CHECK(x->source.member == "x.txt.gz");
    CHECK(x->source.bytes == static_cast<std::int64_t>(x_gz.size()));
    CHECK(x->source.mtime == 1'600'000'200);
    CHECK(v.find("outer.tar!deep.zip!in.tar.gz!d.txt")->bytes == "deep filing");
    CHECK(v.find("outer.tar!last.txt")->bytes == "last member");
    // want() is asked about every member, before it is read (an archive inside included),
    // and want_nested() about the archives inside.
    CHECK(std::find(v.asked.begin(), v.asked.end(), "outer.tar!z.zip") != v.asked.end());
    CHECK(std::find(v.asked.begin(), v.asked.end(), "outer.tar!z.zip!z.txt") != v.asked.end());
    CHECK(v.nested_asked ==
          std::vector<std::string>{"outer.tar!20210104.nc.tar.gz", "outer.tar!z.zip",
                                   "outer.tar!t.tar", "outer.tar!deep.zip",
                                   "outer.tar!deep.zip!in.tar.gz", "outer.tar!empty.tar.gz"});
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].relative == "outer.tar");
    CHECK(v.done[0].members == 8);
    CHECK(v.done[0].state == walk::ArchiveState::complete);

    // Inside a .tar.gz and a .zip on disk too.
    write_file(dir / "more" / "o.tgz",
               make_archive(ArchiveFormat::tar_gz, {{"f.tar.gz", feed}, {"x.gz", x_gz}}));
    write_file(dir / "more" / "o.zip", make_archive(ArchiveFormat::zip, {{"f.tar.gz", feed}}));
    Recorder more;
    REQUIRE(walk::walk({(dir / "more").string()}, walk::Options{}, more));
    CHECK(more.relatives() == std::vector<std::string>{"o.tgz!f.tar.gz!0001.nc",
                                                       "o.tgz!f.tar.gz!sub/0002.nc", "o.tgz!x.gz",
                                                       "o.zip!f.tar.gz!0001.nc",
                                                       "o.zip!f.tar.gz!sub/0002.nc"});
    for (const walk::Input& in : more.inputs) CHECK(in.error.empty());
}

TEST_CASE("walker: want_nested() false leaves an inner archive unread", "[walk]") {
    TempDir dir;
    write_file(dir / "o.tar",
               make_archive(ArchiveFormat::tar,
                            {{"skip.tar.gz", make_archive(ArchiveFormat::tar_gz, {{"s.txt", "s"}})},
                             {"keep.zip", make_archive(ArchiveFormat::zip, {{"k.txt", "k"}})}}));
    Recorder v;
    v.want_nested_fn = [](const model::SourceRef& ref) { return ref.member != "skip.tar.gz"; };
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    CHECK(v.relatives() == std::vector<std::string>{"o.tar!keep.zip!k.txt"});
    for (const auto& asked : v.asked) CHECK(asked.find("skip.tar.gz!") == std::string::npos);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].members == 1);

    // want() false for it: not even known to be an archive.
    Recorder declined;
    declined.want_fn = [](const model::SourceRef& ref) { return ref.member != "skip.tar.gz"; };
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, declined));
    CHECK(declined.relatives() == std::vector<std::string>{"o.tar!keep.zip!k.txt"});
    CHECK(declined.nested_asked == std::vector<std::string>{"o.tar!keep.zip"});
}

TEST_CASE("walker: damage in an inner archive is reported on the member holding it", "[walk]") {
    TempDir dir;
    const std::string body = numbered_lines(300'000);
    const std::string inner =
        make_archive(ArchiveFormat::tar_gz,
                     {{"first.txt", "first"}, {"second.txt", body}, {"third.txt", "third"}});
    // Cut short, as a download into the mirror that was then packed: gzip ends mid-member.
    write_file(dir / "o.tar", make_archive(ArchiveFormat::tar,
                                           {{"a.txt", "before"},
                                            {"broken.tar.gz", inner.substr(0, inner.size() / 2)},
                                            {"z.txt", "after"}}));
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    REQUIRE(v.find("o.tar!broken.tar.gz!first.txt") != nullptr);
    CHECK(v.find("o.tar!broken.tar.gz!second.txt") == nullptr);
    const walk::Input* damage = v.find("o.tar!broken.tar.gz");
    REQUIRE(damage != nullptr);
    CHECK(damage->container);
    CHECK(damage->stage == "archive");
    CHECK(damage->source.member == "broken.tar.gz");
    CHECK(damage->error.find("corrupt archive in member 'second.txt' after 1 members") == 0);
    // The outer archive's walk goes on, and is whole: the damage is one of its members'.
    const walk::Input* after = v.find("o.tar!z.txt");
    REQUIRE(after != nullptr);
    CHECK(after->bytes == "after");
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::complete);
    CHECK(v.done[0].members == 4);  // a.txt, first.txt, second.txt (met, cut), z.txt
    CHECK(std::none_of(v.inputs.begin(), v.inputs.end(),
                       [](const walk::Input& in) { return in.source.member.empty(); }));
}

TEST_CASE("walker: damage of the outer archive met inside an inner one is the outer's", "[walk]") {
    TempDir dir;
    const std::string body = numbered_lines(300'000, "row");
    const std::string inner =
        make_archive(ArchiveFormat::tar, {{"first.txt", "first"}, {"second.txt", body}});
    const std::string outer = make_archive(
        ArchiveFormat::tar_gz, {{"a.txt", "before"}, {"in.tar", inner}, {"z.txt", "after"}});
    write_file(dir / "o.tgz", outer.substr(0, outer.size() / 2));
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    CHECK(v.find("o.tgz!in.tar!first.txt") != nullptr);
    CHECK(v.find("o.tgz!in.tar") == nullptr);  // not the inner archive's damage
    const walk::Input* damage = v.find("o.tgz");
    REQUIRE(damage != nullptr);
    CHECK_FALSE(damage->container);
    CHECK(damage->stage == "archive");
    CHECK(damage->error.find("corrupt archive in member 'in.tar'") == 0);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::damaged);
}

// libarchive's gzip filter checks no trailer: a byte changed inside a .tar.gz still
// inflates, to changed members. Damage found at the end, after the members were handed on.
TEST_CASE("walker: a .tar.gz whose gzip trailer does not match is damaged, after its members",
          "[walk]") {
    TempDir dir;
    const std::string tar = make_archive(
        ArchiveFormat::tar, {{"a.txt", "alpha WREN QUARRY\n" + numbered_lines(100'000)},
                             {"b.txt", numbered_lines(50'000, "beta")}});
    // Stored deflate blocks: the changed letter inflates as it is.
    std::string changed = test::gzip_stored(tar);
    const std::size_t at = changed.find("WREN");
    REQUIRE(at != std::string::npos);
    changed[at] = 'V';
    write_file(dir / "changed.tar.gz", changed);
    const std::string gz = test::gzip(tar);
    std::string bad_crc = gz;
    bad_crc[gz.size() - 8] = static_cast<char>(bad_crc[gz.size() - 8] ^ 0x01);
    write_file(dir / "bad_crc.tar.gz", bad_crc);
    std::string bad_length = gz;
    bad_length[gz.size() - 3] = static_cast<char>(bad_length[gz.size() - 3] ^ 0x01);
    write_file(dir / "bad_length.tar.gz", bad_length);
    // Sound: the tar split over two gzip members, and zeros after the last one.
    write_file(dir / "two_members.tar.gz",
               test::gzip(tar.substr(0, 70'000)) + test::gzip(tar.substr(70'000)));
    write_file(dir / "padded.tar.gz", gz + std::string(1024, '\0'));

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    for (const char* name : {"changed.tar.gz", "bad_crc.tar.gz", "bad_length.tar.gz"}) {
        INFO(name);
        const std::string archive = name;
        REQUIRE(v.find(archive + "!a.txt") != nullptr);
        REQUIRE(v.find(archive + "!b.txt") != nullptr);
        const walk::Input* damage = v.find(archive);
        REQUIRE(damage != nullptr);
        CHECK(damage->stage == "archive");
        CHECK(damage->source.member.empty());
        CHECK(damage->error.find("a CRC-32 or length in its trailer does not match") !=
              std::string::npos);
        CHECK(damage->error.find("may hold damaged bytes") != std::string::npos);
    }
    CHECK(v.find("changed.tar.gz!a.txt")->bytes.find("VREN") != std::string::npos);
    for (const char* name : {"two_members.tar.gz", "padded.tar.gz"}) {
        INFO(name);
        const std::string archive = name;
        CHECK(v.find(archive) == nullptr);
        const walk::Input* a = v.find(archive + "!a.txt");
        REQUIRE(a != nullptr);
        CHECK(a->error.empty());
        CHECK(a->bytes.find("alpha WREN QUARRY") == 0);
        const walk::Input* b = v.find(archive + "!b.txt");
        REQUIRE(b != nullptr);
        CHECK(b->bytes == numbered_lines(50'000, "beta"));
    }
    REQUIRE(v.done.size() == 5);
    for (const ArchiveCall& call : v.done) {
        INFO(call.relative);
        CHECK(call.members == 2);
        const bool sound =
            call.relative == "two_members.tar.gz" || call.relative == "padded.tar.gz";
        CHECK(call.state == (sound ? walk::ArchiveState::complete : walk::ArchiveState::damaged));
    }
}

TEST_CASE("walker: an inner .tar.gz whose gzip trailer does not match rejects its holder",
          "[walk]") {
    TempDir dir;
    const std::string tar =
        make_archive(ArchiveFormat::tar, {{"a.nc", "alpha WREN QUARRY\n" + numbered_lines(9'000)},
                                          {"b.nc", numbered_lines(5'000, "beta")}});
    std::string changed = test::gzip_stored(tar);
    changed[changed.find("WREN")] = 'V';
    write_file(dir / "q.tar", make_archive(ArchiveFormat::tar,
                                           {{"20210104.nc.tar.gz", changed},
                                            {"20210105.nc.tar.gz", test::gzip_stored(tar)}}));
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    CHECK(v.relatives() == std::vector<std::string>{"q.tar!20210104.nc.tar.gz!a.nc",
                                                    "q.tar!20210104.nc.tar.gz!b.nc",
                                                    "q.tar!20210104.nc.tar.gz",
                                                    "q.tar!20210105.nc.tar.gz!a.nc",
                                                    "q.tar!20210105.nc.tar.gz!b.nc"});
    const walk::Input* holder = v.find("q.tar!20210104.nc.tar.gz");
    REQUIRE(holder != nullptr);
    CHECK(holder->container);
    CHECK(holder->stage == "archive");
    CHECK(holder->error.find("a CRC-32 or length in its trailer does not match") !=
          std::string::npos);
    CHECK(holder->error.find("may hold damaged bytes") != std::string::npos);
    CHECK(v.find("q.tar!20210105.nc.tar.gz!a.nc")->bytes.find("alpha WREN") == 0);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::complete);
}

TEST_CASE("walker: a compressed member's gzip trailer is checked, and its size limited", "[walk]") {
    TempDir dir;
    const std::string body = numbered_lines(100'000);
    const std::string gz = test::gzip(body);
    std::string bad_crc = gz;
    bad_crc[gz.size() - 8] = static_cast<char>(bad_crc[gz.size() - 8] ^ 0x01);
    const std::string second = "and a second member\n";
    walk::Options options;
    options.max_input_bytes = 200'000;
    write_file(
        dir / "o.tar",
        make_archive(ArchiveFormat::tar, {{"bad_crc.gz", bad_crc},
                                          {"bad_first_member.gz", bad_crc + test::gzip(second)},
                                          {"two_members.gz", gz + test::gzip(second)},
                                          {"bomb.gz", test::gzip_repeated(std::string(1 << 16, 'Z'),
                                                                          std::size_t{10} << 20)},
                                          {"ok.gz", gz}}));
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, options, v));
    for (const char* name : {"o.tar!bad_crc.gz", "o.tar!bad_first_member.gz"}) {
        INFO(name);
        const walk::Input* in = v.find(name);
        REQUIRE(in != nullptr);
        CHECK(in->stage == "decompress");
        CHECK(in->error.find("corrupt") != std::string::npos);
        CHECK_FALSE(in->container);
    }
    const walk::Input* two = v.find("o.tar!two_members.gz");
    REQUIRE(two != nullptr);
    CHECK(two->error.empty());
    CHECK(two->bytes == body + second);
    const walk::Input* bomb = v.find("o.tar!bomb.gz");
    REQUIRE(bomb != nullptr);
    CHECK(bomb->stage == "limit");
    CHECK(bomb->bytes.empty());
    const walk::Input* ok = v.find("o.tar!ok.gz");
    REQUIRE(ok != nullptr);
    CHECK(ok->bytes == body);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].members == 5);
    CHECK(v.done[0].state == walk::ArchiveState::complete);
}

TEST_CASE("walker: an inner archive larger than the input limit is read, member by member",
          "[walk]") {
    TempDir dir;
    walk::Options options;
    options.max_input_bytes = 100'000;
    std::vector<test::Member> members;
    for (int i = 0; i < 5; ++i)
        members.push_back(
            {"m" + std::to_string(i) + ".txt", text(60'000, static_cast<char>('a' + i))});
    write_file(
        dir / "o.tar",
        make_archive(ArchiveFormat::tar, {{"big.tar", make_archive(ArchiveFormat::tar, members)}}));
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, options, v));
    REQUIRE(v.inputs.size() == 5);
    for (const walk::Input& in : v.inputs) CHECK(in.error.empty());
    CHECK(v.inputs[4].bytes == text(60'000, 'e'));
}

TEST_CASE("walker: archives nested deeper than the limit are reported, not opened", "[walk]") {
    TempDir dir;
    std::string nested = make_archive(ArchiveFormat::tar, {{"leaf.txt", "leaf"}});
    for (int level = 0; level < 4; ++level)
        nested = make_archive(ArchiveFormat::tar, {{"l" + std::to_string(level) + ".tar", nested}});
    write_file(dir / "o.tar", nested);  // o.tar > l3 > l2 > l1 > l0 > leaf.txt
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    REQUIRE(v.inputs.size() == 1);
    const walk::Input& deep = v.inputs[0];
    CHECK(deep.source.member == "l3.tar!l2.tar!l1.tar!l0.tar");
    CHECK(deep.container);
    CHECK(deep.stage == "archive");
    CHECK(deep.error.find("not opened") != std::string::npos);
}

namespace {

// Sets the size field of the tar header at `header` to `size` in base-256 (GNU tar's encoding
// for sizes beyond 8 GiB), and its checksum to match.
void set_tar_size(std::string& tar, std::size_t header, std::uint64_t size) {
    tar[header + 124] = static_cast<char>(0x80);
    for (int i = 0; i < 11; ++i)
        tar[header + 135 - i] = static_cast<char>(i < 8 ? (size >> (8 * i)) & 0xff : 0);
    tar.replace(header + 148, 8, "        ");
    unsigned sum = 0;
    for (std::size_t i = 0; i < 512; ++i) sum += static_cast<unsigned char>(tar[header + i]);
    char field[8];
    std::snprintf(field, sizeof field, "%06o", sum);
    tar.replace(header + 148, 7, field, 7);
}

}  // namespace

TEST_CASE("walker: a member stating a huge size is refused unread, nothing reserved for it",
          "[walk]") {
    TempDir dir;
    std::string tar = make_archive(
        ArchiveFormat::tar, {{"a.txt", "first"}, {"huge.txt", text(4096, 'h')}, {"z.txt", "last"}});
    const std::size_t header = tar.find("huge.txt");
    REQUIRE(header % 512 == 0);
    set_tar_size(tar, header, std::uint64_t{1} << 40);  // 1 TiB, of which 4 KiB follow
    write_file(dir / "o.tar", tar);
    for (const char* kind : {"on disk", "inside an archive"}) {
        INFO(kind);
        if (std::string(kind) == "inside an archive")
            write_file(dir / "o.tar", make_archive(ArchiveFormat::tar, {{"in.tar", tar}}));
        Recorder v;
        REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
        const std::string prefix = kind == std::string("on disk") ? "o.tar!" : "o.tar!in.tar!";
        REQUIRE(v.find(prefix + "a.txt") != nullptr);
        const walk::Input* huge = v.find(prefix + "huge.txt");
        REQUIRE(huge != nullptr);
        CHECK(huge->stage == "limit");
        CHECK(huge->source.bytes == std::int64_t{1} << 40);
    }
}

TEST_CASE(
    "walker: a zip's damaged member holding a compressed stream or an archive is "
    "rejected alone",
    "[walk]") {
    TempDir dir;
    const std::string body = numbered_lines(20'000);
    const std::string inner_tar =
        make_archive(ArchiveFormat::tar, {{"a.nc", body}, {"b.nc", "second"}});
    std::string zip =
        make_archive(ArchiveFormat::zip_stored,
                     {{"x.nc.gz", test::gzip(body)}, {"in.tar", inner_tar}, {"after.nc", "after"}});
    // Stored, not compressed: one byte changed in each of the first two members, whose CRCs
    // (checked by the zip once the member's last byte is read) no longer match. The gzip
    // stream's own trailer would catch the first; nothing but the zip's CRC catches the
    // second, inside a.nc's text.
    const std::size_t gz_at = zip.find(test::gzip(body));
    REQUIRE(gz_at != std::string::npos);
    zip[gz_at + test::gzip(body).size() - 1] ^= 0x01;  // its length field: inflates the same
    const std::size_t tar_at = zip.find(body);
    REQUIRE(tar_at != std::string::npos);
    zip[tar_at + 100] = 'X';
    write_file(dir / "o.zip", zip);

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    const walk::Input* x = v.find("o.zip!x.nc.gz");
    REQUIRE(x != nullptr);
    CHECK(x->stage == "archive");
    CHECK(x->error.find("CRC") != std::string::npos);
    CHECK(x->bytes.empty());
    const walk::Input* in = v.find("o.zip!in.tar");
    REQUIRE(in != nullptr);
    CHECK(in->container);
    CHECK(in->stage == "archive");
    CHECK(in->error.find("CRC") != std::string::npos);
    const walk::Input* after = v.find("o.zip!after.nc");
    REQUIRE(after != nullptr);
    CHECK(after->bytes == "after");
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::complete);
}

TEST_CASE("walker: a zip member whose data cannot be inflated is rejected alone, on disk",
          "[walk]") {
    TempDir dir;
    const std::string first = numbered_lines(30'000, "first");
    const std::string broken = numbered_lines(30'000, "broken");
    const std::string last = numbered_lines(30'000, "last");
    std::string zip = make_archive(ArchiveFormat::zip, {{"a.nc", first},
                                                        {"dir/", ""},
                                                        {"b.nc", broken},
                                                        {"c.nc", last}});
    // b.nc's deflate data starts after its local header (30 bytes and its name): a first byte
    // 0xFF is a final block of the reserved type 3, which inflate refuses.
    const std::size_t header = zip.find("PK\x03\x04", zip.find("b.nc") - 30);
    REQUIRE(header != std::string::npos);
    REQUIRE(zip.compare(header + 30, 4, "b.nc") == 0);
    const auto le16 = [&zip](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(zip[at])) |
               static_cast<std::size_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    zip[header + 30 + le16(header + 26) + le16(header + 28)] = static_cast<char>(0xFF);
    write_file(dir / "o.zip", zip);
    // Inside a tar, the zip is a stream that cannot be opened again: its damage ends it.
    write_file(dir / "t.tar", make_archive(ArchiveFormat::tar, {{"o.zip", zip}}));

    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    CHECK(v.relatives() == std::vector<std::string>{"o.zip!a.nc", "o.zip!b.nc", "o.zip!c.nc",
                                                    "t.tar!o.zip!a.nc", "t.tar!o.zip"});
    const walk::Input* b = v.find("o.zip!b.nc");
    REQUIRE(b != nullptr);
    CHECK(b->stage == "archive");
    CHECK_FALSE(b->container);
    CHECK(b->bytes.empty());
    CHECK(b->error.find("ZIP decompression failed") != std::string::npos);
    CHECK(v.find("o.zip!a.nc")->bytes == first);
    CHECK(v.find("o.zip!c.nc")->bytes == last);
    REQUIRE(v.done.size() == 2);
    CHECK(v.done[0].relative == "o.zip");
    CHECK(v.done[0].members == 3);
    CHECK(v.done[0].state == walk::ArchiveState::complete);
    CHECK(v.find("t.tar!o.zip")->error.find("corrupt archive in member 'b.nc'") == 0);
}

namespace {

// The zip `zip` with the deflate data of member `name` made unreadable: a first byte 0xFF is a
// final block of the reserved type 3, which inflate refuses. Returns the local header's offset.
std::size_t break_member(std::string& zip, const std::string& name) {
    std::size_t header = zip.find("PK\x03\x04");
    while (header != std::string::npos && zip.compare(header + 30, name.size(), name) != 0)
        header = zip.find("PK\x03\x04", header + 4);
    REQUIRE(header != std::string::npos);
    const auto le16 = [&zip](std::size_t at) {
        return static_cast<std::size_t>(static_cast<unsigned char>(zip[at])) |
               static_cast<std::size_t>(static_cast<unsigned char>(zip[at + 1])) << 8;
    };
    zip[header + 30 + le16(header + 26) + le16(header + 28)] = static_cast<char>(0xFF);
    return header;
}

}  // namespace

TEST_CASE("walker: a zip opened again after a damaged member passes over headers with warnings",
          "[walk]") {
    TempDir dir;
    std::string zip = make_archive(ArchiveFormat::zip, {{"a.nc", numbered_lines(9'000, "a")},
                                                        {"b.nc", numbered_lines(9'000, "b")},
                                                        {"c.nc", numbered_lines(9'000, "c")}});
    // a.nc's local header states another CRC than the central directory: libarchive warns
    // when it reads that header, and the reading must pass over it to reach c.nc.
    const std::size_t a = zip.find("PK\x03\x04");
    REQUIRE(zip.compare(a + 30, 4, "a.nc") == 0);
    zip[a + 14] = static_cast<char>(zip[a + 14] ^ 0x5A);
    break_member(zip, "b.nc");
    write_file(dir / "o.zip", zip);
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    REQUIRE(v.find("o.zip!b.nc") != nullptr);
    CHECK(v.find("o.zip!b.nc")->stage == "archive");
    REQUIRE(v.find("o.zip!c.nc") != nullptr);
    CHECK(v.find("o.zip!c.nc")->bytes == numbered_lines(9'000, "c"));
    CHECK(v.inputs.size() == 3);  // each member once
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::complete);
}

TEST_CASE("walker: a zip of more damaged members than it is opened again for ends as damaged",
          "[walk]") {
    TempDir dir;
    std::vector<test::Member> members;
    for (int i = 0; i < 110; ++i)
        members.push_back({"m" + std::to_string(1000 + i) + ".nc", numbered_lines(300)});
    std::string zip = make_archive(ArchiveFormat::zip, members);
    for (const test::Member& m : members) break_member(zip, m.name);
    write_file(dir / "o.zip", zip);
    Recorder v;
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    // The first 101 are rejected one by one; then the damage ends the zip.
    REQUIRE(v.inputs.size() == 102);
    CHECK(v.inputs[100].source.member == "m1100.nc");
    CHECK(v.inputs[101].source.member.empty());
    CHECK(v.inputs[101].error.find("cannot be inflated") != std::string::npos);
    REQUIRE(v.done.size() == 1);
    CHECK(v.done[0].state == walk::ArchiveState::damaged);
}

TEST_CASE("walker: a member of a streamed zip whose size is not stated is asked about twice",
          "[walk]") {
    TempDir dir;
    const std::string zip = test::make_streamed_zip({{"s.nc", "streamed member"}});
    write_file(dir / "o.tar", make_archive(ArchiveFormat::tar, {{"s.zip", zip}}));
    Recorder v;
    std::vector<std::int64_t> asked_bytes;
    v.want_fn = [&](const model::SourceRef& ref) {
        asked_bytes.push_back(ref.bytes);
        return true;
    };
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, v));
    const walk::Input* s = v.find("o.tar!s.zip!s.nc");
    REQUIRE(s != nullptr);
    CHECK(s->bytes == "streamed member");
    CHECK(s->source.bytes == 15);  // recorded: the size read
    // o.tar, o.tar!s.zip, then o.tar!s.zip!s.nc before and after it is read.
    REQUIRE(v.asked.size() == 4);
    CHECK(asked_bytes[2] == -1);
    CHECK(asked_bytes[3] == 15);

    // Declined once read (the database holds that size and mtime): not handed on.
    Recorder held;
    held.want_fn = [](const model::SourceRef& ref) { return ref.bytes != 15; };
    REQUIRE(walk::walk({dir.path().string()}, walk::Options{}, held));
    CHECK(held.inputs.empty());
}

TEST_CASE("walker: a sparse member is judged by its stated size, never read as an archive",
          "[walk]") {
    TempDir dir;
    // GNU tar stores a file with holes as a sparse member: a 4 GiB hole, then 'tail', and a
    // small one whose hole comes first too.
    const std::string cmd = "cd " + test::quoted(dir.path()) +
                            " && truncate -s 4G big.nc && printf tail >> big.nc && truncate -s "
                            "100000 small.nc && printf tail >> small.nc && tar --sparse -cf "
                            "o.tar big.nc small.nc && rm big.nc small.nc && mkdir tree && tar "
                            "-cf tree/outer.tar o.tar && mv o.tar tree/";
    REQUIRE(test::run_command(cmd).exit_code == 0);
    Recorder v;
    REQUIRE(walk::walk({(dir / "tree").string()}, walk::Options{}, v));
    for (const std::string prefix : {"o.tar!", "outer.tar!o.tar!"}) {
        INFO(prefix);
        const walk::Input* big = v.find(prefix + "big.nc");
        REQUIRE(big != nullptr);
        CHECK(big->stage == "limit");
        const walk::Input* small = v.find(prefix + "small.nc");
        REQUIRE(small != nullptr);
        CHECK(small->error.empty());
        CHECK(small->bytes == std::string(100000, '\0') + "tail");
    }
}

namespace {

// An old-GNU sparse tar ('S' header) of one member: the map's (offset, length) runs, the size
// it states, and its data, then a plain member 'after.txt'. The map need not fit the size.
std::string gnu_sparse_tar(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& map,
                           std::uint64_t real_size, const std::string& data) {
    const auto field = [](std::string& h, std::size_t at, std::size_t n, std::uint64_t v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%0*llo", static_cast<int>(n - 1),
                      static_cast<unsigned long long>(v));
        if (std::strlen(buf) <= n - 1) {
            h.replace(at, n - 1, buf);
            h[at + n - 1] = '\0';
        } else {  // base-256
            h[at] = static_cast<char>(0x80);
            for (std::size_t i = 0; i + 1 < n; ++i)
                h[at + n - 1 - i] = static_cast<char>(i < 8 ? (v >> (8 * i)) & 0xff : 0);
        }
    };
    const auto header = [&](const std::string& name, char type, std::uint64_t size,
                            std::uint64_t real) {
        std::string h(512, '\0');
        h.replace(0, name.size(), name);
        field(h, 100, 8, 0644);
        field(h, 108, 8, 0);
        field(h, 116, 8, 0);
        field(h, 124, 12, size);
        field(h, 136, 12, 1'600'000'000);
        h[156] = type;
        h.replace(257, 8, std::string("ustar  \0", 8));
        if (type == 'S') {
            for (std::size_t i = 0; i < map.size() && i < 4; ++i) {
                field(h, 386 + 24 * i, 12, map[i].first);
                field(h, 386 + 24 * i + 12, 12, map[i].second);
            }
            field(h, 483, 12, real);
        }
        h.replace(148, 8, "        ");
        unsigned sum = 0;
        for (char c : h) sum += static_cast<unsigned char>(c);
        char cs[8];
        std::snprintf(cs, sizeof cs, "%06o", sum);
        h.replace(148, 7, cs, 7);
        return h;
    };
    const auto padded = [](std::string s) {
        return s + std::string((512 - s.size() % 512) % 512, '\0');
    };
    return header("sp.txt", 'S', data.size(), real_size) + padded(data) +
           header("after.txt", '0', 5, 5) + padded("after") + std::string(1024, '\0');
}

}  // namespace

TEST_CASE("walker: a sparse map that does not fit its member is damage, not a hole to fill",
          "[walk]") {
    TempDir dir;
    // Data at offset 2^36 of a member that states 10 bytes (libarchive then reports no sparse
    // map on the entry, but still places the block there); and a true 64 GiB hole.
    const std::string beyond =
        gnu_sparse_tar({{0, 10}, {std::uint64_t{1} << 36, 10}}, 10, "0123456789abcdefghij");
    const std::string hole =
        gnu_sparse_tar({{std::uint64_t{1} << 36, 10}}, (std::uint64_t{1} << 36) + 10, "abcdefghij");
    write_file(dir / "tree" / "beyond.tar", beyond);
    write_file(dir / "tree" / "hole.tar", hole);
    write_file(dir / "tree" / "outer.tar",
               make_archive(ArchiveFormat::tar, {{"beyond.tar", beyond}, {"hole.tar", hole}}));
    Recorder v;
    REQUIRE(walk::walk({(dir / "tree").string()}, walk::Options{}, v));
    for (const std::string prefix : {"", "outer.tar!"}) {
        INFO(prefix);
        const walk::Input* b = v.find(prefix + "beyond.tar!sp.txt");
        REQUIRE(b != nullptr);
        CHECK(b->stage == "archive");
        CHECK(b->error.find("beyond the member's stated size") != std::string::npos);
        const walk::Input* h = v.find(prefix + "hole.tar!sp.txt");
        REQUIRE(h != nullptr);
        CHECK(h->stage == "limit");
        for (const char* tar : {"beyond.tar", "hole.tar"}) {
            const walk::Input* after = v.find(prefix + tar + "!after.txt");
            REQUIRE(after != nullptr);
            CHECK(after->bytes == "after");
        }
    }
}
