// Fills a request's parameters from the path, a JSON or form body and the query string.
#pragma once

#include "app/router.hpp"
#include "web/request.hpp"

namespace web::detail {

// Throws a 400 web::Error on a malformed query, form or JSON body.
void decode_parameters(Request& request, const Captures& path_params);

}  // namespace web::detail
