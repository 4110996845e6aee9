#include "web/rules.hpp"

#include <optional>
#include <regex>

namespace web::detail {

struct Regex {
  std::optional<std::regex> regex;  // none when the text is not a regular expression
};

std::pair<std::shared_ptr<const Regex>, std::string> compile_pattern(const std::string& regex) {
  auto pattern = std::make_shared<Regex>();
  std::string problem;
  try {
    pattern->regex.emplace(regex);
  } catch (const std::regex_error& e) {
    problem = "pattern \"" + regex + "\" is not a regular expression: " + e.what();
  }
  return {std::move(pattern), std::move(problem)};
}

bool whole_match(const Regex& pattern, const std::string& text) {
  return pattern.regex && std::regex_match(text, *pattern.regex);
}

std::string bound_text(const json& bound) {
  return bound.dump();
}

}  // namespace web::detail
