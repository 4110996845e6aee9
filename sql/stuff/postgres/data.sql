-- The initial data, loaded by --init. Stuff: sids 1, 2. Users: ids 1 to 3; their passwords are
-- in ../users.in, hashed here by pass2csv (bcrypt, cost 4). Owners 1 to 3, things 1 to 7.
INSERT INTO Stuff(stuff) VALUES ('Chair'), ('Desk');

INSERT INTO Utilisateur(login, pword, isAdmin) VALUES
  ('calvin', '$2b$04$Amn4iDBD8OHxPk26E8nsq.cnyCmSClBSl.eZEHuLuWWHp2RxM6RIC', TRUE),
  ('hobbes', '$2b$04$MR47jRac0nJKH.cdunSCS.6nSzjrFhBxJrMb9Qy6csBmh8OG2na.e', FALSE),
  ('susie', '$2b$04$eF.tySRQtGnmpEfgEII84Ol0zrHFkTVMsIpglcfwG2NxyozqzOyNW', FALSE);

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
