// Rules a value must follow, on a model's field or on a route's parameter: the same objects,
// the same 400 naming the parameter and the rule (`parameter "tprice" must be at least 0`).
//
//   m.field("password", &User::password, web::min_length(4));           // a model's field
//   post("/things", AUTH, {"tname", {"tprice", web::minimum(0)}}, ...);  // a route's parameter
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "web/json.hpp"

namespace web {

// A rule: `text`, what the value must be, and the predicate that checks it. `problem` says
// what is wrong with the rule itself (a pattern that is not a regular expression): the route
// that has it does not start.
template <class Pred>
struct Rule {
  std::string text;
  Pred pred;
  std::string problem = {};
  // What the rule says in an OpenAPI schema ({"minimum": 0}); null for a rule of your own.
  json schema = nullptr;
  template <class V>
  bool ok(const V& v) const {
    return pred(v);
  }
};

template <class R>
struct is_rule : std::false_type {};
template <class Pred>
struct is_rule<Rule<Pred>> : std::true_type {};

// A rule of your own: rule("must not be blank", [](const std::string& s) { ... }). The
// predicate takes the value's type (on a route's parameter: the argument's type, or a
// `const web::json&` for lists, dates and models).
template <class Pred>
Rule<Pred> rule(std::string text, Pred pred) {
  return {std::move(text), std::move(pred)};
}

namespace detail {
// The same rule, described in an OpenAPI schema too.
template <class Pred>
Rule<Pred> described(Rule<Pred> rule, json schema) {
  rule.schema = std::move(schema);
  return rule;
}
}  // namespace detail

namespace detail {

// What the built-in rules measure. Lengths are in bytes for text, in elements for lists.
template <class V>
struct is_list : std::false_type {};
template <class E>
struct is_list<std::vector<E>> : std::true_type {};
template <class V>
concept has_length = std::same_as<V, std::string> || std::same_as<V, json> || is_list<V>::value;
inline std::size_t length_of(const std::string& s) {
  return s.size();
}
inline std::size_t length_of(const json& j) {
  return j.is_string() ? j.get_ref<const std::string&>().size() : j.size();
}
template <class V>
std::size_t length_of(const std::vector<V>& v) {
  return v.size();
}
template <class V>
concept is_number_value = std::is_arithmetic_v<V> && !std::is_same_v<V, bool>;

// A bound as the message shows it: minimum(0) "0", minimum(0.5) "0.5". Out of line: JSON's
// printer is long to compile.
std::string bound_text(const json& bound);

// a >= b for any two numbers, without the surprises of mixed signs (-1 >= 0u is true in C++).
template <class A, class B>
bool at_least(A a, B b) {
  if constexpr (std::is_integral_v<A> && std::is_integral_v<B>) {
    return std::cmp_greater_equal(a, b);
  } else {
    return static_cast<long double>(a) >= static_cast<long double>(b);
  }
}

}  // namespace detail

inline auto min_length(std::size_t n) {
  return detail::described(
      rule(
          "must have at least " + std::to_string(n) + " characters (or elements)",
          [n]<class V>(const V& v) requires detail::has_length<V> {
            return detail::length_of(v) >= n;
          }),
      json{{"minLength", n}});
}
inline auto max_length(std::size_t n) {
  return detail::described(
      rule(
          "must have at most " + std::to_string(n) + " characters (or elements)",
          [n]<class V>(const V& v) requires detail::has_length<V> {
            return detail::length_of(v) <= n;
          }),
      json{{"maxLength", n}});
}
inline auto non_empty() {
  return detail::described(
      rule(
          "must not be empty", []<class V>(const V& v) requires detail::has_length<V> {
            return detail::length_of(v) > 0;
          }),
      json{{"minLength", 1}});
}
template <class N>
requires detail::is_number_value<N>
auto minimum(N bound) {
  return detail::described(rule(
                               "must be at least " + detail::bound_text(bound),
                               [bound]<class V>(const V& v) requires detail::is_number_value<V> {
                                 return detail::at_least(v, bound);
                               }),
                           json{{"minimum", bound}});
}
template <class N>
requires detail::is_number_value<N>
auto maximum(N bound) {
  return detail::described(rule(
                               "must be at most " + detail::bound_text(bound),
                               [bound]<class V>(const V& v) requires detail::is_number_value<V> {
                                 return detail::at_least(bound, v);
                               }),
                           json{{"maximum", bound}});
}
namespace detail {
// A compiled regular expression, kept out of this header (<regex> is slow to compile).
struct Regex;
// The pattern, and "" or why it is not a regular expression (it then matches nothing).
std::pair<std::shared_ptr<const Regex>, std::string> compile_pattern(const std::string& regex);
bool whole_match(const Regex& pattern, const std::string& text);
}  // namespace detail

// The whole text matches an ECMAScript regular expression: pattern("[a-z]+"). `text` says it
// in words in the 400, e.g. pattern("[^:]+", "must be non-empty, without ':'").
inline auto pattern(const std::string& regex, std::string text = {}) {
  // A pair, not a structured binding: clang before 16 cannot capture one in a lambda.
  auto compiled = detail::compile_pattern(regex);
  auto pred = [re = compiled.first](const std::string& s) {
    return detail::whole_match(*re, s);
  };
  return Rule<decltype(pred)>{text.empty() ? "must match \"" + regex + "\"" : std::move(text),
                              std::move(pred), std::move(compiled.second),
                              json{{"pattern", "^(?:" + regex + ")$"}}};
}

namespace detail {

// A value as a rule on a route's parameter sees it, the argument's type erased: a number, a
// text, or the JSON of anything else (lists, dates, models, json).
using RuleInput =
    std::variant<std::int64_t, std::uint64_t, double, long double, const std::string*, const json*>;

class ValueRule {
 public:
  virtual ~ValueRule() = default;
  virtual const std::string& text() const = 0;
  virtual const std::string& problem() const = 0;  // see Rule
  virtual const json& schema() const = 0;          // see Rule
  // Whether the predicate takes values of that alternative of RuleInput (its index).
  virtual bool applies(std::size_t input) const = 0;
  virtual bool ok(const RuleInput& value) const = 0;
};

template <class Pred>
class ValueRuleOf : public ValueRule {
 public:
  explicit ValueRuleOf(Rule<Pred> rule) : rule_(std::move(rule)) {}
  const std::string& text() const override { return rule_.text; }
  const std::string& problem() const override { return rule_.problem; }
  const json& schema() const override { return rule_.schema; }
  bool applies(std::size_t input) const override {
    switch (input) {
      case 0:
        return takes<std::int64_t>;
      case 1:
        return takes<std::uint64_t>;
      case 2:
        return takes<double>;
      case 3:
        return takes<long double>;
      case 4:
        return takes<std::string>;
      default:
        return takes<json>;
    }
  }
  bool ok(const RuleInput& value) const override {
    return std::visit(
        [this](const auto& v) -> bool {
          using V = std::remove_cv_t<std::remove_pointer_t<std::decay_t<decltype(v)>>>;
          if constexpr (!takes<V>) {
            return true;  // refused when the route was declared
          } else if constexpr (std::is_pointer_v<std::decay_t<decltype(v)>>) {
            return rule_.ok(*v);
          } else {
            return rule_.ok(v);
          }
        },
        value);
  }

 private:
  template <class V>
  static constexpr bool takes = std::is_invocable_r_v<bool, const Pred&, const V&>;
  Rule<Pred> rule_;
};

template <class Pred>
std::shared_ptr<const ValueRule> erase_rule(Rule<Pred> rule) {
  return std::make_shared<const ValueRuleOf<Pred>>(std::move(rule));
}

}  // namespace detail
}  // namespace web
