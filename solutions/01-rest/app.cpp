// starter: // Lab 01 (REST), starter: the key-value store of the course, kept in memory.
// starter: // Every route is declared; replace each web::todo(...) (a 501 answer) by the real handler,
// starter: // with its parameter names and typed arguments (see common/README.md, "Parameters").
// begin solution
// Lab 01 (REST), reference solution: the key-value store of the course, kept in memory.
// end solution
#include "app.hpp"

// starter: using web::json, web::OPEN;
// begin solution
#include <web/like.hpp>
#include <web/url.hpp>

using web::json, web::OPEN, web::Error, web::non_empty;
// end solution

Kiva::Kiva() : web::App("kiva") {
  // starter: // Provided: the initial data, loaded when the server starts with --init.
  on_init([this] { store_ = {{"calvin", "hobbes"}, {"hobbes", "susie"}, {"susie", "derkins"}}; });

  // starter: // GET /version: which app answers (done, as an example)
  // begin solution
  // GET /version: which app answers
  // end solution
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // starter: // GET /store: every pair sorted by key, or those whose key is LIKE the optional filter
  // starter: // Hint: web::like(text, pattern) from <web/like.hpp> is SQL's LIKE ('%' and '_');
  // starter: // an std::optional<std::string> argument is std::nullopt when the parameter is missing.
  // starter: get("/store", OPEN, [] { web::todo("lab 01: GET /store"); });
  // starter:
  // starter: // POST /store: add a pair (key and val non-empty), 201 with its Location; 400; 409 if the
  // starter: // key exists
  // starter: post("/store", OPEN, [] { web::todo("lab 01: POST /store"); });
  // begin solution
  // GET /store: every pair by key, or those whose key is LIKE filter (if not empty)
  get("/store", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    std::lock_guard lock(mutex_);
    json pairs = json::array();
    for (const auto& [key, val] : store_) {
      if (filter.value_or("").empty() || web::like(key, *filter)) {
        pairs.push_back({{"key", key}, {"val", val}});
      }
    }
    return pairs;
  });

  // POST /store: add a pair, 201 with its location; 400 if one is empty; 409 if the key exists
  post(
      "/store", OPEN, {{"key", non_empty()}, {"val", non_empty()}},
      [this](std::string key, std::string val) {
        std::lock_guard lock(mutex_);
        if (!store_.emplace(key, val).second) throw Error(409, "key already exists: " + key);
        return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
      });
  // end solution

  // slide: store-get-key
  // GET /store/<key>: one pair; 404 if there is no such key
  // starter: get("/store/<key>", OPEN, [] { web::todo("lab 01: GET /store/<key>"); });
  // starter:
  // starter: // PUT or PATCH /store/<key>: replace the value (non-empty), 204; 400; 404 if there is no
  // begin solution
  get("/store/<key>", OPEN, [this](std::string key) {
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it == store_.end()) throw Error(404, "no such key: " + key);
    return json{{"key", key}, {"val", it->second}};
  });
  // end slide

  // PUT or PATCH /store/<key>: replace the value, 204; 400 if it is empty; 404 if there is no
  // end solution
  // such key
  // starter: route({"PUT", "PATCH"}, "/store/<key>", OPEN,
  // starter:       [] { web::todo("lab 01: PUT or PATCH /store/<key>"); });
  // begin solution
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", {"val", non_empty()}},
        [this](std::string key, std::string val) {
          std::lock_guard lock(mutex_);
          web::found(store_.count(key), "key", key);
          store_[key] = val;
        });
  // end solution

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  // starter: del("/store/<key>", OPEN, [] { web::todo("lab 01: DELETE /store/<key>"); });
  // begin solution
  del("/store/<key>", OPEN, [this](std::string key) {
    std::lock_guard lock(mutex_);
    web::found(store_.erase(key), "key", key);
  });
  // end solution

  // DELETE /store: remove every pair, 204
  // starter: del("/store", OPEN, [] { web::todo("lab 01: DELETE /store"); });
  // begin solution
  del("/store", OPEN, [this] {
    std::lock_guard lock(mutex_);
    store_.clear();
  });
  // end solution
}
