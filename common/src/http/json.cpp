#include "web/json.hpp"

#include <algorithm>

namespace web {

namespace {

// The deepest nesting of arrays and objects in `text`, counted up to `limit + 1`: one pass,
// no recursion, strings skipped (a bracket inside one does not count).
int nesting(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) break;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at line 1, ...",
// cut short: the message may quote a token of any length.
std::string reason(const json::exception& e) {
  constexpr std::size_t shown = 160;
  std::string_view text = e.what();
  text.remove_prefix(std::min(text.size(), text.find("] ") + 2));
  if (text.size() > shown) return std::string(text.substr(0, shown)) + "...";
  return std::string(text);
}

}  // namespace

json parse_json(std::string_view text, std::string* error, bool comments) {
  if (nesting(text, max_json_depth) > max_json_depth) {
    if (error) *error = "nested deeper than " + std::to_string(max_json_depth) + " levels";
    return json::value_t::discarded;
  }
  try {
    return json::parse(text, nullptr, true, comments);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e400
    if (error) *error = reason(e);
    return json::value_t::discarded;
  }
}

}  // namespace web
