// JSON values are nlohmann's: web::json is nlohmann::json.
#pragma once

#include <nlohmann/json.hpp>

namespace web {

using json = nlohmann::json;

}  // namespace web
