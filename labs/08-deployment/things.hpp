// The owners and things blueprint: owners, their things, and their stats.
#pragma once

#include <cstdint>

#include <web/blueprint.hpp>

class Things : public web::Blueprint {
 public:
  explicit Things(web::App& app);

 private:
  // The owner oid, or a 404 if there is none.
  web::json owner(std::int64_t oid);
};
