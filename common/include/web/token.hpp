// Authentication tokens, in FlaskSimpleAuth's two formats (config "token_type"):
//
// "fsa": realm:user:YYYYMMDDHHmmSS:signature, e.g. kiva:calvin:20380119031407:<32 hex digits>,
// valid until that UTC time.
//
// The signature is the first 16 bytes (32 lowercase hex digits, FlaskSimpleAuth's default
// length) of the HMAC-SHA256 of "realm:user:limit" keyed by the secret. FlaskSimpleAuth hashes
// "realm:user:limit:secret" with blake2s instead: the two do not accept each other's tokens,
// and a keyed MAC is the textbook construction.
//
// "jwt": a JSON Web Token (RFC 7519) signed with HS256 (HMAC-SHA256), header.payload.signature
// in base64url, whose claims are "exp" (the limit, seconds since 1970), "sub" (the user) and
// "iss" (the realm). FlaskSimpleAuth puts the realm in "aud"; the issuer is the app here.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace web {

// A token for `user` valid until `expiry`, to the second below. An empty realm, user or secret,
// or a ':' in the realm or the user throw std::invalid_argument.
std::string create_token(std::string_view realm, std::string_view user,
                         std::chrono::system_clock::time_point expiry, std::string_view secret);

// What check_token found: the user, or why the token is refused.
struct TokenCheck {
  enum class Kind { ok, malformed, bad_limit, other_realm, bad_signature, expired };
  enum class Format { fsa, jwt };
  Kind kind = Kind::malformed;
  Format format = Format::fsa;
  std::string user;                             // only when ok
  std::chrono::system_clock::time_point limit;  // only when ok: valid until then

  explicit operator bool() const { return kind == Kind::ok; }
  // FlaskSimpleAuth's words for a refusal, without the token it echoes: "invalid fsa token"
  // (not 4 fields, no user), "unexpected fsa token limit", "unexpected fsa token realm",
  // "invalid fsa auth token signature", "expired auth token"; for a JWT, "expired jwt auth
  // token" or else "invalid jwt token"; "" when ok.
  std::string_view message() const;
};

// Checks a token of `realm`, in FlaskSimpleAuth's order: its shape (4 fields, a user), its
// limit (a valid UTC date), its realm, its signature (in constant time), then whether `now` is
// past the limit, an instant: 12:00:00.001 is past 120000. An empty secret throws
// std::invalid_argument.
TokenCheck check_token(std::string_view token, std::string_view realm, std::string_view secret,
                       std::chrono::system_clock::time_point now);

// A JWT for `user` valid until `expiry` (to the second below), issued by `realm`. The same
// std::invalid_argument as create_token for an empty realm, user or secret.
std::string create_jwt(std::string_view realm, std::string_view user,
                       std::chrono::system_clock::time_point expiry, std::string_view secret);

// Checks a JWT in PyJWT's order: its shape (three base64url parts, JSON objects, alg HS256 and
// nothing else: "none" is refused), its signature (in constant time), "exp", then "iss" (the
// realm) and "sub" (a user).
TokenCheck check_jwt(std::string_view token, std::string_view realm, std::string_view secret,
                     std::chrono::system_clock::time_point now);

}  // namespace web
