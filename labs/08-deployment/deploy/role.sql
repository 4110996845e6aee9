-- The stuff app's PostgreSQL role and database, run ONCE by a superuser with the role's password
-- in PGPASSWORD (stuff.env's), from where the installer put it:
--   PGPASSWORD=$(sed -n "s/^PGPASSWORD=//p" /etc/stuff/stuff.env) \
--     runuser -u postgres -- psql -f /opt/stuff/db/role.sql
\set ON_ERROR_STOP on
\getenv app_password PGPASSWORD
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'role.sql: PGPASSWORD must hold the password of the role stuff'; END $$;
\endif

-- The Python course's way: the application's role owns its database, and so its tables.
-- TODO lab 08: least privilege. The tables must belong to another role (one nobody logs in as),
-- the role stuff may only read and write their rows (not DROP a table, not CREATE one in any
-- schema, no superuser); a connection limit for two instances of 2 threads.
CREATE ROLE stuff LOGIN PASSWORD :'app_password';
CREATE DATABASE stuff OWNER stuff ENCODING 'UTF8' TEMPLATE template0;

\connect stuff
-- The schema and the initial data, once, as their owner.
SET ROLE stuff;
\ir ../sql/postgres/create.sql
\ir ../sql/postgres/data.sql
RESET ROLE;
