-- Views over filing parties that a filter by filing or CIK can serve from indexes.
--
-- cover_page_registrants (migration 0002) joined every cover-page party to two aggregates
-- over all registrants and all filing parties, and registrant_at_filing (0004) joined that
-- view, so even "the address as of one filing" built both aggregates and scanned every
-- filing party. Here the link of each cover-page party is looked up for that party alone
-- (by IRS number, then by file number, through the indexes below), and registrant_at_filing
-- is a UNION ALL of the parties that carry a CIK and the cover-page parties linked to one,
-- so `WHERE cik = ?` reaches filing_parties through its (cik, filing_id) index.
-- Same names, columns and results as before.

CREATE INDEX registrants_irs_number ON registrants (irs_number);
-- Companies of an industry (docs/queries.md, question 1).
CREATE INDEX registrants_sic_code ON registrants (sic_code);
CREATE INDEX filing_parties_file_number ON filing_parties (file_number);
CREATE INDEX filing_parties_role ON filing_parties (role, filing_id);

DROP VIEW registrant_at_filing;
DROP VIEW cover_page_registrants;

CREATE VIEW cover_page_registrants AS
SELECT filing_id,
       seq,
       name,
       coalesce(cik, irs_cik, file_cik) AS cik,
       CASE WHEN cik IS NOT NULL THEN 'cik'
            WHEN irs_cik IS NOT NULL THEN 'irs_number'
            WHEN file_cik IS NOT NULL THEN 'file_number' END AS linked_by
FROM (SELECT fp.filing_id,
             fp.seq,
             fp.name,
             fp.cik,
             (SELECT min(r.cik) FROM registrants r
              WHERE r.irs_number = fp.irs_number
              HAVING count(*) = 1) AS irs_cik,
             (SELECT min(o.cik) FROM filing_parties o
              WHERE o.file_number = fp.file_number AND o.cik IS NOT NULL
                AND o.role <> 'cover_page'
              HAVING count(DISTINCT o.cik) = 1) AS file_cik
      FROM filing_parties fp
      WHERE fp.role = 'cover_page') AS linked;

CREATE VIEW registrant_at_filing AS
SELECT fp.filing_id,
       f.accession_number,
       f.filed_date,
       f.form_type,
       fp.seq,
       fp.role,
       fp.cik,
       fp.name,
       fp.sic_code,
       fp.sic_description,
       fp.irs_number,
       fp.state_of_incorporation,
       fp.fiscal_year_end,
       fp.business_address,
       fp.business_street1,
       fp.business_street2,
       fp.business_city,
       fp.business_state,
       fp.business_zip,
       fp.business_phone,
       fp.mail_street1,
       fp.mail_street2,
       fp.mail_city,
       fp.mail_state,
       fp.mail_zip
FROM filing_parties fp
JOIN filings f ON f.filing_id = fp.filing_id
WHERE fp.cik IS NOT NULL
UNION ALL
SELECT fp.filing_id,
       f.accession_number,
       f.filed_date,
       f.form_type,
       fp.seq,
       fp.role,
       cpr.cik,
       fp.name,
       fp.sic_code,
       fp.sic_description,
       fp.irs_number,
       fp.state_of_incorporation,
       fp.fiscal_year_end,
       fp.business_address,
       fp.business_street1,
       fp.business_street2,
       fp.business_city,
       fp.business_state,
       fp.business_zip,
       fp.business_phone,
       fp.mail_street1,
       fp.mail_street2,
       fp.mail_city,
       fp.mail_state,
       fp.mail_zip
FROM filing_parties fp
JOIN filings f ON f.filing_id = fp.filing_id
LEFT JOIN cover_page_registrants cpr ON cpr.filing_id = fp.filing_id AND cpr.seq = fp.seq
WHERE fp.cik IS NULL;
