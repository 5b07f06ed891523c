#include "db/dump.hpp"

#include <cerrno>
#include <cstring>

#include "db/backend.hpp"

namespace edgarsql::db {

namespace {

// How a value is written. Backends return values as text; these kinds turn the few spellings
// that differ between SQLite and PostgreSQL into one.
enum class Kind {
    integer,    // as returned: '42'
    boolean,    // '1'/'t'/'true' → 1, '0'/'f'/'false' → 0
    text,       // escaped
    date,       // 'YYYY-MM-DD' in both; sorted without a text collation (DATE in PostgreSQL)
    timestamp,  // 'YYYY-MM-DD HH:MM:SS+00' (PostgreSQL, UTC session) → 'YYYY-MM-DDTHH:MM:SSZ'
};

struct Column {
    const char* name;
    Kind kind;
    const char* expr;  // SQL expression; nullptr: "c.<name>"
};

// A section lists its natural key first: rows are ordered by every column in list order, so the
// order is total and the same in every backend.
struct Section {
    const char* table;
    const char* from;
    std::vector<Column> columns;
};

constexpr const char* kFilingKey = "COALESCE(f.accession_number, 'sha256:' || f.source_sha256)";
constexpr const char* kChildFrom = " c JOIN filings f ON f.filing_id = c.filing_id";

const std::vector<Section>& sections() {
    static const std::vector<Section> all = {
        {"registrants", "registrants c", {{"cik", Kind::integer, nullptr},
                                          {"name", Kind::text, nullptr},
                                          {"sic_code", Kind::integer, nullptr},
                                          {"sic_description", Kind::text, nullptr},
                                          {"irs_number", Kind::text, nullptr},
                                          {"state_of_incorporation", Kind::text, nullptr},
                                          {"fiscal_year_end", Kind::text, nullptr},
                                          {"business_street1", Kind::text, nullptr},
                                          {"business_street2", Kind::text, nullptr},
                                          {"business_city", Kind::text, nullptr},
                                          {"business_state", Kind::text, nullptr},
                                          {"business_zip", Kind::text, nullptr},
                                          {"business_phone", Kind::text, nullptr},
                                          {"mail_street1", Kind::text, nullptr},
                                          {"mail_street2", Kind::text, nullptr},
                                          {"mail_city", Kind::text, nullptr},
                                          {"mail_state", Kind::text, nullptr},
                                          {"mail_zip", Kind::text, nullptr},
                                          {"as_of_date", Kind::date, nullptr},
                                          {"as_of_accession", Kind::text, nullptr}}},
        {"former_names",
         "former_names c",
         {{"cik", Kind::integer, nullptr},
          {"former_name", Kind::text, nullptr},
          {"date_changed", Kind::date, nullptr},
          {"first_accession", Kind::text, nullptr}}},
        {"filings",
         "filings f",
         {{"filing_key", Kind::text, kFilingKey},
          {"accession_number", Kind::text, "f.accession_number"},
          {"form_type", Kind::text, "f.form_type"},
          {"form_family", Kind::text, "f.form_family"},
          {"is_amendment", Kind::boolean, "f.is_amendment"},
          {"filed_date", Kind::date, "f.filed_date"},
          {"period_of_report", Kind::date, "f.period_of_report"},
          {"acceptance_datetime", Kind::timestamp, "f.acceptance_datetime"},
          {"date_as_of_change", Kind::date, "f.date_as_of_change"},
          {"declared_document_count", Kind::integer, "f.declared_document_count"},
          {"document_count", Kind::integer, "f.document_count"},
          {"parse_status", Kind::text, "f.parse_status"},
          {"warnings", Kind::text, "f.warnings"},
          {"cik", Kind::integer, "f.cik"},
          {"signer_name", Kind::text, "f.signer_name"},
          {"signer_title", Kind::text, "f.signer_title"},
          {"source_kind", Kind::text, "f.source_kind"},
          {"source_path", Kind::text, "f.source_path"},
          {"source_member", Kind::text, "f.source_member"},
          {"source_sha256", Kind::text, "f.source_sha256"},
          {"parser_version", Kind::integer, "f.parser_version"}}},
        {"filing_parties",
         kChildFrom,
         {{"filing_key", Kind::text, kFilingKey},
          {"seq", Kind::integer, nullptr},
          {"role", Kind::text, nullptr},
          {"cik", Kind::integer, nullptr},
          {"name", Kind::text, nullptr},
          {"company_data", Kind::boolean, nullptr},
          {"form_type", Kind::text, nullptr},
          {"sec_act", Kind::text, nullptr},
          {"file_number", Kind::text, nullptr},
          {"film_number", Kind::text, nullptr},
          {"irs_number", Kind::text, nullptr},
          {"state_of_incorporation", Kind::text, nullptr},
          {"sic_code", Kind::integer, nullptr},
          {"sic_description", Kind::text, nullptr},
          {"organization_name", Kind::text, nullptr},
          {"fiscal_year_end", Kind::text, nullptr},
          {"business_address", Kind::text, nullptr},
          {"business_street1", Kind::text, nullptr},
          {"business_street2", Kind::text, nullptr},
          {"business_city", Kind::text, nullptr},
          {"business_state", Kind::text, nullptr},
          {"business_zip", Kind::text, nullptr},
          {"business_phone", Kind::text, nullptr},
          {"mail_street1", Kind::text, nullptr},
          {"mail_street2", Kind::text, nullptr},
          {"mail_city", Kind::text, nullptr},
          {"mail_state", Kind::text, nullptr},
          {"mail_zip", Kind::text, nullptr}}},
        {"header_fields",
         kChildFrom,
         {{"filing_key", Kind::text, kFilingKey},
          {"seq", Kind::integer, nullptr},
          {"path", Kind::text, nullptr},
          {"value", Kind::text, nullptr}}},
        {"items",
         kChildFrom,
         {{"filing_key", Kind::text, kFilingKey},
          {"source", Kind::text, nullptr},
          {"part", Kind::text, nullptr},
          {"item_code", Kind::text, nullptr},
          {"seq", Kind::integer, nullptr},
          {"item_raw", Kind::text, nullptr},
          {"title", Kind::text, nullptr},
          {"combined", Kind::boolean, nullptr},
          {"document_sequence", Kind::integer, nullptr},
          {"start_offset", Kind::integer, nullptr},
          {"end_offset", Kind::integer, nullptr},
          {"text", Kind::text, nullptr}}},
        {"documents",
         kChildFrom,
         {{"filing_key", Kind::text, kFilingKey},
          {"sequence", Kind::integer, nullptr},
          {"type", Kind::text, nullptr},
          {"filename", Kind::text, nullptr},
          {"description", Kind::text, nullptr},
          {"content_kind", Kind::text, nullptr},
          {"charset", Kind::text, nullptr},
          {"bytes", Kind::integer, nullptr},
          {"sha256", Kind::text, nullptr},
          {"uuencoded", Kind::boolean, nullptr},
          {"text_in_items", Kind::boolean, nullptr},
          {"text", Kind::text, nullptr}}},
        {"exhibits",
         kChildFrom,
         {{"filing_key", Kind::text, kFilingKey},
          {"seq", Kind::integer, nullptr},
          {"exhibit_number", Kind::text, nullptr},
          {"description", Kind::text, nullptr},
          {"document_sequence", Kind::integer, nullptr},
          {"listed_in_index", Kind::boolean, nullptr}}},
        {"ingest_files",
         " c LEFT JOIN filings f ON f.filing_id = c.filing_id",
         {{"source_path", Kind::text, nullptr},
          {"source_member", Kind::text, nullptr},
          {"bytes", Kind::integer, nullptr},
          {"sha256", Kind::text, nullptr},
          {"status", Kind::text, nullptr},
          {"stage", Kind::text, nullptr},
          {"error", Kind::text, nullptr},
          {"parser_version", Kind::integer, nullptr},
          {"filing_key", Kind::text, kFilingKey}}},
    };
    return all;
}

std::string column_expr(const Column& c) {
    return c.expr != nullptr ? std::string(c.expr) : std::string("c.") + c.name;
}

std::string section_sql(const Section& s, const std::string& text_collation) {
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
        if (i > 0) sql += ", ";
        sql += column_expr(s.columns[i]);
    }
    sql += " FROM ";
    // Child sections give only the join (" c JOIN …"): the table name goes in front.
    if (s.from[0] == ' ') sql += s.table;
    sql += s.from;
    sql += " ORDER BY ";
    for (std::size_t i = 0; i < s.columns.size(); ++i) {
        if (i > 0) sql += ", ";
        sql += column_expr(s.columns[i]);
        if (s.columns[i].kind == Kind::text) sql += text_collation;
        sql += " NULLS FIRST";
    }
    return sql;
}

void write_value(std::string& line, Kind kind, const std::optional<std::string>& value) {
    if (!value) {
        line += "\\N";
        return;
    }
    const std::string& v = *value;
    switch (kind) {
        case Kind::integer:
            line += v;
            return;
        case Kind::boolean:
            if (v == "1" || v == "t" || v == "true") {
                line += '1';
            } else if (v == "0" || v == "f" || v == "false") {
                line += '0';
            } else {
                line += dump_escape(v);
            }
            return;
        case Kind::timestamp:
            if (v.size() >= 19 && (v[10] == ' ' || v[10] == 'T')) {
                const std::string zone = v.substr(19);
                if (zone == "Z" || zone == "+00" || zone == "+00:00") {
                    line.append(v, 0, 10);
                    line += 'T';
                    line.append(v, 11, 8);
                    line += 'Z';
                    return;
                }
            }
            line += dump_escape(v);
            return;
        case Kind::text:
        case Kind::date:
            line += dump_escape(v);
            return;
    }
}

}  // namespace

