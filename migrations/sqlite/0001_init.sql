-- edgarsql schema, version 1 (SQLite). The data contract is DESIGN.md §3; decisions beyond it
-- are in docs/schema-decisions.md. Dates are ISO 'YYYY-MM-DD' text, acceptance_datetime is
-- ISO-8601 UTC text ending in 'Z', booleans are 0/1, CIKs and ids are integers.

CREATE TABLE schema_migrations (
    -- One row per applied migration.
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL                -- ISO-8601 UTC
);

CREATE TABLE registrants (
    -- One row per CIK, accumulated across filings: each column holds the latest non-empty
    -- value by filing order (filed_date, acceptance_datetime, accession).
    cik                    INTEGER PRIMARY KEY,
    name                   TEXT,
    sic_code               INTEGER,
    sic_description        TEXT,
    irs_number             TEXT,            -- 9 digits, zero-padded
    state_of_incorporation TEXT,            -- EDGAR state/country code
    fiscal_year_end        TEXT,            -- MMDD
    business_street1       TEXT,
    business_street2       TEXT,
    business_city          TEXT,
    business_state         TEXT,
    business_zip           TEXT,
    business_phone         TEXT,
    mail_street1           TEXT,
    mail_street2           TEXT,
    mail_city              TEXT,
    mail_state             TEXT,
    mail_zip               TEXT,
    as_of_date             TEXT,            -- filed_date of the latest contributing filing
    as_of_accession        TEXT             -- its accession
);

CREATE TABLE registrant_sources (
    -- Bookkeeping for registrants: per column, the order key (filed_date|acceptance|accession)
    -- of the filing that last set it, so that any ingest order yields the same registrants.
    -- NULL: the column was never set.
    cik                    INTEGER PRIMARY KEY REFERENCES registrants(cik) ON DELETE CASCADE,
    name                   TEXT,
    sic_code               TEXT,
    sic_description        TEXT,
    irs_number             TEXT,
    state_of_incorporation TEXT,
    fiscal_year_end        TEXT,
    business_street1       TEXT,
    business_street2       TEXT,
    business_city          TEXT,
    business_state         TEXT,
    business_zip           TEXT,
    business_phone         TEXT,
    mail_street1           TEXT,
    mail_street2           TEXT,
    mail_city              TEXT,
    mail_state             TEXT,
    mail_zip               TEXT,
    as_of                  TEXT             -- key of the filing behind as_of_date
);

CREATE TABLE former_names (
    -- One row per (CIK, former name, date changed), accumulated across filings.
    cik             INTEGER NOT NULL,
    former_name     TEXT NOT NULL,
    date_changed    TEXT,                   -- NULL when the header gives none
    first_accession TEXT,                   -- the earliest filing (by order key) reporting it
    first_order_key TEXT NOT NULL           -- that filing's order key
);
CREATE UNIQUE INDEX former_names_key ON former_names (cik, former_name, ifnull(date_changed, ''));

CREATE TABLE filings (
    -- One row per submission (accession); the kept version is chosen by the precedence rule
    -- and replaced in place, so filing_id is stable.
    filing_id               INTEGER PRIMARY KEY,
    accession_number        TEXT UNIQUE,    -- NULL only for bare documents without one
    form_type               TEXT,           -- as filed, e.g. '10-K405'
    form_family             TEXT,           -- base form: '8-K', '10-K', '10-Q', '4', …
    is_amendment            INTEGER NOT NULL DEFAULT 0 CHECK (is_amendment IN (0, 1)),
    filed_date              TEXT,
    period_of_report        TEXT,
    acceptance_datetime     TEXT,           -- UTC, 'YYYY-MM-DDTHH:MM:SSZ'
    date_as_of_change       TEXT,
    declared_document_count INTEGER,        -- from the header
    document_count          INTEGER NOT NULL DEFAULT 0,  -- blocks parsed
    parse_status            TEXT NOT NULL CHECK (parse_status IN ('complete', 'partial')),
    warnings                TEXT,           -- one per line
    cik                     INTEGER,        -- primary registrant
    signer_name             TEXT,
    signer_title            TEXT,
    source_kind             TEXT NOT NULL
        CHECK (source_kind IN ('full_submission', 'nc', 'hdr_sgml', 'bare')),
    source_path             TEXT NOT NULL,
    source_member           TEXT NOT NULL DEFAULT '',
    source_sha256           TEXT NOT NULL,
    parser_version          INTEGER NOT NULL
);
CREATE UNIQUE INDEX filings_sha256_without_accession ON filings (source_sha256)
    WHERE accession_number IS NULL;
