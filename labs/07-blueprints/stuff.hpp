// The stuff blueprint: the stuff routes, mounted at /stuff (so GET /stuff/<sid> is get("/<sid>",
// ...) here).
#pragma once

#include <web/blueprint.hpp>

class Stuff : public web::Blueprint {
 public:
  explicit Stuff(web::App& app);
};
