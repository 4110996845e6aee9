-- starter: -- The SQL of the stuff app, one query per `-- name:`, called from app.cpp by its name.
-- starter: -- The same text runs on SQLite and PostgreSQL. Lab 05's queries are done, below.
-- starter: --
-- starter: -- TODO lab 06: the queries of the security hooks and of the new routes. Suggested names:
-- starter: --   get_user_pass$ (the hash of a login, or null), is_admin$, add_new_user$, get_owned,
-- starter: --   get_owned_uid, get_object_oid^, get_login_uid$, get_owner_login_oid$
-- begin solution
-- The SQL of the stuff app with authentication, one query per `-- name:`, called by its name.
-- The same text runs on SQLite and PostgreSQL.
-- end solution

-- name: now$
-- The database's current time.
SELECT CURRENT_TIMESTAMP AS now;

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

-- name: get_owners_all
-- Every owner, by oid.
SELECT oid, oname, omail FROM Owner ORDER BY oid;

-- name: get_owner_oid^
-- One owner by its oid, or null.
SELECT oid, oname, omail FROM Owner WHERE oid = :oid;

-- name: add_owner$
-- A new owner; its oid.
INSERT INTO Owner(oname, omail) VALUES (:oname, :omail) RETURNING oid;

-- name: del_owner_oid!
-- Removes an owner; the foreign key of its things refuses while it has some.
DELETE FROM Owner WHERE oid = :oid;

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

-- name: get_stats^
-- How many owners and things there are.
SELECT (SELECT COUNT(*) FROM Owner) AS owners, (SELECT COUNT(*) FROM Thing) AS things;

-- name: del_things_all!
-- Every thing removed; the owners stay.
DELETE FROM Thing;

-- begin solution
-- name: get_user_pass$
-- The password hash of a login, or null when there is no such user.
SELECT pword FROM Utilisateur WHERE login = :login;

-- name: is_admin$
-- 1 when a login is an admin, else 0 (a count: the same on both engines).
SELECT COUNT(*) FROM Utilisateur WHERE login = :login AND isAdmin;

-- name: add_new_user$
-- A user who registers: no admin rights; its id.
INSERT INTO Utilisateur(login, pword) VALUES (:login, :pword) RETURNING id;

-- name: get_owned
-- Every owned object, by oid.
SELECT oid, object, owner FROM Owned ORDER BY oid;

-- name: get_owned_uid
-- The objects of one user, by oid.
SELECT oid, object FROM Owned WHERE owner = :uid ORDER BY oid;

-- name: get_object_oid^
-- One owned object, or null.
SELECT oid, object FROM Owned WHERE oid = :oid;

-- name: get_login_uid$
-- The login of a user id, or null.
SELECT login FROM Utilisateur WHERE id = :uid;

-- name: get_owner_login_oid$
-- The login of the owner of an object, or null when there is no such object.
SELECT login FROM Owned JOIN Utilisateur ON owner = id WHERE oid = :oid;
-- end solution
