// Typed request parameters: how a raw value becomes a std::string, an int, a double...
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "web/datetime.hpp"
#include "web/file.hpp"
#include "web/json.hpp"

namespace web {

// One value of a request parameter and where it came from.
struct ParamValue {
  json value;      // a string from the path, query or form; any JSON value from a JSON body
  bool from_text;  // text sources are converted ("12" is an int); JSON values must match
  std::shared_ptr<const File> file = nullptr;  // an uploaded file; `value` is then its name
};

// What a conversion says: accepted, or refused, with the reason when there is more to say than
// "type error" (the 400 shows it: `parameter "n" type error on 300 for int8: out of range...`).
class Parsed {
 public:
  Parsed(bool ok) : ok_(ok) {}  // NOLINT: implicit, so that a parse may `return true;`
  static Parsed refused(std::string reason) {
    Parsed p(false);
    p.reason_ = std::move(reason);
    return p;
  }
  explicit operator bool() const { return ok_; }
  const std::string& reason() const { return reason_; }

 private:
  bool ok_;
  std::string reason_;
};

// ParamType<T>: the name used in error messages and the strict conversion. Specialize it to
// accept a type of your own as a parameter:
//   template <> struct web::ParamType<Color> {
//     static constexpr std::string_view name = "color";
//     static web::Parsed parse(const web::ParamValue& v, Color& out);  // true, or refused(why)
//   };
// The primary template is the "not a parameter type" case (see parameter_type below).
template <class T>
struct ParamType {
  static constexpr bool unsupported = true;
};

template <>
struct ParamType<std::string> {
  static constexpr std::string_view name = "string";
  static Parsed parse(const ParamValue& v, std::string& out);
};

namespace detail {

// Characters are not numbers: a `char` parameter would be ambiguous ("7" or 55?).
template <class T>
constexpr bool is_character =
    std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;

template <class T>
constexpr bool is_number =
    std::is_arithmetic_v<T> && !std::is_same_v<T, bool> && !is_character<std::remove_cv_t<T>>;

// The name of a number type in messages: "int" is 64 bits (as std::int64_t), others say theirs.
template <class T>
constexpr std::string_view number_name() {
  if constexpr (std::is_same_v<T, float>) {
    return "float";
  } else if constexpr (std::is_same_v<T, double>) {
    return "double";
  } else if constexpr (std::is_same_v<T, long double>) {
    return "long double";
  } else if constexpr (std::is_signed_v<T>) {
    constexpr std::string_view names[] = {"int8", "int16", "int32", "int"};
    return names[sizeof(T) == 1 ? 0 : sizeof(T) == 2 ? 1 : sizeof(T) == 4 ? 2 : 3];
  } else {
    constexpr std::string_view names[] = {"uint8", "uint16", "uint32", "uint64"};
    return names[sizeof(T) == 1 ? 0 : sizeof(T) == 2 ? 1 : sizeof(T) == 4 ? 2 : 3];
  }
}

// Strict conversions (the whole text, no spaces; JSON values of the right kind), then the range
// of the type: a value outside it is refused with "out of range MIN..MAX".
Parsed parse_signed(const ParamValue& v, std::int64_t min, std::int64_t max, std::int64_t& out);
Parsed parse_unsigned(const ParamValue& v, std::uint64_t max, std::uint64_t& out);
Parsed parse_floating(const ParamValue& v, float& out);
Parsed parse_floating(const ParamValue& v, double& out);
Parsed parse_floating(const ParamValue& v, long double& out);

}  // namespace detail

// Every arithmetic type but bool (below) and the character types: int, long, std::int64_t,
// unsigned, std::uint8_t, float, double...
template <class T>
requires detail::is_number<T>
struct ParamType<T> {
  static constexpr std::string_view name = detail::number_name<T>();
  static Parsed parse(const ParamValue& v, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      return detail::parse_floating(v, out);
    } else if constexpr (std::is_signed_v<T>) {
      std::int64_t wide = 0;
      Parsed p = detail::parse_signed(v, std::numeric_limits<T>::min(),
                                      std::numeric_limits<T>::max(), wide);
      if (p) out = static_cast<T>(wide);
      return p;
    } else {
      std::uint64_t wide = 0;
      Parsed p = detail::parse_unsigned(v, std::numeric_limits<T>::max(), wide);
      if (p) out = static_cast<T>(wide);
      return p;
    }
  }
};

// false, 0, f, no, off and the empty string are false; true, 1, t, yes, on are true.
template <>
struct ParamType<bool> {
  static constexpr std::string_view name = "bool";
  static Parsed parse(const ParamValue& v, bool& out);
};

// Any JSON value; a text value must itself be JSON (?tags=["a","b"]).
template <>
struct ParamType<json> {
  static constexpr std::string_view name = "json";
  static Parsed parse(const ParamValue& v, json& out);
};

// ISO 8601 text (see datetime.hpp); a JSON value must be such a string too.
template <>
struct ParamType<Date> {
  static constexpr std::string_view name = "date";
  static Parsed parse(const ParamValue& v, Date& out);
};

template <>
struct ParamType<DateTime> {
  static constexpr std::string_view name = "datetime";
  static Parsed parse(const ParamValue& v, DateTime& out);
};

// A file of a multipart/form-data body (any other value is refused).
template <>
struct ParamType<File> {
  static constexpr std::string_view name = "file";
  static Parsed parse(const ParamValue& v, File& out);
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

// The messages every parameter problem uses, as in the Python course's stack; a reason, when there
// is one, follows the type: `parameter "n" type error on 300 for int8: out of range -128..127`.
std::string missing_message(std::string_view name);
// A model's value whose field has a type error, in FlaskSimpleAuth's words for a value its type
// refused, the field's own message after: `parameter "char" cast error on {"age":"twelve"}:
// parameter "char.age" type error on "twelve" for integer`.
std::string cast_error_message(std::string_view name, const ParamValue& v,
                               std::string_view problem);
std::string type_error_message(std::string_view name, const ParamValue& v, std::string_view type,
                               std::string_view reason = {});

}  // namespace web
