#include "web/request.hpp"

#include <strings.h>

namespace web {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

Request::Request(std::string method, std::string_view target, Headers headers, std::string body)
    : method_(std::move(method)), headers_(std::move(headers)), body_(std::move(body)) {
  std::size_t question = target.find('?');
  path_ = std::string(target.substr(0, question));
  if (question != std::string_view::npos) query_ = std::string(target.substr(question + 1));
}

std::optional<std::string> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers_) {
    if (same_name(key, name)) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto values = cookie_values(name);
  if (values.empty()) return std::nullopt;
  return values.front().value.get<std::string>();
}

bool Request::has(std::string_view name) const {
  return find(name) != nullptr;
}

void Request::add_param(std::string name, ParamValue value) {
  params_[std::move(name)].push_back(std::move(value));  // sources come by precedence
}

const ParamValue* Request::find(std::string_view name) const {
  const auto* values = find_all(name);
  return values == nullptr ? nullptr : &values->front();
}

const std::vector<ParamValue>* Request::find_all(std::string_view name) const {
  auto it = params_.find(name);
  return it == params_.end() ? nullptr : &it->second;
}

std::vector<ParamValue> Request::header_values(std::string_view name) const {
  std::vector<ParamValue> values;
  for (const auto& [key, value] : headers_) {
    if (same_name(key, name)) values.push_back({value, true});
  }
  return values;
}

// Cookie: a=1; AUTH=xyz (RFC 6265: pairs separated by "; ", a value may be in double quotes).
std::vector<ParamValue> Request::cookie_values(std::string_view name) const {
  std::vector<ParamValue> values;
  for (const auto& [key, header] : headers_) {
    if (!same_name(key, "Cookie")) continue;
    std::string_view rest = header;
    while (!rest.empty()) {
      auto end = rest.find(';');
      auto pair = rest.substr(0, end);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        auto value = pair.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
          value = value.substr(1, value.size() - 2);
        }
        values.push_back({std::string(value), true});
      }
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
  }
  return values;
}

}  // namespace web
