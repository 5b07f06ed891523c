#include <catch2/catch.hpp>

#include <openssl/sha.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "util/sha256.hpp"

using edgarsql::util::Sha256Lanes;
using edgarsql::util::sha256_hex;

namespace {

/// The reference: libcrypto's one-shot SHA256(), independent of util::sha256_hex's EVP path.
std::string reference(const std::string& s) {
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : d) {
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0x0F]);
    }
    return out;
}

std::string random_bytes(std::mt19937& rng, std::size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
}

}  // namespace

TEST_CASE("sha256_hex gives the standard digests", "[util]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("Sha256Lanes: known digests, main and messages", "[util]") {
    // 56 bytes: the padding needs a second block.
    const std::string main = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    Sha256Lanes lanes(main);
    CHECK(lanes.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(lanes.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(lanes.main_hex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(lanes.main_hex() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("Sha256Lanes agrees with libcrypto for every length around the block edges", "[util]") {
    // Lengths 0–200 cover one and two padding blocks; main shorter, equal and longer than the
    // messages beside it, so both lanes run out first in turn. Both paths: interleaved (where
    // the CPU has the SHA extensions) and libcrypto's.
    std::mt19937 rng(7);
    const std::string pool = random_bytes(rng, 4096);
    const bool interleave = GENERATE(true, false);
    INFO("interleave " << interleave << ", CPU has the extensions " << Sha256Lanes::interleaved());
    for (std::size_t main_len : {std::size_t{0}, std::size_t{1}, std::size_t{55}, std::size_t{56},
                                 std::size_t{64}, std::size_t{119}, std::size_t{640},
                                 std::size_t{4000}}) {
        const std::string main = pool.substr(3, main_len);
        Sha256Lanes lanes(main, interleave);
        for (std::size_t n = 0; n <= 200; ++n) {
            const std::string message = pool.substr(n % 13, n);
            INFO("main " << main_len << " message length " << n);
            REQUIRE(lanes.hex(message) == reference(message));
        }
        INFO("main " << main_len);
        CHECK(lanes.main_hex() == reference(main));
    }
}

TEST_CASE("Sha256Lanes: large messages, and main_hex before any message", "[util]") {
    std::mt19937 rng(11);
    const std::string big = random_bytes(rng, 3 * 1024 * 1024 + 17);
    const std::string_view v(big);
    const bool interleave = GENERATE(true, false);
    INFO("interleave " << interleave);
    Sha256Lanes lanes(big, interleave);
    CHECK(lanes.hex(v.substr(100, 1024 * 1024)) == reference(big.substr(100, 1024 * 1024)));
    CHECK(lanes.hex(v.substr(5, 333)) == reference(big.substr(5, 333)));
    // Longer than what is left of the main message: it finishes on one lane.
    const std::size_t n = 2 * 1024 * 1024 + 3;
    CHECK(lanes.hex(v.substr(7, n)) == reference(big.substr(7, n)));
    CHECK(lanes.main_hex() == reference(big));
    CHECK(lanes.hex("abc") == reference("abc"));  // after main_hex, still right

    Sha256Lanes alone(big, interleave);
    CHECK(alone.main_hex() == reference(big));
}

TEST_CASE("Sha256Lanes takes the interleaved path wherever the CPU has the SHA extensions",
          "[util]") {
    // The kernel's view of the CPU, independent of the CPUID test in sha256.cpp: a detection
    // that silently failed would leave every digest right and the parser half as fast.
    std::ifstream cpuinfo("/proc/cpuinfo");
    if (!cpuinfo) return;  // not Linux: nothing to compare with
    std::string line;
    bool sha_ni = false, ssse3 = false, sse41 = false;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("flags", 0) != 0) continue;
        std::istringstream flags(line.substr(line.find(':') + 1));
        for (std::string f; flags >> f;) {
            sha_ni = sha_ni || f == "sha_ni";
            ssse3 = ssse3 || f == "ssse3";
            sse41 = sse41 || f == "sse4_1";
        }
        break;
    }
#if defined(__x86_64__)
    CHECK(Sha256Lanes::interleaved() == (sha_ni && ssse3 && sse41));
#else
    CHECK_FALSE(Sha256Lanes::interleaved());
#endif
}
