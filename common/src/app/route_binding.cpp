#include "web/route_binding.hpp"

#include <algorithm>

namespace web::detail {

std::vector<std::string> path_parameters(std::string_view path) {
  std::vector<std::string> names;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (part.size() >= 2 && part.front() == '<' && part.back() == '>') {
      std::string_view name = part.substr(1, part.size() - 2);
      if (name.starts_with("path:")) name.remove_prefix(5);
      names.emplace_back(name);
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return names;
}

namespace {

std::string listed(const std::vector<std::string>& names, const char* open, const char* close) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + (open + n + close);
  return text;
}

// Rules that cannot apply to their argument's type (`inputs`: each one's rule_input()).
void check_types(const Names& names, const std::size_t* inputs,
                 std::vector<std::string>& problems) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Name& name = names[i];
    for (const auto& rule : name.rules()) {
      if (!rule->problem().empty()) {
        problems.push_back("parameter \"" + name.name() + "\": " + rule->problem());
      } else if (inputs[i] == kNoRuleInput || !rule->applies(inputs[i])) {
        problems.push_back("the rule on parameter \"" + name.name() +
                           "\" cannot apply to its argument's type: " + rule->text());
      }
    }
  }
}

// The names of the handler's arguments, in `out`, and what is wrong with them.
std::vector<std::string> check_names(const std::vector<std::string>& path_params,
                                     const std::optional<Names>& names, std::size_t arguments,
                                     Names& out) {
  std::vector<std::string> problems;
  if (!names) {
    // Without names, the path's parameters; a handler without arguments may ignore them.
    if (arguments == 0) return problems;
    if (arguments != path_params.size()) {
      problems.push_back("the handler takes " + std::to_string(arguments) +
                         " parameter(s), the path has " + std::to_string(path_params.size()) +
                         (path_params.empty() ? "" : " (" + listed(path_params, "<", ">") + ")") +
                         ": give the names of the handler's parameters, in order");
      return problems;
    }
    out.assign(path_params.begin(), path_params.end());
    return problems;
  }
  out = *names;
  std::vector<std::string> given;
  for (const auto& n : out) given.push_back(n.name());
  if (out.size() != arguments) {
    problems.push_back("the handler takes " + std::to_string(arguments) + " parameter(s) but " +
                       std::to_string(out.size()) + " name(s) are given (" +
                       listed(given, "\"", "\"") + ")");
  }
  for (const auto& p : path_params) {
    bool named = std::any_of(out.begin(), out.end(), [&](const Name& n) {
      return n.name() == p && n.source() == Source::param;
    });
    if (!named) {
      problems.push_back("<" + p + "> of the path is not among the names (" +
                         listed(given, "\"", "\"") + ")");
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (out[i].name() == out[j].name() && out[i].source() == out[j].source()) {
        problems.push_back("\"" + out[i].name() + "\" is named twice");
      }
    }
  }
  return problems;
}

}  // namespace

void read_arguments(Request& req, const Names& names, const Reader* readers, void* const* out,
                    const Checks& checks) {
  std::string errors;
  for (std::size_t i = 0; i < names.size(); ++i) readers[i](req, names[i], out[i], errors);
  if (!errors.empty()) throw Error(400, errors);
  checks(req);
}

Binding bind(const std::string& path, std::optional<Names> names, TypedHandler handler) {
  Names checked;
  Binding binding;
  binding.problems = check_names(path_parameters(path), names, handler.arguments, checked);
  binding.status = handler.status;
  // A count that does not match is already a problem; without a handler the route never runs.
  if (!handler.call || checked.size() != handler.arguments) return binding;
  check_types(checked, handler.inputs, binding.problems);
  for (const auto& n : checked) binding.names.push_back(n.name());
  binding.params = checked;
  for (std::size_t i = 0; i < checked.size(); ++i) binding.schemas.push_back(handler.schemas[i]());
  binding.status = handler.status;
  binding.handler = [call = std::move(handler.call), names = std::move(checked)](
                        Request& req, const Checks& checks) {
    return call(req, names, checks);
  };
  return binding;
}

#define WEB_READER(T)                                                           \
  template void read_into<T>(const Request&, const Name&, void*, std::string&); \
  template void read_into<std::optional<T>>(const Request&, const Name&, void*, std::string&);
WEB_COMMON_READERS(WEB_READER)
#undef WEB_READER

}  // namespace web::detail
