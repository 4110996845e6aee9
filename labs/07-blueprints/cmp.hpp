// The compute blueprint of the Python course's chapter, mounted at /cmp: a model of a blueprint
// in its own .hpp/.cpp pair. Its name, "cmp", is its key in GET /cmp/stats.
#pragma once

#include <web/blueprint.hpp>

class Cmp : public web::Blueprint {
 public:
  explicit Cmp(web::App& app);
};
