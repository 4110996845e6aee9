// JSON values are nlohmann's: web::json is nlohmann::json.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace web {

using json = nlohmann::json;

// JSON text from outside (a request body or parameter, a config file) nests at most this deep:
// nlohmann copies and prints values recursively, and 80,000 levels overflow a thread's stack.
inline constexpr int max_json_depth = 256;

// Parses JSON text from outside: nlohmann's parser, but too deep a nesting and numbers out of a
// double's range (1e400) are refused like a syntax error. On a problem, returns a discarded
// value (is_discarded()) and says why in `*error`, when given. `comments`: // and /* */ allowed.
json parse_json(std::string_view text, std::string* error = nullptr, bool comments = false);

}  // namespace web

// std::optional<T> as null or the value, in both directions (nlohmann 3.11 has no built-in one).
template <class T>
struct nlohmann::adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& v) {
    if (v) {
      j = *v;
    } else {
      j = nullptr;
    }
  }
  static void from_json(const json& j, std::optional<T>& v) {
    if (j.is_null()) {
      v.reset();
    } else {
      v = j.get<T>();
    }
  }
};
