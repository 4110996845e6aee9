// Base64 (RFC 4648): the standard alphabet of HTTP Basic credentials and the URL-safe one,
// unpadded, of JSON Web Tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace web::detail {

enum class Base64 { standard, url };

std::string base64_encode(std::string_view bytes, Base64 alphabet);
// Standard: padding '=' is accepted and ignored. URL-safe: only the one canonical spelling,
// unpadded (RFC 7515 section 2): no '=', no length of 4n+1, the last character's unused bits
// zero. Anything else, or a byte outside the alphabet, gives std::nullopt.
std::optional<std::string> base64_decode(std::string_view text, Base64 alphabet);

}  // namespace web::detail