CREATE INDEX filings_cik ON filings (cik);
CREATE INDEX filings_form ON filings (form_family, form_type);
CREATE INDEX filings_form_type ON filings (form_type);
CREATE INDEX filings_filed_date ON filings (filed_date);

CREATE TABLE filing_parties (
    -- One row per party block of a filing's header (or its cover page), values as of the filing.
    filing_id              INTEGER NOT NULL REFERENCES filings(filing_id) ON DELETE CASCADE,
    seq                    INTEGER NOT NULL,  -- order in the header
    role                   TEXT NOT NULL CHECK (role IN ('filer', 'filed_by', 'filed_for',
        'subject_company', 'reporting_owner', 'issuer', 'serial_company', 'depositor',
        'securitizer', 'issuing_entity', 'cover_page')),
    cik                    INTEGER,
    name                   TEXT,
    company_data           INTEGER NOT NULL DEFAULT 0 CHECK (company_data IN (0, 1)),
    form_type              TEXT,
    sec_act                TEXT,
    file_number            TEXT,
    film_number            TEXT,
    irs_number             TEXT,
    state_of_incorporation TEXT,
    sic_code               INTEGER,
    sic_description        TEXT,
    organization_name      TEXT,
    fiscal_year_end        TEXT,
    business_address       TEXT,             -- one line as written (cover pages)
    business_street1       TEXT,
    business_street2       TEXT,
    business_city          TEXT,
    business_state         TEXT,
    business_zip           TEXT,
    business_phone         TEXT,
    mail_street1           TEXT,
    mail_street2           TEXT,
    mail_city              TEXT,
    mail_state             TEXT,
    mail_zip               TEXT,
    PRIMARY KEY (filing_id, seq)
) WITHOUT ROWID;
CREATE INDEX filing_parties_cik ON filing_parties (cik);

