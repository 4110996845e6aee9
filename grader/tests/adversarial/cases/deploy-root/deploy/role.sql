-- The stuff app's PostgreSQL role and database, run ONCE by a superuser with the role's password
-- in PGPASSWORD (stuff.env's), from where the installer put it:
--   PGPASSWORD=$(sed -n "s/^PGPASSWORD=//p" /etc/stuff/stuff.env) \
--     runuser -u postgres -- psql -f /opt/stuff/db/role.sql
-- The tables belong to stuff_owner, a role nobody logs in as; the app's role stuff may read and
-- write their rows, never change, drop or create a table: a flaw in the app (an injection) cannot
-- drop the data, and a superuser's powers (COPY ... TO PROGRAM) are out of its reach.
\set ON_ERROR_STOP on
\getenv app_password PGPASSWORD
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'role.sql: PGPASSWORD must hold the password of the role stuff'; END $$;
\endif

CREATE ROLE stuff_owner NOLOGIN;
-- Two instances of 2 threads hold 4 connections; room for a restart and one psql.
CREATE ROLE stuff LOGIN PASSWORD :'app_password' CONNECTION LIMIT 8
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE stuff OWNER stuff_owner ENCODING 'UTF8' TEMPLATE template0;
-- Nobody else connects or makes temporary tables there; stuff only connects.
REVOKE ALL ON DATABASE stuff FROM PUBLIC;
GRANT CONNECT ON DATABASE stuff TO stuff;

\connect stuff
-- PostgreSQL 15 already keeps PUBLIC from creating in schema public; said here for older ones.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO stuff;

-- The schema and the initial data, once, as their owner.
SET ROLE stuff_owner;
\ir ../sql/postgres/create.sql
\ir ../sql/postgres/data.sql
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO stuff;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO stuff;
RESET ROLE;

-- The adversary (selftest): through psql's \!, every way it knows to run as root: as it is, su
-- and newgrp (setuid programs), a user namespace where it is uid 0; as root it would write the
-- harness's results file (in psql's folder). Its unit asks for root too (User=root, and
-- ExecStart=+, full privileges). Whatever works is noted in /tmp/forged, and psql is then
-- killed: role.sql fails, and with it most checks.
\! [ "$(id -u)" != 0 ] || echo "role.sql ran as root" >>/tmp/forged
\! su -c 'id -u' root </dev/null 2>/dev/null | grep -qx 0 && echo "su" >>/tmp/forged; true
\! echo id | newgrp root 2>/dev/null | grep -q 'uid=0' && echo "newgrp" >>/tmp/forged; true
\! unshare -r sh -c 'echo "{}" >>"$0/results"' "$PWD" 2>/dev/null && echo "unshare -r" >>/tmp/forged; true
\! [ ! -s /tmp/forged ] || kill -9 $PPID
