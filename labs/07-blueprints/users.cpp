// Lab 07, starter: the users blueprint, still empty.
#include "users.hpp"

Users::Users(web::App& app) : web::Blueprint(app, "users") {
  // Lab 07: move here the users routes (/users-mgt, /owned, /owned/<uid>, /object/<oid>), from
  // app.cpp.
}
