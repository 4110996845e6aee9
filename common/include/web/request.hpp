// The request as a handler sees it: method, path, headers, body and merged parameters.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "web/error.hpp"
#include "web/model.hpp"
#include "web/names.hpp"
#include "web/param.hpp"

namespace web {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The types a handler's argument (or req.param<T>) may have.
template <class T>
    struct is_parameter_type : std::bool_constant < !requires {
  ParamType<T>::unsupported;
} > {};
template <class T>
requires is_model<T>
struct is_parameter_type<T> : std::true_type {
};
template <class T>
struct is_parameter_type<std::optional<T>> : is_parameter_type<T> {};
template <class T>
struct is_parameter_type<std::vector<T>> : is_parameter_type<T> {};

// One message for every unsupported type (a static_assert's message must be a literal).
#define WEB_PARAMETER_TYPES                                                              \
  "a parameter's type is one of: std::string, bool, a number (int, long, std::int64_t, " \
  "unsigned, std::uint8_t, float, double...), web::json, web::Date, web::DateTime, "     \
  "web::File, a model (a struct with a static model() function), or a std::optional or " \
  "std::vector of these; for a type of your own, specialize web::ParamType (web/param.hpp)"

class Request {
 public:
  // `target` is the path with its optional `?query`, as on the request line.
  Request(std::string method, std::string_view target, Headers headers = {}, std::string body = {});

  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }    // percent-encoded, as sent
  const std::string& query() const { return query_; }  // without '?', percent-encoded
  const std::string& body() const { return body_; }
  const Headers& headers() const { return headers_; }
  std::optional<std::string> header(std::string_view name) const;  // case-insensitive
  std::optional<std::string> cookie(std::string_view name) const;  // of the Cookie header

  // The route pattern that matched, e.g. "/store/<key>" (empty before routing).
  const std::string& route() const { return route_; }
  std::chrono::steady_clock::time_point start() const { return start_; }
  // The authenticated user: on a route that is not OPEN, and on an OPEN one when the request
  // carries credentials (checked: wrong ones are a 401). Empty otherwise.
  const std::optional<std::string>& user() const { return user_; }
  // The scheme that authenticated user(): "basic", "param" or "token"; empty without a user
  // (FlaskSimpleAuth's source of the current user, in its FSA-User header).
  const std::string& auth_scheme() const { return auth_scheme_; }
  // The OAuth 2 scopes of the JWT that authenticated the request (its "scope" claim); empty
  // for another scheme.
  const std::vector<std::string>& scopes() const { return scopes_; }

  // Parameters, merged from the path, a JSON object body, a form (or multipart) body and the
  // query string (in that order of precedence). A single value is the first one; a
  // std::vector<T> takes every repeated value, or the elements of a JSON array.
  bool has(std::string_view name) const;

  // The parameter converted to T; a missing parameter or a type error throws a 400 Error.
  // T may be std::optional<U>: then a missing parameter is std::nullopt.
  template <class T>
  T param(std::string_view name) const {
    std::string error;
    auto value = read<T>(name, error);
    if (!error.empty()) throw Error(400, error);
    return std::move(*value);
  }

  // The parameter converted to T, or `fallback` when it is missing.
  template <class T>
  T param(std::string_view name, T fallback) const {
    return param<std::optional<T>>(name).value_or(std::move(fallback));
  }

  // Reads without throwing: on a problem, `error` holds its message and the result is empty.
  // `from` says where: the parameters, a header or a cookie.
  template <class T>
  std::optional<T> read(std::string_view name, std::string& error,
                        Source from = Source::param) const {
    static_assert(is_parameter_type<T>::value, WEB_PARAMETER_TYPES);
    if constexpr (is_parameter_type<T>::value) {
      if (from == Source::param) return read_values<T>(find_all(name), name, error, true);
      std::vector<ParamValue> found =
          from == Source::header ? header_values(name) : cookie_values(name);
      return read_values<T>(found.empty() ? nullptr : &found, name, error, false);
    } else {
      return std::nullopt;
    }
  }

