-- The SQL of the stuff app, one query per `-- name:`, called from app.cpp by its name.
-- The same text runs on SQLite and PostgreSQL.
-- starter: --
-- starter: -- The suffix of the name says what a call returns (see lab 03's README):
-- starter: --   (none) every row;  ^ one row or null;  $ one value or null;  ! the number of rows changed.
-- starter: -- An INSERT ... RETURNING sid under a `$` name gives the new sid.
-- starter: --
-- starter: -- TODO lab 05: the queries of the new routes. Suggested names, in the order of app.cpp:
-- starter: --   get_stuff_all, get_stuff_like, get_stuff_sid^, add_stuff$, upd_stuff_sid!, del_stuff_sid!,
-- starter: --   add_user$, add_owner$, del_owner_oid!, add_thing$, upd_thing_tid!, del_thing_tid!

-- name: now$
-- The database's current time.
SELECT CURRENT_TIMESTAMP AS now;

-- begin solution
-- name: get_stuff_all
-- All stuff, by sid.
SELECT sid, stuff FROM Stuff ORDER BY sid;

-- name: get_stuff_like
-- The stuff whose name is LIKE the filter, by sid.
SELECT sid, stuff FROM Stuff WHERE stuff LIKE :filter ORDER BY sid;

-- name: get_stuff_sid^
-- One stuff by sid, or null.
SELECT sid, stuff FROM Stuff WHERE sid = :sid;

-- name: add_stuff$
-- A new stuff; its sid. A name that exists breaks the unique constraint: 409.
INSERT INTO Stuff(stuff) VALUES (:stuff) RETURNING sid;

-- name: upd_stuff_sid!
-- Renames a stuff; 0 rows when there is no such sid.
UPDATE Stuff SET stuff = :stuff WHERE sid = :sid;

-- name: del_stuff_sid!
-- Removes a stuff; 0 rows when there is no such sid.
DELETE FROM Stuff WHERE sid = :sid;

-- name: add_user$
-- A new user, its password already hashed; its id.
INSERT INTO Utilisateur(login, pword, isAdmin) VALUES (:login, :pword, :isadmin) RETURNING id;

-- end solution
-- name: get_owners_all
-- Every owner, by oid.
SELECT oid, oname, omail FROM Owner ORDER BY oid;

-- name: get_owner_oid^
-- One owner by its oid, or null.
SELECT oid, oname, omail FROM Owner WHERE oid = :oid;

-- begin solution
-- name: add_owner$
-- A new owner; its oid.
INSERT INTO Owner(oname, omail) VALUES (:oname, :omail) RETURNING oid;

-- name: del_owner_oid!
-- Removes an owner; the foreign key of its things refuses while it has some.
DELETE FROM Owner WHERE oid = :oid;

-- end solution
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

-- begin solution
-- name: add_thing$
-- A new thing; its tid.
INSERT INTO Thing(tname, oid, tprice) VALUES (:tname, :oid, :tprice) RETURNING tid;

-- name: upd_thing_tid!
-- A new name and/or price (null keeps the current one); 0 rows when there is no such tid.
UPDATE Thing SET tname = COALESCE(:tname, tname), tprice = COALESCE(:tprice, tprice)
  WHERE tid = :tid;

-- name: del_thing_tid!
-- Removes a thing; 0 rows when there is no such tid.
DELETE FROM Thing WHERE tid = :tid;

-- end solution
-- name: get_stats^
-- How many owners and things there are.
SELECT (SELECT COUNT(*) FROM Owner) AS owners, (SELECT COUNT(*) FROM Thing) AS things;

-- name: del_things_all!
-- Every thing removed; the owners stay.
DELETE FROM Thing;
