// Lab 02 (DB API), reference solution: the key-value store of the course, kept in a SQL table
// through the DB API of common: this thread's connection, SQL with bound parameters, rows as JSON.
#include "app.hpp"

#include <web/url.hpp>

using web::json, web::OPEN, web::Error;

namespace {

void require_non_empty(const std::string& name, const std::string& value) {
  if (value.empty()) throw Error(400, "parameter \"" + name + "\" must not be empty");
}

}  // namespace

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

  // POST /store: add a pair, 201 with its location; 409 if the key exists (unique violation)
  post("/store", OPEN, {"key", "val"}, [this](std::string key, std::string val) {
    require_non_empty("key", key);
    require_non_empty("val", val);
    db().execute("INSERT INTO store(key, val) VALUES (:key, :val)", {{"key", key}, {"val", val}});
    return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
  });

  // slide: dbapi-get-key
  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    json pair = db().fetch_one("SELECT key, val FROM store WHERE key = :key", {{"key", key}});
    if (pair.is_null()) throw Error(404, "no such key: " + key);
    return pair;
  });
  // end slide

  // slide: dbapi-put
  // PUT or PATCH /store/<key>: replace the value, 204; 404 if there is no such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", "val"},
        [this](std::string key, std::string val) {
          require_non_empty("val", val);
          if (db().execute("UPDATE store SET val = :val WHERE key = :key",
                           {{"key", key}, {"val", val}}) == 0) {
            throw Error(404, "no such key: " + key);
          }
        });
  // end slide

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    if (db().execute("DELETE FROM store WHERE key = :key", {{"key", key}}) == 0) {
      throw Error(404, "no such key: " + key);
    }
  });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [this] { db().execute("DELETE FROM store"); });
}
