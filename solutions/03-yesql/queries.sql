-- starter: -- The SQL of the things app. Each query starts with a `-- name:` line and app.cpp runs it by
-- starter: -- that name: query("now"), or query("a_name", {{"param", value}}) when it has parameters.
-- begin solution
-- The SQL of the things app, one query per `-- name:`, called from app.cpp by its name.
-- end solution
-- The same text runs on SQLite and PostgreSQL.
-- starter: --
-- starter: -- The suffix of the name says what a call returns (see the lab's README):
-- starter: --   (none) every row, a JSON array of objects;  ^ one row, or null if there is none;
-- starter: --   $ one value, or null;  ! the number of rows changed.
-- starter: --
-- starter: -- An example on the Stuff table of the course (not a table of this lab): these three lines,
-- starter: -- without their leading "--   ", define get_stuff_sid, which app.cpp would run with
-- starter: -- query("get_stuff_sid", {{"sid", sid}}) to get one row or null.
-- starter: --
-- starter: --   -- name: get_stuff_sid^
-- starter: --   -- One stuff by its sid, or null.
-- starter: --   SELECT sid, stuff FROM Stuff WHERE sid = :sid;

-- name: now$
-- The database's current time.
SELECT CURRENT_TIMESTAMP AS now;

-- begin solution
-- name: get_owners_all
-- Every owner, by oid.
SELECT oid, oname, omail FROM Owner ORDER BY oid;

-- name: get_owner_oid^
-- One owner by its oid, or null.
SELECT oid, oname, omail FROM Owner WHERE oid = :oid;

-- name: get_things_oid
-- The things of one owner, by tid.
SELECT tid, tname, tprice FROM Thing WHERE oid = :oid ORDER BY tid;

-- name: get_things_all
-- Every thing with its owner's name, by tid.
SELECT tid, tname, tprice, oname FROM Thing JOIN Owner USING (oid) ORDER BY tid;

-- name: get_things_max_price
-- The things that cost at most max_price, with their owner's name, by tid.
SELECT tid, tname, tprice, oname FROM Thing JOIN Owner USING (oid)
  WHERE tprice <= :max_price
  ORDER BY tid;

-- name: get_thing_tid^
-- One thing by its tid, with its owner's name, or null.
SELECT tid, tname, tprice, oname FROM Thing JOIN Owner USING (oid) WHERE tid = :tid;

-- name: get_stats^
-- How many owners and things there are.
SELECT (SELECT COUNT(*) FROM Owner) AS owners, (SELECT COUNT(*) FROM Thing) AS things;

-- name: del_things_all!
-- Every thing removed; the owners stay.
DELETE FROM Thing;
-- end solution
