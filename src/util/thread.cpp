#include "util/thread.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <time.h>

namespace edgarsql::util {

void name_this_thread(const std::string& name) {
    // pthread_setname_np refuses names of 16 bytes or more: cut, do not fail.
    const std::string cut = name.substr(0, 15);
    pthread_setname_np(pthread_self(), cut.c_str());
}

double this_thread_cpu_seconds() {
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double process_cpu_seconds() {
    rusage ru{};
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    const auto seconds = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    return seconds(ru.ru_utime) + seconds(ru.ru_stime);
}

}  // namespace edgarsql::util
