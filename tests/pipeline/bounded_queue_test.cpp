#include "pipeline/bounded_queue.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

using edgarsql::pipeline::BoundedQueue;

TEST_CASE("bounded queue: FIFO, and pop drains what is left after close", "[pipeline]") {
    BoundedQueue<int> q(10, 1000);
    for (int i = 0; i < 3; ++i) REQUIRE(q.push(int{i}, 1));
    q.close();
    CHECK_FALSE(q.push(99, 1));
    int v = -1;
    for (int i = 0; i < 3; ++i) {
        REQUIRE(q.pop(v));
        CHECK(v == i);
    }
    CHECK_FALSE(q.pop(v));
    CHECK(q.closed());
}

TEST_CASE("bounded queue: the item count bound holds under a fast producer", "[pipeline]") {
    BoundedQueue<int> q(2, 1'000'000);
    constexpr int kItems = 500;
    std::thread producer([&] {
        for (int i = 0; i < kItems; ++i) q.push(int{i}, 1);
        q.close();
    });
    int expected = 0;
    int v = 0;
    std::size_t max_seen = 0;
    while (q.pop(v)) {
        CHECK(v == expected++);
        max_seen = std::max(max_seen, q.size());
    }
    producer.join();
    CHECK(expected == kItems);
    CHECK(max_seen <= 2);
}

TEST_CASE("bounded queue: the byte bound holds, an oversized item still passes", "[pipeline]") {
    BoundedQueue<std::string> q(100, 10);
    // Alone in the queue, an item over the byte bound is admitted instead of blocking forever.
    REQUIRE(q.push(std::string(50, 'x'), 50));
    CHECK(q.bytes() == 50);
    std::string s;
    REQUIRE(q.pop(s));
    CHECK(s.size() == 50);
    CHECK(q.bytes() == 0);

    std::thread producer([&] {
        for (int i = 0; i < 200; ++i) q.push(std::string(4, 'y'), 4);
        q.push(std::string(30, 'z'), 30);
        q.close();
    });
    std::size_t max_bytes = 0;
    int count = 0;
    while (q.pop(s)) {
        ++count;
        max_bytes = std::max(max_bytes, q.bytes());
    }
    producer.join();
    CHECK(count == 201);
    CHECK(max_bytes <= 30);  // at most the 8 of two small items, or one oversized item alone
}

TEST_CASE("bounded queue: close wakes blocked consumers and producers", "[pipeline]") {
    // Catch2 assertions are not thread-safe: the threads only record what they saw.
    BoundedQueue<int> empty(1, 10);
    bool popped = true;
    std::thread consumer([&] {
        int v = 0;
        popped = empty.pop(v);
    });
    BoundedQueue<int> full(1, 10);
    REQUIRE(full.push(1, 1));
    bool pushed = true;
    std::thread producer([&] { pushed = full.push(2, 1); });
    empty.close();
    full.close();
    consumer.join();
    producer.join();
    CHECK_FALSE(popped);
    CHECK_FALSE(pushed);
    int v = 0;
    REQUIRE(full.pop(v));
    CHECK(v == 1);
}
