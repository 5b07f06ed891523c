#pragma once
// Throwaway PostgreSQL databases for the tests. The server comes from $EDGARSQL_TEST_PG (a
// connection string with rights to CREATE DATABASE; scripts/test starts one with
// scripts/pg-server). Without it the PostgreSQL cases are skipped on a developer machine, but
// fail under CI=true, where a PostgreSQL test that cannot reach its server must not pass.

#include <cstdlib>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "db/postgres/postgres_backend.hpp"

namespace edgarsql::test {

/// The server URL, or "" when none is configured.
inline std::string postgres_server() {
    const char* url = std::getenv("EDGARSQL_TEST_PG");
    return url != nullptr ? std::string(url) : std::string();
}

inline bool running_in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

/// True when PostgreSQL tests can run; FAILs the test under CI without a server.
inline bool postgres_available() {
    if (!postgres_server().empty()) return true;
    if (running_in_ci()) FAIL("CI=true but EDGARSQL_TEST_PG is not set: no PostgreSQL server");
    return false;
}

/// A fresh, empty database on the test server, dropped on destruction.
class PostgresDb {
  public:
    PostgresDb() {
        std::random_device rd;
        name_ = "edgarsql_t_" + std::to_string(rd()) + std::to_string(rd() % 1000);
        db::postgres::execute(postgres_server(), "CREATE DATABASE " + name_);
        url_ = db::postgres::with_database(postgres_server(), name_);
    }
    ~PostgresDb() {
        try {
            db::postgres::execute(postgres_server(),
                                  "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (...) {
            // A leftover database on a throwaway server is harmless.
        }
    }
    PostgresDb(const PostgresDb&) = delete;
    PostgresDb& operator=(const PostgresDb&) = delete;

    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }

  private:
    std::string name_;
    std::string url_;
};

}  // namespace edgarsql::test
