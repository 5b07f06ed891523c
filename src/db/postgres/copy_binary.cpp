#include "db/postgres/copy_binary.hpp"

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace edgarsql::db::postgres {

namespace {

// libpqxx 6.4 gives the connection of a transaction (PGconn) to its large-object classes
// only, through this protected accessor.
struct RawConnection : pqxx::largeobject {
    static PGconn* of(const pqxx::dbtransaction& tx) { return raw_connection(tx); }
};

constexpr std::size_t kFlushBytes = 1 << 20;

void put_be(std::string& out, std::uint64_t v, int bytes) {
    for (int b = bytes - 1; b >= 0; --b) out += static_cast<char>((v >> (8 * b)) & 0xFF);
}

/// Throws what libpqxx would for the same failure: broken_connection when the connection is
/// gone, else sql_error with the server's SQLSTATE, by which callers tell a row's error (the
/// batch is rejected, the run goes on) from a fatal one.
[[noreturn]] void fail(PGconn* conn, const std::string& what, const std::string& message,
                       const std::string& sqlstate = std::string()) {
    const std::string text = what + ": " + message;
    if (PQstatus(conn) == CONNECTION_BAD) throw pqxx::broken_connection(text);
    throw pqxx::sql_error(text, what, sqlstate.empty() ? nullptr : sqlstate.c_str());
}

/// The error message and SQLSTATE of a failed result.
std::pair<std::string, std::string> error_of(const PGresult* r) {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    return {PQresultErrorMessage(r), state != nullptr ? state : ""};
}

}  // namespace

BinaryCopy::BinaryCopy(pqxx::dbtransaction& tx, const std::string& table,
                       const std::string& columns, std::vector<BinaryType> types)
    : types_(std::move(types)) {
    auto* conn = RawConnection::of(tx);
    conn_ = conn;
    const std::string sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)";
    PGresult* r = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    const auto [error, state] = ok ? std::pair<std::string, std::string>() : error_of(r);
    PQclear(r);
    if (!ok) {
        done_ = true;
        fail(conn, sql, error, state);
    }
    // Signature, flags, header extension length.
    buffer_.assign("PGCOPY\n\377\r\n\0", 11);
    put_be(buffer_, 0, 4);
    put_be(buffer_, 0, 4);
}

BinaryCopy::~BinaryCopy() {
    if (done_) return;
    auto* conn = static_cast<PGconn*>(conn_);
    PQputCopyEnd(conn, "abandoned by edgarsql");
    while (PGresult* r = PQgetResult(conn)) PQclear(r);
}

void BinaryCopy::write(const std::vector<const char*>& values, const std::string* raw) {
    put_be(buffer_, types_.size(), 2);
    for (std::size_t i = 0; i < types_.size(); ++i) {
        const char* v = i < values.size() ? values[i] : nullptr;
        if (types_[i] == BinaryType::raw) {
            if (raw == nullptr) {
                put_be(buffer_, 0xFFFFFFFFU, 4);  // -1: NULL
            } else {
                put_be(buffer_, raw->size(), 4);
                buffer_ += *raw;
            }
        } else if (v == nullptr) {
            put_be(buffer_, 0xFFFFFFFFU, 4);
        } else if (types_[i] == BinaryType::int8) {
            put_be(buffer_, 8, 4);
            put_be(buffer_, static_cast<std::uint64_t>(std::strtoll(v, nullptr, 10)), 8);
        } else if (types_[i] == BinaryType::int4) {
            put_be(buffer_, 4, 4);
            put_be(buffer_, static_cast<std::uint32_t>(std::strtol(v, nullptr, 10)), 4);
        } else if (types_[i] == BinaryType::boolean) {
            put_be(buffer_, 1, 4);
            buffer_ += static_cast<char>(std::strcmp(v, "true") == 0 ? 1 : 0);
        } else {
            const std::size_t n = std::strlen(v);
            put_be(buffer_, n, 4);
            buffer_.append(v, n);
        }
    }
    if (buffer_.size() >= kFlushBytes) flush();
}

void BinaryCopy::flush() {
    auto* conn = static_cast<PGconn*>(conn_);
    for (std::size_t from = 0; from < buffer_.size();) {
        // PQputCopyData takes an int length: at most 1 GiB at a time.
        const std::size_t n = std::min<std::size_t>(buffer_.size() - from, 1U << 30);
        if (PQputCopyData(conn, buffer_.data() + from, static_cast<int>(n)) != 1) {
            done_ = true;
            fail(conn, "COPY (binary)", PQerrorMessage(conn));
        }
        from += n;
    }
    buffer_.clear();
}

void BinaryCopy::complete() {
    auto* conn = static_cast<PGconn*>(conn_);
    put_be(buffer_, 0xFFFF, 2);  // trailer: -1
    flush();
    done_ = true;
    if (PQputCopyEnd(conn, nullptr) != 1) fail(conn, "COPY (binary)", PQerrorMessage(conn));
    std::pair<std::string, std::string> error;
    bool failed = false;
    while (PGresult* r = PQgetResult(conn)) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && !failed) {
            failed = true;
            error = error_of(r);
        }
        PQclear(r);
    }
    if (failed) fail(conn, "COPY (binary)", error.first, error.second);
}

}  // namespace edgarsql::db::postgres
