// starter: // Lab 06 (AAA): the stuff app with authentication, groups and object permissions, declared on
// starter: // each route; the routes and the security hooks are in app.cpp, their SQL in queries.sql.
// starter 07: // Lab 07 (blueprints), starter: lab 06's stuff app as it was, every route in app.cpp, and the
// starter 07: // compute blueprint (cmp.hpp, cmp.cpp) that app.cpp mounts at /cmp. Split the rest into
// starter 07: // blueprints of your own design (README.md).
// begin solution
// begin solution 07
// Lab 06 (AAA): the stuff app with authentication, groups and object permissions, declared on
// each route; the routes are in app.cpp, their SQL in queries.sql.
// end solution 07
// end solution
#pragma once

#include <cstdint>
#include <string>

#include <web/app.hpp>
#include <web/model.hpp>
// starter 07:
// starter 07: #include "cmp.hpp"

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
  // starter 07:
  // starter 07: // The compute blueprint, built with the app (it reaches the app's database, queries and
  // starter 07: // security through it), mounted in the app's constructor.
  // starter 07: Cmp cmp_{*this};
};
