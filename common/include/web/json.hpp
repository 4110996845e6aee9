// JSON values are nlohmann's: web::json is nlohmann::json.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

namespace web {

using json = nlohmann::json;

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
