// What a handler answers: a status, a JSON (or text) body, extra headers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "web/json.hpp"

namespace web {

class Response {
 public:
  // No body at all: Response(204), a 201 without content...
  explicit Response(int status = 200) : status_(status) {}
  // A JSON body, null included (sent as `null`), ending with a newline as Flask's jsonify does.
  // A 204 or 304 never has a body.
  Response(int status, const json& body);

  // A plain-text (or other) body, sent as is.
  static Response text(int status, std::string body, std::string content_type = "text/plain");

  // Adds a header, e.g. .header("Location", "/store/calvin"); returns *this to chain.
  Response& header(std::string name, std::string value);

  int status() const { return status_; }
  const std::string& body() const { return body_; }
  const std::string& content_type() const { return content_type_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

 private:
  int status_;
  std::string body_;
  std::string content_type_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// The usual way to answer with a status other than 200: `return web::reply(201, {{"sid", 3}});`,
// or without a body, `return web::reply(202);`.
inline Response reply(int status) {
  return Response(status);
}
inline Response reply(int status, const json& body) {
  return Response(status, body);
}

// The JSON error body of the default error format: {"error": message} (App::error_response
// follows the config's "error_response").
Response error_response(int status, const std::string& message);

}  // namespace web
