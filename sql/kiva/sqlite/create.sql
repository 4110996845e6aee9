-- The key-value store of the kiva labs, one row per pair (SQLite).
-- SQLite lets a TEXT PRIMARY KEY be NULL unless told otherwise: NOT NULL says it.
CREATE TABLE IF NOT EXISTS store(
  key TEXT NOT NULL PRIMARY KEY CHECK (key <> ''),
  val TEXT NOT NULL CHECK (val <> '')
);
