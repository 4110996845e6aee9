#include "web/response.hpp"

namespace web {

Response::Response(int status, const json& body) : status_(status) {
  if (status == 204 || status == 304) return;  // HTTP forbids a body there
  // Invalid UTF-8 from a client is replaced rather than turned into a 500 at the last step.
  body_ = body.dump(-1, ' ', false, json::error_handler_t::replace);
  body_ += '\n';
  content_type_ = "application/json";
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r(status);
  r.body_ = std::move(body);
  r.content_type_ = std::move(content_type);
  return r;
}

Response& Response::header(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
  return *this;
}

Response error_response(int status, const std::string& message) {
  return Response(status, json{{"error", message}});
}

}  // namespace web
