-- EDGAR full-index and daily-index entries, loaded by `edgarsql reconcile`, to find the
-- filings an archive lacks (listed here, absent from filings) and the reverse.
CREATE TABLE index_entries (
    accession_number TEXT NOT NULL,       -- NNNNNNNNNN-YY-NNNNNN, from the file name column
    cik              INTEGER NOT NULL,    -- one row per company the index lists it under
    company_name     TEXT,
    form_type        TEXT NOT NULL,       -- as listed, e.g. '10-K405'
    form_family      TEXT NOT NULL,       -- as filings.form_family
    date_filed       TEXT NOT NULL,       -- ISO date
    file_name        TEXT NOT NULL,       -- e.g. 'edgar/data/320193/0000320193-20-000010.txt'
    index_file       TEXT NOT NULL,       -- the index file it was last loaded from
    PRIMARY KEY (accession_number, cik)
) WITHOUT ROWID;
CREATE INDEX index_entries_date ON index_entries (date_filed);
