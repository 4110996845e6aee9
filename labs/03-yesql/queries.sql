-- The SQL of the things app. Each query starts with a `-- name:` line and app.cpp runs it by
-- that name: query("now"), or query("a_name", {{"param", value}}) when it has parameters.
-- The same text runs on SQLite and PostgreSQL.
--
-- The suffix of the name says what a call returns (see the lab's README):
--   (none) every row, a JSON array of objects;  ^ one row, or null if there is none;
--   $ one value, or null;  ! the number of rows changed.
--
-- An example on the Stuff table of the course (not a table of this lab): these three lines,
-- without their leading "--   ", define get_stuff_sid, which app.cpp would run with
-- query("get_stuff_sid", {{"sid", sid}}) to get one row or null.
--
--   -- name: get_stuff_sid^
--   -- One stuff by its sid, or null.
--   SELECT sid, stuff FROM Stuff WHERE sid = :sid;

-- name: now$
-- The database's current time.
SELECT CURRENT_TIMESTAMP AS now;
