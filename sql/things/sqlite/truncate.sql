-- Every owner and thing removed, the tables kept (SQLite has no TRUNCATE); things first, as
-- they reference their owners.
DELETE FROM Thing;
DELETE FROM Owner;
