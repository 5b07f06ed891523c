#include "db/postgres/postgres_backend.hpp"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/dump.hpp"
#include "db/migrations.hpp"
#include "db/postgres/copy_binary.hpp"
#include "db/postgres/copy_text.hpp"
#include "db/postgres/search_vector.hpp"
#include "db/registrant_fields.hpp"
#include "model/precedence.hpp"

namespace edgarsql::db::postgres {

namespace {

constexpr const char* kDialect = "postgres";
/// pg_advisory_xact_lock key of migrations ('edgr' 'migr').
constexpr long long kMigrationLock = 0x6564677200000001LL;
/// Class of the session advisory locks that mark a run as alive.
constexpr int kRunLockClass = 0x65646772;
/// Attempts of a transaction that keeps failing with a deadlock or serialization failure.
constexpr int kMaxAttempts = 30;
/// Rows fetched per round trip by dump().
constexpr int kDumpFetch = 2000;

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

bool fatal_sqlstate(const std::string& state) {
    if (state.size() != 5) return true;
    const std::string cls = state.substr(0, 2);
    if (cls == "22" || cls == "23") return false;
    // 08 connection, 53 resources, 57 operator intervention (57P01 admin shutdown), 58 system,
    // 42 a schema that does not match the statements, XX internal: nothing later can succeed.
    return true;
}

// Converts the exception being handled into a db::Error. Call only inside a catch block.
Error current_error(const std::string& context) {
    try {
        throw;
    } catch (const Error& e) {
        return e;
    } catch (const pqxx::broken_connection& e) {
        return Error("PostgreSQL " + context + ": connection to the server lost: " +
                         mask_password(trim(e.what())),
                     true);
    } catch (const pqxx::in_doubt_error& e) {
        return Error("PostgreSQL " + context +
                         ": connection lost while committing; the last batch may or may not be "
                         "stored (a re-run settles it): " +
                         mask_password(trim(e.what())),
                     true);
    } catch (const pqxx::sql_error& e) {
        return Error("PostgreSQL " + context + ": " + mask_password(trim(e.what())) +
                         (e.sqlstate().empty() ? "" : " (SQLSTATE " + e.sqlstate() + ")"),
                     fatal_sqlstate(e.sqlstate()));
    } catch (const pqxx::usage_error& e) {
        return Error("PostgreSQL " + context + ": " + mask_password(trim(e.what())), true);
    } catch (const std::bad_alloc&) {
        return Error("PostgreSQL " + context + ": out of memory", true);
    } catch (const std::exception& e) {
        return Error("PostgreSQL " + context + ": " + mask_password(trim(e.what())), false);
    }
}

// True when the exception being handled only asks for the transaction to be run again.
bool retryable() {
    try {
        throw;
    } catch (const pqxx::deadlock_detected&) {
        return true;
    } catch (const pqxx::serialization_failure&) {
        return true;
    } catch (const pqxx::sql_error& e) {
        return e.sqlstate() == "40P01" || e.sqlstate() == "40001";
    } catch (...) {
        return false;
    }
}

void backoff(int attempt) {
    static thread_local std::mt19937 rng{std::random_device{}()};
    const int base = std::min(1000, 5 << std::min(attempt, 8));
    std::uniform_int_distribution<int> jitter(0, base);
    std::this_thread::sleep_for(std::chrono::milliseconds(base / 2 + jitter(rng)));
}

std::unique_ptr<pqxx::connection> connect(const std::string& url) {
    try {
        auto conn = std::make_unique<pqxx::connection>(url);
        pqxx::nontransaction tx(*conn);
        tx.exec("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8'; "
                "SET client_min_messages = 'warning'");
        return conn;
    } catch (...) {
        throw current_error("cannot connect to " + mask_password(url));
    }
}

/// Parameter values for one statement or COPY row: pointers to text, nullptr for NULL. Text
/// given by reference must outlive the statement; numbers are stored here.
class Values {
  public:
    void text(const std::string& v) { ptrs_.push_back(v.empty() ? nullptr : v.c_str()); }
    void text_or_empty(const std::string& v) { ptrs_.push_back(v.c_str()); }
    void opt_text(const std::optional<std::string>& v) {
        ptrs_.push_back(v ? v->c_str() : nullptr);
    }
    void literal(const char* v) { ptrs_.push_back(v); }
    void null() { ptrs_.push_back(nullptr); }
    void integer(std::int64_t v) {
        store_.push_back(std::to_string(v));
        ptrs_.push_back(store_.back().c_str());
    }
    template <typename T>
    void opt_integer(const std::optional<T>& v) {
        if (v) {
            integer(static_cast<std::int64_t>(*v));
        } else {
            null();
        }
    }
    void boolean(bool v) { ptrs_.push_back(v ? "true" : "false"); }
    /// A value this object keeps (a Values returned by value stays valid: moving a deque
    /// keeps its elements where they are).
    void owned_text(std::string v) {
        store_.push_back(std::move(v));
        ptrs_.push_back(store_.back().c_str());
    }
    void clear() {
        ptrs_.clear();
        store_.clear();
    }
    const std::vector<const char*>& ptrs() const { return ptrs_; }

  private:
    std::vector<const char*> ptrs_;
    std::deque<std::string> store_;
};

pqxx::result exec_values(pqxx::transaction_base& tx, const std::string& name, const Values& v) {
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(v.ptrs()));
}


/// Array literals, one per column, for a statement that takes a whole batch of rows as
/// unnest($1::T1[], $2::T2[], …): one round trip however many rows.
class ArrayColumns {
  public:
    explicit ArrayColumns(std::size_t columns) : literals_(columns, std::string("{")) {}
    /// Appends one row: the values of `v`, one per column (nullptr: NULL).
    void add(const Values& v) {
        const std::vector<const char*>& p = v.ptrs();
        for (std::size_t i = 0; i < literals_.size(); ++i) {
            append_array_element(literals_[i], i < p.size() ? p[i] : nullptr);
        }
        ++rows_;
    }
    std::size_t rows() const { return rows_; }
    /// The closed literals as statement parameters; valid until this object changes.
    Values params() {
        Values v;
        for (std::string& l : literals_) {
            if (l.back() != '}') l += '}';
            v.text_or_empty(l);
        }
        return v;
    }

  private:
    std::vector<std::string> literals_;
    std::size_t rows_ = 0;
};

/// True for an ingest_files row whose `column` (its member, by default) starts with one of the
/// prefixes in the text[] parameter $n (matched as written: '%' and '_' are not wildcards).
std::string under_prefix_sql(int n, const std::string& column = "source_member") {
    return "EXISTS (SELECT 1 FROM unnest($" + std::to_string(n) + "::text[]) p WHERE left(" +
           column + ", length(p)) = p)";
}

/// The ingest_files rows of directories a run could not list (model::kCannotListDirectory),
/// the prefix bound as $n.
std::string unlisted_directory_rows_sql(int n) {
    const std::string p = "$" + std::to_string(n) + "::text";
    return "source_member = '' AND status = 'rejected' AND stage = 'read' AND "
           "left(error, length(" + p + ")) = " + p;
}

/// A text[] literal of `items`, for a statement parameter.
std::string text_array(const std::vector<std::string>& items) {
    ArrayColumns column(1);
    Values v;
    for (const std::string& item : items) {
        v.clear();
        v.text_or_empty(item);
        column.add(v);
    }
    return column.params().ptrs()[0];
}

std::string placeholders(int from, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        if (i > 0) out += ", ";
        out += "$" + std::to_string(from + i);
    }
    return out;
}

constexpr const char* kFilingColumns =
    "accession_number, form_type, form_family, is_amendment, filed_date, period_of_report, "
    "acceptance_datetime, date_as_of_change, declared_document_count, document_count, "
    "parse_status, warnings, cik, signer_name, signer_title, source_kind, source_path, "
    "source_member, source_sha256, parser_version";
constexpr int kFilingColumnCount = 20;

std::vector<std::string> split_columns(const std::string& cols) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < cols.size()) {
        std::size_t comma = cols.find(", ", pos);
        if (comma == std::string::npos) comma = cols.size();
        out.push_back(cols.substr(pos, comma - pos));
        pos = comma + 2;
    }
    return out;
}

/// A COPY … FROM STDIN of whole rows (Values), formatted by append_copy_field.
/// pqxx::tablewriter is deprecated in libpqxx 6.4, but it is the only public way there to send
/// a line as it is: stream_to keeps write_raw_line private and escapes every value itself,
/// glyph by glyph (see copy_text.hpp). Only its constructor and write_raw_line are used.
class CopyStream {
  public:
    CopyStream(pqxx::work& tx, const char* table, const char* columns) {
        const std::vector<std::string> cols = split_columns(columns);
        columns_ = cols.size();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        writer_ = std::make_unique<pqxx::tablewriter>(tx, table, cols.begin(), cols.end());
#pragma GCC diagnostic pop
    }
    /// One row: a value of `v` per column (missing ones are NULL).
    void write(const Values& v) {
        line_.clear();
        const std::vector<const char*>& fields = v.ptrs();
        for (std::size_t i = 0; i < columns_; ++i) {
            if (i > 0) line_ += '\t';
            append_copy_field(line_, i < fields.size() ? fields[i] : nullptr);
        }
        writer_->write_raw_line(line_);
    }
    void complete() { writer_->complete(); }

  private:
    std::unique_ptr<pqxx::tablewriter> writer_;
    std::size_t columns_ = 0;
    std::string line_;
};

constexpr const char* kPartyColumns =
    "filing_id, seq, role, cik, name, company_data, form_type, sec_act, file_number, "
    "film_number, irs_number, state_of_incorporation, sic_code, sic_description, "
    "organization_name, fiscal_year_end, business_address, business_street1, business_street2, "
    "business_city, business_state, business_zip, business_phone, mail_street1, mail_street2, "
    "mail_city, mail_state, mail_zip";
constexpr const char* kHeaderColumns = "filing_id, seq, path, value";
constexpr const char* kItemColumns =
    "filing_id, source, part, item_code, item_raw, title, seq, combined, document_sequence, "
    "text, start_offset, end_offset";
constexpr const char* kDocumentColumns =
    "filing_id, sequence, type, filename, description, content_kind, charset, bytes, sha256, "
    "uuencoded, text, text_in_items";
constexpr const char* kExhibitColumns =
    "filing_id, seq, exhibit_number, description, document_sequence, listed_in_index";

constexpr const char* kRankColumns =
    "filing_id, source_kind, parse_status, coalesce(to_char(date_as_of_change, 'YYYY-MM-DD'), "
    "''), parser_version, source_path, source_member, source_sha256";

InputStatus status_from_text(const std::string& s) {
    if (s == "ingested") return InputStatus::ingested;
    if (s == "filtered") return InputStatus::filtered;
    if (s == "ignored") return InputStatus::ignored;
    return InputStatus::rejected;
}

constexpr std::array<const char*, kFilingColumnCount> kFilingTypes = {
    "text", "text", "text",    "boolean", "date", "date", "timestamptz",
    "date", "integer", "integer", "text", "text", "bigint", "text",
    "text", "text", "text",    "text",    "text", "integer"};

/// "unnest($first::T1[], $first+1::T2[], …)": a batch's rows as arrays, one per column.
std::string unnest(const std::vector<const char*>& types, int first = 1) {
    std::string out = "unnest(";
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (i > 0) out += ", ";
        out += "$" + std::to_string(first + static_cast<int>(i)) + "::" + types[i] + "[]";
    }
    return out + ")";
}

/// The columns of the items or documents rows: with text_vector when edgarsql computes it.
std::string child_columns(const char* columns, bool vectors) {
    return vectors ? std::string(columns) + ", text_vector" : std::string(columns);
}

