// Lab 05 (CRUDS), starter: stuff, users, owners and things, kept in a database. The read routes
// of owners and things are lab 03's, done. Replace each web::todo(...) (a 501 answer) by the
// real handler, with its parameter names and typed arguments, and write its SQL in queries.sql.
#include "app.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::Error, web::found;

StuffApp::StuffApp() : web::App("stuff") {
  // Provided: the app's queries, loaded and checked at start-up; with --init, the tables and
  // the initial data (drop.sql, create.sql, data.sql of the database's engine).
  queries("queries.sql");
  on_init([this] { init_database(); });

  // GET /version: the app, the database's time, who asks (nobody: no authentication yet)
  get("/version", OPEN, [this](web::Request& req) {
    return json{{"app", name()}, {"now", query("now")}, {"user", req.user()}};
  });

  // GET /stuff: all stuff by sid, or those LIKE filter
  get("/stuff", OPEN, [] { web::todo("lab 05: GET /stuff"); });

  // GET /stuff/<sid>: one stuff; 404
  get("/stuff/<sid>", OPEN, [] { web::todo("lab 05: GET /stuff/<sid>"); });

  // POST /stuff: 201 and the new sid; 409 if it exists
  post("/stuff", OPEN, [] { web::todo("lab 05: POST /stuff"); });

  // PUT or PATCH /stuff/<sid>: rename it; 404; 409 if the new name exists
  route({"PUT", "PATCH"}, "/stuff/<sid>", OPEN,
        [] { web::todo("lab 05: PUT or PATCH /stuff/<sid>"); });

  // DELETE /stuff/<sid>: 204; 404
  del("/stuff/<sid>", OPEN, [] { web::todo("lab 05: DELETE /stuff/<sid>"); });

  // POST /users-mgt: a new user from the model u, its password hashed; 201 and its id; 409
  // (OPEN until lab 06 brings authentication: it must not stay so.)
  post("/users-mgt", OPEN, [] { web::todo("lab 05: POST /users-mgt"); });

  // GET /owners: every owner by oid
  get("/owners", OPEN, [this] { return query("get_owners_all"); });

  // GET /owners/<oid>: one owner; 404
  get("/owners/<oid>", OPEN, [this](std::int64_t oid) { return owner(oid); });

  // GET /owners/<oid>/things: that owner's things by tid; 404 if there is no such owner
  get("/owners/<oid>/things", OPEN, [this](std::int64_t oid) {
    owner(oid);
    return query("get_things_oid", {{"oid", oid}});
  });

  // POST /owners: 201 and the new oid; 409 if the name exists
  post("/owners", OPEN, [] { web::todo("lab 05: POST /owners"); });

  // DELETE /owners/<oid>: 204; 404; 409 while it owns things
  del("/owners/<oid>", OPEN, [] { web::todo("lab 05: DELETE /owners/<oid>"); });

  // GET /things: every thing by tid with its owner's name, or those costing at most max_price
  get("/things", OPEN, {"max_price"}, [this](std::optional<double> max_price) {
    if (!max_price) return query("get_things_all");
    return query("get_things_max_price", {{"max_price", *max_price}});
  });

  // GET /things/<tid>: one thing with its owner's name; 404
  get("/things/<tid>", OPEN, [this](std::int64_t tid) {
    return found(query("get_thing_tid", {{"tid", tid}}), "thing", tid);
  });

  // POST /things: 201 and the new tid; 400 if the price is negative; 404 if no such owner
  post("/things", OPEN, [] { web::todo("lab 05: POST /things"); });

  // PATCH /things/<tid>: a new name, a new price or both; 400 if neither; 404
  patch("/things/<tid>", OPEN, [] { web::todo("lab 05: PATCH /things/<tid>"); });

  // DELETE /things/<tid>: 204; 404
  del("/things/<tid>", OPEN, [] { web::todo("lab 05: DELETE /things/<tid>"); });

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [this] { return query("get_stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  del("/things", OPEN, [this] { query("del_things_all"); });
}

json StuffApp::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
