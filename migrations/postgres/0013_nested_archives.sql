-- Archives inside archives are opened: a tar of daily-feed .nc.tar.gz files, a zip of .txt.gz
-- files. Before, such a member was recorded as an input of its own: ignored ("not a filing:
-- gzip-compressed file ...", "... zip archive"), rejected at stage 'limit' (larger than
-- --max-input-bytes, which an archive inside is no longer held to) or, for a tar inside a tar,
-- which has no signature the parser knows, anything from "binary content ..." to a bare
-- document. Its archive was recorded as complete, and the row made later runs skip the
-- member, so no run would read what it holds. Those rows go (a member name ending in '.tar'
-- stands for the last kind), and their archives are opened again by the next run, which
-- reads the members inside. A plain member refused for its size is refused again from its
-- stated size, unread.
CREATE TEMP TABLE edgarsql_inner_archive_rows AS
SELECT source_path, source_member FROM ingest_files
WHERE source_member <> '' AND (
    (stage = 'detect' AND status = 'ignored'
     AND (error LIKE 'not a filing: gzip-compressed file%'
          OR error LIKE 'not a filing: bzip2-compressed file%'
          OR error LIKE 'not a filing: xz-compressed file%'
          OR error LIKE 'not a filing: zip archive%'))
    OR (stage = 'detect' AND status = 'rejected' AND error LIKE 'binary content%')
    OR (status = 'rejected' AND stage = 'limit')
    OR lower(source_member) LIKE '%.tar');
UPDATE ingest_archives SET complete = false
WHERE source_path IN (SELECT source_path FROM edgarsql_inner_archive_rows);
DELETE FROM ingest_files
WHERE (source_path, source_member) IN (SELECT source_path, source_member
                                       FROM edgarsql_inner_archive_rows);
DROP TABLE edgarsql_inner_archive_rows;
