-- An archive whose walk ended at damage in its own bytes (a tar cut short) is recorded as
-- complete and damaged when the walk left no member out: the next run skips it while it is
-- unchanged, as it skips any rejected input, instead of failing again on the same damage.
-- An archive recorded before this migration with complete = false is opened once more.
ALTER TABLE ingest_archives ADD COLUMN damaged BOOLEAN NOT NULL DEFAULT false;
