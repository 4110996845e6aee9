#include "web/found.hpp"

#include <string>

#include "web/error.hpp"

namespace web {

namespace {

[[noreturn]] void not_found(std::string_view what, const json& id) {
  std::string shown = id.is_string() ? id.get<std::string>() : id.dump();
  throw Error(404, "no such " + std::string(what) + ": " + shown);
}

}  // namespace

json found(json value, std::string_view what, const json& id) {
  if (value.is_null() || (value.is_number() && value == 0)) not_found(what, id);
  return value;
}

std::int64_t found(std::int64_t rows, std::string_view what, const json& id) {
  if (rows == 0) not_found(what, id);
  return rows;
}

}  // namespace web
