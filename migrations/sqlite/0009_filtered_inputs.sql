-- A filtered input keeps what the filters looked at: the form type and filing date of the
-- filing it holds. A later run skips it unread when its own filters refuse that pair too, so
-- a nightly job with --forms no longer reads every input of other forms again. Rows stored
-- before this migration have neither and are read once more.
ALTER TABLE ingest_files ADD COLUMN filtered_form_type TEXT;
ALTER TABLE ingest_files ADD COLUMN filtered_filing_date TEXT;

-- Archives with filtered members are recorded as complete; this counts those members, so the
-- skip check looks up their pairs only where there are some.
ALTER TABLE ingest_archives ADD COLUMN filtered INTEGER NOT NULL DEFAULT 0;
