-- Search vectors computed by the writer (docs/schema-decisions.md, "Vectors computed by the
-- writer").
--
-- items.text_vector and documents.text_vector were generated columns: the server computed
-- every vector, in the process of the connection that wrote the row, at about 10 MB of text
-- per second; for a backfill through one server that was most of its work. They become plain
-- columns that edgarsql fills with the vector the server would compute (it checks this against
-- the server when it connects), and a trigger computes every vector that a writer leaves NULL,
-- and the vector of any row whose text or vector an UPDATE changes, so a vector is still what
-- the definition below says:
--
--   items:     to_tsvector('english', left(text, 400000)) when text is not NULL
--   documents: the same when text is not NULL and not text_in_items
--
-- The stored vectors stay as they are (DROP EXPRESSION keeps the values).

ALTER TABLE items ALTER COLUMN text_vector DROP EXPRESSION;
ALTER TABLE documents ALTER COLUMN text_vector DROP EXPRESSION;

CREATE FUNCTION edgarsql_fill_text_vector() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    indexed BOOLEAN := NEW.text IS NOT NULL;
BEGIN
    IF indexed AND TG_TABLE_NAME = 'documents' THEN
        indexed := NOT NEW.text_in_items;
    END IF;
    IF NOT indexed THEN
        NEW.text_vector := NULL;
    ELSIF NEW.text_vector IS NULL
          OR (TG_OP = 'UPDATE' AND (NEW.text IS DISTINCT FROM OLD.text
                                    OR NEW.text_vector IS DISTINCT FROM OLD.text_vector)) THEN
        NEW.text_vector := to_tsvector('english'::regconfig, left(NEW.text, 400000));
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER items_text_vector BEFORE INSERT OR UPDATE ON items
    FOR EACH ROW EXECUTE FUNCTION edgarsql_fill_text_vector();
CREATE TRIGGER documents_text_vector BEFORE INSERT OR UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION edgarsql_fill_text_vector();