/// The statements of write_batch. Each takes all the rows of a batch at once (arrays through
/// unnest, or ANY($1)), so a batch costs the same few round trips whatever its size.
void prepare_all(pqxx::connection& c, bool vectors) {
    const std::vector<const char*> filing_types(kFilingTypes.begin(), kFilingTypes.end());
    c.prepare("lock_filings_acc",
              std::string("SELECT ") + kRankColumns +
                  ", accession_number FROM filings WHERE accession_number = ANY($1::text[]) "
                  "ORDER BY accession_number FOR UPDATE");
    c.prepare("lock_filings_sha",
              std::string("SELECT ") + kRankColumns +
                  ", source_sha256 FROM filings WHERE accession_number IS NULL "
                  "AND source_sha256 = ANY($1::text[]) ORDER BY source_sha256 FOR UPDATE");
    c.prepare("insert_filings_acc",
              std::string("INSERT INTO filings (") + kFilingColumns + ") SELECT * FROM " +
                  unnest(filing_types) +
                  " ON CONFLICT (accession_number) DO NOTHING "
                  "RETURNING filing_id, accession_number");
    c.prepare("insert_filings_sha",
              std::string("INSERT INTO filings (") + kFilingColumns + ") SELECT * FROM " +
                  unnest(filing_types) +
                  " ON CONFLICT (source_sha256) WHERE accession_number IS NULL DO NOTHING "
                  "RETURNING filing_id, source_sha256");
    {
        const std::vector<std::string> cols = split_columns(kFilingColumns);
        std::vector<const char*> types = {"bigint"};
        types.insert(types.end(), filing_types.begin(), filing_types.end());
        std::string sql = "UPDATE filings AS f SET ";
        std::string names = "filing_id";
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (i > 0) sql += ", ";
            sql += cols[i] + " = u." + cols[i];
            names += ", " + cols[i];
        }
        c.prepare("update_filings", sql + " FROM " + unnest(types) + " AS u(" + names +
                                        ") WHERE f.filing_id = u.filing_id");
    }
    for (const char* t : {"filing_parties", "header_fields", "items", "documents", "exhibits"}) {
        c.prepare(std::string("delete_") + t,
                  std::string("DELETE FROM ") + t + " WHERE filing_id = ANY($1::bigint[])");
    }
    const std::string items = child_columns(kItemColumns, vectors);
    const std::string documents = child_columns(kDocumentColumns, vectors);
    for (const auto& [name, table, columns] :
         {std::tuple{"insert_party", "filing_parties", kPartyColumns},
          std::tuple{"insert_header", "header_fields", kHeaderColumns},
          std::tuple{"insert_item", "items", items.c_str()},
          std::tuple{"insert_document", "documents", documents.c_str()},
          std::tuple{"insert_exhibit", "exhibits", kExhibitColumns}}) {
        const int count = static_cast<int>(split_columns(columns).size());
        c.prepare(name, std::string("INSERT INTO ") + table + " (" + columns + ") VALUES (" +
                            placeholders(1, count) + ")");
    }

    // Registrants accumulated anew (db::accumulate_anew): the CIKs of replaced versions with
    // their order keys (before the update), and every stored party of a set of CIKs.
    const std::string filed = "coalesce(to_char(f.filed_date, 'YYYY-MM-DD'), '')";
    const std::string accepted =
        "coalesce(to_char(f.acceptance_datetime AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')";
    c.prepare("replaced_ciks", "SELECT DISTINCT fp.cik, " + filed + ", " + accepted +
                                   ", coalesce(f.accession_number, ''), f.source_sha256 FROM "
                                   "filing_parties fp JOIN filings f ON f.filing_id = "
                                   "fp.filing_id WHERE fp.filing_id = ANY($1::bigint[]) AND "
                                   "fp.cik IS NOT NULL AND fp.role <> 'cover_page'");
    c.prepare("stored_parties", stored_parties_sql("fp.cik = ANY($1::bigint[])", filed, accepted));
    c.prepare("delete_registrants", "DELETE FROM registrants WHERE cik = ANY($1::bigint[])");
    c.prepare("lock_registrants", "SELECT cik FROM registrants WHERE cik = ANY($1::bigint[]) "
                                  "ORDER BY cik FOR UPDATE");
    c.prepare("ensure_registrants", "INSERT INTO registrants (cik) SELECT unnest($1::bigint[]) "
                                    "ON CONFLICT (cik) DO NOTHING");
    c.prepare("ensure_sources", "INSERT INTO registrant_sources (cik) SELECT unnest($1::bigint[]) "
                                "ON CONFLICT (cik) DO NOTHING");
    {
        std::string sql = "SELECT cik, ";
        for (const char* f : kRegistrantFields) sql += std::string(f) + ", ";
        sql += "as_of FROM registrant_sources WHERE cik = ANY($1::bigint[]) ORDER BY cik "
               "FOR UPDATE";
        c.prepare("lock_sources", sql);
    }
    {
        std::vector<const char*> reg_types = {"bigint"};
        std::vector<const char*> src_types = {"bigint"};
        std::string reg = "UPDATE registrants AS r SET ";
        std::string src = "UPDATE registrant_sources AS s SET ";
        std::string names = "cik";
        for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
            const std::string f = kRegistrantFields[i];
            // u.mask: a bit per column that the write sets (registrant_update), to its value
            // or to NULL.
            reg += f + " = CASE WHEN u.mask & " + std::to_string(1U << i) + " <> 0 THEN u." + f +
                   " ELSE r." + f + " END, ";
            src += f + " = u." + f + ", ";
            names += ", " + f;
            reg_types.push_back(i == kSicCodeField ? "integer" : "text");
            src_types.push_back("text");
        }
        reg_types.insert(reg_types.end(), {"boolean", "date", "text", "integer"});
        src_types.push_back("text");
        reg += "as_of_date = CASE WHEN u.as_of THEN u.as_of_date ELSE r.as_of_date END, "
               "as_of_accession = CASE WHEN u.as_of THEN u.as_of_accession "
               "ELSE r.as_of_accession END FROM " +
               unnest(reg_types) + " AS u(" + names +
               ", as_of, as_of_date, as_of_accession, mask) WHERE r.cik = u.cik";
        src += "as_of = u.as_of FROM " + unnest(src_types) + " AS u(" + names +
               ", as_of) WHERE s.cik = u.cik";
        c.prepare("update_registrants", reg);
        std::string clear_reg = "UPDATE registrants SET ";
        std::string clear_src = "UPDATE registrant_sources SET ";
        for (const char* f : kRegistrantFields) {
            clear_reg += std::string(f) + " = NULL, ";
            clear_src += std::string(f) + " = NULL, ";
        }
        c.prepare("clear_registrants", clear_reg +
                                           "as_of_date = NULL, as_of_accession = NULL "
                                           "WHERE cik = ANY($1::bigint[])");
        c.prepare("clear_sources", clear_src + "as_of = NULL WHERE cik = ANY($1::bigint[])");
        c.prepare("update_sources", src);
    }
    c.prepare("upsert_former_names",
              "INSERT INTO former_names (cik, former_name, date_changed, first_accession, "
              "first_order_key) SELECT * FROM " +
                  unnest({"bigint", "text", "date", "text", "text"}) +
                  " ON CONFLICT (cik, former_name, date_changed) DO UPDATE "
                  "SET first_accession = excluded.first_accession, "
                  "first_order_key = excluded.first_order_key "
                  "WHERE excluded.first_order_key < former_names.first_order_key");
    // model::worse_reread: the other copies of filings (filing_id, the kept version's path and
    // member, as arrays) are marked to be read again (an archive holding one is then opened).
    c.prepare("reread_files",
              "UPDATE ingest_files f SET reread = true FROM unnest($1::bigint[], $2::text[], "
              "$3::text[]) AS w(filing_id, path, member) WHERE f.filing_id = w.filing_id AND "
              "NOT (f.source_path = w.path AND f.source_member = w.member)");
    c.prepare("upsert_inputs",
              "INSERT INTO ingest_files (source_path, source_member, bytes, mtime, sha256, "
              "status, stage, error, filing_id, run_id, parser_version, filtered_form_type, "
              "filtered_filing_date) SELECT * FROM " +
                  unnest({"text", "text", "bigint", "bigint", "text", "text", "text", "text",
                          "bigint", "bigint", "integer", "text", "date"}) +
                  " ON CONFLICT (source_path, source_member) DO UPDATE SET "
                  "bytes = excluded.bytes, mtime = excluded.mtime, sha256 = excluded.sha256, "
                  "status = excluded.status, stage = excluded.stage, error = excluded.error, "
                  "filing_id = excluded.filing_id, run_id = excluded.run_id, "
                  "parser_version = excluded.parser_version, "
                  "filtered_form_type = excluded.filtered_form_type, "
                  "filtered_filing_date = excluded.filtered_filing_date, reread = false "
                  "WHERE " +
                  kKeepIngestedRow);
}

/// The column of PriorInput::transient: rejected because it could not be read, or, for an
/// archive member, because its archive could not be (a truncated download).
const std::string kTransient =
    "coalesce(stage = 'read' OR (source_member <> '' AND stage = 'archive'), false)";

/// PriorInput::archive_damage: rejected for damage in an archive's bytes.
const std::string kArchiveDamage =
    "coalesce(status = 'rejected' AND stage = 'archive', false)";

/// PriorInput::refused_size of the ingest_files row `f`: for a row rejected at stage 'limit',
/// its recorded size, or, when its decompressed size went over the limit ("decompressed size
/// exceeds --max-input-bytes N", from the walker), N + 1 if larger; -1 for any other row.
std::string refused_size_sql(const std::string& f) {
    return "CASE WHEN " + f + "status = 'rejected' AND " + f + "stage = 'limit' THEN greatest(" +
           f + "bytes, coalesce(substring(" + f +
           "error from '^decompressed size exceeds --max-input-bytes ([0-9]{1,18})$')::bigint + 1, "
           "0)) ELSE -1 END";
}

/// The columns of PriorInput after refused_size.
const std::string kFilteredAs =
    "filtered_form_type, filtered_filing_date::text, " + kArchiveDamage + ", reread";

/// PriorArchive::filtered_as of the archive `a`, encoded for decode_filtered_members(): the
/// distinct (form type, filing date) pairs of its filtered members.
const std::string kFilteredMembers =
    "(SELECT string_agg(DISTINCT coalesce(f.filtered_form_type || chr(31) || "
    "coalesce(f.filtered_filing_date::text, ''), chr(29)), chr(30)) FROM ingest_files f "
    "WHERE f.source_path = a.source_path AND f.source_member <> '' AND "
    "f.status = 'filtered')";

PriorInput prior_input(const pqxx::row& r, pqxx::row::size_type first) {
    PriorInput p;
    p.bytes = r[first].as<std::int64_t>();
    p.mtime = r[first + 1].as<std::int64_t>();
    p.status = status_from_text(r[first + 2].as<std::string>());
    p.parser_version = r[first + 3].as<int>();
    p.transient = r[first + 4].as<bool>();
    p.refused_size = r[first + 5].as<std::int64_t>();
    if (p.status == InputStatus::filtered && !r[first + 6].is_null()) {
        p.filtered_as = FilteredAs{r[first + 6].as<std::string>(),
                                   r[first + 7].is_null() ? "" : r[first + 7].as<std::string>()};
    }
    p.archive_damage = r[first + 8].as<bool>();
    p.reread = r[first + 9].as<bool>();
    return p;
}

