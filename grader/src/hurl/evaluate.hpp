// What asserts and captures compute: a query on the response, its filters, then a predicate.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hurl/ast.hpp"
#include "hurl/http.hpp"
#include "hurl/template.hpp"

namespace grader::hurl {

// A value that cannot be computed: the body is not JSON, `count` on a string, ...
class EvalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The query's value after its filters, or none (no such header, no JSONPath match, no regex
// match). Throws EvalError.
std::optional<nlohmann::json> evaluate(const Query& query, const std::vector<Filter>& filters,
                                       const HttpResponse& response, const Variables& variables);

struct Verdict {
  bool passed = false;
  std::string expected;  // what the predicate wants, e.g. `== "hobbes"`, for messages
};

// Whether `actual` satisfies the predicate. A value of the wrong type (`startsWith` on a number)
// or no value fails, `not` or not: only `exists` accepts no value. Throws RenderError when the
// operand names an unknown variable.
Verdict check(const Predicate& predicate, const std::optional<nlohmann::json>& actual,
              const Variables& variables);

}  // namespace grader::hurl
