// Lab 07 (blueprints), starter: lab 06's stuff app as it was, every route in app.cpp, and the
// empty blueprints that app.cpp mounts: move each resource's routes into its own (README.md).
#pragma once

#include <cstdint>
#include <string>

#include <web/app.hpp>
#include <web/model.hpp>

#include "auth.hpp"
#include "cmp.hpp"
#include "stuff.hpp"
#include "things.hpp"
#include "users.hpp"

// A new user, as the seed's pydantic model: a password of at least 4 characters.
struct User {
  std::string login;
  std::string password;
  bool isAdmin = false;
  static void model(web::Model<User>& m) {
    m.field("login", &User::login, web::min_length(1));
    m.field("password", &User::password, web::min_length(4));
    m.field("isAdmin", &User::isAdmin);
  }
};

class StuffApp : public web::App {
 public:
  StuffApp();

 private:
  // The security hooks: where passwords, groups and owners come from.
  void security();
  // The owner oid, or a 404 if there is none.
  web::json owner(std::int64_t oid);

  // The blueprints, built with the app (they reach its database, queries and security).
  Auth auth_{*this};
  Users users_{*this};
  Stuff stuff_{*this};
  Things things_{*this};
  Cmp cmp_{*this};
};
