// How a typed handler becomes a Handler: its arguments are read from the request parameters
// by name, every problem is collected into one 400, then the checks that come after the
// parameters run (object permissions, before hooks), and its result becomes a Response.
// Mistakes in a declaration (a count that does not match, a path parameter left unnamed, a rule
// that cannot apply) are collected as the route's problems, reported when the server starts;
// an argument type that is not a parameter type stops the compilation with one message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "web/error.hpp"
#include "web/names.hpp"
#include "web/request.hpp"
#include "web/response.hpp"
#include "web/schema.hpp"

namespace web {

// What runs between the parameters and the handler: object permissions, before hooks.
using Checks = std::function<void(Request&)>;
using Handler = std::function<Response(Request&, const Checks&)>;

namespace detail {

// A handler bound to its names, with what is wrong in the declaration (empty when nothing).
struct Binding {
  Handler handler;
  std::vector<std::string> names;  // the parameters it reads, by name
  std::vector<std::string> problems;
  // For the OpenAPI document: the parameters with their sources and rules, each one's
  // parameter_schema() (schema.hpp), and the success status (200 for a value, 204 for nothing, 0
  // for a web::Response).
  Names params;
  std::vector<json> schemas;
  int status = 0;
};

// The <names> of a route's path, in order: "/owners/<oid>/things/<path:p>" -> oid, p.
std::vector<std::string> path_parameters(std::string_view path);

template <class F>
struct signature : signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct signature<R (C::*)(A...) const> {
  using result = R;
  using args = std::tuple<A...>;
};
template <class C, class R, class... A>
struct signature<R (C::*)(A...)> : signature<R (C::*)(A...) const> {};
template <class R, class... A>
struct signature<R (*)(A...)> {
  using result = R;
  using args = std::tuple<A...>;
};

// Whether the handler's first argument is the web::Request itself.
template <class Args>
constexpr bool takes_request() {
  if constexpr (std::tuple_size_v<Args> == 0) {
    return false;
  } else {
    return std::is_same_v<std::decay_t<std::tuple_element_t<0, Args>>, Request>;
  }
}

template <class F, class... A>
Response call(F& f, A&&... args) {
  using R = std::invoke_result_t<F&, A...>;
  if constexpr (std::is_void_v<R>) {
    f(std::forward<A>(args)...);
    return Response(204);
  } else if constexpr (std::is_same_v<std::decay_t<R>, Response>) {
    return f(std::forward<A>(args)...);
  } else {
    return Response(200, json(f(std::forward<A>(args)...)));
  }
}

// Rules see a value as one of RuleInput's alternatives, by its type; kNoRuleInput: none apply.
inline constexpr std::size_t kNoRuleInput = 6;
template <class A>
constexpr std::size_t rule_input() {
  if constexpr (is_optional<A>::value) {
    return rule_input<typename A::value_type>();
  } else if constexpr (std::is_integral_v<A> && !std::is_same_v<A, bool> && std::is_signed_v<A>) {
    return 0;
  } else if constexpr (std::is_integral_v<A> && !std::is_same_v<A, bool>) {
    return 1;
  } else if constexpr (std::is_same_v<A, float> || std::is_same_v<A, double>) {
    return 2;
  } else if constexpr (std::is_same_v<A, long double>) {
    return 3;
  } else if constexpr (std::is_same_v<A, std::string>) {
    return 4;
  } else if constexpr (std::is_constructible_v<json, const A&>) {
    return 5;
  } else {
    return kNoRuleInput;
  }
}

// Appends "parameter "x" <rule's text>" for each rule the value breaks.
template <class A>
void check_rules(const Name& name, const A& value, std::string& errors) {
  if constexpr (is_optional<A>::value) {
    if (value) check_rules(name, *value, errors);
  } else if constexpr (rule_input<A>() != kNoRuleInput) {
    auto check = [&](const RuleInput& input) {
      for (const auto& rule : name.rules()) {
        if (!rule->ok(input)) {
          // Appended piece by piece: GCC 12 at -O3 sees a false overlap (-Wrestrict, bug
          // 105329) in "literal" + std::string.
          if (!errors.empty()) errors += '\n';
          errors += "parameter \"";
          errors += name.name();
          errors += "\" ";
          errors += rule->text();
        }
      }
    };
    constexpr std::size_t input = rule_input<A>();
    if constexpr (input == 0) {
      check(static_cast<std::int64_t>(value));
    } else if constexpr (input == 1) {
      check(static_cast<std::uint64_t>(value));
    } else if constexpr (input == 2) {
      check(static_cast<double>(value));
    } else if constexpr (input == 3) {
      check(value);
    } else if constexpr (input == 4) {
      check(&value);
    } else {
      json as_json = value;
      check(&as_json);
    }
  }
}

// Reads one argument into `out`, an A made by A{}; appends to `errors` why the value is
// missing, of the wrong type or breaks a rule. Not inline: the usual types' readers are
// compiled once, in common's library (below), not in every source file that declares a route.
template <class A>
void read_into(const Request& req, const Name& name, void* out, std::string& errors) {
  std::string error;
  auto value = req.read<A>(name.name(), error, name.source());
  if (!error.empty()) errors += (errors.empty() ? "" : "\n") + error;
  if (!value) return;
  if (!name.rules().empty()) check_rules(name, *value, errors);
  *static_cast<A*>(out) = std::move(*value);
}
using Reader = void (*)(const Request&, const Name&, void* out, std::string& errors);

// The handlers' usual argument types, each also as a std::optional: their readers are in
// common's library.
// clang-format off
#define WEB_COMMON_READERS(X)                                                  \
  X(std::string) X(std::int64_t) X(int) X(double) X(bool) X(json)              \
  X(Date) X(DateTime) X(File)                                                  \
  X(std::vector<std::string>) X(std::vector<std::int64_t>) X(std::vector<double>)
// clang-format on
#define WEB_EXTERN_READER(T)                                                           \
  extern template void read_into<T>(const Request&, const Name&, void*, std::string&); \
  extern template void read_into<std::optional<T>>(const Request&, const Name&, void*, \
                                                   std::string&);
WEB_COMMON_READERS(WEB_EXTERN_READER)
#undef WEB_EXTERN_READER

// Reads every argument with its reader, into `out` (one 400 names every problem), then runs
// the checks that come after the parameters.
void read_arguments(Request& req, const Names& names, const Reader* readers, void* const* out,
                    const Checks& checks);

// A handler with its arguments' readers, before it is bound to names: all that depends on its
// type. The rest (names against the path, rules against the types) is done by bind(), in
// common's library, so that declaring a route compiles little in the app's source file.
struct TypedHandler {
  std::function<Response(Request&, const Names&, const Checks&)> call;
  std::size_t arguments = 0;            // not counting a leading web::Request&
  const std::size_t* inputs = nullptr;  // each argument's rule_input()
  const SchemaOf* schemas = nullptr;    // each argument's parameter_schema()
  int status = 0;                       // see Binding
};

template <bool with_request, class F, class... A, std::size_t... I>
TypedHandler typed_args(F f, std::index_sequence<I...>) {
  static constexpr Reader readers[] = {&read_into<std::decay_t<A>>..., nullptr};
  static constexpr std::size_t inputs[] = {rule_input<std::decay_t<A>>()..., kNoRuleInput};
  static constexpr SchemaOf schemas[] = {&parameter_schema<std::decay_t<A>>..., nullptr};
  using R = typename signature<F>::result;
  constexpr int status = std::is_void_v<R>                           ? 204
                         : std::is_same_v<std::decay_t<R>, Response> ? 0
                                                                     : 200;
  auto run = [f = std::move(f)](Request& req, const Names& names,
                                const Checks& checks) mutable -> Response {
    std::tuple<std::decay_t<A>...> values{};
    // One element more than the arguments: an array cannot be empty.
    void* const out[] = {&std::get<I>(values)..., nullptr};
    read_arguments(req, names, readers, out, checks);
    if constexpr (with_request) {
      return call(f, req, std::move(std::get<I>(values))...);
    } else {
      return call(f, std::move(std::get<I>(values))...);
    }
  };
  return {std::move(run), sizeof...(A), inputs, schemas, status};
}

template <bool with_request, class F, class... A>
TypedHandler typed_tuple(F f, std::tuple<A...>*) {
  static_assert((is_parameter_type<std::decay_t<A>>::value && ...), WEB_PARAMETER_TYPES);
  if constexpr ((is_parameter_type<std::decay_t<A>>::value && ...)) {
    return typed_args<with_request, F, A...>(std::move(f), std::index_sequence_for<A...>{});
  } else {
    return {};
  }
}

template <class First, class... Rest>
std::tuple<Rest...>* drop_first(std::tuple<First, Rest...>*) {
  return nullptr;
}

template <class F>
TypedHandler typed(F f) {
  using args = typename signature<F>::args;
  if constexpr (takes_request<args>()) {
    return typed_tuple<true>(std::move(f), drop_first(static_cast<args*>(nullptr)));
  } else {
    return typed_tuple<false>(std::move(f), static_cast<args*>(nullptr));
  }
}

// Binds the handler to its names. They and its arguments must match: as many, every <name> of
// the path among them, none twice, rules that apply to the arguments' types. Without names,
// the handler's arguments are the path's parameters, in order; a handler without arguments
// may ignore them (the labs' stubs do).
Binding bind(const std::string& path, std::optional<Names> names, TypedHandler handler);

}  // namespace detail
}  // namespace web
