-- Owners and their things (SQLite): an owner has a unique name, a thing belongs to one owner.
-- An INTEGER PRIMARY KEY is the rowid: SQLite numbers new rows 1, 2, 3...
CREATE TABLE IF NOT EXISTS Owner(
  oid INTEGER PRIMARY KEY,
  oname TEXT UNIQUE NOT NULL,
  omail TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS Thing(
  tid INTEGER PRIMARY KEY,
  tname TEXT NOT NULL,
  oid INTEGER NOT NULL REFERENCES Owner,
  tprice REAL NOT NULL CHECK (tprice >= 0)
);

-- The things of one owner are looked up by oid.
CREATE INDEX IF NOT EXISTS thing_oid ON Thing(oid);