std::string dump_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

std::vector<std::string> dump_queries(const std::string& text_collation) {
    std::vector<std::string> out;
    for (const Section& s : sections()) out.push_back(section_sql(s, text_collation));
    return out;
}

void write_dump(std::ostream& out, const DumpQuery& query, const std::string& text_collation) {
    out << "# edgarsql dump 1\n";
    std::string line;
    for (const Section& s : sections()) {
        out << "## " << s.table << '\n';
        line.clear();
        for (std::size_t i = 0; i < s.columns.size(); ++i) {
            if (i > 0) line += '\t';
            line += s.columns[i].name;
        }
        out << line << '\n';
        query(section_sql(s, text_collation), [&](const DumpRow& row) {
            if (row.size() != s.columns.size()) {
                throw Error(std::string("dump of ") + s.table + ": expected " +
                                std::to_string(s.columns.size()) + " values per row, got " +
                                std::to_string(row.size()),
                            /*fatal=*/true);
            }
            line.clear();
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i > 0) line += '\t';
                write_value(line, s.columns[i].kind, row[i]);
            }
            line += '\n';
            out << line;
            // A reader that went away (`dump | head`) ends the dump here, not after reading
            // every table to the end.
            if (!out) {
                const int err = errno;
                throw Error(std::string("cannot write the output: ") +
                                (err != 0 ? std::strerror(err) : "write failed"),
                            /*fatal=*/true);
            }
        });
    }
}

}  // namespace edgarsql::db
