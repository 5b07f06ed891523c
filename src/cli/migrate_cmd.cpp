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
        // A schema newer than this binary's: listed, and refused like every other command.
        if (db::schema_state(*backend) == db::SchemaState::newer) {
            spdlog::error("migrate {}: its schema is newer than this edgarsql knows; use a "
                          "newer edgarsql",
                          db::mask_password(url));
            return with_output_flushed(kExitFailed);
        }
        return with_output_flushed(o.status && pending > 0 ? kExitRejects : kExitOk);
    } catch (const std::exception& e) {
        spdlog::error("migrate {}: {}", db::mask_password(url), db::mask_password(e.what()));
        return kExitFailed;
    }
}

}  // namespace edgarsql::cli
