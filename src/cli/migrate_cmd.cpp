#include "cli/migrate_cmd.hpp"

#include <cstdio>

#include <spdlog/spdlog.h>

#include "cli/app.hpp"
#include "db/backend.hpp"

namespace edgarsql::cli {

void setup_migrate(CLI::App& app, MigrateOptions& o) {
    o.db.add_to(app);
    o.log.add_to(app, /*with_log_file=*/false);
    app.add_flag("--status", o.status, "List applied and pending migrations, change nothing");
}

int run_migrate(const MigrateOptions& o) {
    o.log.apply();
    const std::string url = o.db.resolve();
    try {
        db::OpenOptions open;
        open.read_only = o.status;  // --status changes nothing, not even a new file
        auto backend = db::open_backend(url, open);
        if (!o.status) backend->migrate();
        int pending = 0;
        for (const db::MigrationState& m : backend->migration_status()) {
            if (m.applied_at.empty()) ++pending;
            if (o.status || !o.log.quiet) {
                std::printf("%04d %-32s %s\n", m.version, m.name.c_str(),
                            m.applied_at.empty() ? "pending" : m.applied_at.c_str());
            }
        }
        return o.status && pending > 0 ? kExitRejects : kExitOk;
    } catch (const std::exception& e) {
        spdlog::error("migrate {}: {}", db::mask_password(url), db::mask_password(e.what()));
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
