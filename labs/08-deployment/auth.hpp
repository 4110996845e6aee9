// The AAA blueprint: where users, groups and owners come from (the app's security hooks), and
// the routes to register, log in, change one's password and say who you are.
#pragma once

#include <web/blueprint.hpp>

class Auth : public web::Blueprint {
 public:
  explicit Auth(web::App& app);
};
