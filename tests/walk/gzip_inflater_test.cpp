#include "walk/gzip_inflater.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "walk/archive_maker.hpp"

namespace {

using edgarsql::walk::GzipInflater;

// Hands `bytes` on `block` bytes at a time.
GzipInflater::Source blocks_of(const std::string& bytes, std::size_t block) {
    return [bytes, block, at = std::size_t{0}](const void** out) mutable -> std::int64_t {
        const std::size_t n = std::min(block, bytes.size() - at);
        *out = bytes.data() + at;
        at += n;
        return static_cast<std::int64_t>(n);
    };
}

struct Result {
    bool ok = false;
    std::string out;
    std::string error;
};

Result inflate_all(const std::string& bytes, std::size_t block, std::size_t out_block = 1 << 16) {
    GzipInflater gz(blocks_of(bytes, block), out_block);
    Result r;
    for (;;) {
        const void* out = nullptr;
        const std::int64_t n = gz.next(&out);
        if (n < 0) {
            r.error = gz.error();
            return r;
        }
        if (n == 0) break;
        r.out.append(static_cast<const char*>(out), static_cast<std::size_t>(n));
    }
    r.ok = true;
    return r;
}

std::string lines(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "line " + std::to_string(i * 7919) + "\n";
    return s;
}

}  // namespace

TEST_CASE("gzip inflater: members, padding and trailing bytes, in blocks of any size", "[walk]") {
    const std::string one = lines(20'000);
    const std::string two = "and a second member\n";
    const std::string gz = edgarsql::test::gzip(one);
    // Bytes after the last member that do not start another: ignored, as gzip -d does. So are
    // bytes that start with the magic's first byte only.
    for (std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, gz.size() * 3}) {
        INFO("block " << block);
        CHECK(inflate_all(gz, block).out == one);
        CHECK(inflate_all(gz + edgarsql::test::gzip(two), block).out == one + two);
        CHECK(inflate_all(gz + std::string(512, '\0'), block).out == one);
        CHECK(inflate_all(gz + "\x1f" "not gzip", block).out == one);
        CHECK(inflate_all(edgarsql::test::gzip_stored(one), block, 100).out == one);
    }
}

TEST_CASE("gzip inflater: a trailer that does not match, and truncation, are failures",
          "[walk]") {
    const std::string one = lines(20'000);
    const std::string gz = edgarsql::test::gzip(one);
    std::string bad_crc = gz;
    bad_crc[gz.size() - 6] = static_cast<char>(bad_crc[gz.size() - 6] ^ 0x40);
    std::string bad_length = gz;
    bad_length[gz.size() - 1] = static_cast<char>(bad_length[gz.size() - 1] ^ 0x01);
    std::string changed = edgarsql::test::gzip_stored(one);
    changed[changed.find("line 7919")] = 'L';
    for (const std::string& bad : {bad_crc, bad_length, changed,
                                   bad_crc + edgarsql::test::gzip("second\n")}) {
        const Result r = inflate_all(bad, 1000);
        CHECK_FALSE(r.ok);
        CHECK(r.error == "gzip data is corrupt: a CRC-32 or length in its trailer does not match");
    }
    for (std::size_t cut : {gz.size() / 2, gz.size() - 4, std::size_t{5}}) {
        INFO("cut at " << cut);
        const Result r = inflate_all(gz.substr(0, cut), 1000);
        CHECK_FALSE(r.ok);
        CHECK(r.error.find("truncated") != std::string::npos);
    }
    std::string garbled = gz;
    for (std::size_t i = 20; i < 60; ++i) garbled[i] = static_cast<char>(0xff);
    const Result r = inflate_all(garbled, 1000);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("gzip data is corrupt: ") == 0);
}

TEST_CASE("gzip inflater: finish() checks what a reader left unread; a source's failure is its own",
          "[walk]") {
    const std::string one = lines(20'000);
    std::string bad_crc = edgarsql::test::gzip(one);
    bad_crc[bad_crc.size() - 7] = static_cast<char>(bad_crc[bad_crc.size() - 7] ^ 0x02);
    {
        GzipInflater gz(blocks_of(bad_crc, 512));
        const void* out = nullptr;
        REQUIRE(gz.next(&out) > 0);  // a reader that stops here
        CHECK_FALSE(gz.finish());
        CHECK(gz.error().find("CRC-32") != std::string::npos);
        CHECK(gz.next(&out) == -1);  // and stays failed
    }
    {
        GzipInflater gz(blocks_of(edgarsql::test::gzip(one), 512));
        const void* out = nullptr;
        REQUIRE(gz.next(&out) > 0);
        CHECK(gz.finish());
        CHECK(gz.next(&out) == 0);
    }
    {
        int calls = 0;
        GzipInflater gz([&calls](const void**) -> std::int64_t {
            ++calls;
            return -1;
        });
        const void* out = nullptr;
        CHECK(gz.next(&out) == -1);
        CHECK(gz.source_failed());
        CHECK(gz.error().empty());
        CHECK_FALSE(gz.finish());
        CHECK(calls == 1);
    }
}
