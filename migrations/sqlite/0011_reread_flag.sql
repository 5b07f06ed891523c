-- An input marked to be read again by the next run: another copy of its filing, after the kept
-- version's own file was read again and ranked lower (the copy may now win). A flag of its own
-- rather than an impossible mtime, so a real mtime can never be mistaken for it; the partial
-- index lets the skip check of an archive ask whether any of its members is marked at no
-- cost. Rows marked by mtime -1 before this migration keep that mark as well.
ALTER TABLE ingest_files ADD COLUMN reread INTEGER NOT NULL DEFAULT 0 CHECK (reread IN (0, 1));
UPDATE ingest_files SET reread = 1 WHERE mtime = -1;
CREATE INDEX ingest_files_reread ON ingest_files (source_path) WHERE reread;
