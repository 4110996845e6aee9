// The things blueprint: the owners and things routes (/owners..., /things..., /stats).
#pragma once

#include <web/blueprint.hpp>

class Things : public web::Blueprint {
 public:
  explicit Things(web::App& app);
};
