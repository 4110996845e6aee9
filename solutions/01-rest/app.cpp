// Lab 01 (REST), reference solution: the key-value store of the course, kept in memory.
#include "app.hpp"

#include <web/like.hpp>
#include <web/url.hpp>

using web::json, web::OPEN, web::Error, web::non_empty;

Kiva::Kiva() : web::App("kiva") {
  on_init([this] { store_ = {{"calvin", "hobbes"}, {"hobbes", "susie"}, {"susie", "derkins"}}; });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

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

  // slide: store-get-key
  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, [this](std::string key) {
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it == store_.end()) throw Error(404, "no such key: " + key);
    return json{{"key", key}, {"val", it->second}};
  });
  // end slide

  // PUT or PATCH /store/<key>: replace the value, 204; 400 if it is empty; 404 if there is no
  // such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", {"val", non_empty()}},
        [this](std::string key, std::string val) {
          std::lock_guard lock(mutex_);
          web::found(store_.count(key), "key", key);
          store_[key] = val;
        });

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, [this](std::string key) {
    std::lock_guard lock(mutex_);
    web::found(store_.erase(key), "key", key);
  });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [this] {
    std::lock_guard lock(mutex_);
    store_.clear();
  });
}
