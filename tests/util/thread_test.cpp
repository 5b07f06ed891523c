#include "util/thread.hpp"

#include <pthread.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

using namespace edgarsql;

TEST_CASE("name_this_thread names the thread, cut to Linux's 15 bytes", "[util]") {
    std::string seen_short;
    std::string seen_long;
    std::thread t([&] {
        char buf[32] = {};
        util::name_this_thread("es-parser-2");
        pthread_getname_np(pthread_self(), buf, sizeof buf);
        seen_short = buf;
        util::name_this_thread("es-a-name-longer-than-fifteen");
        pthread_getname_np(pthread_self(), buf, sizeof buf);
        seen_long = buf;
    });
    t.join();
    CHECK(seen_short == "es-parser-2");
    CHECK(seen_long == "es-a-name-longe");
}

TEST_CASE("this_thread_cpu_seconds counts the thread's own work only", "[util]") {
    double spun = 0;
    double other_thread = 0;
    std::thread busy([&] {
        const double start = util::this_thread_cpu_seconds();
        while (util::this_thread_cpu_seconds() - start < 0.05) {
        }
        spun = util::this_thread_cpu_seconds() - start;
    });
    std::thread idle([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(80));
        other_thread = util::this_thread_cpu_seconds();
    });
    busy.join();
    idle.join();
    CHECK(spun >= 0.05);
    CHECK(other_thread < 0.02);  // sleeping costs no CPU, and another thread's spin is not its
    CHECK(util::process_cpu_seconds() >= spun);
}
