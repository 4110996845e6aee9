// Text with {{name}} placeholders, rendered when an entry runs: variables come from the caller
// (base_url) and from earlier captures, so they are only known at run time.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace grader::hurl {

// Variables keep their JSON type: a captured number stays a number for `== {{n}}`.
using Variables = std::map<std::string, nlohmann::json, std::less<>>;

struct Template {
  // Where a placeholder sits decides how its value is written: as is in plain text, escaped
  // inside a JSON string, and only as a number, boolean or null as a bare JSON value (Hurl's rule,
  // which keeps a captured string from turning a JSON body into something else).
  enum class Context { text, json_string, json_value };
  struct Part {
    std::string text;  // literal text, or the variable's name
    bool variable = false;
    Context context = Context::text;
  };
  std::vector<Part> parts;

  bool has_variables() const;
  // The literal text, for templates known to have no placeholder.
  std::string literal() const;
};

// An unknown variable, or a value that cannot go where its placeholder is.
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A string variable is inserted raw, any other value as its JSON text. Throws RenderError.
std::string render(const Template& tpl, const Variables& variables);

// The value of a variable; throws RenderError naming it when it is unknown.
const nlohmann::json& lookup(const Variables& variables, const std::string& name);

}  // namespace grader::hurl
