#include "web/error.hpp"

namespace web {

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

}  // namespace

StartupError::StartupError(std::vector<std::string> problems)
    : std::runtime_error(joined(problems)), problems_(std::move(problems)) {}

void todo(std::string_view what) {
  throw Error(501, "not implemented: " + std::string(what));
}

}  // namespace web
