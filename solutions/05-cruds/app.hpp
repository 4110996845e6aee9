// Lab 05 (CRUDS): create, read, update, delete and search stuff, users, owners and things;
// starter: // the routes are in app.cpp, their SQL in queries.sql. You edit the three files.
// begin solution
// the routes are in app.cpp, their SQL in queries.sql.
// end solution
#pragma once

#include <cstdint>
#include <string>

#include <web/app.hpp>
#include <web/model.hpp>

// starter: // A new user, as the Python course's pydantic model: read from the JSON object u (or from form
// starter: // fields named after its fields), each field converted to its type; a missing or malformed field is
// starter: // a 400 naming it ("u.password").
// begin solution
// A new user, as the Python course's pydantic model: a password of at least 4 characters.
// end solution
// slide: user-model
struct User {
  std::string login;
  std::string password;
  bool isAdmin = false;
  static void model(web::Model<User>& m) {
    m.field("login", &User::login, web::min_length(1));
    // starter: m.field("password", &User::password,
    // starter:         web::rule("has at least 4 characters", [](const std::string&) -> bool {
    // starter:           web::todo("lab 05: the password rule, e.g. web::min_length(4)");
    // starter:         }));
    // begin solution
    m.field("password", &User::password, web::min_length(4));
    // end solution
    m.field("isAdmin", &User::isAdmin);
  }
};
// end slide

class StuffApp : public web::App {
 public:
  StuffApp();

 private:
  // The owner oid, or a 404 if there is none.
  web::json owner(std::int64_t oid);
};
