-- Every row removed, the tables kept (SQLite has no TRUNCATE); referencing tables first.
DELETE FROM Thing;
DELETE FROM Owner;
DELETE FROM Owned;
DELETE FROM Utilisateur;
DELETE FROM Stuff;
