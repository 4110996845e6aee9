-- The stuff app (sqlite), labs 05 to 08: stuff, users, owned objects, owners and their things.
CREATE TABLE IF NOT EXISTS Stuff(
  sid INTEGER PRIMARY KEY,
  stuff TEXT UNIQUE NOT NULL
);

-- Users: login (who), pword a bcrypt hash (authentication), isAdmin (authorization),
-- created (audit).
CREATE TABLE IF NOT EXISTS Utilisateur(
  id INTEGER PRIMARY KEY,
  login TEXT UNIQUE NOT NULL,
  pword TEXT NOT NULL,
  isAdmin BOOLEAN NOT NULL DEFAULT FALSE,
  created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Objects that belong to a user: only their owner may see them.
CREATE TABLE IF NOT EXISTS Owned(
  oid INTEGER PRIMARY KEY,
  object TEXT NOT NULL,
  owner INTEGER NOT NULL REFERENCES Utilisateur,
  UNIQUE (object, owner)
);
CREATE INDEX IF NOT EXISTS owned_owner ON Owned(owner);

-- Owners and their things, from lab 03.
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
CREATE INDEX IF NOT EXISTS thing_oid ON Thing(oid);
