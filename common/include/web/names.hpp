// The parameters a route names, in the order of its handler's arguments: a name, or a name with
// rules, or a header or cookie. FlaskSimpleAuth reads the same from the function's signature.
//
//   post("/things", AUTH, {"tname", "oid", {"tprice", web::minimum(0)}}, ...);
//   get("/hello", OPEN, {web::header("User-Agent"), web::cookie("lang")}, ...);
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "web/rules.hpp"

namespace web {

// Where a parameter comes from: the request's parameters (path, JSON or form body, query
// string), a header (case-insensitive name) or a cookie.
enum class Source { param, header, cookie };

class Name {
 public:
  Name(const char* name) : name_(name) {}             // NOLINT: implicit, {"key", "val"}
  Name(std::string name) : name_(std::move(name)) {}  // NOLINT: implicit
  // A parameter with rules its value must follow: {"tprice", web::minimum(0)}.
  template <class... Rules>
  requires(sizeof...(Rules) > 0 && (is_rule<Rules>::value && ...))
      Name(std::string name, Rules... rules)
      : name_(std::move(name)), rules_{detail::erase_rule(std::move(rules))...} {}

  const std::string& name() const { return name_; }
  Source source() const { return source_; }
  const std::vector<std::shared_ptr<const detail::ValueRule>>& rules() const { return rules_; }

  template <class... Rules>
  friend Name header(std::string name, Rules... rules);
  template <class... Rules>
  friend Name cookie(std::string name, Rules... rules);

 private:
  std::string name_;
  Source source_ = Source::param;
  std::vector<std::shared_ptr<const detail::ValueRule>> rules_;
};

using Names = std::vector<Name>;

// A header's value as a parameter (FlaskSimpleAuth's Header): header("X-Trace"); with rules
// too: header("X-Trace", web::max_length(64)).
template <class... Rules>
Name header(std::string name, Rules... rules) {
  Name n(std::move(name));
  n.source_ = Source::header;
  (n.rules_.push_back(detail::erase_rule(std::move(rules))), ...);
  return n;
}

// A cookie's value as a parameter (FlaskSimpleAuth's Cookie): cookie("lang").
template <class... Rules>
Name cookie(std::string name, Rules... rules) {
  Name n(std::move(name));
  n.source_ = Source::cookie;
  (n.rules_.push_back(detail::erase_rule(std::move(rules))), ...);
  return n;
}

}  // namespace web
