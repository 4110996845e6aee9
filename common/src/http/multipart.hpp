// multipart/form-data bodies (RFC 7578), the HTML form's way to upload files: text fields
// become form parameters, parts with a file name web::File parameters.
#pragma once

#include <string_view>

#include "web/request.hpp"

namespace web::detail {

// Adds the parts of `body` to the request's parameters; `content_type` is the header's value,
// which names the boundary. A malformed body throws a 400 web::Error saying what is wrong.
void decode_multipart(Request& request, std::string_view content_type, std::string_view body);

}  // namespace web::detail
