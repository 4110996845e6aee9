// JSON Web Tokens (RFC 7519), HS256 only: the "jwt" token_type (see web/token.hpp).
#include <openssl/crypto.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

#include "aaa/base64.hpp"
#include "aaa/hmac.hpp"
#include "aaa/token_time.hpp"
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

// The signature of `signed_part`, in base64url.
std::string signature_of(std::string_view signed_part, std::string_view secret) {
  return detail::base64_encode(detail::hmac_sha256(signed_part, secret), Base64::url);
}

// The JSON object of a base64url part; null when it is not one. Read before the signature is
// checked, so parsed as any text from outside (parse_json: depth and numbers bounded).
json object_of(std::string_view part) {
  auto text = detail::base64_decode(part, Base64::url);
  if (!text) return nullptr;
  json value = parse_json(*text);
  return value.is_object() ? value : json(nullptr);
}

// A NumericDate (RFC 7519 section 2: seconds since 1970, maybe fractional) as a time point,
// bounded (detail::bounded_time); nothing when the claim is not a number.
std::optional<system_clock::time_point> date_of(const json& claim) {
  constexpr auto most = std::numeric_limits<std::int64_t>::max();
  if (claim.is_number_unsigned()) {
    auto value = claim.get<std::uint64_t>();
    return detail::bounded_time(value > std::uint64_t(most) ? most : std::int64_t(value));
  }
  if (claim.is_number_integer()) return detail::bounded_time(claim.get<std::int64_t>());
  if (!claim.is_number_float()) return std::nullopt;
  // Finite (parse_json refuses 1e400); any double beyond +-1e18 seconds is beyond the bounds.
  double value = std::clamp(std::floor(claim.get<double>()), -1e18, 1e18);
  return detail::bounded_time(static_cast<std::int64_t>(value));
}

// The claim `name`, null when absent.
const json& claim_of(const json& claims, const char* name) {
  static const json absent;
  auto it = claims.find(name);
  return it == claims.end() ? absent : *it;
}

}  // namespace

std::string create_jwt(std::string_view realm, std::string_view user,
                       system_clock::time_point expiry, std::string_view secret,
                       std::string_view stamp, std::string_view issuer,
                       const std::vector<std::string>& scopes) {
  require(realm, user, secret);
  json claims = {{"exp", duration_cast<seconds>(expiry.time_since_epoch()).count()},
                 {"sub", user},
                 {"iss", issuer.empty() ? realm : issuer}};
  if (!issuer.empty()) claims["aud"] = realm;
  if (!stamp.empty()) claims["password_stamp"] = stamp;
  if (!scopes.empty()) {
    std::string joined;
    for (const auto& scope : scopes) {
      if (scope.empty() || scope.find(' ') != std::string::npos)
        throw std::invalid_argument("a token scope must be non-empty, without spaces");
      joined += (joined.empty() ? "" : " ") + scope;
    }
    claims["scope"] = joined;
  }
  std::string signed_part = detail::base64_encode(header, Base64::url) + '.' +
                            detail::base64_encode(claims.dump(), Base64::url);
  return signed_part + '.' + signature_of(signed_part, secret);
}

TokenCheck check_jwt(std::string_view token, std::string_view realm, std::string_view secret,
                     system_clock::time_point now, std::string_view issuer) {
  using Kind = TokenCheck::Kind;
  auto refused = [](Kind kind) {
    return TokenCheck{kind, TokenCheck::Format::jwt, "", {}, "", {}};
  };
  if (secret.empty()) throw std::invalid_argument("a token secret cannot be empty");
  auto first = token.find('.'), last = token.rfind('.');
  if (first == std::string_view::npos || first == last || token.find('.', first + 1) != last) {
    return refused(Kind::malformed);
  }
  json head = object_of(token.substr(0, first));
  // Only HS256: a token that names another algorithm ("none", RS256...) is refused, whatever
  // its signature, so that a client never chooses how it is checked.
  if (head.is_null()) return refused(Kind::malformed);
  auto alg = head.find("alg");
  if (alg == head.end() || !alg->is_string() || *alg != "HS256") return refused(Kind::malformed);
  // Compared as text: a MAC has one base64url spelling, and another one (padding, a last
  // character whose unused bits are set) is not this server's.
  auto signature = token.substr(last + 1);
  std::string expected = signature_of(token.substr(0, last), secret);
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return refused(Kind::bad_signature);
  }

  json claims = object_of(token.substr(first + 1, last - first - 1));
  if (claims.is_null()) return refused(Kind::malformed);
  // Each claim of the right type when present; "exp" required (a token must expire).
  const json &exp = claim_of(claims, "exp"), &nbf = claim_of(claims, "nbf"),
             &iat = claim_of(claims, "iat"), &iss = claim_of(claims, "iss"),
             &sub = claim_of(claims, "sub"), &stamp = claim_of(claims, "password_stamp"),
             &aud = claim_of(claims, "aud"), &scope = claim_of(claims, "scope");
  auto limit = date_of(exp), start = date_of(nbf);
  if (!limit) return refused(Kind::bad_limit);
  if ((!nbf.is_null() && !start) || (!iat.is_null() && !date_of(iat)) || !iss.is_string() ||
      !sub.is_string() || sub.get_ref<const std::string&>().empty() ||
      !(stamp.is_null() || stamp.is_string()) || !(scope.is_null() || scope.is_string())) {
    return refused(Kind::malformed);
  }
  if (start && now < *start) return refused(Kind::not_yet_valid);  // RFC 7519 4.1.5
  if (now > *limit) return refused(Kind::expired);
  if (issuer.empty()) {
    if (iss.get_ref<const std::string&>() != realm) return refused(Kind::other_realm);
  } else {
    // FlaskSimpleAuth's layout, checked as PyJWT does: the issuer, and the realm as audience,
    // one string or one of an array's.
    bool audience = aud.is_string() ? aud.get_ref<const std::string&>() == realm
                                    : aud.is_array() && std::find(aud.begin(), aud.end(),
                                                                  json(realm)) != aud.end();
    if (iss.get_ref<const std::string&>() != issuer || !audience) return refused(Kind::other_realm);
  }
  std::vector<std::string> scopes;
  if (scope.is_string()) {
    const auto& text = scope.get_ref<const std::string&>();
    for (std::size_t from = 0; from <= text.size();) {
      auto space = std::min(text.find(' ', from), text.size());
      if (space > from) scopes.emplace_back(text.substr(from, space - from));
      from = space + 1;
    }
  }
  return {Kind::ok,
          TokenCheck::Format::jwt,
          sub.get<std::string>(),
          *limit,
          stamp.is_string() ? stamp.get<std::string>() : "",
          std::move(scopes)};
}

}  // namespace web
