-- Analyst's side (issue "pleasant and fast to query"): full-text search over item and document
-- text, views for the common joins, indexes for filters by CIK, form, item and date.
-- The same view names exist on PostgreSQL (migrations/postgres/0004_analyst.sql).

-- Full-text search with FTS5. External-content tables: the text stays only in items.text and
-- documents.text, the FTS tables hold the inverted index. The triggers below keep the index in
-- step inside the writer's own transaction (a filing's child rows are deleted and re-inserted
-- when a better version replaces it). Query: `items_fts MATCH 'resigned'`, rank with
-- bm25(items_fts) or ORDER BY rank, snippets with snippet(items_fts, 0, '[', ']', '…', 12).
CREATE VIRTUAL TABLE items_fts USING fts5(
    text, content='items', content_rowid='item_id', tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE documents_fts USING fts5(
    text, content='documents', content_rowid='document_id',
    tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER items_fts_insert AFTER INSERT ON items WHEN new.text IS NOT NULL BEGIN
    INSERT INTO items_fts (rowid, text) VALUES (new.item_id, new.text);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items WHEN old.text IS NOT NULL BEGIN
    INSERT INTO items_fts (items_fts, rowid, text) VALUES ('delete', old.item_id, old.text);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF text ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, text)
        SELECT 'delete', old.item_id, old.text WHERE old.text IS NOT NULL;
    INSERT INTO items_fts (rowid, text)
        SELECT new.item_id, new.text WHERE new.text IS NOT NULL;
END;

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents WHEN new.text IS NOT NULL BEGIN
    INSERT INTO documents_fts (rowid, text) VALUES (new.document_id, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents WHEN old.text IS NOT NULL BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text)
        VALUES ('delete', old.document_id, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text)
        SELECT 'delete', old.document_id, old.text WHERE old.text IS NOT NULL;
    INSERT INTO documents_fts (rowid, text)
        SELECT new.document_id, new.text WHERE new.text IS NOT NULL;
END;

-- Rows stored before this migration.
INSERT INTO items_fts (rowid, text) SELECT item_id, text FROM items WHERE text IS NOT NULL;
INSERT INTO documents_fts (rowid, text)
    SELECT document_id, text FROM documents WHERE text IS NOT NULL;

-- Indexes chosen from the query plans of docs/queries.md.
-- A CIK's filings in date order, and date ranges within a form family.
CREATE INDEX filings_cik_date ON filings (cik, filed_date);
CREATE INDEX filings_family_date ON filings (form_family, filed_date);
-- Items of one code within a filing set (the UNIQUE key already leads with filing_id).
CREATE INDEX items_code_filing ON items (item_code, filing_id);
-- Documents by type ('EX-99.1') across filings.
CREATE INDEX documents_type ON documents (type, filing_id);
-- A filing's parties by role.
CREATE INDEX filing_parties_cik_filing ON filing_parties (cik, filing_id);

-- One row per filing: primary registrant (name as of the filing when the header gave one,
-- else the accumulated registrant name), form, dates, and the distinct item codes as a
-- comma-separated list in code order (header and body items together). The unary + keeps the
-- planner on the filing's own items (UNIQUE key) instead of a range over all item codes.
CREATE VIEW filing_overview AS
SELECT f.filing_id,
       f.accession_number,
       f.cik,
       coalesce((SELECT fp.name FROM filing_parties fp
                 WHERE fp.filing_id = f.filing_id AND fp.cik = f.cik
                 ORDER BY fp.seq LIMIT 1), r.name) AS company_name,
       r.sic_code,
       f.form_type,
       f.form_family,
       f.is_amendment,
       f.filed_date,
       f.period_of_report,
       f.acceptance_datetime,
       f.document_count,
       (SELECT group_concat(item_code, ',') FROM (
            SELECT DISTINCT i.item_code FROM items i
            WHERE i.filing_id = f.filing_id AND +i.item_code IS NOT NULL
            ORDER BY i.item_code)) AS item_codes,
       f.parse_status
FROM filings f
LEFT JOIN registrants r ON r.cik = f.cik;

-- Exhibits with their document (type, file name, size, text) when one is attached; exhibits
-- only listed in an exhibit index have NULL document columns.
CREATE VIEW exhibit_documents AS
SELECT e.filing_id,
       f.accession_number,
       f.cik,
       f.form_type,
       f.filed_date,
       e.seq,
       e.exhibit_number,
       e.description,
       e.listed_in_index,
       d.document_id,
       d.sequence AS document_sequence,
       d.type AS document_type,
       d.filename,
       d.content_kind,
       d.bytes,
       d.text
FROM exhibits e
JOIN filings f ON f.filing_id = e.filing_id
LEFT JOIN documents d ON d.filing_id = e.filing_id AND d.sequence = e.document_sequence;

-- Party values as each filing stated them (not the accumulated registrants row): one row per
-- filing party with a CIK, with the filing's date and form, so "the address as of filing X"
-- is a plain lookup. Cover-page parties are linked to a CIK through cover_page_registrants.
CREATE VIEW registrant_at_filing AS
SELECT fp.filing_id,
       f.accession_number,
       f.filed_date,
       f.form_type,
       fp.seq,
       fp.role,
       coalesce(fp.cik, cpr.cik) AS cik,
       fp.name,
       fp.sic_code,
       fp.sic_description,
       fp.irs_number,
       fp.state_of_incorporation,
       fp.fiscal_year_end,
       fp.business_address,
       fp.business_street1,
       fp.business_street2,
       fp.business_city,
       fp.business_state,
       fp.business_zip,
       fp.business_phone,
       fp.mail_street1,
       fp.mail_street2,
       fp.mail_city,
       fp.mail_state,
       fp.mail_zip
FROM filing_parties fp
JOIN filings f ON f.filing_id = fp.filing_id
LEFT JOIN cover_page_registrants cpr ON cpr.filing_id = fp.filing_id AND cpr.seq = fp.seq;
