// Lab 06 (AAA): the stuff app with authentication, groups and object permissions, declared on
// each route; the routes are in app.cpp, their SQL in queries.sql.
#pragma once

#include <cstdint>
#include <string>

#include <web/app.hpp>
#include <web/model.hpp>

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
};
