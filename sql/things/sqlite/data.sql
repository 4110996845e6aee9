-- The initial owners and things, loaded by --init: oids 1 to 3, tids 1 to 7, in this order.
INSERT INTO Owner(oname, omail) VALUES
  ('calvin', 'calvin@comics.net'),
  ('hobbes', 'hobbes@comics.net'),
  ('susie', 'susie@comics.net');

INSERT INTO Thing(tname, oid, tprice) VALUES
  ('Tiger doll', (SELECT oid FROM Owner WHERE oname = 'calvin'), 12.5),
  ('Wagon', (SELECT oid FROM Owner WHERE oname = 'calvin'), 35.0),
  ('Cardboard box', (SELECT oid FROM Owner WHERE oname = 'calvin'), 1.25),
  ('Tuna sandwich', (SELECT oid FROM Owner WHERE oname = 'hobbes'), 4.75),
  ('Comic book', (SELECT oid FROM Owner WHERE oname = 'hobbes'), 2.99),
  ('Mr. Bun', (SELECT oid FROM Owner WHERE oname = 'susie'), 9.99),
  ('Tea set', (SELECT oid FROM Owner WHERE oname = 'susie'), 19.9);