PriorArchive prior_archive(const pqxx::row& r, pqxx::row::size_type first) {
    PriorArchive a;
    a.bytes = r[first].as<std::int64_t>();
    a.mtime = r[first + 1].as<std::int64_t>();
    a.parser_version = r[first + 2].as<int>();
    a.complete = r[first + 3].as<bool>();
    a.members = r[first + 4].as<std::int64_t>();
    a.rejected = r[first + 5].as<std::int64_t>();
    if (!r[first + 6].is_null()) a.smallest_refused = r[first + 6].as<std::int64_t>();
    a.filtered = r[first + 7].as<std::int64_t>();
    if (a.filtered > 0) {
        decode_filtered_members(r[first + 8].is_null() ? "" : r[first + 8].as<std::string>(), a);
    }
    a.damaged = r[first + 9].as<bool>();
    a.reread_members = r[first + 10].as<bool>();
    return a;
}

/// The read connection of the walker thread. One statement per lookup was one round trip per
/// file: a second run over an unchanged tree cost 14 % of the first. The walker visits files in
/// byte-wise path order, so lookups of files on disk are answered from a window of the manifest:
/// the next 2,000 rows in path order from the path asked about (paths compare byte-wise in
/// the database too, COLLATE "C", migration 0007); a path outside the window fetches the next
/// one. Archive members are fetched all at once when the walker announces the archive
/// (expect_archive). Memory stays bounded by a window and one archive's members.
class PostgresLookup final : public InputLookup {
  public:
    static constexpr int kWindow = 2000;

    explicit PostgresLookup(const std::string& url) : conn_(connect(url)) {
        conn_->prepare("find_input",
                       "SELECT bytes, mtime, status, parser_version, " + kTransient + ", " +
                           refused_size_sql("") + ", " + kFilteredAs +
                           " FROM ingest_files WHERE source_path = $1 AND source_member = $2");
        conn_->prepare("inputs_from",
                       "SELECT source_path, bytes, mtime, status, parser_version, " +
                           kTransient + ", " + refused_size_sql("") + ", " + kFilteredAs +
                           " FROM ingest_files WHERE source_path COLLATE \"C\" >= $1 "
                       "AND source_member = '' ORDER BY source_path COLLATE \"C\" LIMIT " +
                           std::to_string(kWindow));
        conn_->prepare("archives_from",
                       "SELECT a.source_path, a.bytes, a.mtime, a.parser_version, a.complete, "
                       "a.members, a.rejected, CASE WHEN a.rejected > 0 THEN (SELECT min(" +
                           refused_size_sql("f.") +
                           ") FROM ingest_files f WHERE f.source_path = a.source_path AND "
                           "f.source_member <> '' AND f.status = 'rejected' AND "
                           "f.stage = 'limit') END, a.filtered, CASE WHEN a.filtered > 0 THEN " +
                           kFilteredMembers + " END, a.damaged, EXISTS (SELECT 1 FROM "
                           "ingest_files f WHERE f.source_path = a.source_path AND f.reread) "
                           "FROM ingest_archives a "
                           "WHERE a.source_path COLLATE \"C\" >= $1 "
                       "ORDER BY a.source_path COLLATE \"C\" LIMIT " +
                           std::to_string(kWindow));
        conn_->prepare("find_members",
                       "SELECT source_member, bytes, mtime, status, parser_version, " +
                           kTransient + ", " + refused_size_sql("") + ", " + kFilteredAs +
                           " FROM ingest_files WHERE source_path = $1 AND "
                           "source_member <> ''");
    }

    std::optional<PriorInput> find_input(const std::string& path,
                                         const std::string& member) override {
        try {
            if (member.empty()) {
                if (!files_.covers(path)) fetch(files_, "inputs_from", path, prior_input);
                return files_.find(path);
            }
            if (members_ && members_->path == path) {
                const auto it = members_->inputs.find(member);
                if (it == members_->inputs.end()) return std::nullopt;
                return it->second;
            }
            pqxx::nontransaction tx(*conn_);
            ++statements_;
            const pqxx::result r = tx.exec_prepared("find_input", path, member);
            if (r.empty()) return std::nullopt;
            return prior_input(r[0], 0);
        } catch (...) {
            throw current_error("lookup of " + path + (member.empty() ? "" : "!" + member));
        }
    }

    std::optional<PriorArchive> find_archive(const std::string& path) override {
        try {
            if (!archives_.covers(path)) fetch(archives_, "archives_from", path, prior_archive);
            return archives_.find(path);
        } catch (...) {
            throw current_error("lookup of archive " + path);
        }
    }

    void expect_archive(const std::string& path) override {
        try {
            Members m;
            m.path = path;
            pqxx::nontransaction tx(*conn_);
            ++statements_;
            for (const pqxx::row& row : tx.exec_prepared("find_members", path))
                m.inputs.emplace(row[0].as<std::string>(), prior_input(row, 1));
            members_ = std::move(m);
        } catch (...) {
            throw current_error("lookup of the members of " + path);
        }
    }

    std::uint64_t statements() const { return statements_; }

  private:
    /// The rows whose path lies in [from, to] (to: the last row fetched, or no end when the
    /// fetch returned fewer rows than it could), by path.
    template <typename T>
    struct Window {
        bool fetched = false;
        std::string from;
        std::optional<std::string> to;
        std::unordered_map<std::string, T> rows;

        bool covers(const std::string& path) const {
            return fetched && path >= from && (!to || path <= *to);
        }
        std::optional<T> find(const std::string& path) const {
            const auto it = rows.find(path);
            if (it == rows.end()) return std::nullopt;
            return it->second;
        }
    };
    struct Members {
        std::string path;
        std::unordered_map<std::string, PriorInput> inputs;
    };

    template <typename T>
    void fetch(Window<T>& w, const char* statement, const std::string& from,
               T (*convert)(const pqxx::row&, pqxx::row::size_type)) {
        w.fetched = false;
        w.rows.clear();
        pqxx::nontransaction tx(*conn_);
        ++statements_;
        const pqxx::result r = tx.exec_prepared(statement, from);
        std::string last;
        for (const pqxx::row& row : r) {
            last = row[0].as<std::string>();
            w.rows.emplace(last, convert(row, 1));
        }
        w.from = from;
        w.to.reset();
        if (r.size() == static_cast<pqxx::result::size_type>(kWindow)) w.to = last;
        w.fetched = true;
    }

    std::unique_ptr<pqxx::connection> conn_;
    Window<PriorInput> files_;
    Window<PriorArchive> archives_;
    std::optional<Members> members_;  ///< the archive being read
    std::uint64_t statements_ = 0;
};

model::SourceKind kind_from_text(const std::string& kind) {
    return kind == "full_submission" ? model::SourceKind::full_submission
           : kind == "nc"            ? model::SourceKind::nc
           : kind == "hdr_sgml"      ? model::SourceKind::hdr_sgml
                                     : model::SourceKind::bare;
}

/// A registrant or former-name contribution of one party, applied after the filings.
struct FilingGroup;

struct Contribution {
    const model::Party* party;
    const model::Filing* filing;
    std::string order_key;
    bool registrant;  ///< false for a losing version: former names only
};

class PostgresBackend final : public Backend {
  public:
    PostgresBackend(std::string url, WriteMode mode)
        : url_(std::move(url)), mode_(mode), conn_(connect(url_)) {}

    std::string dialect() const override { return kDialect; }

