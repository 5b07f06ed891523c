-- The manifest's paths compare byte by byte (collation "C"), as file paths and edgarsql's
-- walker do, whatever the database's locale. The walker's lookups then read the manifest in
-- windows of consecutive paths, one statement per 2,000 files instead of one per file; the
-- primary keys' indexes serve those range scans. Rebuilds the two primary-key indexes.
ALTER TABLE ingest_files ALTER COLUMN source_path TYPE TEXT COLLATE "C";
ALTER TABLE ingest_archives ALTER COLUMN source_path TYPE TEXT COLLATE "C";
