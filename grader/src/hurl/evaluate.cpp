#include "hurl/evaluate.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "hurl/text.hpp"

namespace grader::hurl {

using nlohmann::json;

namespace {

// libstdc++'s std::regex recurses once per character: longer text overflows the stack (about
// 16 KiB under AddressSanitizer), so it is refused with a message instead.
constexpr std::size_t kMaxRegexText = 4096;

bool search(const std::string& text, const std::regex& pattern, std::smatch& match) {
  if (text.size() > kMaxRegexText) {
    throw EvalError("regexes look at 4096 bytes at most, and this text has " +
                    std::to_string(text.size()) + ": use jsonpath, contains or startsWith");
  }
  return std::regex_search(text, match, pattern);
}

std::optional<json> query_value(const Query& query, const HttpResponse& response,
                                const Variables& variables) {
  switch (query.kind) {
    case Query::Kind::status:
      return json(response.status);
    case Query::Kind::header: {
      std::vector<std::string> values = response.header_values(query.argument);
      if (values.empty()) return std::nullopt;
      return values.size() == 1 ? json(values.front()) : json(values);
    }
    case Query::Kind::body:
      return json(response.body);
    case Query::Kind::jsonpath: {
      json document = json::parse(response.body, nullptr, false);
      if (document.is_discarded()) {
        throw EvalError("the response body is not JSON: " + excerpt(response.body));
      }
      return query.path.evaluate(document);
    }
    case Query::Kind::regex: {
      std::smatch match;
      if (!search(response.body, query.pattern, match) || !match[1].matched) {
        return std::nullopt;
      }
      return json(match[1].str());
    }
    case Query::Kind::variable: {
      auto it = variables.find(query.argument);
      if (it == variables.end()) return std::nullopt;
      return it->second;
    }
    case Query::Kind::duration:
      return json(response.duration.count());
  }
  return std::nullopt;
}

json to_int(const json& value) {
  if (value.is_number_integer()) return value;
  if (value.is_number_float()) {
    double d = value.get<double>();
    constexpr auto kLimit = static_cast<double>(std::numeric_limits<std::int64_t>::max());
    if (std::isfinite(d) && std::abs(d) < kLimit) return json(static_cast<std::int64_t>(d));
  } else if (value.is_string()) {
    std::string_view text = value.get_ref<const std::string&>();
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    std::int64_t n = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (!text.empty() && error == std::errc() && end == text.data() + text.size()) return json(n);
  }
  throw EvalError("toInt: " + excerpt(json_text(value)) + " is not an integer");
}

json apply_filter(const Filter& filter, const json& value) {
  switch (filter.kind) {
    case Filter::Kind::count:
      if (!value.is_array()) {
        throw EvalError("count needs a collection, not " + excerpt(json_text(value)));
      }
      return json(value.size());
    case Filter::Kind::nth:
      if (!value.is_array()) {
        throw EvalError("nth needs a collection, not " + excerpt(json_text(value)));
      }
      if (static_cast<std::size_t>(filter.index) >= value.size()) {
        throw EvalError("nth " + std::to_string(filter.index) + ": the collection has " +
                        std::to_string(value.size()) + " element(s)");
      }
      return value[static_cast<std::size_t>(filter.index)];
    case Filter::Kind::to_int:
      return to_int(value);
  }
  return value;
}

std::string_view name_of(Predicate::Kind kind) {
  using K = Predicate::Kind;
  switch (kind) {
    case K::equal:
      return "==";
    case K::not_equal:
      return "!=";
    case K::greater:
      return ">";
    case K::greater_or_equal:
      return ">=";
    case K::less:
      return "<";
    case K::less_or_equal:
      return "<=";
    case K::contains:
      return "contains";
    case K::starts_with:
      return "startsWith";
    case K::ends_with:
      return "endsWith";
    case K::matches:
      return "matches";
    case K::exists:
      return "exists";
    case K::is_empty:
      return "isEmpty";
    case K::is_integer:
      return "isInteger";
    case K::is_string:
      return "isString";
    case K::is_boolean:
      return "isBoolean";
    case K::is_collection:
      return "isCollection";
  }
  return "?";
}

json operand_value(const Operand& operand, const Variables& variables) {
  if (const json* literal = std::get_if<json>(&operand)) return *literal;
  if (const Template* text = std::get_if<Template>(&operand)) return json(render(*text, variables));
  return lookup(variables, std::get<VariableRef>(operand).name);
}

// -1, 0 or 1; both are numbers.
int compare_numbers(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    auto x = a.get<std::int64_t>();
    auto y = b.get<std::int64_t>();
    return (x > y) - (x < y);
  }
  auto x = a.get<double>();
  auto y = b.get<double>();
  return (x > y) - (x < y);
}

// The result of a predicate before `not`; a type mismatch says what type was needed.
struct Outcome {
  bool holds = false;
  const char* needs = nullptr;
};

Outcome test(const Predicate& predicate, const json& actual, const json& operand) {
  using K = Predicate::Kind;
  switch (predicate.kind) {
    case K::equal:
      return {actual == operand};
    case K::not_equal:
      return {actual != operand};
    case K::greater:
    case K::greater_or_equal:
    case K::less:
    case K::less_or_equal: {
      if (!actual.is_number() || !operand.is_number()) return {false, "numbers"};
      int c = compare_numbers(actual, operand);
      bool holds = predicate.kind == K::greater            ? c > 0
                   : predicate.kind == K::greater_or_equal ? c >= 0
                   : predicate.kind == K::less             ? c < 0
                                                           : c <= 0;
      return {holds};
    }
    case K::contains:
      if (actual.is_array())
        return {std::find(actual.begin(), actual.end(), operand) != actual.end()};
      if (actual.is_string() && operand.is_string()) {
        return {actual.get_ref<const std::string&>().find(operand.get_ref<const std::string&>()) !=
                std::string::npos};
      }
      return {false, "a collection, or a string and a string to find in it"};
    case K::starts_with:
    case K::ends_with: {
      if (!actual.is_string()) return {false, "a string"};
      const auto& text = actual.get_ref<const std::string&>();
      const auto& part = operand.get_ref<const std::string&>();
      bool fits = text.size() >= part.size();
      return {fits && (predicate.kind == K::starts_with
                           ? text.compare(0, part.size(), part) == 0
                           : text.compare(text.size() - part.size(), part.size(), part) == 0)};
    }
    case K::matches: {
      if (!actual.is_string()) return {false, "a string"};
      std::smatch match;
      return {search(actual.get_ref<const std::string&>(), predicate.pattern, match)};
    }
    case K::is_empty:
      if (!actual.is_string() && !actual.is_array() && !actual.is_object()) {
        return {false, "a string or a collection"};
      }
      return {actual.is_string() ? actual.get_ref<const std::string&>().empty() : actual.empty()};
    case K::is_integer:
      return {actual.is_number_integer()};
    case K::is_string:
      return {actual.is_string()};
    case K::is_boolean:
      return {actual.is_boolean()};
    case K::is_collection:
      return {actual.is_array() || actual.is_object()};
    case K::exists:
      return {true};
  }
  return {};
}

}  // namespace

std::optional<json> evaluate(const Query& query, const std::vector<Filter>& filters,
                             const HttpResponse& response, const Variables& variables) {
  std::optional<json> value = query_value(query, response, variables);
  for (const Filter& filter : filters) {
    if (!value) break;
    value = apply_filter(filter, *value);
  }
  return value;
}

Verdict check(const Predicate& predicate, const std::optional<json>& actual,
              const Variables& variables) {
  Verdict verdict;
  json operand = predicate.operand ? operand_value(*predicate.operand, variables) : json();
  verdict.expected = predicate.negated ? "not " : "";
  verdict.expected += name_of(predicate.kind);
  if (predicate.operand) verdict.expected.append(" ").append(excerpt(json_text(operand)));
  if (predicate.kind == Predicate::Kind::exists) {
    verdict.passed = actual.has_value() != predicate.negated;
    return verdict;
  }
  if (!actual) return verdict;
  Outcome outcome = test(predicate, *actual, operand);
  if (outcome.needs != nullptr) {
    verdict.expected += std::string(" (on ") + outcome.needs + ")";
    return verdict;
  }
  verdict.passed = outcome.holds != predicate.negated;
  return verdict;
}

}  // namespace grader::hurl