    void migrate() override {
        const std::vector<Migration> migrations = migrations_for(kDialect);
        const int latest = migrations.empty() ? 0 : migrations.back().version;
        for (int attempt = 0;; ++attempt) {
            try {
                pqxx::work tx(*conn_);
                tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
                int current = 0;
                if (!tx.exec("SELECT to_regclass('schema_migrations')")[0][0].is_null()) {
                    current = tx.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0]
                                  .as<int>();
                }
                if (current > latest) {
                    throw Error("database " + mask_password(url_) + " has schema version " +
                                    std::to_string(current) +
                                    ", newer than this edgarsql knows (" +
                                    std::to_string(latest) + "); use a newer edgarsql",
                                true);
                }
                for (const Migration& m : migrations) {
                    if (m.version <= current) continue;
                    try {
                        tx.exec(m.sql);
                        tx.exec_params(
                            "INSERT INTO schema_migrations (version, name, applied_at) "
                            "VALUES ($1, $2, now())",
                            m.version, std::string(m.name));
                    } catch (const Error&) {
                        throw;
                    } catch (...) {
                        const Error e = current_error("migration " + std::to_string(m.version) +
                                                      "_" + m.name);
                        throw Error(e.what(), true);
                    }
                }
                tx.commit();
                return;
            } catch (...) {
                if (retryable() && attempt + 1 < kMaxAttempts) {
                    backoff(attempt);
                    continue;
                }
                const Error e = current_error("migrate " + mask_password(url_));
                throw Error(e.what(), true);
            }
        }
    }

    std::vector<MigrationState> migration_status() override {
        try {
            pqxx::nontransaction tx(*conn_);
            std::vector<std::pair<int, std::pair<std::string, std::string>>> applied;
            if (!tx.exec("SELECT to_regclass('schema_migrations')")[0][0].is_null()) {
                for (const auto& row :
                     tx.exec("SELECT version, name, to_char(applied_at AT TIME ZONE 'UTC', "
                             "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM schema_migrations "
                             "ORDER BY version")) {
                    applied.push_back({row[0].as<int>(),
                                       {row[1].as<std::string>(), row[2].as<std::string>()}});
                }
            }
            std::vector<MigrationState> out;
            for (const Migration& m : migrations_for(kDialect)) {
                MigrationState st{m.version, m.name, ""};
                for (const auto& a : applied) {
                    if (a.first == m.version) st.applied_at = a.second.second;
                }
                out.push_back(st);
            }
            for (const auto& a : applied) {
                bool known = false;
                for (const MigrationState& st : out) known = known || st.version == a.first;
                if (!known) out.push_back({a.first, a.second.first, a.second.second});
            }
            return out;
        } catch (...) {
            throw current_error("migration status");
        }
    }

    std::int64_t begin_run(const RunStart& start) override {
        std::int64_t run_id = 0;
        for (int attempt = 0;; ++attempt) {
            try {
                pqxx::work tx(*conn_);
                // A run whose lock can be taken has lost its process. Its counts were never
                // written: they are those of the manifest rows it wrote (the inputs it skipped
                // are not known).
                tx.exec_params(
                    "UPDATE ingest_runs SET status = 'abandoned', finished_at = now(), "
                    "(files_seen, files_ingested, files_rejected, files_filtered, files_ignored, "
                    "bytes_read) = (SELECT count(*), count(*) FILTER (WHERE status = 'ingested'), "
                    "count(*) FILTER (WHERE status = 'rejected'), "
                    "count(*) FILTER (WHERE status = 'filtered'), "
                    "count(*) FILTER (WHERE status = 'ignored'), coalesce(sum(bytes), 0) "
                    "FROM ingest_files f WHERE f.run_id = ingest_runs.run_id) "
                    "WHERE status = 'running' AND pg_try_advisory_xact_lock($1, run_id::integer)",
                    kRunLockClass);
                run_id =
                    tx.exec_params1("INSERT INTO ingest_runs (started_at, status, version, "
                                    "arguments) VALUES (now(), 'running', $1, $2) "
                                    "RETURNING run_id",
                                    start.version, mask_password(start.arguments))[0]
                        .as<std::int64_t>();
                tx.exec_params("SELECT pg_advisory_lock($1, $2::integer)", kRunLockClass,
                               run_id);
                tx.commit();
                break;
            } catch (...) {
                if (retryable() && attempt + 1 < kMaxAttempts) {
                    backoff(attempt);
                    continue;
                }
                throw current_error("begin_run");
            }
        }
        ensure_prepared();  // so that the parser threads compute vectors from the first input
        return run_id;
    }

    void finish_run(std::int64_t run_id, const RunCounts& c, const std::string& status) override {
        const VectorCounts vc = vector_counts();
        spdlog::debug("search vectors: {} computed by edgarsql ({} on the parser threads), {} "
                      "by the server; lexicon statements: {} by the writer, {} by the parser "
                      "threads; {} chunks in the lexicon",
                      vc.client, vc.prepared, vc.server, vc.lexicon_statements,
                      vc.parser_lexicon_statements, vectors_.lexicon_size());
        const auto record = [&](pqxx::work& tx) {
            tx.exec_params(
                "UPDATE ingest_runs SET finished_at = now(), status = $1, files_seen = $2, "
                "files_ingested = $3, files_skipped = $4, files_rejected = $5, "
                "files_filtered = $6, files_ignored = $7, bytes_read = $8 WHERE run_id = $9",
                status, c.files_seen, c.files_ingested, c.files_skipped, c.files_rejected,
                c.files_filtered, c.files_ignored, c.bytes_read, run_id);
        };
        // When the run's session is gone (a restarted server, a terminated backend), and the
        // run's advisory lock with it, the end is recorded through a new connection, so that
        // the run is not left 'running' until a later run marks it abandoned. A connection
        // known to be lost is not used again: libpqxx 6.4 would try to revive it, and leaks
        // libpq's error result when that fails.
        if (conn_->is_open()) {
            try {
                pqxx::work tx(*conn_);
                record(tx);
                tx.exec_params("SELECT pg_advisory_unlock($1, $2::integer)", kRunLockClass,
                               run_id);
                tx.commit();
                return;
            } catch (const pqxx::broken_connection&) {
                spdlog::debug("finish_run {}: connection lost", run_id);
            } catch (...) {
                throw current_error("finish_run " + std::to_string(run_id));
            }
        }
        try {
            const std::unique_ptr<pqxx::connection> fresh = connect(url_);
            pqxx::work tx(*fresh);
            record(tx);
            tx.commit();
        } catch (...) {
            throw current_error("finish_run " + std::to_string(run_id));
        }
    }

    void write_batch(std::int64_t run_id, const std::vector<InputResult>& batch) override {
        ensure_prepared();
        bool vectors_done = false;
        for (int attempt = 0;; ++attempt) {
            step_ = "begin";
            current_ = nullptr;
            try {
                if (!vectors_done) {
                    step_ = "compute search vectors";
                    compute_vectors(batch);
                    vectors_done = true;
                    step_ = "begin";
                }
                pqxx::work tx(*conn_);
                write_in(tx, run_id, batch);
                step_ = "commit";
                current_ = nullptr;
                tx.commit();
                return;
            } catch (...) {
                if (retryable() && attempt + 1 < kMaxAttempts) {
                    backoff(attempt);
                    continue;
                }
                std::string context = std::string("write_batch, ") + step_;
                if (current_ != nullptr) context += " for " + current_->source.display();
                throw current_error(context);
            }
        }
    }

    void prepare_input(InputResult& r) noexcept override;

    std::vector<std::string> unlisted_directories(
        const std::vector<std::string>& roots) override {
        std::vector<std::string> out;
        try {
            pqxx::work tx(*conn_);
            const pqxx::result r = tx.exec_params(
                "SELECT source_path FROM ingest_files WHERE " + unlisted_directory_rows_sql(1) +
                    " AND (source_path = ANY($2::text[]) OR " +
                    under_prefix_sql(3, "source_path") + ")",
                std::string(model::kCannotListDirectory), text_array(roots),
                text_array(prefixes_under(roots)));
            tx.commit();
            for (const auto& row : r) out.push_back(row[0].c_str());
        } catch (...) {
            throw current_error("unlisted_directories");
        }
        return out;
    }

    void forget_directories(std::int64_t run_id, const std::vector<std::string>& paths) override {
        if (paths.empty()) return;
        try {
            pqxx::work tx(*conn_);
            tx.exec_params("DELETE FROM ingest_files WHERE " + unlisted_directory_rows_sql(1) +
                               " AND run_id IS DISTINCT FROM $2 AND "
                               "source_path = ANY($3::text[])",
                           std::string(model::kCannotListDirectory), run_id, text_array(paths));
            tx.commit();
        } catch (...) {
            throw current_error("forget_directories");
        }
    }

    void record_archive(std::int64_t run_id, const ArchiveDone& a) override {
        try {
            pqxx::work tx(*conn_);
            tx.exec_params(
                "INSERT INTO ingest_archives (source_path, bytes, mtime, parser_version, "
                "members, rejected, complete, run_id, filtered, damaged) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                "ON CONFLICT (source_path) DO UPDATE SET bytes = excluded.bytes, "
                "mtime = excluded.mtime, parser_version = excluded.parser_version, "
                "members = excluded.members, rejected = excluded.rejected, "
                "complete = excluded.complete, run_id = excluded.run_id, "
                "filtered = excluded.filtered, damaged = excluded.damaged",
                a.path, a.bytes, a.mtime, a.parser_version, a.members, a.rejected, a.complete,
                run_id, a.filtered, a.damaged);
            // Walked to its end now: an earlier failure of the archive itself (damaged,
            // unreadable) no longer holds.
            if (a.reached_end) {
                tx.exec_params("DELETE FROM ingest_files WHERE source_path = $1 AND "
                               "source_member = '' AND status = 'rejected'",
                               a.path);
            }
            // Members the walk did not meet are gone from the archive, or lie beyond its
            // damage: their rows would only keep stale marks and filtered pairs.
            if (a.reached_end || a.damaged) {
                tx.exec_params("DELETE FROM ingest_files WHERE source_path = $1 AND "
                               "source_member <> '' AND NOT (source_member = ANY($2::text[])) "
                               "AND NOT " + under_prefix_sql(3),
                               a.path, text_array(a.member_names), text_array(a.kept_prefixes));
            }
            if (!a.reread_prefixes.empty()) {
                tx.exec_params("UPDATE ingest_files SET reread = true WHERE source_path = $1 "
                               "AND NOT (status = 'rejected' AND stage = 'archive') AND " +
                                   under_prefix_sql(2),
                               a.path, text_array(a.reread_prefixes));
            }
            if (a.reread_unwritten) {
                tx.exec_params("UPDATE ingest_files SET reread = true WHERE source_path = $1 "
                               "AND source_member <> '' AND run_id IS DISTINCT FROM $2 "
                               "AND NOT (status = 'rejected' AND stage = 'archive')",
                               a.path, run_id);
            }
            tx.commit();
        } catch (...) {
            throw current_error("record_archive " + a.path);
        }
    }

    void load_index_entries(const std::vector<index::Entry>& entries,
                            const std::string& index_file) override {
        // COPY into a transaction-local table, then one upsert; within the file a later line
        // replaces an earlier one with the same key, as row-by-row upserts would.
        for (int attempt = 0;; ++attempt) {
            try {
                pqxx::work tx(*conn_);
                tx.exec(
                    "CREATE TEMP TABLE edgarsql_index_load (seq BIGINT, accession_number TEXT, "
                    "cik BIGINT, company_name TEXT, form_type TEXT, form_family TEXT, "
                    "date_filed TEXT, file_name TEXT) ON COMMIT DROP");
                {
                    CopyStream stream(tx, "edgarsql_index_load",
                                      "seq, accession_number, cik, company_name, form_type, "
                                      "form_family, date_filed, file_name");
                    std::int64_t seq = 0;
                    Values v;
                    for (const index::Entry& e : entries) {
                        v.clear();
                        v.integer(++seq);
                        v.text_or_empty(e.accession_number);
                        v.integer(e.cik);
                        v.text_or_empty(e.company_name);
                        v.text_or_empty(e.form_type);
                        v.text_or_empty(e.form_family);
                        v.text_or_empty(e.date_filed);
                        v.text_or_empty(e.file_name);
                        stream.write(v);
                    }
                    stream.complete();
                }
                tx.exec_params(
                    "INSERT INTO index_entries (accession_number, cik, company_name, form_type, "
                    "form_family, date_filed, file_name, index_file) "
                    "SELECT DISTINCT ON (accession_number, cik) accession_number, cik, "
                    "company_name, form_type, form_family, date_filed::date, file_name, $1 "
                    "FROM edgarsql_index_load ORDER BY accession_number, cik, seq DESC "
                    "ON CONFLICT (accession_number, cik) DO UPDATE SET "
                    "company_name = excluded.company_name, form_type = excluded.form_type, "
                    "form_family = excluded.form_family, date_filed = excluded.date_filed, "
                    "file_name = excluded.file_name, index_file = excluded.index_file",
                    index_file);
                tx.commit();
                return;
            } catch (...) {
                if (retryable() && attempt + 1 < kMaxAttempts) {
                    backoff(attempt);
                    continue;
                }
                throw current_error("load index entries from " + index_file);
            }
        }
    }

    std::int64_t fill_from_index() override {
        // The entry with the smallest CIK per accession; SET expressions see the row as it was.
        static constexpr const char* kSql =
            "UPDATE filings f SET "
            "cik = coalesce(f.cik, e.cik), "
            "form_type = CASE WHEN coalesce(f.form_type, '') = '' THEN e.form_type "
            "ELSE f.form_type END, "
            "form_family = CASE WHEN coalesce(f.form_type, '') = '' THEN e.form_family "
            "ELSE f.form_family END, "
            "is_amendment = CASE WHEN coalesce(f.form_type, '') = '' THEN e.form_type ILIKE '%/A' "
            "ELSE f.is_amendment END, "
            "filed_date = coalesce(f.filed_date, e.date_filed) "
            "FROM (SELECT DISTINCT ON (accession_number) accession_number, cik, form_type, "
            "form_family, date_filed FROM index_entries ORDER BY accession_number, cik) e "
            "WHERE e.accession_number = f.accession_number AND "
            "(f.cik IS NULL OR coalesce(f.form_type, '') = '' OR f.filed_date IS NULL)";
        for (int attempt = 0;; ++attempt) {
            try {
                pqxx::work tx(*conn_);
                const pqxx::result r = tx.exec(kSql);
                tx.commit();
                return static_cast<std::int64_t>(r.affected_rows());
            } catch (...) {
                if (retryable() && attempt + 1 < kMaxAttempts) {
                    backoff(attempt);
                    continue;
                }
                throw current_error("fill filings from index_entries");
            }
        }
    }

    std::unique_ptr<InputLookup> open_lookup() override {
        return std::make_unique<PostgresLookup>(url_);
    }

    bool empty() override {
        try {
            pqxx::nontransaction tx(*conn_);
            return !tx.exec("SELECT EXISTS (SELECT 1 FROM filings)")[0][0].as<bool>();
        } catch (...) {
            throw current_error("empty");
        }
    }

    void dump(std::ostream& out) override {
        try {
            // One snapshot for every section; rows come through a cursor, so memory does not
            // grow with the database.
            pqxx::work tx(*conn_);
            tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            DumpRow row;
            write_dump(
                out,
                [&](const std::string& sql, const std::function<void(const DumpRow&)>& on_row) {
                    tx.exec("DECLARE edgarsql_dump NO SCROLL CURSOR FOR " + sql);
                    while (true) {
                        const pqxx::result r =
                            tx.exec("FETCH " + std::to_string(kDumpFetch) + " FROM edgarsql_dump");
                        for (const auto& rr : r) {
                            row.assign(rr.size(), std::nullopt);
                            for (std::size_t i = 0; i < rr.size(); ++i) {
                                const pqxx::field f = rr[static_cast<pqxx::row::size_type>(i)];
                                if (!f.is_null()) row[i] = std::string(f.c_str(), f.size());
                            }
                            on_row(row);
                        }
                        if (r.size() < static_cast<pqxx::result::size_type>(kDumpFetch)) break;
                    }
                    tx.exec("CLOSE edgarsql_dump");
                },
                " COLLATE \"C\"");
            tx.commit();
        } catch (...) {
            throw current_error("dump");
        }
    }

    std::vector<Row> query(const std::string& sql) override {
        try {
            pqxx::nontransaction tx(*conn_);
            const pqxx::result r = tx.exec(sql);
            std::vector<Row> rows;
            for (const auto& rr : r) {
                Row row(rr.size());
                for (std::size_t i = 0; i < rr.size(); ++i) {
                    const pqxx::field f = rr[static_cast<pqxx::row::size_type>(i)];
                    if (!f.is_null()) row[i] = std::string(f.c_str(), f.size());
                }
                rows.push_back(std::move(row));
            }
            return rows;
        } catch (...) {
            throw current_error("query");
        }
    }

    std::vector<Row> query_params(const std::string& sql,
                                  const std::vector<std::string>& params) override {
        try {
            pqxx::nontransaction tx(*conn_);
            const pqxx::result r = tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
            std::vector<Row> rows;
            for (const auto& rr : r) {
                Row row(rr.size());
                for (std::size_t i = 0; i < rr.size(); ++i) {
                    const pqxx::field f = rr[static_cast<pqxx::row::size_type>(i)];
                    if (!f.is_null()) row[i] = std::string(f.c_str(), f.size());
                }
                rows.push_back(std::move(row));
            }
            return rows;
        } catch (...) {
            throw current_error("query");
        }
    }

    std::uint64_t statements() const { return statements_; }
    VectorCounts vector_counts() const {
        VectorCounts counts = vector_counts_;
        std::lock_guard<std::mutex> lock(parser_conn_mutex_);
        counts.parser_lexicon_statements = parser_lexicon_statements_;
        return counts;
    }

  private:
    /// Decides once whether edgarsql computes the search vectors (search_vector.hpp): only
    /// when the columns take them (migration 0008), the server's encoding is UTF8, and a
    /// probe text gets the very vector that the server's to_tsvector gives it. Otherwise
    /// the server computes every vector, as before, and a warning says why.
    void calibrate_vectors();
    /// Calibrates and prepares the write path's statements, once.
    void ensure_prepared();
    /// The vectors of the batch's texts, in computed_vectors_: those the parser threads
    /// computed (prepare_input), the others here; a text left out goes as NULL and the server
    /// computes its vector (the tables' trigger).
    void compute_vectors(const std::vector<InputResult>& batch);
    VectorBuilder::Format vector_format() const {
        return mode_ == WriteMode::copy ? VectorBuilder::Format::binary
                                        : VectorBuilder::Format::text;
    }
    /// Asks the server for the chunks the lexicon misses: one statement.
    void resolve_lexicon();
    /// For prepare_input: asks the server about `keys` on the parser threads' own connection
    /// and adds the answers to the lexicon. False if that connection cannot be had.
    bool ask_for_parsers(const std::vector<std::string>& keys);
    /// The vector computed for `text` (binary in COPY mode, else text), or nullptr: NULL, and
    /// the server computes it. Counted in vector_counts_.
    const std::string* vector_of(const std::optional<std::string>& text);

    void write_in(pqxx::work& tx, std::int64_t run_id, const std::vector<InputResult>& batch);
    void lock_stored(pqxx::work& tx, std::vector<FilingGroup*>& groups);
    void store_filings(pqxx::work& tx, const std::vector<InputResult>& batch,
                       std::vector<FilingGroup>& groups, bool by_sha);
    void filing_values(Values& v, const InputResult& r, const model::Filing& f,
                       const std::string& warnings);
    void insert_children(pqxx::work& tx,
                         const std::vector<std::pair<std::int64_t, const model::Filing*>>& won);
    void store_former_names(pqxx::work& tx, const std::vector<Contribution>& contributions);
    /// `replaced`: the CIKs of stored versions this batch replaces, each with their order
    /// keys, whose registrants may need accumulating anew (db::left_stale).
    void store_registrants(pqxx::work& tx, const std::vector<Contribution>& contributions,
                           const std::map<std::int64_t, std::vector<std::string>>& replaced);

    /// Runs prepared statement `name` of the write path; counted in statements_.
    pqxx::result run(pqxx::work& tx, const std::string& name, const Values& v) {
        ++statements_;
        return exec_values(tx, name, v);
    }

    std::string url_;
    WriteMode mode_;
    std::unique_ptr<pqxx::connection> conn_;
    bool prepared_ = false;
    const char* step_ = "";
    const InputResult* current_ = nullptr;
    std::uint64_t statements_ = 0;  ///< statements and COPY streams sent by write_batch
    // The writer's builder and its lexicon. The parser threads read that lexicon through
    // builders of their own (prepare_input) under a shared lock; the writer takes it
    // exclusively whenever it may change the lexicon.
    VectorBuilder vectors_;
    std::shared_mutex lexicon_mutex_;
    std::mutex idle_builders_mutex_;
    std::vector<std::unique_ptr<VectorBuilder>> idle_builders_;  ///< for prepare_input
    std::atomic<bool> share_lexicon_{false};  ///< calibrated: prepare_input may compute
    mutable std::mutex parser_conn_mutex_;  ///< guards the three below
    std::unique_ptr<pqxx::connection> parser_conn_;  ///< the parser threads' lexicon questions
    bool parser_conn_failed_ = false;
    std::uint64_t parser_lexicon_statements_ = 0;
    bool client_vectors_ = false;
    /// Per text: its vector, and whether a parser thread computed it.
    std::unordered_map<const std::string*, std::pair<const std::string*, bool>> computed_vectors_;
    std::deque<std::string> built_vectors_;  ///< the writer's own, behind computed_vectors_
    VectorCounts vector_counts_;
};

