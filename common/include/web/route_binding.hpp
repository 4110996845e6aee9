// How a typed handler becomes a Handler: its arguments are read from the request parameters
// by name, every problem is collected into one 400, then the checks that come after the
// parameters run (object permissions, before hooks), and its result becomes a Response.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "web/error.hpp"
#include "web/request.hpp"
#include "web/response.hpp"

namespace web {

// What runs between the parameters and the handler: object permissions, before hooks.
using Checks = std::function<void(Request&)>;
using Handler = std::function<Response(Request&, const Checks&)>;

namespace detail {

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

template <class T>
std::optional<T> read_arg(const Request& req, const std::string& name, std::string& errors) {
  std::string error;
  auto value = req.read<T>(name, error);
  if (!error.empty()) errors += (errors.empty() ? "" : "\n") + error;
  return value;
}

template <bool with_request, class F, class... A, std::size_t... I>
Handler bind_args(std::vector<std::string> names, F f, std::index_sequence<I...>) {
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
Handler bind_tuple(std::vector<std::string> names, F f, std::tuple<A...>*) {
  return bind_args<with_request, F, A...>(std::move(names), std::move(f),
                                          std::index_sequence_for<A...>{});
}

template <class First, class... Rest>
std::tuple<Rest...>* drop_first(std::tuple<First, Rest...>*) {
  return nullptr;
}

template <class F>
Handler bind(const std::string& where, std::vector<std::string> names, F f) {
  using args = typename signature<F>::args;
  constexpr std::size_t arity = std::tuple_size_v<args>;
  constexpr bool with_request = takes_request<args>();
  constexpr std::size_t wanted = arity - (with_request ? 1 : 0);
  if (names.size() != wanted) {
    throw std::logic_error("route " + where + ": the handler takes " + std::to_string(wanted) +
                           " parameter(s) but " + std::to_string(names.size()) +
                           " name(s) are given");
  }
  if constexpr (with_request) {
    return bind_tuple<true>(std::move(names), std::move(f),
                            drop_first(static_cast<args*>(nullptr)));
  } else {
    return bind_tuple<false>(std::move(names), std::move(f), static_cast<args*>(nullptr));
  }
}

}  // namespace detail
}  // namespace web
