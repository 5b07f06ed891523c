#pragma once
// Thread names and per-thread CPU time, for operators and the benchmark: `top -H`, `perf`
// and gdb show which of edgarsql's threads is busy, and a run's report says how much CPU
// each stage took, which tells whether the parsers or the single writer bound a run.

#include <string>

namespace edgarsql::util {

/// Names the calling thread (Linux keeps the first 15 bytes). Never fails: a name is a hint.
void name_this_thread(const std::string& name);

/// CPU time (user + system) the calling thread has used so far, in seconds.
double this_thread_cpu_seconds();

/// CPU time (user + system) of the whole process so far, every thread included, in seconds.
double process_cpu_seconds();

}  // namespace edgarsql::util
