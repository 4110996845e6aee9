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
