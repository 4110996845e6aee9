// starter: // Lab 03 (YeSQL), starter: owners and their things, kept in a database.
// starter: // Every route is declared; replace each web::todo(...) (a 501 answer) by the real handler, with
// starter: // its parameter names and typed arguments, and write the SQL it runs in queries.sql.
// begin solution
// Lab 03 (YeSQL), reference solution: owners and their things; every query is in queries.sql.
// end solution
#include "app.hpp"

// starter: using web::json, web::OPEN;
// begin solution
#include <optional>
#include <string>

using web::json, web::OPEN, web::found;
// end solution

// slide: yesql-app
Things::Things() : web::App("things") {
  // starter: // Provided: the app's queries, loaded and checked at start-up; with --init, the tables and
  // starter: // the initial data (drop.sql, create.sql, data.sql of the database's engine).
  queries("queries.sql");
  on_init([this] { init_database(); });

  // starter: // GET /version: which app answers, and the database's time (the query "now" of queries.sql)
  // starter: get("/version", OPEN, [] { web::todo("lab 03: GET /version, with query(\"now\")"); });
  // begin solution
  // GET /version: which app answers, and the database's time
  get("/version", OPEN, [this] { return json{{"app", name()}, {"now", query("now")}}; });
  // end solution

  // GET /owners: every owner by oid
  // starter: get("/owners", OPEN, [] { web::todo("lab 03: GET /owners"); });
  // begin solution
  get("/owners", OPEN, [this] { return query("get_owners_all"); });
  // end solution
  // end slide

  // GET /owners/<oid>: one owner; 404
  // starter: get("/owners/<oid>", OPEN, [] { web::todo("lab 03: GET /owners/<oid>"); });
  // begin solution
  get("/owners/<oid>", OPEN, [this](std::int64_t oid) { return owner(oid); });
  // end solution

  // GET /owners/<oid>/things: that owner's things by tid; 404 if there is no such owner
  // starter: get("/owners/<oid>/things", OPEN, [] { web::todo("lab 03: GET /owners/<oid>/things"); });
  // begin solution
  get("/owners/<oid>/things", OPEN, [this](std::int64_t oid) {
    owner(oid);
    return query("get_things_oid", {{"oid", oid}});
  });
  // end solution

  // slide: yesql-things-route
  // GET /things: every thing by tid with its owner's name, or those costing at most max_price
  // starter: get("/things", OPEN, [] { web::todo("lab 03: GET /things"); });
  // begin solution
  get("/things", OPEN, {"max_price"}, [this](std::optional<double> max_price) {
    if (!max_price) return query("get_things_all");
    return query("get_things_max_price", {{"max_price", *max_price}});
  });
  // end solution
  // end slide

  // GET /things/<tid>: one thing with its owner's name; 404
  // starter: get("/things/<tid>", OPEN, [] { web::todo("lab 03: GET /things/<tid>"); });
  // begin solution
  get("/things/<tid>", OPEN, [this](std::int64_t tid) {
    return found(query("get_thing_tid", {{"tid", tid}}), "thing", tid);
  });
  // end solution

  // GET /stats: how many owners and things there are
  // starter: get("/stats", OPEN, [] { web::todo("lab 03: GET /stats"); });
  // begin solution
  get("/stats", OPEN, [this] { return query("get_stats"); });
  // end solution

  // DELETE /things: remove every thing, the owners stay; 204
  // starter: del("/things", OPEN, [] { web::todo("lab 03: DELETE /things"); });
  // begin solution
  del("/things", OPEN, [this] { query("del_things_all"); });
  // end solution
}

// slide: yesql-owner-helper
// begin solution
json Things::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
// end solution
// end slide
