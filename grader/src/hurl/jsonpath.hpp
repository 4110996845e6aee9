// The JSONPath subset of the course's Hurl files: `$`, `.name`, `['name']`, `["name"]`, `[N]`
// (negative N counts from the end), and the wildcards `[*]` and `.*`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace grader::hurl {

class JsonPath {
 public:
  JsonPath() = default;  // `$`: the whole document

  // Throws std::invalid_argument saying what is wrong, e.g. for filters or `..`.
  static JsonPath parse(std::string_view text);

  // As Hurl: a path without a wildcard gives the value itself, a path with one gives an array of
  // what matched (elements missing a later step are skipped). No value when a step before any
  // wildcard does not match.
  std::optional<nlohmann::json> evaluate(const nlohmann::json& document) const;

 private:
  struct Step {
    enum class Kind { name, index, wildcard };
    Kind kind = Kind::name;
    std::string name;
    std::int64_t index = 0;
  };
  // Appends to `out` what `step` selects in `value`; false when nothing matches.
  static bool select(const Step& step, const nlohmann::json& value,
                     std::vector<nlohmann::json>& out);

  std::vector<Step> steps_;
};

}  // namespace grader::hurl
