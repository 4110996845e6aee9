// HTTP errors a handler throws, the stub idiom of the labs, and what stops a server at start-up.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace web {

// Thrown anywhere below a handler, answered as `status` with {"error": message}.
// Use it for the client's mistakes (4xx); anything else that escapes is a logged 500.
class Error : public std::runtime_error {
 public:
  Error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

  // A header the error response carries, e.g. WWW-Authenticate on a 401.
  Error& header(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

 private:
  int status_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// Everything wrong with an app found when it starts (App::start): its declarations (routes,
// hooks), its config, its queries.sql, its database. One line per problem, each naming its
// route ("GET /stuff/<sid>: ...") or its place ("queries.sql:12: ..."); what() joins them.
class StartupError : public std::runtime_error {
 public:
  explicit StartupError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// The one stub idiom of every lab: answers 501 Not Implemented naming what is missing,
// e.g. web::todo("lab 01: POST /store").
[[noreturn]] void todo(std::string_view what);

}  // namespace web
