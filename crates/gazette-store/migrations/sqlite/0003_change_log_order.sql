-- SQLite has one writer at a time, so change-log numbers always become visible in
-- order (see the PostgreSQL migration of the same name). Nothing to do.
SELECT 1;
