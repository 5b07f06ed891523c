#pragma once
// Plain value types for one parsed submission. They are what a parser produces and what a
// backend stores; they carry no behaviour beyond small helpers and own all their strings.
//
// Conventions shared by every producer and consumer:
//  - An empty std::string means "absent" and is stored as NULL, except where a field says
//    otherwise (items.part and source_member are '' when absent, as in the data contract).
//  - Dates are ISO 'YYYY-MM-DD' strings; acceptance_datetime is ISO-8601 UTC ending in 'Z'.
//  - All text is valid UTF-8 without NUL bytes (parse/text.hpp guarantees it).
//
// Thread-safety: plain values; a Filing is built by one parser thread and then moved to the
// writer, never shared.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgarsql::model {

/// Where a filing's bytes came from, in the precedence order of DESIGN §3 (best first).
enum class SourceKind { full_submission, nc, hdr_sgml, bare };
const char* to_string(SourceKind kind);
/// Lower is better: full_submission 0 … bare 3.
int precedence_rank(SourceKind kind);

enum class ParseStatus { complete, partial };
const char* to_string(ParseStatus status);

/// An address block as written in the header (or on a cover page).
struct Address {
    std::string street1;
    std::string street2;
    std::string city;
    std::string state;
    std::string zip;
    std::string phone;
    bool empty() const {
        return street1.empty() && street2.empty() && city.empty() && state.empty() &&
               zip.empty() && phone.empty();
    }
};

struct FormerName {
    std::string name;
    std::string date_changed;  ///< ISO date, empty when the header gives none
};

/// One party block of a header (FILER, SUBJECT COMPANY, REPORTING-OWNER, …) or a cover page.
struct Party {
    /// Contract role name: filer, filed_by, filed_for, subject_company, reporting_owner,
    /// issuer, serial_company, depositor, securitizer, issuing_entity, cover_page.
    std::string role;
    int seq = 0;                        ///< 1-based order among the filing's parties
    std::optional<std::int64_t> cik;    ///< NULL when the block has no usable CIK
    std::string name;                   ///< COMPANY CONFORMED NAME / CONFORMED-NAME
    /// True for COMPANY DATA blocks; false for OWNER DATA (persons) and cover pages.
    /// Only company data updates every registrant column (DESIGN §3, "Registrants accumulate").
    bool company_data = false;
    std::string form_type;
    std::string sec_act;                ///< normalized: '33', '34', '40', … or as written
    std::string file_number;
    std::string film_number;
    std::string irs_number;             ///< 9 digits zero-padded; empty for 000000000
    std::string state_of_incorporation;
    std::optional<int> sic_code;
    std::string sic_description;
    std::string organization_name;
    std::string fiscal_year_end;        ///< MMDD
    std::string business_address;       ///< one line as written (cover pages); else empty
    Address business;
    Address mail;
    std::vector<FormerName> former_names;
};

/// Every header key/value in order, so no tag is ever lost.
struct HeaderField {
    int seq = 0;          ///< 1-based order in the header
    std::string path;     ///< e.g. 'FILER/COMPANY DATA/CENTRAL INDEX KEY' (text dialect labels,
                          ///< or tag names such as 'FILER/COMPANY-DATA/CIK' for the tag dialect)
    std::string value;
};

struct Item {
    std::string source = "header";      ///< 'header' or 'body'
    std::string part;                   ///< 'I'/'II' for the 10-Q family, '' otherwise
    std::optional<std::string> item_code;  ///< canonical ('2.02', '1A'); NULL if unmappable
    std::string item_raw;               ///< as written: '12', '2.02', or the header title
    std::string title;
    int seq = 0;                        ///< 1-based order within (filing, source)
    bool combined = false;              ///< heading shared with another item
    std::optional<int> document_sequence;
    std::optional<std::string> text;
    std::optional<std::int64_t> start_offset;  ///< UTF-8 byte offsets into the document text
    std::optional<std::int64_t> end_offset;
};

