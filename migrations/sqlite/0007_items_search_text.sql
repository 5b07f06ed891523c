-- items_fts reads its content through a view of the items it indexes (those with text), as
-- documents_fts does since migration 0005. FTS5's integrity-check with content verification,
--   INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1);
-- counts the rows of the content table: with `items` itself as the content, every header item
-- (which has no text and is not indexed) made a sound index look corrupt.
CREATE VIEW items_search_text AS
SELECT item_id, text FROM items WHERE text IS NOT NULL;

DROP TABLE items_fts;
CREATE VIRTUAL TABLE items_fts USING fts5(
    text, content='items_search_text', content_rowid='item_id',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO items_fts (items_fts) VALUES ('rebuild');