  // Used by the framework while decoding the request.
  void add_param(std::string name, ParamValue value);
  void set_route(std::string route) { route_ = std::move(route); }
  void set_user(std::string user) { user_ = std::move(user); }
  void set_auth(std::string user, std::string scheme, std::vector<std::string> scopes = {}) {
    user_ = std::move(user);
    auth_scheme_ = std::move(scheme);
    scopes_ = std::move(scopes);
  }

 private:
  // `values`: the parameter's values by precedence, nullptr when it is missing. A model may
  // also come field by field from the other parameters (`fields`: a form's login=...&...).
  template <class T>
  std::optional<T> read_values(const std::vector<ParamValue>* values, std::string_view name,
                               std::string& error, bool fields) const {
    if constexpr (is_optional<T>::value) {
      bool missing = values == nullptr;
      if constexpr (is_model<typename T::value_type>) {
        if (missing && fields) missing = !Model<typename T::value_type>::get().any(field_source());
      }
      // An empty T made in place: copying a T{} would read its unset payload, which GCC 12
      // reports as maybe-uninitialized from -O1 on (std::optional<bool>).
      if (missing) return std::optional<T>(std::in_place);
      auto inner = read_values<typename T::value_type>(values, name, error, fields);
      if (!inner) return std::nullopt;
      return T{std::move(*inner)};
    } else if constexpr (is_model<T>) {
      // A JSON object (or its text); else, as from a form, the model's fields by their names.
      std::vector<std::string> problems;
      T out{};
      bool ok = false;
      if (values != nullptr) {
        ok = detail::read_field(values->front(), std::string(name), out, problems);
        // A field's type error is the model's cast error (FlaskSimpleAuth's words for a value
        // its type refused), keeping the field's path.
        std::string inside = "parameter \"" + std::string(name) + ".";
        for (auto& p : problems) {
          if (p.starts_with(inside) && p.find("\" type error on ") != std::string::npos)
            p = cast_error_message(name, values->front(), p);
        }
      } else {
        if (!fields || !Model<T>::get().any(field_source())) {
          error = missing_message(name);
          return std::nullopt;
        }
        ok = Model<T>::get().read(field_source(), "", out, problems);
      }
      for (const auto& p : problems) error += (error.empty() ? "" : "\n") + p;
      if (!ok) return std::nullopt;
      return out;
    } else if constexpr (is_vector<T>::value) {
      // Repeated parameters (?n=1&n=2), or one JSON array ({"n": [1, 2]}).
      using E = typename T::value_type;
      if (values == nullptr) {
        error = missing_message(name);
        return std::nullopt;
      }
      std::vector<ParamValue> items;
      if (!values->front().from_text && values->front().value.is_array()) {
        for (const auto& element : values->front().value) items.push_back({element, false});
      } else {
        items = *values;
      }
      T out;
      for (const auto& item : items) {
        E element{};
        if (!convert(item, name, element, error)) return std::nullopt;
        out.push_back(std::move(element));
      }
      return out;
    } else {
      if (values == nullptr) {
        error = missing_message(name);
        return std::nullopt;
      }
      T out{};
      if (!convert(values->front(), name, out, error)) return std::nullopt;
      return out;
    }
  }

  template <class T>
  static bool convert(const ParamValue& v, std::string_view name, T& out, std::string& error) {
    // An uploaded file is a value of its own: only a web::File takes it.
    Parsed parsed =
        v.file && !std::is_same_v<T, File> ? Parsed(false) : ParamType<T>::parse(v, out);
    if (!parsed) error = type_error_message(name, v, ParamType<T>::name, parsed.reason());
    return static_cast<bool>(parsed);
  }

  FieldSource field_source() const {
    return [this](std::string_view field) {
      return find(field);
    };
  }
  const ParamValue* find(std::string_view name) const;  // the first, by precedence
  const std::vector<ParamValue>* find_all(std::string_view name) const;
  std::vector<ParamValue> header_values(std::string_view name) const;
  std::vector<ParamValue> cookie_values(std::string_view name) const;

  std::string method_;
  std::string path_;
  std::string query_;
  Headers headers_;
  std::string body_;
  std::string route_;
  std::optional<std::string> user_;
  std::string auth_scheme_;
  std::vector<std::string> scopes_;
  std::map<std::string, std::vector<ParamValue>, std::less<>> params_;  // by precedence
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace web
