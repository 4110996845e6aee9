// JSON Web Tokens (RFC 7519), HS256 only: the "jwt" token_type (see web/token.hpp).
#include <openssl/crypto.h>

#include <stdexcept>

#include "base64.hpp"
#include "hmac.hpp"
#include "web/json.hpp"
#include "web/token.hpp"

namespace web {

namespace {

using namespace std::chrono;
using detail::Base64;

// The header of every token made here; a token's own header is read, not compared to it.
constexpr std::string_view header = R"({"alg":"HS256","typ":"JWT"})";

void require(std::string_view realm, std::string_view user, std::string_view secret) {
  if (secret.empty()) throw std::invalid_argument("a token secret cannot be empty");
  if (realm.empty()) throw std::invalid_argument("a token realm must be non-empty");
  if (user.empty()) throw std::invalid_argument("a token user must be non-empty");
}

// The JSON object of a base64url part; null when it is not one.
json object_of(std::string_view part) {
  auto text = detail::base64_decode(part, Base64::url);
  if (!text) return nullptr;
  json value = json::parse(*text, nullptr, false);
  return value.is_object() ? value : json(nullptr);
}

}  // namespace

std::string create_jwt(std::string_view realm, std::string_view user,
                       system_clock::time_point expiry, std::string_view secret) {
  require(realm, user, secret);
  json claims = {{"exp", duration_cast<seconds>(expiry.time_since_epoch()).count()},
                 {"sub", user},
                 {"iss", realm}};
  std::string signed_part = detail::base64_encode(header, Base64::url) + '.' +
                            detail::base64_encode(claims.dump(), Base64::url);
  return signed_part + '.' +
         detail::base64_encode(detail::hmac_sha256(signed_part, secret), Base64::url);
}

TokenCheck check_jwt(std::string_view token, std::string_view realm, std::string_view secret,
                     system_clock::time_point now) {
  using Kind = TokenCheck::Kind;
  auto refused = [](Kind kind) {
    return TokenCheck{kind, TokenCheck::Format::jwt, "", {}};
  };
  if (secret.empty()) throw std::invalid_argument("a token secret cannot be empty");
  auto first = token.find('.'), last = token.rfind('.');
  if (first == std::string_view::npos || first == last || token.find('.', first + 1) != last) {
    return refused(Kind::malformed);
  }
  json head = object_of(token.substr(0, first));
  // Only HS256: a token that names another algorithm ("none", RS256...) is refused, whatever
  // its signature, so that a client never chooses how it is checked.
  if (head.is_null() || head.value("alg", "") != "HS256") return refused(Kind::malformed);
  auto signature = detail::base64_decode(token.substr(last + 1), Base64::url);
  std::string expected = detail::hmac_sha256(token.substr(0, last), secret);
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return refused(Kind::bad_signature);
  }
  json claims = object_of(token.substr(first + 1, last - first - 1));
  if (claims.is_null()) return refused(Kind::malformed);
  // A limit within years 1970..9999, so that the time point below cannot overflow.
  constexpr std::int64_t last_second = 253402300799;
  const json& exp = claims["exp"];
  if (!exp.is_number_integer() || exp.get<std::int64_t>() < 0 ||
      exp.get<std::int64_t>() > last_second) {
    return refused(Kind::bad_limit);
  }
  auto limit = system_clock::time_point(seconds(exp.get<std::int64_t>()));
  if (now > limit) return refused(Kind::expired);
  if (claims.value("iss", "") != realm) return refused(Kind::other_realm);
  const json& sub = claims["sub"];
  if (!sub.is_string() || sub.get_ref<const std::string&>().empty()) {
    return refused(Kind::malformed);
  }
  return {Kind::ok, TokenCheck::Format::jwt, sub.get<std::string>(), limit};
}

}  // namespace web
