-- demo/create-db.sql, without the columns of the MFA blueprint (PostgreSQL only).
CREATE TABLE Stuff(
  sid INTEGER PRIMARY KEY,
  sname TEXT NOT NULL
);

CREATE TABLE Auth(
  aid INTEGER PRIMARY KEY,
  login TEXT UNIQUE NOT NULL CHECK (login NOT LIKE '%@%'),
  email TEXT UNIQUE NOT NULL CHECK (email LIKE '%@%'),
  admin BOOLEAN NOT NULL DEFAULT FALSE,
  upass TEXT NOT NULL,  -- hashed user password
  secret TEXT NOT NULL
);
