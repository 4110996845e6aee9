#include "app/request_decoding.hpp"

#include <strings.h>

#include <algorithm>

#include "http/multipart.hpp"
#include "web/url.hpp"

namespace web::detail {

namespace {

// The media type without parameters, lower case: "application/json; charset=utf-8" -> ...
bool media_type_is(const Request& request, std::string_view type) {
  auto header = request.header("Content-Type");
  if (!header) return false;
  std::string_view value = *header;
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value.size() == type.size() && strncasecmp(value.data(), type.data(), type.size()) == 0;
}

void add_text_pairs(Request& request, std::string_view text, std::string_view what) {
  std::string error;
  auto pairs = parse_urlencoded(text, error);
  if (!error.empty()) throw Error(400, "malformed " + std::string(what) + ": " + error);
  for (auto& [name, value] : pairs) request.add_param(std::move(name), {std::move(value), true});
}

}  // namespace

void decode_parameters(Request& request, const Captures& path_params) {
  for (const auto& [name, value] : path_params) request.add_param(name, {value, true});

  const std::string& body = request.body();
  if (!body.empty() && media_type_is(request, "application/json")) {
    std::string error;
    json parsed = parse_json(body, &error);
    if (parsed.is_discarded()) throw Error(400, "malformed JSON body: " + error);
    if (!parsed.is_object()) throw Error(400, "the JSON body must be an object of parameters");
    for (auto& [name, value] : parsed.items()) request.add_param(name, {value, false});
  } else if (!body.empty() && media_type_is(request, "application/x-www-form-urlencoded")) {
    add_text_pairs(request, body, "form body");
  } else if (media_type_is(request, "multipart/form-data")) {
    decode_multipart(request, *request.header("Content-Type"), body);
  }
  if (!request.query().empty()) add_text_pairs(request, request.query(), "query string");
}

}  // namespace web::detail
