-- app_db_test's notes (PostgreSQL).
DROP TABLE IF EXISTS note;
