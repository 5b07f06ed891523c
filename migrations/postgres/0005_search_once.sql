-- Full-text search, second form (docs/schema-decisions.md, "Full-text index").
--
-- 1. Every piece of text is indexed once. A document whose text the parser divided into body
--    items (a 10-K, 10-Q or 8-K main document) is searched through items, section by section;
--    documents.text_vector covers every other document with text: exhibits, press releases,
--    forms without items.
-- 2. The vectors are stored (generated columns) instead of computed in an expression index.
--    With an expression index, ts_rank had to compute to_tsvector again for every matching
--    row: ranking the matches of a common word over a year of filings took seconds. A stored
--    vector is read, not computed, and still no text is stored twice.
--
-- Query: WHERE i.text_vector @@ websearch_to_tsquery('english', 'resigned'), ranked with
-- ts_rank(i.text_vector, q), snippets with ts_headline('english', i.text, q).
-- The vector covers the first 400,000 characters of a text: a tsvector holds at most 1 MB of
-- lexemes, and a longer text (large financial tables) could otherwise make an insert fail.

ALTER TABLE documents ADD COLUMN text_in_items BOOLEAN NOT NULL DEFAULT false;
UPDATE documents d SET text_in_items = true
WHERE d.text IS NOT NULL
  AND EXISTS (SELECT 1 FROM items i
              WHERE i.filing_id = d.filing_id AND i.source = 'body'
                AND i.document_sequence = d.sequence AND i.text IS NOT NULL);

DROP INDEX items_text_search;
DROP INDEX documents_text_search;
DROP FUNCTION search_vector(TEXT);

ALTER TABLE items ADD COLUMN text_vector tsvector GENERATED ALWAYS AS (
    CASE WHEN text IS NOT NULL
         THEN to_tsvector('english'::regconfig, left(text, 400000)) END) STORED;
ALTER TABLE documents ADD COLUMN text_vector tsvector GENERATED ALWAYS AS (
    CASE WHEN text IS NOT NULL AND NOT text_in_items
         THEN to_tsvector('english'::regconfig, left(text, 400000)) END) STORED;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_settings
               WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
        ALTER TABLE items ALTER COLUMN text_vector SET COMPRESSION lz4;
        ALTER TABLE documents ALTER COLUMN text_vector SET COMPRESSION lz4;
    END IF;
END
$$;

CREATE INDEX items_text_vector ON items USING gin (text_vector);
CREATE INDEX documents_text_vector ON documents USING gin (text_vector);
