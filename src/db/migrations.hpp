#pragma once
// The SQL migrations, compiled into the binary from migrations/<dialect>/NNNN_name.sql by
// cmake/embed_migrations.cmake, so a user never needs the source tree to migrate.

#include <string>
#include <vector>

namespace edgarsql::db {

struct Migration {
    const char* dialect;  ///< 'sqlite' or 'postgres'
    int version;          ///< NNNN
    const char* name;     ///< the file name's part after NNNN_
    const char* sql;
};

/// Every migration of every dialect, in version order per dialect.
const std::vector<Migration>& embedded_migrations();

/// The migrations of one dialect, in version order.
std::vector<Migration> migrations_for(const std::string& dialect);

}  // namespace edgarsql::db