/// The search vectors of one filing computed on a parser thread, by position in its items and
/// documents (those not computed are empty: the writer computes them).
struct PreparedVectors final : PreparedInput {
    std::vector<std::optional<std::string>> items;
    std::vector<std::optional<std::string>> documents;
};

// A text with the constructs that search_vector.hpp cuts itself or asks the server about; it
// must get the server's own vector, or edgarsql leaves every vector to the server.
constexpr const char* kVectorProbe =
    "The Company\u2019s Item 2.02 results (U.S.) were \u201cstrong\u201d \u2014 revenue "
    "of $1,234.56 million, up 12.5% from 2003-01-02; see www.example.com/ir or write to "
    "ir@example.com. Non-GAAP co-operation under the 10-K. Running, runs and ran; it's the "
    "3rd quarter: Inc. 5. 1.5, 007 a,b 'quoted' (i) [ii] {x} *y* #1 $2 THE The the";

// The SQL of the "lexicon" statement: what the server's english configuration makes of each
// chunk (search_vector.hpp): its tokens in order, with whether the configuration indexes them
// and their lexemes.
constexpr const char* kLexiconSql =
    "SELECT c.i, d.dictionaries = '{}', d.lexemes IS NULL, "
    "array_to_string(d.lexemes, E'\\x1f') "
    "FROM unnest($1::text[]) WITH ORDINALITY AS c(chunk, i), "
    "LATERAL ts_debug('english'::regconfig, c.chunk) WITH ORDINALITY "
    "AS d(alias, description, token, dictionaries, dictionary, lexemes, n) "
    "ORDER BY c.i, d.n";

/// The server's answers for lexicon keys `keys`, one each: one statement on `conn`, which has
/// the "lexicon" statement prepared.
std::vector<ChunkLexemes> ask_lexicon(pqxx::connection& conn,
                                      const std::vector<std::string>& keys) {
    std::string literal = "{";
    for (const std::string& key : keys) {
        append_array_element(literal, lexicon_query_text(key).c_str());
    }
    literal += '}';
    Values v;
    v.text_or_empty(literal);
    pqxx::nontransaction tx(conn);
    const pqxx::result rows = exec_values(tx, "lexicon", v);
    std::vector<ChunkLexemes> answers(keys.size());
    for (const auto& row : rows) {
        const auto i = row[0].as<std::size_t>();
        if (i == 0 || i > answers.size()) continue;
        ChunkLexemes& a = answers[i - 1];
        if (row[1].as<bool>()) continue;  // a blank, a tag: not indexed, takes no position
        if (row[2].as<bool>()) {
            a.server_only = true;  // no dictionary recognized the token
            continue;
        }
        std::vector<std::string> lexemes;
        const std::string joined = row[3].is_null() ? std::string() : row[3].as<std::string>();
        for (std::size_t from = 0; from < joined.size();) {
            std::size_t to = joined.find('\x1f', from);
            if (to == std::string::npos) to = joined.size();
            lexemes.push_back(joined.substr(from, to - from));
            from = to + 1;
        }
        a.tokens.push_back(std::move(lexemes));
    }
    return answers;
}

void PostgresBackend::ensure_prepared() {
    if (prepared_) return;
    try {
        calibrate_vectors();
        prepare_all(*conn_, client_vectors_);
    } catch (...) {
        throw current_error("prepare statements");
    }
    prepared_ = true;
}

void PostgresBackend::calibrate_vectors() {
    client_vectors_ = false;
    share_lexicon_.store(false);
    {
        pqxx::nontransaction tx(*conn_);
        const pqxx::result cols =
            tx.exec("SELECT count(*) FROM pg_attribute WHERE attname = 'text_vector' "
                    "AND attrelid IN ('items'::regclass, 'documents'::regclass) "
                    "AND attgenerated = ''");
        // Generated columns (before migration 0008), or none (the benchmark's variant without
        // the index): nothing to compute.
        if (cols[0][0].as<int>() != 2) return;
        const std::string encoding = tx.exec("SHOW server_encoding")[0][0].as<std::string>();
        if (encoding != "UTF8") {
            spdlog::warn("search vectors are computed by the server: its encoding is {}, "
                         "not UTF8",
                         encoding);
            return;
        }
    }
    conn_->prepare("lexicon", kLexiconSql);
    std::string probe = kVectorProbe;
    for (const std::string& sep : separator_characters()) probe += " alpha" + sep + "beta";
    std::string mine;
    VectorBuilder::Result r = VectorBuilder::Result::missing;
    {
        std::unique_lock<std::shared_mutex> lock(lexicon_mutex_);
        r = vectors_.build(probe, mine);
    }
    if (r == VectorBuilder::Result::missing) {
        resolve_lexicon();
        std::unique_lock<std::shared_mutex> lock(lexicon_mutex_);
        r = vectors_.build(probe, mine);
    }
    pqxx::nontransaction tx(*conn_);
    const std::string theirs =
        tx.exec_params1("SELECT to_tsvector('english'::regconfig, left($1, 400000))::text",
                        probe)[0]
            .as<std::string>();
    if (r != VectorBuilder::Result::done || mine != theirs) {
        spdlog::warn("search vectors are computed by the server: edgarsql's vector of a probe "
                     "text differs from the server's (text search configuration 'english' "
                     "changed?)\n  edgarsql: {}\n  server:   {}",
                     mine, theirs);
        return;
    }
    client_vectors_ = true;
    share_lexicon_.store(true);
}

void PostgresBackend::resolve_lexicon() {
    const std::vector<std::string> missing = vectors_.missing();
    if (missing.empty()) return;
    std::vector<ChunkLexemes> answers = ask_lexicon(*conn_, missing);
    ++vector_counts_.lexicon_statements;
    std::unique_lock<std::shared_mutex> lock(lexicon_mutex_);
    vectors_.resolve(std::move(answers));
}

bool PostgresBackend::ask_for_parsers(const std::vector<std::string>& keys) {
    std::vector<ChunkLexemes> answers;
    {
        std::lock_guard<std::mutex> lock(parser_conn_mutex_);
        if (parser_conn_failed_) return false;
        try {
            if (!parser_conn_) {
                parser_conn_ = connect(url_);
                parser_conn_->prepare("lexicon", kLexiconSql);
            }
            answers = ask_lexicon(*parser_conn_, keys);
            ++parser_lexicon_statements_;
        } catch (const std::exception& e) {
            // The writer computes what the parser threads cannot.
            spdlog::debug("search vectors: the parser threads' lexicon connection failed "
                          "({}); the writer asks instead",
                          e.what());
            parser_conn_failed_ = true;
            parser_conn_.reset();
            return false;
        }
    }
    std::unique_lock<std::shared_mutex> lock(lexicon_mutex_);
    vectors_.lexicon().add(keys, std::move(answers));
    return true;
}

