// The users blueprint: user management for admins, and the objects users own.
#pragma once

#include <string>

#include <web/blueprint.hpp>
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

class Users : public web::Blueprint {
 public:
  explicit Users(web::App& app);
};
