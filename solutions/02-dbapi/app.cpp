// Lab 02 (DB API), reference solution: the key-value store of the course, kept in a SQL table
// through the DB API of common: this thread's connection, SQL with bound parameters, rows as JSON.
#include "app.hpp"

#include <web/url.hpp>

using web::json, web::OPEN, web::found, web::non_empty;

Kiva::Kiva() : web::App("kiva") {
  on_init([this] { init_database(); });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: every pair by key, or those whose key is LIKE filter (if not empty)
  get("/store", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    std::string pattern = filter.value_or("").empty() ? "%" : *filter;
    return db().fetch_all("SELECT key, val FROM store WHERE key LIKE :pattern ORDER BY key",
                          {{"pattern", pattern}});
  });

  // POST /store: add a pair, 201 with its location; 400 if one is empty; 409 if the key exists
  // (unique violation)
  post(
      "/store", OPEN, {{"key", non_empty()}, {"val", non_empty()}},
      [this](std::string key, std::string val) {
        db().execute("INSERT INTO store(key, val) VALUES (:key, :val)",
                     {{"key", key}, {"val", val}});
        return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
      });

  // slide: dbapi-get-key
  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, [this](std::string key) {
    return found(db().fetch_one("SELECT key, val FROM store WHERE key = :key", {{"key", key}}),
                 "key", key);
  });
  // end slide

  // slide: dbapi-put
  // PUT or PATCH /store/<key>: replace the value, 204; 400 if it is empty; 404 if there is no
  // such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", {"val", non_empty()}},
        [this](std::string key, std::string val) {
          found(db().execute("UPDATE store SET val = :val WHERE key = :key",
                             {{"key", key}, {"val", val}}),
                "key", key);
        });
  // end slide

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, [this](std::string key) {
    found(db().execute("DELETE FROM store WHERE key = :key", {{"key", key}}), "key", key);
  });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [this] { db().execute("DELETE FROM store"); });
}
