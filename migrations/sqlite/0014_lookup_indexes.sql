-- Lookups an analyst makes that read whole tables: what the EDGAR index lists for one
-- company (index_entries by CIK, its key being by accession first), and which company once
-- bore a name (former_names by name, its key being by CIK first).
CREATE INDEX IF NOT EXISTS index_entries_cik ON index_entries (cik, date_filed);
CREATE INDEX IF NOT EXISTS former_names_name ON former_names (former_name);