/// Calls fn(text, is_document, k) for each text of `f` that has a search vector: the text of
/// item k, and that of document k unless it is in the document's items.
template <class Fn>
void for_each_indexed_text(const model::Filing& f, Fn&& fn) {
    for (std::size_t k = 0; k < f.items.size(); ++k) {
        if (f.items[k].text) fn(*f.items[k].text, false, k);
    }
    for (std::size_t k = 0; k < f.documents.size(); ++k) {
        const model::Document& d = f.documents[k];
        if (!d.text_in_items && d.text) fn(*d.text, true, k);
    }
}

void PostgresBackend::prepare_input(InputResult& r) noexcept {
    if (!share_lexicon_.load() || r.status != InputStatus::ingested || !r.filing) return;
    std::unique_ptr<VectorBuilder> builder;
    try {
        {
            std::lock_guard<std::mutex> lock(idle_builders_mutex_);
            if (!idle_builders_.empty()) {
                builder = std::move(idle_builders_.back());
                idle_builders_.pop_back();
            }
        }
        if (!builder) builder = std::make_unique<VectorBuilder>(vectors_.lexicon());
        builder->clear_wanted();
        const VectorBuilder::Format format = vector_format();
        auto prepared = std::make_shared<PreparedVectors>();
        std::string vector;
        struct Missed {
            const std::string* text;
            std::vector<std::optional<std::string>>* out;
            std::size_t k;
        };
        std::vector<Missed> missed;
        // One text at a time under the shared lock, so that the writer waits for one text at
        // most when it changes the lexicon.
        const auto build = [&](const std::string& text,
                               std::vector<std::optional<std::string>>& out, std::size_t k) {
            VectorBuilder::Result result = VectorBuilder::Result::missing;
            {
                std::shared_lock<std::shared_mutex> lock(lexicon_mutex_);
                result = builder->build(text, vector, format);
            }
            if (result == VectorBuilder::Result::missing) missed.push_back({&text, &out, k});
            if (result != VectorBuilder::Result::done) return;
            if (out.size() <= k) out.resize(k + 1);
            prepared->bytes += vector.size();
            out[k] = std::move(vector);
        };
        for_each_indexed_text(*r.filing, [&](const std::string& text, bool doc, std::size_t k) {
            build(text, doc ? prepared->documents : prepared->items, k);
        });
        // Chunks new to the lexicon: asked about on a connection of the parser threads, so
        // that the writer's connection and thread are spared (one statement per filing that
        // brings new words; the vocabulary of a corpus grows ever more slowly).
        if (!missed.empty() && ask_for_parsers(builder->wanted())) {
            std::vector<Missed> first;
            first.swap(missed);
            for (const Missed& m : first) build(*m.text, *m.out, m.k);
        }
        if (!prepared->items.empty() || !prepared->documents.empty()) r.prepared = prepared;
    } catch (...) {
        r.prepared.reset();  // out of memory: the writer computes them
    }
    if (builder) {
        try {
            std::lock_guard<std::mutex> lock(idle_builders_mutex_);
            idle_builders_.push_back(std::move(builder));
        } catch (...) {
        }
    }
}

