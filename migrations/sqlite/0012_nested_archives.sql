-- Archives inside archives are opened: a tar of daily-feed .nc.tar.gz files, a zip of .txt.gz
-- files. Before, such a member was recorded as an input of its own, ignored ("not a filing:
-- gzip-compressed file ...", "... zip archive") or rejected ("binary content ..." for a tar
-- inside a tar), and its archive as complete, so no later run would open it again. Those rows
-- go, and their archives are opened again by the next run, which reads the members inside
-- (and rejects again what is really binary).
UPDATE ingest_archives SET complete = 0 WHERE source_path IN (
    SELECT source_path FROM ingest_files
    WHERE source_member <> '' AND stage = 'detect' AND (
        (status = 'ignored' AND (error LIKE 'not a filing: gzip-compressed file%'
                                 OR error LIKE 'not a filing: bzip2-compressed file%'
                                 OR error LIKE 'not a filing: xz-compressed file%'
                                 OR error LIKE 'not a filing: zip archive%'))
        OR (status = 'rejected' AND error LIKE 'binary content%')));
DELETE FROM ingest_files
WHERE source_member <> '' AND stage = 'detect' AND (
    (status = 'ignored' AND (error LIKE 'not a filing: gzip-compressed file%'
                             OR error LIKE 'not a filing: bzip2-compressed file%'
                             OR error LIKE 'not a filing: xz-compressed file%'
                             OR error LIKE 'not a filing: zip archive%'))
    OR (status = 'rejected' AND error LIKE 'binary content%'));
