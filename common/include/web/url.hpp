// Percent-encoding (RFC 3986) and application/x-www-form-urlencoded bodies and queries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace web {

// Decodes %XX escapes, and '+' as a space when `plus_is_space` (queries and forms, not paths).
// A malformed escape ("%G1", a trailing "%") gives std::nullopt.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space);

// Encodes everything but unreserved characters: "a b/c" -> "a%20b%2Fc".
std::string url_encode(std::string_view text);

// Splits "a=1&b=x+y" into decoded pairs; a name without '=' has an empty value. The first
// malformed piece is reported in `error`.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view text,
                                                                  std::string& error);

}  // namespace web
