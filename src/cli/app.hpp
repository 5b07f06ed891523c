#pragma once
// The command line (DESIGN §5): one file per subcommand under src/cli/, each with an options
// struct, a setup_… that binds flags into it and a run_… that does the work. run() returns the
// process exit code: 0 success, 3 finished with rejected inputs, 1 could not continue,
// 2 usage error, 130/143 interrupted.

namespace edgarsql::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRejects = 3;
inline constexpr int kExitSigint = 130;
inline constexpr int kExitSigterm = 143;

int run(int argc, char** argv);

}  // namespace edgarsql::cli
