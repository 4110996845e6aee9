// Typed request parameters: how a raw value becomes a std::string, an int, a double...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "web/datetime.hpp"
#include "web/json.hpp"

namespace web {

// One value of a request parameter and where it came from.
struct ParamValue {
  json value;      // a string from the path, query or form; any JSON value from a JSON body
  bool from_text;  // text sources are converted ("12" is an int); JSON values must match
};

// ParamType<T>: the name used in error messages and the strict conversion, false on a type
// error. Specialize it to accept a type of your own as a parameter.
template <class T>
struct ParamType;

template <>
struct ParamType<std::string> {
  static constexpr std::string_view name = "string";
  static bool parse(const ParamValue& v, std::string& out);
};

template <>
struct ParamType<std::int64_t> {
  static constexpr std::string_view name = "int";
  static bool parse(const ParamValue& v, std::int64_t& out);
};

template <>
struct ParamType<double> {
  static constexpr std::string_view name = "double";
  static bool parse(const ParamValue& v, double& out);
};

// false, 0, f, no, off and the empty string are false; true, 1, t, yes, on are true.
template <>
struct ParamType<bool> {
  static constexpr std::string_view name = "bool";
  static bool parse(const ParamValue& v, bool& out);
};

// Any JSON value; a text value must itself be JSON (?tags=["a","b"]).
template <>
struct ParamType<json> {
  static constexpr std::string_view name = "json";
  static bool parse(const ParamValue& v, json& out);
};

// ISO 8601 text (see datetime.hpp); a JSON value must be such a string too.
template <>
struct ParamType<Date> {
  static constexpr std::string_view name = "date";
  static bool parse(const ParamValue& v, Date& out);
};

template <>
struct ParamType<DateTime> {
  static constexpr std::string_view name = "datetime";
  static bool parse(const ParamValue& v, DateTime& out);
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

// The messages every parameter problem uses, as in the seed's stack.
std::string missing_message(std::string_view name);
std::string type_error_message(std::string_view name, const ParamValue& v, std::string_view type);

}  // namespace web
