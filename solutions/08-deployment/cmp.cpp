// The compute routes, as a blueprint: its paths are relative to its prefix, /cmp.
#include "cmp.hpp"

#include <cstdint>
#include <string>

#include "app.hpp"

using web::AUTH;

// Every compute route needs a user: AUTH for the whole blueprint, besides each route's own.
Cmp::Cmp(StuffApp& app) : web::Blueprint(app, "cmp", AUTH) {
  // GET /cmp/add: i + j
  get("/add", AUTH, {"i", "j"}, [](std::int64_t i, std::int64_t j) { return i + j; });

  // GET /cmp/hash: a bcrypt hash of apass, made as the app hashes passwords
  get("/hash", AUTH, {"apass"}, [this](std::string apass) { return hash_password(apass); });

  // GET /cmp/stats: the calls of each blueprint's routes, for admins
  get("/stats", web::group("ADMIN"), [&app] { return app.calls(); });
}