CREATE TABLE header_fields (
    -- Every header key/value of a filing, in order, so no tag is ever lost.
    filing_id INTEGER NOT NULL REFERENCES filings(filing_id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    path      TEXT NOT NULL,                -- e.g. 'FILER/COMPANY DATA/CENTRAL INDEX KEY'
    value     TEXT,
    PRIMARY KEY (filing_id, seq)
) WITHOUT ROWID;

CREATE TABLE items (
    -- One row per item of a filing and source ('header': stated in the header; 'body': found
    -- as a heading in a document).
    item_id           INTEGER PRIMARY KEY,
    filing_id         INTEGER NOT NULL REFERENCES filings(filing_id) ON DELETE CASCADE,
    source            TEXT NOT NULL CHECK (source IN ('header', 'body')),
    part              TEXT NOT NULL DEFAULT '',  -- 'I'/'II' for the 10-Q family, '' otherwise
    item_code         TEXT,                 -- canonical ('2.02', '1A'); NULL when unmappable
    item_raw          TEXT,                 -- as written
    title             TEXT,
    seq               INTEGER NOT NULL,
    combined          INTEGER NOT NULL DEFAULT 0 CHECK (combined IN (0, 1)),
    document_sequence INTEGER,
    text              TEXT,
    start_offset      INTEGER,              -- UTF-8 byte offsets into the document's text
    end_offset        INTEGER,
    UNIQUE (filing_id, source, part, item_code, seq)
);
CREATE INDEX items_item_code ON items (item_code);

CREATE TABLE documents (
    -- One row per <DOCUMENT> block (a bare input is one document).
    document_id  INTEGER PRIMARY KEY,
    filing_id    INTEGER NOT NULL REFERENCES filings(filing_id) ON DELETE CASCADE,
    sequence     INTEGER,
    type         TEXT,                      -- '8-K', 'EX-99.1', 'GRAPHIC'
    filename     TEXT,
    description  TEXT,
    content_kind TEXT CHECK (content_kind IN ('text', 'html', 'xml', 'pdf', 'binary')),
    charset      TEXT,                      -- the payload was decoded from
    bytes        INTEGER NOT NULL,          -- decoded payload, line endings normalized to LF
    sha256       TEXT,                      -- of the same bytes
    uuencoded    INTEGER NOT NULL DEFAULT 0 CHECK (uuencoded IN (0, 1)),
    text         TEXT                       -- readable UTF-8; NULL for binaries
);
CREATE INDEX documents_filing ON documents (filing_id, sequence);

CREATE TABLE exhibits (
    -- One row per exhibit of a filing (a document, an exhibit-index line, or both).
    filing_id         INTEGER NOT NULL REFERENCES filings(filing_id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    exhibit_number    TEXT,                 -- normalized: '99.1', '10.A-46'
    description       TEXT,
    document_sequence INTEGER,              -- NULL when only listed in an exhibit index
    listed_in_index   INTEGER NOT NULL DEFAULT 0 CHECK (listed_in_index IN (0, 1)),
    PRIMARY KEY (filing_id, seq)
) WITHOUT ROWID;
CREATE INDEX exhibits_number ON exhibits (exhibit_number);

CREATE TABLE ingest_runs (
    -- One row per `edgarsql ingest` run.
    run_id         INTEGER PRIMARY KEY,
    started_at     TEXT NOT NULL,           -- ISO-8601 UTC
    finished_at    TEXT,
    status         TEXT NOT NULL CHECK (status IN ('running', 'ok', 'rejects', 'failed',
        'interrupted', 'abandoned')),
    files_seen     INTEGER NOT NULL DEFAULT 0,
    files_ingested INTEGER NOT NULL DEFAULT 0,
    files_skipped  INTEGER NOT NULL DEFAULT 0,
    files_rejected INTEGER NOT NULL DEFAULT 0,
    files_filtered INTEGER NOT NULL DEFAULT 0,
    files_ignored  INTEGER NOT NULL DEFAULT 0,
    bytes_read     INTEGER NOT NULL DEFAULT 0,
    version        TEXT,                    -- edgarsql version
    arguments      TEXT                     -- command line, passwords masked
);

CREATE TABLE ingest_files (
    -- One row per input (file, or member of an archive): the manifest behind the skip check.
    source_path    TEXT NOT NULL,
    source_member  TEXT NOT NULL DEFAULT '',
    bytes          INTEGER NOT NULL,
    mtime          INTEGER NOT NULL,        -- seconds since the epoch
    sha256         TEXT,                    -- of the decompressed input
    status         TEXT NOT NULL CHECK (status IN ('ingested', 'rejected', 'filtered', 'ignored')),
    stage          TEXT,
    error          TEXT,
    filing_id      INTEGER REFERENCES filings(filing_id) ON DELETE SET NULL,  -- the winner
    run_id         INTEGER,
    parser_version INTEGER NOT NULL,
    PRIMARY KEY (source_path, source_member)
) WITHOUT ROWID;
CREATE INDEX ingest_files_filing ON ingest_files (filing_id);
CREATE INDEX ingest_files_status ON ingest_files (status);

CREATE TABLE ingest_archives (
    -- One row per archive (.tar, .tgz, .zip) whose members were all walked, so that an
    -- unchanged archive can be skipped without opening it.
    source_path    TEXT PRIMARY KEY,
    bytes          INTEGER NOT NULL,
    mtime          INTEGER NOT NULL,
    parser_version INTEGER NOT NULL,
    members        INTEGER NOT NULL,
    rejected       INTEGER NOT NULL,
    complete       INTEGER NOT NULL CHECK (complete IN (0, 1)),
    run_id         INTEGER
) WITHOUT ROWID;
