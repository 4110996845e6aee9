// Lab 07 (blueprints): lab 06's stuff app in one file per resource. Each resource is a
// blueprint (auth, users, stuff, things, cmp) that app.cpp mounts; their SQL is in queries.sql.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include <web/app.hpp>

#include "auth.hpp"
#include "cmp.hpp"
#include "stuff.hpp"
#include "things.hpp"
#include "users.hpp"

class StuffApp : public web::App {
 public:
  StuffApp();
  // The calls of each blueprint's routes by its name, counted by its before hook: {"auth": 1,
  // ...}.
  web::json calls() const;

 private:
  // A before hook counting the calls of that blueprint's routes.
  std::function<void(web::Request&)> counter(const web::Blueprint& blueprint);

  mutable std::mutex calls_mutex_;
  std::map<std::string, std::int64_t> calls_;
  // slide: bp-members
  // The blueprints, built with the app (they reach its database, queries and security).
  Auth auth_{*this};
  Users users_{*this};
  Stuff stuff_{*this};
  Things things_{*this};
  Cmp cmp_{*this};
  // end slide
};
