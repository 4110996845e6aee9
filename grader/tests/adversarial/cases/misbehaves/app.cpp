// Adversary (selftest): the lab-01 store of the reference solution, which misbehaves in five
// hidden tests, one way each; every other test file gets a new server and passes.
//   03 (POST, then GET of a long key): crashes in the middle of the test
//   04 (GET /store/hobbes): loops without end
//   05 (PUT): answers after 30 s
//   06 (DELETE /store/<key>): allocates 8 GiB and touches it
//   07 (GET /store?filter=...): writes 8 GiB into /tmp, / or /dev/shm, which a sandbox keeps
//       in memory
// A request that got 2 GiB (twice the server's limit) answers as if nothing happened: that
// test then passes, which it must not.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <web/like.hpp>
#include <web/url.hpp>

#include "app.hpp"

using web::json, web::OPEN, web::Error;

namespace {

constexpr long mib = 1L << 20;
constexpr long limit_exceeded = 2048 * mib;

void require_non_empty(const std::string& name, const std::string& value) {
  if (value.empty()) throw Error(400, "parameter \"" + name + "\" must not be empty");
}

// 8 GiB at once, touched page by page (through volatile: the compiler may not drop the
// writes, nor the allocation with them): a bad_alloc (a 500) or a kill once the limit says no.
void hog_memory() {
  constexpr long size = 8192 * mib;
  volatile char* block = new char[size];
  for (long at = 0; at < limit_exceeded; at += 4096) block[at] = 1;
  delete[] block;
}

// Up to 8 GiB into each folder a sandbox may keep in memory, stopping at 2 GiB (proof enough
// that nothing bounds it) and removing what it wrote; a 500 when every folder said no.
void hog_folders() {
  std::string chunk(mib, 'x');
  for (const std::string folder : {"/tmp", "/", "/dev/shm"}) {
    long written = 0;
    int files = 0;
    for (bool room = true; room && written < limit_exceeded; ++files) {
      std::ofstream out(folder + "/hog-" + std::to_string(files));
      for (int i = 0; i < 32 && (room = bool(out.write(chunk.data(), mib).flush())); ++i) {
        written += mib;
      }
    }
    for (int i = 0; i < files; ++i) std::remove((folder + "/hog-" + std::to_string(i)).c_str());
    if (written >= limit_exceeded) return;
  }
  throw std::runtime_error("no room for 8 GiB in /tmp, / or /dev/shm");
}

}  // namespace

Kiva::Kiva() : web::App("kiva") {
  on_init([this] { store_ = {{"calvin", "hobbes"}, {"hobbes", "susie"}, {"susie", "derkins"}}; });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: every pair by key, or those whose key is LIKE filter (if not empty)
  get("/store", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    if (!filter.value_or("").empty()) hog_folders();
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
    if (key.size() > 10) std::abort();
    if (key == "hobbes") {
      for (volatile bool forever = true; forever;) {
      }
    }
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it == store_.end()) throw Error(404, "no such key: " + key);
    return json{{"key", key}, {"val", it->second}};
  });

  // PUT or PATCH /store/<key>: replace the value, 204; 404 if there is no such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", "val"},
        [this](std::string key, std::string val) {
          std::this_thread::sleep_for(std::chrono::seconds(30));
          require_non_empty("val", val);
          std::lock_guard lock(mutex_);
          auto it = store_.find(key);
          if (it == store_.end()) throw Error(404, "no such key: " + key);
          it->second = val;
        });

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    hog_memory();
    std::lock_guard lock(mutex_);
    if (store_.erase(key) == 0) throw Error(404, "no such key: " + key);
  });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [this] {
    std::lock_guard lock(mutex_);
    store_.clear();
  });
}
