-- app_db_test's notes (SQLite).
DROP TABLE IF EXISTS note;
