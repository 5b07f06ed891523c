-- Full-text index: every piece of text indexed once (docs/schema-decisions.md, "Full-text
-- index"). A document whose text the parser divided into body items (a 10-K, 10-Q or 8-K main
-- document) is searched through items_fts, section by section; documents_fts holds every other
-- document with text: exhibits, press releases, forms without items. Indexing the main
-- documents a second time as whole documents doubled the cost of full-text indexing, the
-- largest single cost of an ingest.

-- 1 when the document's text was divided into body items (set by the parser).
ALTER TABLE documents ADD COLUMN text_in_items INTEGER NOT NULL DEFAULT 0
    CHECK (text_in_items IN (0, 1));
UPDATE documents SET text_in_items = 1
WHERE text IS NOT NULL
  AND EXISTS (SELECT 1 FROM items i
              WHERE i.filing_id = documents.filing_id AND i.source = 'body'
                AND i.document_sequence = documents.sequence AND i.text IS NOT NULL);

-- New rows are indexed by the writer itself, in the same transaction: one INSERT … SELECT per
-- table and batch (src/db/sqlite/sqlite_backend.cpp, index_unindexed). An insert trigger
-- copies every text into its trigger program and cost about 40 % more time on the benchmark
-- corpus (docs/benchmarks.md). Deleting or updating rows, by the writer or by hand, stays in
-- step through the triggers below. Rows inserted by hand must be indexed by hand:
--   INSERT INTO items_fts (rowid, text) SELECT item_id, text FROM items WHERE item_id = …;
DROP TRIGGER items_fts_insert;
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_update;
DROP TABLE documents_fts;

-- The content of documents_fts: the documents it indexes. As the external content, the view
-- keeps FTS5's 'rebuild' and 'integrity-check' commands right; queries join documents on
-- documents.document_id = documents_fts.rowid as before.
CREATE VIEW documents_search_text AS
SELECT document_id, text FROM documents WHERE text IS NOT NULL AND text_in_items = 0;

CREATE VIRTUAL TABLE documents_fts USING fts5(
    text, content='documents_search_text', content_rowid='document_id',
    tokenize='unicode61 remove_diacritics 2');

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
WHEN old.text IS NOT NULL AND old.text_in_items = 0 BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text)
        VALUES ('delete', old.document_id, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text, text_in_items ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, text)
        SELECT 'delete', old.document_id, old.text
        WHERE old.text IS NOT NULL AND old.text_in_items = 0;
    INSERT INTO documents_fts (rowid, text)
        SELECT new.document_id, new.text WHERE new.text IS NOT NULL AND new.text_in_items = 0;
END;

INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
