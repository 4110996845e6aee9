-- demo/data.sql, then what its Makefile's users.sql adds (demo/pass.py foo:bla:... bla:foo:...):
-- two admins, foo (password bla) and bla (password foo), bcrypt cost 4.
INSERT INTO Stuff(sname) VALUES
  ('Hello'),
  ('World'),
  ('!')
;
INSERT INTO Auth(login, email, upass, admin, secret) VALUES
  ('foo', 'foo@school.org', '$2b$04$zO9ty8NSrueltRX2uOxNHejVnsHVT0H2FJkMslaM6aPvSLCk90UtW', TRUE, 'FOOSECRETFOOSECRET'),
  ('bla', 'bla@school.org', '$2b$04$nw8zSx3G8bRv6XaiDIvddenAEwl./plTGF.AO9ciEcL955IpNVDWS', TRUE, 'BLASECRETBLASECRET')
;
