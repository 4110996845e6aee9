// How a typed handler becomes a Handler: its arguments are read from the request parameters
// by name, every problem is collected into one 400, then the checks that come after the
// parameters run (object permissions, before hooks), and its result becomes a Response.
// Mistakes in a declaration (a count that does not match, a path parameter left unnamed, a rule
// that cannot apply) are collected as the route's problems, reported when the server starts;
// an argument type that is not a parameter type stops the compilation with one message.
#pragma once

#include <cstddef>
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
          errors +=
              (errors.empty() ? "" : "\n") + ("parameter \"" + name.name() + "\" ") + rule->text();
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

template <class A>
std::optional<A> read_arg(const Request& req, const Name& name, std::string& errors) {
  std::string error;
  auto value = req.read<A>(name.name(), error, name.source());
  if (!error.empty()) errors += (errors.empty() ? "" : "\n") + error;
  if (value && !name.rules().empty()) check_rules(name, *value, errors);
  return value;
}

// Declaration problems that depend on the arguments' types: rules that cannot apply.
template <class... A, std::size_t... I>
void check_types([[maybe_unused]] const Names& names, std::vector<std::string>& problems,
                 std::index_sequence<I...>) {
  [[maybe_unused]] auto check = [&](const Name& name, std::size_t input) {
    for (const auto& rule : name.rules()) {
      if (!rule->problem().empty()) {
        problems.push_back("parameter \"" + name.name() + "\": " + rule->problem());
      } else if (input == kNoRuleInput || !rule->applies(input)) {
        problems.push_back("the rule on parameter \"" + name.name() +
                           "\" cannot apply to its argument's type: " + rule->text());
      }
    }
  };
  (check(names[I], rule_input<std::decay_t<A>>()), ...);
}

template <bool with_request, class F, class... A, std::size_t... I>
Handler bind_args(Names names, F f, std::index_sequence<I...>) {
  return [names = std::move(names), f = std::move(f)](Request& req,
                                                      const Checks& checks) mutable -> Response {
    std::string errors;
    std::tuple<std::optional<std::decay_t<A>>...> values{
        read_arg<std::decay_t<A>>(req, names[I], errors)...};
    if (!errors.empty()) throw Error(400, errors);
    checks(req);
    if constexpr (with_request) {
      return call(f, req, std::move(*std::get<I>(values))...);
    } else {
      return call(f, std::move(*std::get<I>(values))...);
    }
  };
}

template <bool with_request, class F, class... A>
Binding bind_tuple(Names names, F f, std::tuple<A...>*) {
  static_assert((is_parameter_type<std::decay_t<A>>::value && ...), WEB_PARAMETER_TYPES);
  Binding binding;
  if constexpr ((is_parameter_type<std::decay_t<A>>::value && ...)) {
    if (names.size() != sizeof...(A)) return binding;  // the count's problem is already said
    check_types<A...>(names, binding.problems, std::index_sequence_for<A...>{});
    for (const auto& n : names) binding.names.push_back(n.name());
    binding.handler = bind_args<with_request, F, A...>(std::move(names), std::move(f),
                                                       std::index_sequence_for<A...>{});
  }
  return binding;
}

template <class First, class... Rest>
std::tuple<Rest...>* drop_first(std::tuple<First, Rest...>*) {
  return nullptr;
}

// The names and the handler's arguments must match: as many, every <name> of the path among
// them, none twice. Without names, the handler's arguments are the path's parameters, in
// order; a handler without arguments may ignore them (the labs' stubs do).
std::vector<std::string> check_names(const std::vector<std::string>& path_params,
                                     const std::optional<Names>& names, std::size_t arguments,
                                     Names& out);

template <class F>
Binding bind(const std::vector<std::string>& path_params, std::optional<Names> names, F f) {
  using args = typename signature<F>::args;
  constexpr bool with_request = takes_request<args>();
  constexpr std::size_t wanted = std::tuple_size_v<args> - (with_request ? 1 : 0);
  Names checked;
  auto problems = check_names(path_params, names, wanted, checked);
  Binding binding;
  if constexpr (with_request) {
    binding =
        bind_tuple<true>(std::move(checked), std::move(f), drop_first(static_cast<args*>(nullptr)));
  } else {
    binding = bind_tuple<false>(std::move(checked), std::move(f), static_cast<args*>(nullptr));
  }
  problems.insert(problems.end(), binding.problems.begin(), binding.problems.end());
  binding.problems = std::move(problems);
  return binding;
}

}  // namespace detail
}  // namespace web
