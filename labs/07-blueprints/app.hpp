// Lab 07 (blueprints), starter: lab 06's stuff app as it was, every route in app.cpp, and the
// compute blueprint (cmp.hpp, cmp.cpp) that app.cpp mounts at /cmp. Split the rest into
// blueprints of your own design (README.md).
#pragma once

#include <cstdint>
#include <string>

#include <web/app.hpp>
#include <web/model.hpp>

#include "cmp.hpp"

// A new user, as the Python course's pydantic model: a password of at least 4 characters.
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

  // The compute blueprint, built with the app (it reaches the app's database, queries and
  // security through it), mounted in the app's constructor.
  Cmp cmp_{*this};
};
