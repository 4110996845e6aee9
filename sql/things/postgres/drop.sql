-- Things first: they reference their owners.
DROP TABLE IF EXISTS Thing;
DROP TABLE IF EXISTS Owner;
