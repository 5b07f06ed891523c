-- filing_overview: a filing known only by its cover page (a bare document, a headerless
-- submission) has no primary registrant in filings.cik, so its company_name was NULL; it is
-- now the cover page's name. item_codes are listed in the order of their numbers (1, 1A, 2,
-- …, 9A, 10), not as text (1, 10, 11, …, 2).

-- One row per filing: primary registrant (name as of the filing when the header gave one,
-- else the accumulated registrant name, else the cover page's name), form, dates, and the
-- distinct item codes as a comma-separated list in number order (header and body items
-- together).
CREATE OR REPLACE VIEW filing_overview AS
SELECT f.filing_id,
       f.accession_number,
       f.cik,
       coalesce((SELECT fp.name FROM filing_parties fp
                 WHERE fp.filing_id = f.filing_id AND fp.cik = f.cik
                 ORDER BY fp.seq LIMIT 1),
                r.name,
                (SELECT fp.name FROM filing_parties fp
                 WHERE fp.filing_id = f.filing_id AND fp.role = 'cover_page'
                 ORDER BY fp.seq LIMIT 1)) AS company_name,
       r.sic_code,
       f.form_type,
       f.form_family,
       f.is_amendment,
       f.filed_date,
       f.period_of_report,
       f.acceptance_datetime,
       f.document_count,
       (SELECT string_agg(c.code, ',' ORDER BY
                          substring(c.code FROM '^[0-9]+(?:\.[0-9]+)?')::numeric, c.code)
        FROM (SELECT DISTINCT i.item_code AS code FROM items i
              WHERE i.filing_id = f.filing_id AND i.item_code IS NOT NULL) c) AS item_codes,
       f.parse_status
FROM filings f
LEFT JOIN registrants r ON r.cik = f.cik;
