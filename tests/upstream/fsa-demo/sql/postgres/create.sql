-- demo/create-pg.sql: with the MFA blueprint's columns, a one-time code and its time, the TOTP
-- secret checked as base32 and the last TOTP accepted (a replay guard).
CREATE TABLE Stuff(
  sid SERIAL8 PRIMARY KEY,
  sname TEXT NOT NULL
);

CREATE TABLE Auth(
  aid SERIAL8 PRIMARY KEY,
  login TEXT UNIQUE NOT NULL CHECK (login NOT LIKE '%@%'),
  email TEXT UNIQUE NOT NULL CHECK (email LIKE '%@%'),
  admin BOOLEAN NOT NULL DEFAULT FALSE,
  upass TEXT NOT NULL,  -- hashed user password
  secret TEXT NOT NULL CHECK(secret ~ '^[A-Z2-7]{16,32}$'),
  last_otp TEXT,
  code TEXT,
  codets TIMESTAMPTZ,
  CHECK (code IS NULL AND codets IS NULL OR
         code IS NOT NULL AND codets IS NOT NULL)
);
