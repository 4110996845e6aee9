// The stuff blueprint, mounted at /stuff: reads are open, writes need a user.
#pragma once

#include <web/blueprint.hpp>

class Stuff : public web::Blueprint {
 public:
  explicit Stuff(web::App& app);
};
