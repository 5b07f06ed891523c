#include "db/migrations.hpp"

namespace edgarsql::db {

std::vector<Migration> migrations_for(const std::string& dialect) {
    std::vector<Migration> out;
    for (const Migration& m : embedded_migrations()) {
        if (dialect == m.dialect) out.push_back(m);
    }
    return out;
}

}  // namespace edgarsql::db
