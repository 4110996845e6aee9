// The OpenAPI 3.1 document of an app, from what its routes declare (App::openapi_document).
#pragma once

#include <string>
#include <vector>

#include "web/authz.hpp"
#include "web/config.hpp"
#include "web/json.hpp"
#include "web/names.hpp"

namespace web::detail {

// What a declared route says of itself.
struct ApiRoute {
  std::string path;  // "/stuff/<sid>", as declared (blueprint prefix included)
  std::vector<std::string> methods;
  Authz authz;
  Names params;               // the handler's parameters, with sources and rules
  std::vector<json> schemas;  // each one's parameter_schema()
  int status = 0;             // 200, 204, or 0 (a web::Response: not known)
};

json openapi_document(const std::string& title, const Config& config,
                      const std::vector<const ApiRoute*>& routes);

}  // namespace web::detail
