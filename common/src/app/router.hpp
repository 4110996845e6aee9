// Route patterns ("/store/<key>") and matching a request path against them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace web::detail {

using Captures = std::vector<std::pair<std::string, std::string>>;

class Pattern {
 public:
  // Throws std::logic_error on a malformed pattern (no leading '/', bad or repeated <name>,
  // a <path:name> that is not the last segment).
  explicit Pattern(std::string text);

  const std::string& text() const { return text_; }
  // More literal segments win: "/owners/new" before "/owners/<oid>".
  int specificity() const { return literals_; }
  // Same segments, parameters at the same places: the two would match the same paths.
  bool same_shape(const Pattern& other) const;

  // `segments` are already percent-decoded; a parameter never matches an empty segment.
  // Whether the pattern matches, without building anything (routing tries every pattern).
  bool matches(const std::vector<std::string>& segments) const;
  // The parameters of a path that matches: {name, value} in the pattern's order.
  Captures capture(const std::vector<std::string>& segments) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter's name
    bool is_param;
    bool is_path = false;  // <path:name>: the rest of the path, slashes included
  };
  std::string text_;
  std::vector<Segment> segments_;
  int literals_ = 0;
};

// "/store/a%20b" -> {"store", "a b"}; std::nullopt on a malformed escape.
std::optional<std::vector<std::string>> split_path(std::string_view path);

}  // namespace web::detail
