-- filing_overview.sic_code was the registrant's latest SIC code: a company that left an
-- industry dropped out of questions about the years it was in it. It is now the code the
-- filing's header gave for its primary registrant, else the registrant's latest.
-- item_agreement listed only filings with items, and computed every filing's counts before a
-- filter on one filing could apply (a full read of items): it now has one row per filing,
-- each computed from that filing's own items.
DROP VIEW filing_overview;

-- One row per filing: primary registrant (name and SIC code as of the filing when the header
-- gave them, else the accumulated registrant's, else the cover page's name), form, dates, and
-- the distinct item codes as a comma-separated list in number order (header and body items
-- together). The unary + keeps the planner on the filing's own items (UNIQUE key) instead of
-- a range over all item codes.
CREATE VIEW filing_overview AS
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
       coalesce((SELECT fp.sic_code FROM filing_parties fp
                 WHERE fp.filing_id = f.filing_id AND fp.cik = f.cik
                 ORDER BY fp.seq LIMIT 1),
                r.sic_code) AS sic_code,
       f.form_type,
       f.form_family,
       f.is_amendment,
       f.filed_date,
       f.period_of_report,
       f.acceptance_datetime,
       f.document_count,
       (SELECT group_concat(item_code, ',') FROM (
            SELECT DISTINCT i.item_code FROM items i
            WHERE i.filing_id = f.filing_id AND +i.item_code IS NOT NULL
            ORDER BY CAST(i.item_code AS REAL), i.item_code)) AS item_codes,
       f.parse_status
FROM filings f
LEFT JOIN registrants r ON r.cik = f.cik;

DROP VIEW item_agreement;

-- Header-declared and body-detected items side by side, one row per filing. An item is
-- compared by (part, canonical code); header values that cannot be mapped to a code
-- (item_code NULL) are left out. agree is 1 when both sources state items and they are the
-- same set, 0 when they differ, NULL when one source states none (or neither). Each count
-- reads the filing's own items through the UNIQUE (filing_id, source, part, item_code, seq)
-- key.
CREATE VIEW item_agreement AS
SELECT filing_id,
       accession_number,
       form_family,
       header_items,
       body_items,
       both_items,
       header_items - both_items AS only_in_header,
       body_items - both_items AS only_in_body,
       CASE WHEN header_items = 0 OR body_items = 0 THEN NULL
            WHEN header_items = both_items AND body_items = both_items THEN 1
            ELSE 0 END AS agree
FROM (SELECT f.filing_id,
             f.accession_number,
             f.form_family,
             (SELECT count(DISTINCT h.part || '|' || h.item_code) FROM items h
              WHERE h.filing_id = f.filing_id AND h.source = 'header') AS header_items,
             (SELECT count(DISTINCT b.part || '|' || b.item_code) FROM items b
              WHERE b.filing_id = f.filing_id AND b.source = 'body') AS body_items,
             (SELECT count(DISTINCT h.part || '|' || h.item_code) FROM items h
              WHERE h.filing_id = f.filing_id AND h.source = 'header'
                AND EXISTS (SELECT 1 FROM items b
                            WHERE b.filing_id = f.filing_id AND b.source = 'body'
                              AND b.part = h.part AND b.item_code = h.item_code))
                 AS both_items
      FROM filings f);
