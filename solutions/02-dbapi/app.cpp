// starter: // Lab 02 (DB API), starter: the key-value store of lab 01, now kept in the SQL table `store`
// starter: // (sql/kiva/<engine>/create.sql). Replace each web::todo(...) (a 501 answer) by the real
// starter: // handler: SQL through db(), this thread's connection, with bound parameters, never pasted.
// begin solution
// Lab 02 (DB API), reference solution: the key-value store of the course, kept in a SQL table
// through the DB API of common: this thread's connection, SQL with bound parameters, rows as JSON.
// end solution
#include "app.hpp"

#include <web/url.hpp>

// starter: using web::json, web::OPEN, web::Error;
// begin solution
using web::json, web::OPEN, web::found, web::non_empty;
// end solution

Kiva::Kiva() : web::App("kiva") {
  // starter: // Provided: --init runs drop.sql, create.sql and data.sql of the configured engine.
  on_init([this] { init_database(); });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: every pair by key, or those whose key is LIKE filter (if not empty)
  // starter: // Hint: db().fetch_all(sql, {{"name", value}}) answers the rows as a JSON array of objects.
  // starter: get("/store", OPEN, [] { web::todo("lab 02: GET /store"); });
  // begin solution
  get("/store", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    std::string pattern = filter.value_or("").empty() ? "%" : *filter;
    return db().fetch_all("SELECT key, val FROM store WHERE key LIKE :pattern ORDER BY key",
                          {{"pattern", pattern}});
  });
  // end solution

  // POST /store: add a pair, 201 with its location; 400 if one is empty; 409 if the key exists
  // starter: // Hint: an INSERT that breaks the primary key throws a web::DbError that common answers 409;
  // starter: // lab 01's names {{"key", web::non_empty()}, {"val", web::non_empty()}} refuse empty values.
  // starter: post("/store", OPEN, [] { web::todo("lab 02: POST /store"); });
  // begin solution
  // (unique violation)
  post(
      "/store", OPEN, {{"key", non_empty()}, {"val", non_empty()}},
      [this](std::string key, std::string val) {
        db().execute("INSERT INTO store(key, val) VALUES (:key, :val)",
                     {{"key", key}, {"val", val}});
        return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
      });
  // end solution

  // slide: dbapi-get-key
  // GET /store/<key>: one pair; 404 if there is no such key
  // starter: // Hint: db().fetch_one(...) answers one row, or null when there is none; web::found(row,
  // starter: // "key", key) returns it, or answers 404 "no such key: ..." for a null.
  // starter: get("/store/<key>", OPEN, [] { web::todo("lab 02: GET /store/<key>"); });
  // begin solution
  get("/store/<key>", OPEN, [this](std::string key) {
    return found(db().fetch_one("SELECT key, val FROM store WHERE key = :key", {{"key", key}}),
                 "key", key);
  });
  // end solution
  // end slide

  // slide: dbapi-put
  // PUT or PATCH /store/<key>: replace the value, 204; 400 if it is empty; 404 if there is no
  // such key
  // starter: // Hint: db().execute(...) answers how many rows the statement changed (web::found: 0 is a 404).
  // starter: route({"PUT", "PATCH"}, "/store/<key>", OPEN,
  // starter:       [] { web::todo("lab 02: PUT or PATCH /store/<key>"); });
  // begin solution
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", {"val", non_empty()}},
        [this](std::string key, std::string val) {
          found(db().execute("UPDATE store SET val = :val WHERE key = :key",
                             {{"key", key}, {"val", val}}),
                "key", key);
        });
  // end solution
  // end slide

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  // starter: del("/store/<key>", OPEN, [] { web::todo("lab 02: DELETE /store/<key>"); });
  // begin solution
  del("/store/<key>", OPEN, [this](std::string key) {
    found(db().execute("DELETE FROM store WHERE key = :key", {{"key", key}}), "key", key);
  });
  // end solution

  // DELETE /store: remove every pair, 204
  // starter: del("/store", OPEN, [] { web::todo("lab 02: DELETE /store"); });
  // begin solution
  del("/store", OPEN, [this] { db().execute("DELETE FROM store"); });
  // end solution
}
