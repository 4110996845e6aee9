// JSON values are nlohmann's, objects keeping their keys in insertion order: web::json is
// nlohmann::ordered_json. A row keeps its SELECT's column order and a model its fields' order,
// as Python's dicts do. Mind that two objects compare equal only with their keys in the same
// order (test bodies are written in the order the server sends).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace web {

using json = nlohmann::ordered_json;

// JSON text from outside (a request body or parameter, a config file) nests at most this deep:
// nlohmann copies and prints values recursively, and 80,000 levels overflow a thread's stack.
inline constexpr int max_json_depth = 256;

// Parses JSON text from outside: nlohmann's parser, but too deep a nesting and numbers out of a
// double's range (1e400) are refused like a syntax error. On a problem, returns a discarded
// value (is_discarded()) and says why in `*error`, when given. `comments`: // and /* */ allowed.
json parse_json(std::string_view text, std::string* error = nullptr, bool comments = false);

}  // namespace web

// std::optional<T> as null or the value, in both directions (nlohmann 3.11 has no built-in one).
// Templates on the JSON type: nlohmann::json and nlohmann::ordered_json share adl_serializer.
template <class T>
struct nlohmann::adl_serializer<std::optional<T>> {
  template <class BasicJson>
  static void to_json(BasicJson& j, const std::optional<T>& v) {
    if (v) {
      j = *v;
    } else {
      j = nullptr;
    }
  }
  template <class BasicJson>
  static void from_json(const BasicJson& j, std::optional<T>& v) {
    if (j.is_null()) {
      v.reset();
    } else {
      v = j.template get<T>();
    }
  }
};
