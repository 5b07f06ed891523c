#pragma once
// Helpers for the operations tests (tests/e2e/ops_*.cpp): synthetic filings of invented
// companies, and running the binary with separate stdout and stderr.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace edgarsql::test::ops {

inline std::string q(const fs::path& p) { return edgarsql::test::quoted(p); }

/// The arguments of `edgarsql ingest` into `db` of `tree`, with `extra` options.
inline std::string ingest_args(const fs::path& db, const fs::path& tree,
                               const std::string& extra = "") {
    return "ingest --db " + q(db) + " " + extra + " " + q(tree);
}

/// 'NNNNNNNNNN-YY-NNNNNN' for an invented filer agent.
inline std::string accession(int year, int seq) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0001990000-%02d-%06d", year % 100, seq);
    return buf;
}

/// A small full-submission text filing. `filed` is 'YYYYMMDD'.
inline std::string synthetic_filing(const std::string& accession_number, const std::string& form,
                                    const std::string& filed, long cik, const std::string& name) {
    char cik_text[16];
    std::snprintf(cik_text, sizeof cik_text, "%010ld", cik);
    return "<SEC-DOCUMENT>" + accession_number + ".txt : " + filed + "\n<SEC-HEADER>" +
           accession_number + ".hdr.sgml : " + filed + "\nACCESSION NUMBER:\t\t" +
           accession_number + "\nCONFORMED SUBMISSION TYPE:\t" + form +
           "\nPUBLIC DOCUMENT COUNT:\t\t1\nFILED AS OF DATE:\t\t" + filed +
           "\nDATE AS OF CHANGE:\t\t" + filed +
           "\n\nFILER:\n\n\tCOMPANY DATA:\t\n\t\tCOMPANY CONFORMED NAME:\t\t\t" + name +
           "\n\t\tCENTRAL INDEX KEY:\t\t\t" + cik_text +
           "\n\t\tSTATE OF INCORPORATION:\t\t\tDE\n\n\tFILING VALUES:\n\t\tFORM TYPE:\t\t" + form +
           "\n\t\tSEC ACT:\t\t1934 Act\n\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>" + form +
           "\n<SEQUENCE>1\n<FILENAME>doc.txt\n<DESCRIPTION>" + form +
           "\n<TEXT>\nAnnual and current report text of " + name + " for " + filed +
           ".\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n";
}

/// Writes `count` synthetic filings under `root` as edgar/data/<CIK>/<accession>.txt, forms
/// cycling through 8-K, 10-K, 10-Q, 8-K/A, filed on days of `year`.
inline void write_tree(const fs::path& root, int count, int year = 2021) {
    static const char* kForms[] = {"8-K", "10-K", "10-Q", "8-K/A"};
    for (int i = 0; i < count; ++i) {
        const long cik = 1990100 + i % 37;
        const std::string acc = accession(year, i + 1);
        char filed[16];
        std::snprintf(filed, sizeof filed, "%04d%02d%02d", year, 1 + i % 12, 1 + i % 28);
        write_file(root / "edgar" / "data" / std::to_string(cik) / (acc + ".txt"),
                   synthetic_filing(acc, kForms[i % 4], filed, cik,
                                    "OSPREY WIDGET WORKS " + std::to_string(cik % 37)));
    }
}

struct SplitResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs edgarsql with stdout and stderr captured separately (through files in `dir`).
inline SplitResult run_split(const fs::path& dir, const std::string& args,
                             const std::string& env = "") {
    const fs::path out = dir / "stdout.txt";
    const fs::path err = dir / "stderr.txt";
    const CommandResult r = run_command("{ " + env + " '" + std::string(EDGARSQL_BINARY) +
                                        "' " + args + " >" + q(out) + " 2>" + q(err) + "; }");
    return {r.exit_code, read_file(out), read_file(err)};
}

/// The first column of the first row of a query on a SQLite file, '' when none or NULL.
inline std::string sql_one(const fs::path& db, const std::string& sql) {
    SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement s(d, sql);
    if (!s.executeStep() || s.getColumn(0).isNull()) return "";
    return s.getColumn(0).getString();
}

inline std::string dump(const fs::path& db) {
    const CommandResult r = run_edgarsql("dump --db " + q(db));
    if (r.exit_code != 0) throw std::runtime_error("dump failed: " + r.out);
    return r.out;
}

}  // namespace edgarsql::test::ops
