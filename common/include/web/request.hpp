// The request as a handler sees it: method, path, headers, body and merged parameters.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/error.hpp"
#include "web/model.hpp"
#include "web/param.hpp"

namespace web {

using Headers = std::vector<std::pair<std::string, std::string>>;

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

  // The route pattern that matched, e.g. "/store/<key>" (empty before routing).
  const std::string& route() const { return route_; }
  std::chrono::steady_clock::time_point start() const { return start_; }
  // The authenticated user; none on an OPEN route or before authentication.
  const std::optional<std::string>& user() const { return user_; }

  // Parameters, merged from the path, a JSON object body, a form body and the query string
  // (in that order of precedence). A single value is the first one; a std::vector<T> takes
  // every repeated value, or the elements of a JSON array.
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
  template <class T>
  std::optional<T> read(std::string_view name, std::string& error) const {
    if constexpr (is_optional<T>::value) {
      // An empty T made in place: copying a T{} would read its unset payload, which GCC 12
      // reports as maybe-uninitialized from -O1 on (std::optional<bool>).
      if (!has(name)) return std::optional<T>(std::in_place);
      auto inner = read<typename T::value_type>(name, error);
      if (!inner) return std::nullopt;
      return T{std::move(*inner)};
    } else if constexpr (is_model<T>) {
      // A JSON object (or its text); else, as from a form, the model's fields by their names.
      std::vector<std::string> problems;
      T out{};
      const ParamValue* v = find(name);
      bool ok = false;
      if (v != nullptr) {
        ok = detail::read_field(*v, std::string(name), out, problems);
      } else {
        FieldSource fields = [this](std::string_view field) {
          return find(field);
        };
        if (!Model<T>::get().any(fields)) {
          error = missing_message(name);
          return std::nullopt;
        }
        ok = Model<T>::get().read(fields, "", out, problems);
      }
      for (const auto& p : problems) error += (error.empty() ? "" : "\n") + p;
      if (!ok) return std::nullopt;
      return out;
    } else if constexpr (is_vector<T>::value) {
      // Repeated parameters (?n=1&n=2), or one JSON array ({"n": [1, 2]}).
      using E = typename T::value_type;
      const std::vector<ParamValue>* values = find_all(name);
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
        if (!ParamType<E>::parse(item, element)) {
          error = type_error_message(name, item, ParamType<E>::name);
          return std::nullopt;
        }
        out.push_back(std::move(element));
      }
      return out;
    } else {
      const ParamValue* v = find(name);
      if (v == nullptr) {
        error = missing_message(name);
        return std::nullopt;
      }
      T out{};
      if (!ParamType<T>::parse(*v, out)) {
        error = type_error_message(name, *v, ParamType<T>::name);
        return std::nullopt;
      }
      return out;
    }
  }

  // Used by the framework while decoding the request.
  void add_param(std::string name, ParamValue value);
  void set_route(std::string route) { route_ = std::move(route); }
  void set_user(std::string user) { user_ = std::move(user); }

 private:
  const ParamValue* find(std::string_view name) const;  // the first, by precedence
  const std::vector<ParamValue>* find_all(std::string_view name) const;

  std::string method_;
  std::string path_;
  std::string query_;
  Headers headers_;
  std::string body_;
  std::string route_;
  std::optional<std::string> user_;
  std::map<std::string, std::vector<ParamValue>, std::less<>> params_;  // by precedence
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace web
