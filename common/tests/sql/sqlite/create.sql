-- A note has a unique title and a body.
CREATE TABLE note(
  nid INTEGER PRIMARY KEY,
  title TEXT UNIQUE NOT NULL,
  body TEXT NOT NULL
);