void PostgresBackend::compute_vectors(const std::vector<InputResult>& batch) {
    computed_vectors_.clear();
    built_vectors_.clear();
    if (!client_vectors_) return;
    {
        std::unique_lock<std::shared_mutex> lock(lexicon_mutex_);
        vectors_.trim(500'000);  // bounds the lexicon's memory
    }
    const VectorBuilder::Format format = vector_format();
    std::vector<const std::string*> again;  // texts that met chunks missing from the lexicon
    std::string vector;
    const auto build = [&](const std::string& text) {
        VectorBuilder::Result r = VectorBuilder::Result::missing;
        {
            std::unique_lock<std::shared_mutex> lock(lexicon_mutex_);
            r = vectors_.build(text, vector, format);
        }
        if (r == VectorBuilder::Result::done) {
            built_vectors_.push_back(std::move(vector));
            computed_vectors_.emplace(&text, std::make_pair(&built_vectors_.back(), false));
        }
        return r;
    };
    // A vector of the parser threads, or the writer's own.
    const auto take = [&](const std::string& text,
                          const std::vector<std::optional<std::string>>* prepared,
                          std::size_t k) {
        if (prepared != nullptr && k < prepared->size() && (*prepared)[k]) {
            computed_vectors_.emplace(&text, std::make_pair(&*(*prepared)[k], true));
        } else if (build(text) == VectorBuilder::Result::missing) {
            again.push_back(&text);
        }
    };
    for (const InputResult& r : batch) {
        if (r.status != InputStatus::ingested || !r.filing) continue;
        const auto* prepared = dynamic_cast<const PreparedVectors*>(r.prepared.get());
        for_each_indexed_text(*r.filing, [&](const std::string& text, bool doc, std::size_t k) {
            const auto* mine = prepared == nullptr ? nullptr
                               : doc               ? &prepared->documents
                                                   : &prepared->items;
            take(text, mine, k);
        });
    }
    if (again.empty()) return;
    resolve_lexicon();
    for (const std::string* text : again) build(*text);
}

const std::string* PostgresBackend::vector_of(const std::optional<std::string>& text) {
    if (!text) return nullptr;
    const auto it = client_vectors_ ? computed_vectors_.find(&*text) : computed_vectors_.end();
    if (it == computed_vectors_.end()) {
        ++vector_counts_.server;  // sent as NULL: the trigger computes it
        return nullptr;
    }
    ++vector_counts_.client;
    if (it->second.second) ++vector_counts_.prepared;
    return it->second.first;
}

std::string filing_key(const InputResult& r) {
    if (r.status != InputStatus::ingested || !r.filing) return std::string();
    return r.filing->accession_number.empty() ? "sha256:" + r.source.sha256
                                              : r.filing->accession_number;
}

/// One filing key of a batch: the inputs that carry it, in batch order, and the stored version.
struct FilingGroup {
    std::string key;  ///< accession number, or the source SHA-256 of a filing without one
    bool by_sha = false;
    std::vector<std::size_t> inputs;  ///< indexes into the batch
    std::optional<std::int64_t> stored_id;
    model::RankKey stored_rank;
    // What replaying the inputs in order against the stored version gives:
    std::optional<std::size_t> winner;  ///< the input whose version ends up stored
    std::vector<bool> won;              ///< per input: did it replace what was there before it
    bool reread_copies = false;  ///< an input replaced the current version as a worse reading
                                 ///< of its own source (model::worse_reread)
};

/// Replays the group's inputs one after the other, as if each were written alone: an input
/// wins when there is no current version or when it replaces it (model::replaces).
void replay(FilingGroup& g, const std::vector<InputResult>& batch) {
    std::optional<model::RankKey> current;
    if (g.stored_id) current = g.stored_rank;
    g.winner.reset();
    g.won.assign(g.inputs.size(), false);
    g.reread_copies = false;
    for (std::size_t k = 0; k < g.inputs.size(); ++k) {
        const InputResult& r = batch[g.inputs[k]];
        model::RankKey incoming = model::rank_key(*r.filing, r.source, r.parser_version);
        if (current && !model::replaces(incoming, *current)) continue;
        if (current && model::worse_reread(incoming, *current)) g.reread_copies = true;
        g.won[k] = true;
        g.winner = g.inputs[k];
        current = std::move(incoming);
    }
}

void PostgresBackend::lock_stored(pqxx::work& tx, std::vector<FilingGroup*>& groups) {
    if (groups.empty()) return;
    std::map<std::string, FilingGroup*> by_key;
    ArrayColumns keys(1);
    Values v;
    for (FilingGroup* g : groups) {
        v.clear();
        v.text_or_empty(g->key);
        keys.add(v);
        by_key[g->key] = g;
    }
    const bool by_sha = groups.front()->by_sha;
    const pqxx::result r = run(tx, by_sha ? "lock_filings_sha" : "lock_filings_acc", keys.params());
    for (const pqxx::row& row : r) {
        FilingGroup* g = by_key.at(row[8].as<std::string>());
        g->stored_id = row[0].as<std::int64_t>();
        model::RankKey& k = g->stored_rank;
        k.source_kind = kind_from_text(row[1].as<std::string>());
        k.parse_status = row[2].as<std::string>() == "complete" ? model::ParseStatus::complete
                                                                 : model::ParseStatus::partial;
        k.date_as_of_change = row[3].as<std::string>();
        k.parser_version = row[4].as<int>();
        k.source_path = row[5].as<std::string>();
        k.source_member = row[6].as<std::string>();
        k.source_sha256 = row[7].as<std::string>();
    }
}

void PostgresBackend::store_filings(pqxx::work& tx, const std::vector<InputResult>& batch,
                                    std::vector<FilingGroup>& groups, bool by_sha) {
    std::vector<FilingGroup*> kind;
    for (FilingGroup& g : groups) {
        if (g.by_sha == by_sha) kind.push_back(&g);
    }
    if (kind.empty()) return;
    step_ = "lock the stored versions of the filings";
    lock_stored(tx, kind);

    // New keys: insert each group's winner. A key that another transaction stored meanwhile
    // (ON CONFLICT DO NOTHING returns no row for it) is locked and replayed against that row.
    std::vector<FilingGroup*> fresh;
    ArrayColumns rows(kFilingColumnCount);
    Values v;
    for (FilingGroup* g : kind) {
        replay(*g, batch);
        if (g->stored_id) continue;
        fresh.push_back(g);
        const InputResult& r = batch[*g->winner];
        v.clear();
        const std::string warnings = r.filing->warnings_text();
        filing_values(v, r, *r.filing, warnings);
        rows.add(v);
    }
    if (fresh.empty()) return;
    step_ = "insert into filings";
    const pqxx::result ins = run(tx, by_sha ? "insert_filings_sha" : "insert_filings_acc",
                                 rows.params());
    std::map<std::string, std::int64_t> inserted;
    for (const pqxx::row& row : ins) inserted[row[1].as<std::string>()] = row[0].as<std::int64_t>();
    std::vector<FilingGroup*> raced;
    for (FilingGroup* g : fresh) {
        const auto it = inserted.find(g->key);
        if (it == inserted.end()) {
            raced.push_back(g);
            continue;
        }
        g->stored_id = it->second;
        g->winner.reset();  // stored as it is: nothing left to update
    }
    if (raced.empty()) return;
    step_ = "lock the filings stored meanwhile by another transaction";
    lock_stored(tx, raced);
    for (FilingGroup* g : raced) {
        if (!g->stored_id) throw Error("filing " + g->key + " vanished while being stored", false);
        replay(*g, batch);
    }
}

void PostgresBackend::write_in(pqxx::work& tx, std::int64_t run_id,
                               const std::vector<InputResult>& batch) {
    // Every statement below takes the whole batch (no round trip per row). Rows are locked in
    // the order of their keys (filings by accession, then by SHA-256; registrants by CIK;
    // ingest_files by path), so that concurrent writers take their locks in the same order.
    current_ = batch.size() == 1 ? &batch[0] : nullptr;
    std::map<std::string, std::size_t> group_of;
    std::vector<FilingGroup> groups;
    std::vector<std::size_t> order(batch.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<std::string> keys(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) keys[i] = filing_key(batch[i]);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    for (std::size_t i : order) {
        if (keys[i].empty()) continue;
        auto [it, added] = group_of.emplace(keys[i], groups.size());
        if (added) {
            FilingGroup g;
            g.by_sha = batch[i].filing->accession_number.empty();
            g.key = g.by_sha ? batch[i].source.sha256 : batch[i].filing->accession_number;
            groups.push_back(std::move(g));
        }
        groups[it->second].inputs.push_back(i);
    }
    store_filings(tx, batch, groups, /*by_sha=*/false);
    store_filings(tx, batch, groups, /*by_sha=*/true);

    // Versions that replace a stored one: one UPDATE for all, then their old child rows go.
    std::vector<std::pair<std::int64_t, const model::Filing*>> won;
    ArrayColumns updates(kFilingColumnCount + 1);
    ArrayColumns replaced(1);
    Values v;
    for (const FilingGroup& g : groups) {
        if (!g.winner) continue;
        const InputResult& r = batch[*g.winner];
        v.clear();
        v.integer(*g.stored_id);
        const std::string warnings = r.filing->warnings_text();
        filing_values(v, r, *r.filing, warnings);
        updates.add(v);
        v.clear();
        v.integer(*g.stored_id);
        replaced.add(v);
    }
    // The CIKs of the stored versions replaced, with their order keys, read before the update.
    std::map<std::int64_t, std::vector<std::string>> replaced_keys;
    if (updates.rows() > 0) {
        Values ids = replaced.params();
        step_ = "read the replaced versions' registrants";
        for (const pqxx::row& row : run(tx, "replaced_ciks", ids)) {
            model::Filing old;
            old.filed_date = row[1].as<std::string>();
            old.acceptance_datetime = row[2].as<std::string>();
            old.accession_number = row[3].as<std::string>();
            replaced_keys[row[0].as<std::int64_t>()].push_back(
                model::registrant_order_key(old, row[4].as<std::string>()));
        }
        step_ = "update filings";
        run(tx, "update_filings", updates.params());
        step_ = "delete the replaced versions' rows";
        for (const char* t : {"filing_parties", "header_fields", "items", "documents", "exhibits"})
            run(tx, std::string("delete_") + t, ids);
    }
    std::vector<std::optional<std::int64_t>> filing_ids(batch.size());
    std::vector<Contribution> contributions;
    for (const FilingGroup& g : groups) {
        // Only the version stored in the end sets registrant columns; one that won and was
        // replaced within this batch never was stored.
        std::size_t kept = g.inputs.size();
        for (std::size_t k = g.inputs.size(); k-- > 0;) {
            if (g.won[k]) {
                kept = k;
                break;
            }
        }
        for (std::size_t k = 0; k < g.inputs.size(); ++k) {
            const InputResult& r = batch[g.inputs[k]];
            filing_ids[g.inputs[k]] = g.stored_id;
            const std::string order_key = model::registrant_order_key(*r.filing, r.source.sha256);
            // Former names are a union over every version, losing ones too.
            for (const model::Party& p : r.filing->parties) {
                if (p.cik && p.role != "cover_page")
                    contributions.push_back({&p, &*r.filing, order_key, k == kept});
            }
        }
        // The version stored in the end, inserted or updated above, gets its child rows.
        for (std::size_t k = g.inputs.size(); k-- > 0;) {
            if (!g.won[k]) continue;
            won.emplace_back(*g.stored_id, &*batch[g.inputs[k]].filing);
            break;
        }
    }
    insert_children(tx, won);

    // Registrants and former names in CIK order; accumulation does not depend on the order.
    std::stable_sort(contributions.begin(), contributions.end(),
                     [](const Contribution& a, const Contribution& b) {
                         return *a.party->cik < *b.party->cik;
                     });
    store_former_names(tx, contributions);
    store_registrants(tx, contributions, replaced_keys);

    std::vector<std::size_t> by_path(batch.size());
    for (std::size_t i = 0; i < by_path.size(); ++i) by_path[i] = i;
    std::stable_sort(by_path.begin(), by_path.end(), [&](std::size_t a, std::size_t b) {
        return std::tie(batch[a].source.path, batch[a].source.member) <
               std::tie(batch[b].source.path, batch[b].source.member);
    });
    step_ = "upsert ingest_files";
    ArrayColumns inputs(13);
    for (std::size_t n = 0; n < by_path.size(); ++n) {
        const InputResult& r = batch[by_path[n]];
        // The same path twice (a tar may hold a member twice): the later one is kept, as
        // upserting one after the other would.
        if (n + 1 < by_path.size()) {
            const InputResult& next = batch[by_path[n + 1]];
            if (next.source.path == r.source.path && next.source.member == r.source.member)
                continue;
        }
        v.clear();
        v.text_or_empty(r.source.path);
        v.text_or_empty(r.source.member);
        v.integer(r.source.bytes);
        v.integer(r.source.mtime);
        v.text(r.source.sha256);
        v.literal(to_string(r.status));
        v.text(r.stage);
        v.text(r.error);
        v.opt_integer(filing_ids[by_path[n]]);
        v.integer(run_id);
        v.integer(r.parser_version);
        if (r.filtered_as) {
            v.text_or_empty(r.filtered_as->form_type);
            v.text(r.filtered_as->filed_date);
        } else {
            v.null();
            v.null();
        }
        inputs.add(v);
    }
    if (inputs.rows() > 0) run(tx, "upsert_inputs", inputs.params());

    // A stored version's own file read again, and worse: the filing's other copies, which lost
    // to the old reading, are marked to be read again (rows of this batch included).
    ArrayColumns kept(3);
    for (const FilingGroup& g : groups) {
        if (!g.reread_copies || !g.winner) continue;
        const InputResult& r = batch[*g.winner];
        v.clear();
        v.integer(*g.stored_id);
        v.text_or_empty(r.source.path);
        v.text_or_empty(r.source.member);
        kept.add(v);
    }
    if (kept.rows() > 0) {
        step_ = "mark the other copies to be read again";
        run(tx, "reread_files", kept.params());
    }
    current_ = nullptr;
}

void PostgresBackend::filing_values(Values& v, const InputResult& r, const model::Filing& f,
                                    const std::string& warnings) {
    v.text(f.accession_number);
    v.text(f.form_type);
    v.text(f.form_family);
    v.boolean(f.is_amendment);
    v.text(f.filed_date);
    v.text(f.period_of_report);
    v.text(f.acceptance_datetime);
    v.text(f.date_as_of_change);
    v.opt_integer(f.declared_document_count);
    v.integer(f.document_count);
    v.literal(model::to_string(f.parse_status));
    v.text(warnings);
    v.opt_integer(f.cik);
    v.text(f.signer_name);
    v.text(f.signer_title);
    v.literal(model::to_string(f.source_kind));
    v.text_or_empty(r.source.path);
    v.text_or_empty(r.source.member);
    v.text_or_empty(r.source.sha256);
    v.integer(r.parser_version);
}

/// Where insert_children writes one table's rows: a COPY stream, or one prepared INSERT per
/// row (WriteMode::prepared).
class ChildSink {
  public:
    ChildSink(pqxx::work& tx, WriteMode mode, const char* table, const char* columns,
              const char* statement, std::uint64_t& statements)
        : tx_(tx), statement_(statement), statements_(statements) {
        if (mode == WriteMode::copy) {
            stream_ = std::make_unique<CopyStream>(tx, table, columns);
            ++statements_;
        }
    }
    void write(const Values& v) {
        if (stream_) {
            stream_->write(v);
        } else {
            exec_values(tx_, statement_, v);
            ++statements_;
        }
    }
    void complete() {
        if (stream_) stream_->complete();
    }

  private:
    pqxx::work& tx_;
    const char* statement_;
    std::uint64_t& statements_;
    std::unique_ptr<CopyStream> stream_;
};

/// Where insert_children writes the rows that carry a text and its search vector (items,
/// documents): a binary COPY (copy_binary.hpp; the vector in binary), or, in
/// WriteMode::prepared, a ChildSink (the vector in text form).
class TextRowSink {
  public:
    TextRowSink(pqxx::work& tx, WriteMode mode, const char* table, const char* columns,
                const char* statement, bool vectors, std::vector<BinaryType> types,
                std::uint64_t& statements)
        : vectors_(vectors) {
        const std::string all = child_columns(columns, vectors);
        if (mode == WriteMode::copy) {
            if (vectors) types.push_back(BinaryType::raw);
            copy_ = std::make_unique<BinaryCopy>(tx, table, all, std::move(types));
            ++statements;
        } else {
            sink_ = std::make_unique<ChildSink>(tx, mode, table, all.c_str(), statement,
                                                statements);
        }
    }
    /// One row: `v`, then the vector when edgarsql computes them (nullptr: NULL).
    void write(Values& v, const std::string* vector) {
        if (copy_) {
            copy_->write(v.ptrs(), vector);
            return;
        }
        if (vectors_ && vector != nullptr) {
            v.text_or_empty(*vector);
        } else if (vectors_) {
            v.null();
        }
        sink_->write(v);
    }
    void complete() {
        if (copy_) copy_->complete();
        if (sink_) sink_->complete();
    }

  private:
    bool vectors_;
    std::unique_ptr<BinaryCopy> copy_;
    std::unique_ptr<ChildSink> sink_;
};

void PostgresBackend::insert_children(
    pqxx::work& tx, const std::vector<std::pair<std::int64_t, const model::Filing*>>& won) {
    if (won.empty()) return;
    Values v;
    step_ = "insert into filing_parties";
    {
        ChildSink sink(tx, mode_, "filing_parties", kPartyColumns, "insert_party", statements_);
        for (const auto& [id, f] : won) {
            for (const model::Party& p : f->parties) {
                v.clear();
                v.integer(id);
                v.integer(p.seq);
                v.text_or_empty(p.role);
                v.opt_integer(p.cik);
                v.text(p.name);
                v.boolean(p.company_data);
                v.text(p.form_type);
                v.text(p.sec_act);
                v.text(p.file_number);
                v.text(p.film_number);
                v.text(p.irs_number);
                v.text(p.state_of_incorporation);
                v.opt_integer(p.sic_code);
                v.text(p.sic_description);
                v.text(p.organization_name);
                v.text(p.fiscal_year_end);
                v.text(p.business_address);
                v.text(p.business.street1);
                v.text(p.business.street2);
                v.text(p.business.city);
                v.text(p.business.state);
                v.text(p.business.zip);
                v.text(p.business.phone);
                v.text(p.mail.street1);
                v.text(p.mail.street2);
                v.text(p.mail.city);
                v.text(p.mail.state);
                v.text(p.mail.zip);
                sink.write(v);
            }
        }
        sink.complete();
    }
    step_ = "insert into header_fields";
    {
        ChildSink sink(tx, mode_, "header_fields", kHeaderColumns, "insert_header", statements_);
        for (const auto& [id, f] : won) {
            for (const model::HeaderField& h : f->header_fields) {
                v.clear();
                v.integer(id);
                v.integer(h.seq);
                v.text_or_empty(h.path);
                v.text(h.value);
                sink.write(v);
            }
        }
        sink.complete();
    }
    using T = BinaryType;
    step_ = "insert into items";
    {
        TextRowSink sink(tx, mode_, "items", kItemColumns, "insert_item", client_vectors_,
                         {T::int8, T::text, T::text, T::text, T::text, T::text, T::int4,
                          T::boolean, T::int4, T::text, T::int8, T::int8},
                         statements_);
        for (const auto& [id, f] : won) {
            for (const model::Item& it : f->items) {
                v.clear();
                v.integer(id);
                v.text_or_empty(it.source);
                v.text_or_empty(it.part);
                v.opt_text(it.item_code);
                v.text(it.item_raw);
                v.text(it.title);
                v.integer(it.seq);
                v.boolean(it.combined);
                v.opt_integer(it.document_sequence);
                v.opt_text(it.text);
                v.opt_integer(it.start_offset);
                v.opt_integer(it.end_offset);
                sink.write(v, vector_of(it.text));
            }
        }
        sink.complete();
    }
    step_ = "insert into documents";
    {
        TextRowSink sink(tx, mode_, "documents", kDocumentColumns, "insert_document",
                         client_vectors_,
                         {T::int8, T::int4, T::text, T::text, T::text, T::text, T::text, T::int8,
                          T::text, T::boolean, T::text, T::boolean},
                         statements_);
        static const std::optional<std::string> none;
        for (const auto& [id, f] : won) {
            for (const model::Document& d : f->documents) {
                v.clear();
                v.integer(id);
                v.integer(d.sequence);
                v.text(d.type);
                v.text(d.filename);
                v.text(d.description);
                v.text(d.content_kind);
                v.text(d.charset);
                v.integer(d.bytes);
                v.text(d.sha256);
                v.boolean(d.uuencoded);
                v.opt_text(d.text);
                v.boolean(d.text_in_items);
                sink.write(v, vector_of(d.text_in_items ? none : d.text));
            }
        }
        sink.complete();
    }
    step_ = "insert into exhibits";
    {
        ChildSink sink(tx, mode_, "exhibits", kExhibitColumns, "insert_exhibit", statements_);
        for (const auto& [id, f] : won) {
            for (const model::Exhibit& x : f->exhibits) {
                v.clear();
                v.integer(id);
                v.integer(x.seq);
                v.text(x.exhibit_number);
                v.text(x.description);
                v.opt_integer(x.document_sequence);
                v.boolean(x.listed_in_index);
                sink.write(v);
            }
        }
        sink.complete();
    }
}

void PostgresBackend::store_former_names(pqxx::work& tx,
                                         const std::vector<Contribution>& contributions) {
    // Per (CIK, name, date changed), the earliest filing that lists it (the smallest order
    // key; the first seen among equals), as upserting them one after the other would keep.
    struct First {
        const std::string* accession;
        const std::string* order_key;
    };
    using Key = std::tuple<std::int64_t, std::string, std::string>;
    std::map<Key, First> first;
    for (const Contribution& c : contributions) {
        for (const model::FormerName& n : c.party->former_names) {
            if (n.name.empty()) continue;
            auto [it, added] = first.try_emplace(Key(*c.party->cik, n.name, n.date_changed),
                                                 First{&c.filing->accession_number, &c.order_key});
            if (!added && c.order_key < *it->second.order_key) {
                it->second = First{&c.filing->accession_number, &c.order_key};
            }
        }
    }
    if (first.empty()) return;
    step_ = "upsert former_names";
    ArrayColumns rows(5);
    Values v;
    for (const auto& [key, f] : first) {
        v.clear();
        v.integer(std::get<0>(key));
        v.text_or_empty(std::get<1>(key));
        v.text(std::get<2>(key));
        v.text(*f.accession);
        v.text_or_empty(*f.order_key);
        rows.add(v);
    }
    run(tx, "upsert_former_names", rows.params());
}

/// The CIKs as one bigint[] parameter.
Values cik_array(const std::vector<std::int64_t>& ciks) {
    std::string literal = "{";
    for (std::int64_t cik : ciks) {
        if (literal.size() > 1) literal += ',';
        literal += std::to_string(cik);
    }
    Values v;
    v.owned_text(literal + "}");
    return v;
}

void PostgresBackend::store_registrants(
    pqxx::work& tx, const std::vector<Contribution>& contributions,
    const std::map<std::int64_t, std::vector<std::string>>& replaced) {
    std::vector<std::int64_t> ciks;
    for (const auto& [cik, keys] : replaced) ciks.push_back(cik);
    for (const Contribution& c : contributions) {
        if (c.registrant) ciks.push_back(*c.party->cik);
    }
    std::sort(ciks.begin(), ciks.end());
    ciks.erase(std::unique(ciks.begin(), ciks.end()), ciks.end());
    if (ciks.empty()) return;
    // The stored order keys of every column, updated here as each contribution is applied in
    // turn, and what each registrant's columns become.
    struct State {
        FieldKeys keys{};
        FieldSet fresh{};  ///< columns set by this batch
        std::array<const std::string*, kRegistrantFields.size()> text{};
        std::optional<int> sic_code;
        bool changed = false;
        bool as_of = false;
        const std::string* as_of_date = nullptr;
        const std::string* as_of_accession = nullptr;
    };
    std::map<std::int64_t, State> state;
    step_ = "lock registrants";
    // Registrant rows are made, then locked, then their registrant_sources rows. Another
    // writer may delete a registrant between the first two steps (its CIK lost its last
    // party): those are made and locked again. Once locked, no writer can delete it.
    std::vector<std::int64_t> missing = ciks;
    for (int attempt = 0; !missing.empty(); ++attempt) {
        if (attempt == 10) {
            throw Error("registrants " + std::to_string(missing.front()) +
                            "… kept vanishing while being locked",
                        /*fatal=*/false);
        }
        run(tx, "ensure_registrants", cik_array(missing));
        std::vector<std::int64_t> held;
        for (const pqxx::row& row : run(tx, "lock_registrants", cik_array(missing)))
            held.push_back(row[0].as<std::int64_t>());
        if (held.empty()) continue;
        const Values param = cik_array(held);
        run(tx, "ensure_sources", param);
        for (const pqxx::row& row : run(tx, "lock_sources", param)) {
            State& s = state[row[0].as<std::int64_t>()];
            for (std::size_t i = 0; i < s.keys.size(); ++i) {
                const pqxx::field f = row[static_cast<pqxx::row::size_type>(i + 1)];
                if (!f.is_null()) s.keys[i] = f.as<std::string>();
            }
        }
        std::vector<std::int64_t> still;
        for (std::int64_t cik : missing) {
            if (state.count(cik) == 0) still.push_back(cik);
        }
        missing = std::move(still);
    }
    for (const Contribution& c : contributions) {
        if (!c.registrant) continue;
        const model::Party& p = *c.party;
        State& s = state.at(*p.cik);
        const RegistrantUpdate update = registrant_update(p, c.order_key, s.keys);
        if (!update.any && !update.as_of) continue;
        s.changed = true;
        for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
            if (!update.set[i]) continue;
            if (i == kSicCodeField) {
                s.sic_code = *p.sic_code;
            } else {
                s.text[i] = party_field(p, i);
            }
            s.keys[i] = c.order_key;
            s.fresh[i] = true;
        }
        if (update.as_of) {
            s.as_of = true;
            s.as_of_date = &c.filing->filed_date;
            s.as_of_accession = &c.filing->accession_number;
            s.keys[kAsOfKey] = c.order_key;
            s.fresh[kAsOfKey] = true;
        }
    }
    // A replaced version's values leave the registrants with it: a registrant that still
    // holds one this batch did not set again is accumulated anew from what is stored now
    // (insert_children ran first, so the new versions' parties are in it).
    std::vector<std::int64_t> anew;
    for (const auto& [cik, old_keys] : replaced) {
        const State& s = state.at(cik);
        for (const std::string& old_key : old_keys) {
            if (left_stale(s.keys, s.fresh, old_key)) {
                anew.push_back(cik);
                break;
            }
        }
    }
    std::map<std::int64_t, Accumulated> recomputed;
    if (!anew.empty()) {
        step_ = "read the stored parties of registrants";
        const Values anew_param = cik_array(anew);
        std::map<std::int64_t, std::vector<StoredParty>> parties;
        std::vector<std::optional<std::string>> values;
        for (const pqxx::row& row : run(tx, "stored_parties", anew_param)) {
            values.clear();
            for (const pqxx::field& f : row) {
                values.push_back(f.is_null() ? std::nullopt
                                             : std::optional<std::string>(f.c_str()));
            }
            parties[row[0].as<std::int64_t>()].push_back(stored_party(values));
        }
        step_ = "replace registrants";
        run(tx, "clear_registrants", anew_param);
        run(tx, "clear_sources", anew_param);
        std::vector<std::int64_t> gone;
        for (std::int64_t cik : anew) {
            std::optional<Accumulated> a = accumulate_anew(std::move(parties[cik]));
            if (!a) {
                gone.push_back(cik);
                state.erase(cik);
                continue;
            }
            const Accumulated& acc = recomputed.emplace(cik, std::move(*a)).first->second;
            State& s = state[cik];
            s = State{};
            s.keys = acc.keys;
            for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
                if (!acc.keys[i]) continue;
                if (i == kSicCodeField) {
                    s.sic_code = acc.values.sic_code;
                } else {
                    s.text[i] = party_field(acc.values, i);
                }
            }
            s.changed = true;
            s.as_of = true;
            s.as_of_date = &acc.as_of_date;
            s.as_of_accession = &acc.as_of_accession;
        }
        if (!gone.empty()) run(tx, "delete_registrants", cik_array(gone));
    }
    step_ = "update registrants";
    Values v;
    ArrayColumns reg(kRegistrantFields.size() + 5);
    ArrayColumns src(kRegistrantFields.size() + 2);
    for (const auto& [cik, s] : state) {
        if (!s.changed) continue;
        v.clear();
        v.integer(cik);
        std::int64_t mask = 0;
        // A column is set when it has a value to write: a SIC code, or a text, empty for a
        // line of an address block the newer address does not have (written as NULL).
        for (std::size_t i = 0; i < kRegistrantFields.size(); ++i) {
            const bool set = i == kSicCodeField ? s.sic_code.has_value() : s.text[i] != nullptr;
            if (set) mask |= std::int64_t{1} << i;
            if (i == kSicCodeField) {
                v.opt_integer(s.sic_code);
            } else if (set) {
                v.text(*s.text[i]);
            } else {
                v.null();
            }
        }
        v.boolean(s.as_of);
        if (s.as_of) {
            v.text(*s.as_of_date);
            v.text(*s.as_of_accession);
        } else {
            v.null();
            v.null();
        }
        v.integer(mask);
        reg.add(v);
        v.clear();
        v.integer(cik);
        for (const std::optional<std::string>& k : s.keys) v.opt_text(k);
        src.add(v);
    }
    if (reg.rows() == 0) return;
    run(tx, "update_registrants", reg.params());
    run(tx, "update_sources", src.params());
}

}  // namespace

