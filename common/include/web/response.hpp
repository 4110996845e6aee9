// What a handler answers: a status, a JSON (or text) body, extra headers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "web/json.hpp"

namespace web {

class Response {
 public:
  // A JSON response; a null body with 204 (or any status) sends no body at all.
  explicit Response(int status = 200, const json& body = nullptr);

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

// The usual way to answer with a status other than 200: `return web::reply(201, {{"sid", 3}});`
inline Response reply(int status, const json& body = nullptr) {
  return Response(status, body);
}

// The JSON error body every error uses: {"error": message}.
Response error_response(int status, const std::string& message);

}  // namespace web
