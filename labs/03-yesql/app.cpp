// Lab 03 (YeSQL), starter: owners and their things, kept in a database.
// Every route is declared; replace each web::todo(...) (a 501 answer) by the real handler, with
// its parameter names and typed arguments, and write the SQL it runs in queries.sql.
#include "app.hpp"

using web::json, web::OPEN;

Things::Things() : web::App("things") {
  // Provided: the app's queries, loaded and checked at start-up; with --init, the tables and
  // the initial data (drop.sql, create.sql, data.sql of the database's engine).
  queries("queries.sql");
  on_init([this] { init_database(); });

  // GET /version: which app answers, and the database's time (the query "now" of queries.sql)
  get("/version", OPEN, [] { web::todo("lab 03: GET /version, with query(\"now\")"); });

  // GET /owners: every owner by oid
  get("/owners", OPEN, [] { web::todo("lab 03: GET /owners"); });

  // GET /owners/<oid>: one owner; 404
  get("/owners/<oid>", OPEN, [] { web::todo("lab 03: GET /owners/<oid>"); });

  // GET /owners/<oid>/things: that owner's things by tid; 404 if there is no such owner
  get("/owners/<oid>/things", OPEN, [] { web::todo("lab 03: GET /owners/<oid>/things"); });

  // GET /things: every thing by tid with its owner's name, or those costing at most max_price
  get("/things", OPEN, [] { web::todo("lab 03: GET /things"); });

  // GET /things/<tid>: one thing with its owner's name; 404
  get("/things/<tid>", OPEN, [] { web::todo("lab 03: GET /things/<tid>"); });

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [] { web::todo("lab 03: GET /stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  del("/things", OPEN, [] { web::todo("lab 03: DELETE /things"); });
}
