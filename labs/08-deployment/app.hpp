// Lab 08 (deployment): lab 07's stuff app, one blueprint per resource (auth, users, stuff,
// things, cmp) mounted by app.cpp, their SQL in queries.sql; deploy/ installs it as a service.
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
  // The blueprints, built with the app (they reach its database, queries and security).
  Auth auth_{*this};
  Users users_{*this};
  Stuff stuff_{*this};
  Things things_{*this};
  Cmp cmp_{*this};
};
