-- The initial pairs, loaded by --init.
INSERT INTO store(key, val) VALUES
  ('calvin', 'hobbes'),
  ('hobbes', 'susie'),
  ('susie', 'derkins');
