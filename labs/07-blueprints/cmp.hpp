// The compute blueprint of the seed's chapter, mounted at /cmp.
#pragma once

#include <web/blueprint.hpp>

class Cmp : public web::Blueprint {
 public:
  explicit Cmp(web::App& app);
};
