// The JSON Schema (OpenAPI 3.1) of a parameter's type: what App::openapi_document() says of each
// parameter and model field. A type of your own (a web::ParamType specialization) may say its
// schema with `static web::json schema();`, else it is described as a string named by its type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "web/datetime.hpp"
#include "web/file.hpp"
#include "web/json.hpp"
#include "web/param.hpp"

namespace web {

template <class T>
class Model;

namespace detail {

// A model's name in the document ("User"), from its C++ type.
std::string model_name(const char* mangled);

template <class T>
json schema_of();

template <class T>
json number_schema() {
  if constexpr (std::is_floating_point_v<T>) {
    return {{"type", "number"}, {"format", sizeof(T) == sizeof(float) ? "float" : "double"}};
  } else {
    json s = {{"type", "integer"}};
    if constexpr (sizeof(T) == 8 && std::is_signed_v<T>) {
      s["format"] = "int64";
    } else if constexpr (sizeof(T) == 4 && std::is_signed_v<T>) {
      s["format"] = "int32";
    } else {
      s["minimum"] = std::numeric_limits<T>::min();
      s["maximum"] = std::numeric_limits<T>::max();
    }
    return s;
  }
}

template <class T>
json schema_of() {
  if constexpr (is_optional<T>::value) {
    return schema_of<typename T::value_type>();
  } else if constexpr (is_vector<T>::value) {
    return {{"type", "array"}, {"items", schema_of<typename T::value_type>()}};
  } else if constexpr (requires(Model<T> & m) { T::model(m); }) {
    // Models are gathered under components/schemas by the document, by this title.
    json s = Model<T>::get().schema();
    s["title"] = model_name(typeid(T).name());
    return s;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return {{"type", "string"}};
  } else if constexpr (std::is_same_v<T, bool>) {
    return {{"type", "boolean"}};
  } else if constexpr (std::is_same_v<T, json>) {
    return json::object();  // any JSON value
  } else if constexpr (std::is_same_v<T, Date>) {
    return {{"type", "string"}, {"format", "date"}};
  } else if constexpr (std::is_same_v<T, DateTime>) {
    return {{"type", "string"}, {"format", "date-time"}};
  } else if constexpr (std::is_same_v<T, File>) {
    return {{"type", "string"}, {"format", "binary"}};
  } else if constexpr (is_number<T>) {
    return number_schema<T>();
  } else if constexpr (requires { ParamType<T>::schema(); }) {
    return ParamType<T>::schema();
  } else if constexpr (requires { ParamType<T>::name; }) {
    return {{"type", "string"}, {"description", std::string(ParamType<T>::name)}};
  } else {
    return json::object();
  }
}

// A handler's argument: {"required": false for a std::optional, "schema": ...}.
template <class T>
json parameter_schema() {
  return {{"required", !is_optional<T>::value}, {"schema", schema_of<T>()}};
}

using SchemaOf = json (*)();

}  // namespace detail
}  // namespace web