std::uint64_t lookup_statements(const InputLookup& lookup) {
    return dynamic_cast<const PostgresLookup&>(lookup).statements();
}

std::uint64_t write_statements(const Backend& backend) {
    return dynamic_cast<const PostgresBackend&>(backend).statements();
}

VectorCounts vector_counts(const Backend& backend) {
    return dynamic_cast<const PostgresBackend&>(backend).vector_counts();
}

std::unique_ptr<Backend> open_postgres_backend(const std::string& url, const OpenOptions&,
                                               WriteMode mode) {
    return std::make_unique<PostgresBackend>(url, mode);
}

void execute(const std::string& url, const std::string& sql) {
    const std::unique_ptr<pqxx::connection> conn = connect(url);
    try {
        pqxx::nontransaction tx(*conn);
        tx.exec(sql);
    } catch (...) {
        throw current_error("execute");
    }
}

std::string with_database(const std::string& url, const std::string& dbname) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string::npos) return url + " dbname=" + dbname;
    const std::size_t slash = url.find('/', scheme + 3);
    if (slash == std::string::npos) {
        const std::size_t q = url.find('?', scheme + 3);
        if (q == std::string::npos) return url + "/" + dbname;
        return url.substr(0, q) + "/" + dbname + url.substr(q);
    }
    const std::size_t end = url.find('?', slash);
    return url.substr(0, slash + 1) + dbname + (end == std::string::npos ? "" : url.substr(end));
}

}  // namespace edgarsql::db::postgres
