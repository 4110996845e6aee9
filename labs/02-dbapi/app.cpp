// Lab 02 (DB API), starter: the key-value store of lab 01, now kept in the SQL table `store`
// (sql/kiva/<engine>/create.sql). Replace each web::todo(...) (a 501 answer) by the real
// handler: SQL through db(), this thread's connection, with bound parameters, never pasted.
#include "app.hpp"

#include <web/url.hpp>

using web::json, web::OPEN, web::Error;

Kiva::Kiva() : web::App("kiva") {
  // Provided: --init runs drop.sql, create.sql and data.sql of the configured engine.
  on_init([this] { init_database(); });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: every pair by key, or those whose key is LIKE filter (if not empty)
  // Hint: db().fetch_all(sql, {{"name", value}}) answers the rows as a JSON array of objects.
  get("/store", OPEN, [] { web::todo("lab 02: GET /store"); });

  // POST /store: add a pair, 201 with its location; 400 if one is empty; 409 if the key exists
  // Hint: an INSERT that breaks the primary key throws a web::DbError that common answers 409;
  // lab 01's names {{"key", web::non_empty()}, {"val", web::non_empty()}} refuse empty values.
  post("/store", OPEN, [] { web::todo("lab 02: POST /store"); });

  // GET /store/<key>: one pair; 404 if there is no such key
  // Hint: db().fetch_one(...) answers one row, or null when there is none; web::found(row,
  // "key", key) returns it, or answers 404 "no such key: ..." for a null.
  get("/store/<key>", OPEN, [] { web::todo("lab 02: GET /store/<key>"); });

  // PUT or PATCH /store/<key>: replace the value, 204; 400 if it is empty; 404 if there is no
  // such key
  // Hint: db().execute(...) answers how many rows the statement changed (web::found: 0 is a 404).
  route({"PUT", "PATCH"}, "/store/<key>", OPEN,
        [] { web::todo("lab 02: PUT or PATCH /store/<key>"); });

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, [] { web::todo("lab 02: DELETE /store/<key>"); });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [] { web::todo("lab 02: DELETE /store"); });
}
