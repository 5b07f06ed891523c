#pragma once
// COPY … FROM STDIN (FORMAT binary) for the rows that carry most of a filing's bytes: items
// and documents, with their text and search vector.
//
// In COPY's text format the server parses every value; for a tsvector that costs about as
// much as computing it (5.6 s against 0.8 s in binary for the vectors of the 1 GB benchmark
// corpus, docs/benchmarks.md). libpqxx 6.4 has no binary COPY, so this class speaks libpq's
// COPY calls on the transaction's own connection, inside its transaction. Values come in the
// text form that Values holds (numbers as decimal strings) and go out in the binary form of
// the column's type.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class dbtransaction;
}

namespace edgarsql::db::postgres {

/// The types a binary COPY column may have here.
enum class BinaryType : std::uint8_t { int8, int4, boolean, text, raw };

class BinaryCopy {
  public:
    /// Starts COPY table (columns) FROM STDIN (FORMAT binary) in `tx`; one type per column.
    BinaryCopy(pqxx::dbtransaction& tx, const std::string& table, const std::string& columns,
               std::vector<BinaryType> types);
    /// Ends an unfinished COPY with an error, so the transaction can be rolled back.
    ~BinaryCopy();
    BinaryCopy(const BinaryCopy&) = delete;
    BinaryCopy& operator=(const BinaryCopy&) = delete;

    /// One row. `values`: a NUL-terminated text value per column, nullptr for NULL; a raw
    /// column takes its bytes from `raw` instead (nullptr: NULL).
    void write(const std::vector<const char*>& values, const std::string* raw = nullptr);
    /// Sends the rest and checks the server's answer; throws pqxx::sql_error.
    void complete();

  private:
    void flush();

    void* conn_ = nullptr;  // PGconn
    std::vector<BinaryType> types_;
    std::string buffer_;
    bool done_ = false;
};

}  // namespace edgarsql::db::postgres