struct Document {
    int sequence = 0;
    std::string type;
    std::string filename;
    std::string description;
    std::string content_kind;   ///< 'text', 'html', 'xml', 'pdf', 'binary'
    std::string charset;        ///< charset the payload was decoded from ('utf-8', 'windows-1252', …)
    std::int64_t bytes = 0;     ///< decoded payload size, line endings normalized to LF
    std::string sha256;         ///< lowercase hex of the same bytes
    std::optional<std::string> text;  ///< readable UTF-8; NULL for binaries (and XML by default)
    bool uuencoded = false;
    /// The text was divided into body items, whose rows carry it section by section; the
    /// full-text index then holds it once, through the items (docs/schema-decisions.md).
    bool text_in_items = false;
};

struct Exhibit {
    int seq = 0;
    std::string exhibit_number;   ///< normalized: '99.1', '10.A-46'
    std::string description;
    std::optional<int> document_sequence;
    bool listed_in_index = false;
};

/// One submission as parsed: everything the backend stores for it except run bookkeeping.
struct Filing {
    std::string accession_number;       ///< NNNNNNNNNN-YY-NNNNNN; empty for bare without one
    std::string form_type;              ///< as filed
    std::string form_family;
    bool is_amendment = false;
    std::string filed_date;             ///< ISO date
    std::string period_of_report;       ///< ISO date
    std::string acceptance_datetime;    ///< ISO-8601 UTC 'YYYY-MM-DDTHH:MM:SSZ'
    std::string date_as_of_change;      ///< ISO date; part of the precedence rule
    std::optional<int> declared_document_count;
    int document_count = 0;             ///< <DOCUMENT> blocks parsed
    ParseStatus parse_status = ParseStatus::complete;
    std::vector<std::string> warnings;  ///< human-readable, stored joined by '\n'
    std::optional<std::int64_t> cik;    ///< primary registrant (see primary_cik())
    std::string signer_name;
    std::string signer_title;
    SourceKind source_kind = SourceKind::full_submission;

    std::vector<Party> parties;
    std::vector<HeaderField> header_fields;
    std::vector<Item> items;
    std::vector<Document> documents;
    std::vector<Exhibit> exhibits;

    /// Adds a warning and marks the filing partial.
    void warn_partial(std::string message);
    /// The warnings as filings.warnings stores them: one per line ('' when none).
    std::string warnings_text() const;
};

/// DESIGN §3 "Primary registrant": first party by role precedence issuer, subject_company,
/// filer, filed_for, filed_by, reporting_owner, then header order; only parties with a CIK.
std::optional<std::int64_t> primary_cik(const std::vector<Party>& parties);

/// How the rejection of a directory the walker cannot list begins (ingest_files.error): the
/// database finds such rows by it, to forget them once the directory is listed.
inline constexpr const char* kCannotListDirectory = "cannot list directory: ";

/// Where an input came from. source_member is '' for plain files and single-stream .gz.
struct SourceRef {
    std::string path;       ///< absolute path of the file on disk (the archive for members)
    std::string member;     ///< member path inside a tar/zip archive, '' otherwise; a member
                            ///< of an archive inside the archive is 'inner!member'
    std::string relative;   ///< path (and member) relative to the PATH argument; used by --shard
    /// Size on disk (for members: the member's size in the archive). -1 when the walker asks
    /// want() about a member whose size the archive does not state (a streamed zip's member
    /// written with a data descriptor) before reading it; it asks again with the size read,
    /// which is the size recorded.
    std::int64_t bytes = 0;
    std::int64_t mtime = 0; ///< seconds since the epoch (for members: from the archive entry)
    std::string sha256;     ///< of the decompressed input bytes; set when the input is read
    std::string display() const;  ///< 'path' or 'path!member', for messages
};

}  // namespace edgarsql::model
