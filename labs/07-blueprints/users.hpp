// The users blueprint: the users routes (/users-mgt, /owned, /owned/<uid>, /object/<oid>).
#pragma once

#include <web/blueprint.hpp>

class Users : public web::Blueprint {
 public:
  explicit Users(web::App& app);
};
