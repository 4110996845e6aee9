-- Every pair removed, the table kept (SQLite has no TRUNCATE).
DELETE FROM store;
