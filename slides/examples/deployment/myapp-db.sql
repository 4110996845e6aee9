-- Chapter 10's example, not lab 08's: the PostgreSQL roles and database of an app "myapp" (one
-- database server, two web hosts, a reporting tool). Run once by a superuser, each password in
-- the environment, never in this file:
--   MYAPP_PASSWORD=... REPORT_PASSWORD=... psql -f myapp-db.sql
-- Checked by ./check against a scratch PostgreSQL server.
\set ON_ERROR_STOP on
\getenv myapp_password MYAPP_PASSWORD
\getenv report_password REPORT_PASSWORD

-- slide: db-role
-- The role the app logs in as: no superuser (a superuser may run shell commands on the
-- database's host), no new databases or roles, at most 8 connections (2 hosts x 4 threads).
CREATE ROLE myapp LOGIN PASSWORD :'myapp_password'
  NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 8;

-- Its database, owned by the role, as in the Python course: the app may create, alter and drop
-- its tables (lab 08 asks for less).
CREATE DATABASE myapp OWNER myapp ENCODING 'UTF8' TEMPLATE template0 CONNECTION LIMIT 12;

-- A new database accepts every role (the PUBLIC pseudo-role): only those granted, now.
REVOKE ALL ON DATABASE myapp FROM PUBLIC;
-- end slide

-- slide: db-report
-- A role for a reporting tool: it reads the tables, and nothing else.
CREATE ROLE myapp_report LOGIN PASSWORD :'report_password' CONNECTION LIMIT 2;
GRANT CONNECT ON DATABASE myapp TO myapp_report;

\connect myapp
GRANT USAGE ON SCHEMA public TO myapp_report;
-- The tables there now...
GRANT SELECT ON ALL TABLES IN SCHEMA public TO myapp_report;
-- ...and those myapp creates later.
ALTER DEFAULT PRIVILEGES FOR ROLE myapp IN SCHEMA public
  GRANT SELECT ON TABLES TO myapp_report;
-- end slide
