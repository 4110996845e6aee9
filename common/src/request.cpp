#include "web/request.hpp"

#include <strings.h>

namespace web {

Request::Request(std::string method, std::string_view target, Headers headers, std::string body)
    : method_(std::move(method)), headers_(std::move(headers)), body_(std::move(body)) {
  std::size_t question = target.find('?');
  path_ = std::string(target.substr(0, question));
  if (question != std::string_view::npos) query_ = std::string(target.substr(question + 1));
}

std::optional<std::string> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers_) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return std::nullopt;
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

}  // namespace web
