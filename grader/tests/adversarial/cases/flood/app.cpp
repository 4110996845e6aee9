// Adversary (selftest): the lab-01 store of the reference solution, whose first server (no mark
// in its folder yet) prints 1 GiB before it listens: 10 million lines of 100 bytes, then 1 MiB
// without an end of line (the ready line then follows on a line of its own).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <web/like.hpp>
#include <web/url.hpp>

#include "app.hpp"

using web::json, web::OPEN, web::Error;

namespace {

void write_all(const std::string& text) {
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = write(1, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

void flood() {
  if (std::filesystem::exists("flooded")) return;
  std::ofstream("flooded") << "the first server printed 1 GiB\n";
  std::string lines;
  for (int i = 0; i < 10000; ++i) lines += std::string(99, 'x') + "\n";  // 1,000,000 bytes
  for (int i = 0; i < 1073; ++i) write_all(lines);
  write_all(std::string(1 << 20, 'y') + "\n");
}

void require_non_empty(const std::string& name, const std::string& value) {
  if (value.empty()) throw Error(400, "parameter \"" + name + "\" must not be empty");
}

}  // namespace

Kiva::Kiva() : web::App("kiva") {
  flood();
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

  // POST /store: add a pair, 201 with its location; 409 if the key exists
  post("/store", OPEN, {"key", "val"}, [this](std::string key, std::string val) {
    require_non_empty("key", key);
    require_non_empty("val", val);
    std::lock_guard lock(mutex_);
    if (!store_.emplace(key, val).second) throw Error(409, "key already exists: " + key);
    return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
  });

  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it == store_.end()) throw Error(404, "no such key: " + key);
    return json{{"key", key}, {"val", it->second}};
  });

  // PUT or PATCH /store/<key>: replace the value, 204; 404 if there is no such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", "val"},
        [this](std::string key, std::string val) {
          require_non_empty("val", val);
          std::lock_guard lock(mutex_);
          auto it = store_.find(key);
          if (it == store_.end()) throw Error(404, "no such key: " + key);
          it->second = val;
        });

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    std::lock_guard lock(mutex_);
    if (store_.erase(key) == 0) throw Error(404, "no such key: " + key);
  });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [this] {
    std::lock_guard lock(mutex_);
    store_.clear();
  });
}
