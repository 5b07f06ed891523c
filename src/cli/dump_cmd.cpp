#include "cli/dump_cmd.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/app.hpp"
#include "db/backend.hpp"

namespace edgarsql::cli {

void setup_dump(CLI::App& app, DumpOptions& o) {
    o.db.add_to(app);
    o.log.add_to(app, /*with_log_file=*/false);
}

int run_dump(const DumpOptions& o) {
    o.log.apply();
    const std::string url = o.db.resolve();
    try {
        auto backend = open_for_reading(url);
        std::ios::sync_with_stdio(false);
        backend->dump(std::cout);
        std::cout.flush();
        if (!std::cout) {
            const int err = errno;
            spdlog::error("dump {}: cannot write the output: {}", db::mask_password(url),
                          err != 0 ? std::strerror(err) : "write failed");
            return kExitFailed;
        }
        return kExitOk;
    } catch (const std::exception& e) {
        spdlog::error("dump {}: {}", db::mask_password(url), db::mask_password(e.what()));
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
