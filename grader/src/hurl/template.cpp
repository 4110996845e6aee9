#include "hurl/template.hpp"

#include <algorithm>

#include "hurl/text.hpp"

namespace grader::hurl {

using nlohmann::json;

bool Template::has_variables() const {
  return std::any_of(parts.begin(), parts.end(), [](const Part& p) { return p.variable; });
}

std::string Template::literal() const {
  std::string out;
  for (const Part& part : parts) out += part.text;
  return out;
}

const json& lookup(const Variables& variables, const std::string& name) {
  auto it = variables.find(name);
  if (it == variables.end()) throw RenderError("unknown variable \"" + name + "\"");
  return it->second;
}

namespace {

std::string as_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : json_text(value);
}

std::string placeholder_value(const Template::Part& part, const Variables& variables) {
  const json& value = lookup(variables, part.text);
  switch (part.context) {
    case Template::Context::text:
      return as_text(value);
    case Template::Context::json_string: {
      // dump() escapes for JSON; drop the quotes it adds since the file already has them.
      std::string quoted = json_text(as_text(value));
      return quoted.substr(1, quoted.size() - 2);
    }
    case Template::Context::json_value: {
      std::string text = as_text(value);
      json parsed = json::parse(text, nullptr, false);
      if (parsed.is_discarded() ||
          !(parsed.is_number() || parsed.is_boolean() || parsed.is_null())) {
        throw RenderError("variable \"" + part.text + "\" is " + json_text(text) +
                          ", which is not a JSON number, boolean or null: put {{" + part.text +
                          "}} inside quotes to send it as a string");
      }
      return text;
    }
  }
  return {};
}

}  // namespace

std::string render(const Template& tpl, const Variables& variables) {
  std::string out;
  for (const Template::Part& part : tpl.parts) {
    out += part.variable ? placeholder_value(part, variables) : part.text;
  }
  return out;
}

}  // namespace grader::hurl
