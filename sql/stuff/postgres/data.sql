-- The initial data, loaded by --init. Stuff: sids 1, 2. Users: ids 1 to 3, their passwords in
-- ../users.in; their INSERT is what scripts/users-sql prints (pass2csv: bcrypt, cost 4).
-- Owners: oids 1 to 3; things: tids 1 to 7.
-- slide: stuff-data
INSERT INTO Stuff(stuff) VALUES ('Chair'), ('Desk');
-- end slide

INSERT INTO Utilisateur(login, pword, isAdmin) VALUES
  ('calvin', '$2b$04$QtABr/V2/4q3OxXPqLy/9Omequ0lAfE6MA6VrcaeqHYkH2kVcteC.', TRUE),
  ('hobbes', '$2b$04$wJMY3s4rx1TFCyvCmbtvKuhMK6SuHMd8jtp6./XD0gfatPwNl/.LO', FALSE),
  ('susie', '$2b$04$mGgp6cfNQdmQNr23.yG6U.LlKbK9mN2WIvP43XBNliBPmFGmKCBN.', FALSE);

-- Owned objects: oids 1 to 6.
INSERT INTO Owned(object, owner) VALUES
  ('tiger', 1), ('wagon', 1),
  ('tuna', 2), ('comics', 2),
  ('doll', 3), ('tea set', 3);

INSERT INTO Owner(oname, omail) VALUES
  ('calvin', 'calvin@comics.net'),
  ('hobbes', 'hobbes@comics.net'),
  ('susie', 'susie@comics.net');

INSERT INTO Thing(tname, oid, tprice) VALUES
  ('Tiger doll', 1, 12.5),
  ('Wagon', 1, 35.0),
  ('Cardboard box', 1, 1.25),
  ('Tuna sandwich', 2, 4.75),
  ('Comic book', 2, 2.99),
  ('Mr. Bun', 3, 9.99),
  ('Tea set', 3, 19.9);
