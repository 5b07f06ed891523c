-- Header-declared and body-detected items side by side, per filing (issue "header and body
-- reconciled"). An item is compared by (part, canonical code); header values that cannot be
-- mapped to a code (item_code NULL) are left out. agree is true when both sources state items
-- and they are the same set, false when they differ, NULL when one source states none.
CREATE VIEW item_agreement AS
WITH codes AS (
    SELECT DISTINCT filing_id, source, part, item_code
    FROM items
    WHERE item_code IS NOT NULL
),
pairs AS (
    SELECT filing_id, part, item_code,
           bool_or(source = 'header') AS in_header,
           bool_or(source = 'body') AS in_body
    FROM codes
    GROUP BY filing_id, part, item_code
)
SELECT f.filing_id,
       f.accession_number,
       f.form_family,
       count(*) FILTER (WHERE p.in_header) AS header_items,
       count(*) FILTER (WHERE p.in_body) AS body_items,
       count(*) FILTER (WHERE p.in_header AND p.in_body) AS both_items,
       count(*) FILTER (WHERE p.in_header AND NOT p.in_body) AS only_in_header,
       count(*) FILTER (WHERE p.in_body AND NOT p.in_header) AS only_in_body,
       CASE WHEN NOT bool_or(p.in_header) OR NOT bool_or(p.in_body) THEN NULL
            ELSE bool_and(p.in_header AND p.in_body) END AS agree
FROM filings f
JOIN pairs p ON p.filing_id = f.filing_id
GROUP BY f.filing_id, f.accession_number, f.form_family;

-- The registrant of each cover page (issue "cover pages"): its own CIK when the input carried
-- one (header, 'edgar/data/<CIK>/' path), else the only registrant with the same IRS number,
-- else the only CIK that a header party filed under the same commission file number. A view
-- rather than a value stored at write time, so the link does not depend on ingest order and
-- appears as soon as the registrant's own filings are ingested.
CREATE VIEW cover_page_registrants AS
SELECT fp.filing_id,
       fp.seq,
       fp.name,
       coalesce(fp.cik, by_irs.cik, by_file.cik) AS cik,
       CASE WHEN fp.cik IS NOT NULL THEN 'cik'
            WHEN by_irs.cik IS NOT NULL THEN 'irs_number'
            WHEN by_file.cik IS NOT NULL THEN 'file_number' END AS linked_by
FROM filing_parties fp
LEFT JOIN (SELECT irs_number, min(cik) AS cik FROM registrants
           WHERE irs_number IS NOT NULL
           GROUP BY irs_number HAVING count(*) = 1) by_irs
       ON by_irs.irs_number = fp.irs_number
LEFT JOIN (SELECT file_number, min(cik) AS cik FROM filing_parties
           WHERE file_number IS NOT NULL AND cik IS NOT NULL AND role <> 'cover_page'
           GROUP BY file_number HAVING count(DISTINCT cik) = 1) by_file
       ON by_file.file_number = fp.file_number
WHERE fp.role = 'cover_page';
