// The compute blueprint of the Python course's chapter, mounted at /cmp: no database, the
// app's password hashing, and the calls the app counted per blueprint.
#pragma once

#include <web/blueprint.hpp>

class StuffApp;

class Cmp : public web::Blueprint {
 public:
  explicit Cmp(StuffApp& app);
};
