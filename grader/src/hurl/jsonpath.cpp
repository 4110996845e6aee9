#include "hurl/jsonpath.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace grader::hurl {

using nlohmann::json;

namespace {

bool is_name_char(char c) {
  // Non-ASCII bytes are accepted so that UTF-8 names work in the dot notation.
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

[[noreturn]] void bad(std::string_view text, const std::string& why) {
  throw std::invalid_argument("bad JSONPath \"" + std::string(text) + "\": " + why);
}

}  // namespace

JsonPath JsonPath::parse(std::string_view text) {
  JsonPath path;
  if (text.empty() || text[0] != '$') bad(text, "it must start with $");
  std::size_t i = 1;
  while (i < text.size()) {
    Step step;
    if (text.compare(i, 2, "..") == 0) bad(text, "recursive descent (..) is not supported");
    if (text[i] == '.') {
      ++i;
      if (i < text.size() && text[i] == '*') {
        step.kind = Step::Kind::wildcard;
        ++i;
      } else {
        std::size_t start = i;
        while (i < text.size() && is_name_char(text[i])) ++i;
        if (i == start) bad(text, "a name must follow '.' (use ['a-b'] for other characters)");
        step.name = std::string(text.substr(start, i - start));
      }
    } else if (text[i] == '[') {
      ++i;
      if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
        char quote = text[i++];
        while (i < text.size() && text[i] != quote) {
          if (text[i] == '\\' && i + 1 < text.size()) ++i;
          step.name += text[i++];
        }
        if (i >= text.size()) bad(text, "unterminated quoted name");
        ++i;
      } else if (i < text.size() && text[i] == '*') {
        step.kind = Step::Kind::wildcard;
        ++i;
      } else {
        std::size_t start = i;
        if (i < text.size() && text[i] == '-') ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) ++i;
        auto [end, error] = std::from_chars(text.data() + start, text.data() + i, step.index);
        if (error != std::errc() || end != text.data() + i || i == start) {
          bad(text, "expected ['name'], [N] or [*] (filters, slices and unions are not supported)");
        }
        step.kind = Step::Kind::index;
      }
      if (i >= text.size() || text[i] != ']') {
        bad(text, "expected ] (filters, slices and unions are not supported)");
      }
      ++i;
    } else {
      bad(text, "unexpected '" + std::string(1, text[i]) + "'");
    }
    path.steps_.push_back(std::move(step));
  }
  return path;
}

bool JsonPath::select(const Step& step, const json& value, std::vector<json>& out) {
  switch (step.kind) {
    case Step::Kind::name: {
      if (!value.is_object()) return false;
      auto it = value.find(step.name);
      if (it == value.end()) return false;
      out.push_back(*it);
      return true;
    }
    case Step::Kind::index: {
      if (!value.is_array()) return false;
      auto size = static_cast<std::int64_t>(value.size());
      std::int64_t index = step.index < 0 ? size + step.index : step.index;
      if (index < 0 || index >= size) return false;
      out.push_back(value[static_cast<std::size_t>(index)]);
      return true;
    }
    case Step::Kind::wildcard:
      if (!value.is_array() && !value.is_object()) return false;
      for (const json& element : value) out.push_back(element);
      return true;
  }
  return false;
}

std::optional<json> JsonPath::evaluate(const json& document) const {
  std::vector<json> current{document};
  bool collection = false;
  for (const Step& step : steps_) {
    std::vector<json> next;
    for (const json& value : current) {
      if (!select(step, value, next) && !collection) return std::nullopt;
    }
    collection = collection || step.kind == Step::Kind::wildcard;
    current = std::move(next);
  }
  if (collection) return json(std::move(current));
  return current.front();
}

}  // namespace grader::hurl
