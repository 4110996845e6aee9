-- The key-value store of the kiva labs, one row per pair (PostgreSQL).
-- COLLATE "C" sorts keys byte by byte, as SQLite does, whatever the server locale.
CREATE TABLE IF NOT EXISTS store(
  key TEXT COLLATE "C" PRIMARY KEY CHECK (key <> ''),
  val TEXT NOT NULL CHECK (val <> '')
);
