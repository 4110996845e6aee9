// A Response as the bytes of an HTTP/1.1 response, appended to a connection's output.
#pragma once

#include <string>

#include "web/response.hpp"

namespace web::detail {

// Status line, headers (Connection, Content-Type, Content-Length, the response's own), then
// the body unless `head_only` (the answer to a HEAD). Control characters in a header are
// replaced by spaces: a handler's header can never split the response.
void append_response(std::string& out, const Response& response, bool keep_alive, bool head_only);

}  // namespace web::detail
