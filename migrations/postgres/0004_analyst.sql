-- Analyst's side (issue "pleasant and fast to query"): full-text search over item and document
-- text, views for the common joins, indexes for filters by CIK, form, item and date.
-- The same view names exist on SQLite (migrations/sqlite/0004_analyst.sql).

-- Full-text search: expression GIN indexes on search_vector(text), so no text or tsvector is
-- stored twice and the writer keeps them in step in its own transaction. A query must use the
-- same expression to be served by the index:
--   WHERE search_vector(i.text) @@ websearch_to_tsquery('english', 'resigned')
-- ranked with ts_rank(search_vector(i.text), q), snippets with ts_headline('english', i.text, q).
-- The vector covers the first 400,000 characters of a text: a tsvector holds at most 1 MB of
-- lexemes, and a longer text (large financial tables) could otherwise make an insert fail.
CREATE FUNCTION search_vector(t TEXT) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_tsvector('english'::regconfig, left(coalesce(t, ''), 400000)) $$;

CREATE INDEX items_text_search ON items USING gin (search_vector(text));
CREATE INDEX documents_text_search ON documents USING gin (search_vector(text));

-- Indexes chosen from the query plans of docs/queries.md.
CREATE INDEX filings_cik_date ON filings (cik, filed_date);
CREATE INDEX filings_family_date ON filings (form_family, filed_date);
CREATE INDEX items_code_filing ON items (item_code, filing_id);
CREATE INDEX documents_type ON documents (type, filing_id);
CREATE INDEX filing_parties_cik_filing ON filing_parties (cik, filing_id);

-- One row per filing: primary registrant (name as of the filing when the header gave one,
-- else the accumulated registrant name), form, dates, and the distinct item codes as a
-- comma-separated list in code order (header and body items together).
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
       (SELECT string_agg(DISTINCT i.item_code, ',' ORDER BY i.item_code) FROM items i
        WHERE i.filing_id = f.filing_id AND i.item_code IS NOT NULL) AS item_codes,
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
-- filing party, with the filing's date and form, so "the address as of filing X" is a plain
-- lookup. Cover-page parties are linked to a CIK through cover_page_registrants.
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
