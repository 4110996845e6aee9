// Authentication tokens, in FlaskSimpleAuth's two formats (config "token_type"):
//
// "fsa": realm:user:YYYYMMDDHHmmSS:signature, e.g. kiva:calvin:20380119031407:<32 hex digits>,
// valid until that UTC time; with a stamp (below), realm:user:YYYYMMDDHHmmSS:stamp:signature.
//
// The signature is the first 16 bytes (32 lowercase hex digits, FlaskSimpleAuth's default
// length) of the HMAC-SHA256 of "realm:user:limit" keyed by the secret. FlaskSimpleAuth hashes
// "realm:user:limit:secret" with blake2s instead: the two do not accept each other's tokens,
// and a keyed MAC is the textbook construction.
//
// "jwt": a JSON Web Token (RFC 7519) signed with HS256 (HMAC-SHA256), header.payload.signature
// in base64url, whose claims are "exp" (the limit, seconds since 1970), "sub" (the user) and
// "iss" (the realm), and "password_stamp" with a stamp. With an issuer (the config's
// token_issuer, FlaskSimpleAuth's FSA_TOKEN_ISSUER), FlaskSimpleAuth's layout instead: "iss" is
// the issuer and "aud" the realm. An optional "scope" claim lists OAuth 2 scopes, separated by
// spaces (RFC 8693).
//
// A stamp is any text (without ':') signed with the rest: the config's token_after_password
// stamps each token with a MAC of its user's password hash (security.cpp), so that a password
// change revokes the tokens made before it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace web {

// What App::create_token may change of a token (FlaskSimpleAuth's create_token(user, realm=,
// delay=, scope=)): create_token(user, {.realm = "mfa", .delay = std::chrono::minutes(1)}).
struct TokenOptions {
  // Each with its default member initializer: GCC then accepts designated initializers that
  // leave some out (-Wmissing-field-initializers).
  std::string realm = {};                          // "": the config's realm
  std::optional<std::chrono::seconds> delay = {};  // none: the config's token_delay
  std::vector<std::string> scopes = {};            // OAuth 2 scopes, a JWT's "scope" claim
};

// A token for `user` valid until `expiry`, to the second below, with `stamp` unless it is
// empty. An empty realm, user or secret, or a ':' in the realm, the user or the stamp throw
// std::invalid_argument.
std::string create_token(std::string_view realm, std::string_view user,
                         std::chrono::system_clock::time_point expiry, std::string_view secret,
                         std::string_view stamp = {});

// What check_token found: the user, or why the token is refused.
struct TokenCheck {
  enum class Kind { ok, malformed, bad_limit, other_realm, bad_signature, expired, not_yet_valid };
  enum class Format { fsa, jwt };
  Kind kind = Kind::malformed;
  Format format = Format::fsa;
  std::string user;                             // only when ok
  std::chrono::system_clock::time_point limit;  // only when ok: valid until then
  std::string stamp;                            // only when ok: the token's stamp, "" if none
  std::vector<std::string> scopes;              // only when ok: a JWT's "scope" claim, split

  explicit operator bool() const { return kind == Kind::ok; }
  // FlaskSimpleAuth's words for a refusal, without the token it echoes: "invalid fsa token"
  // (not 4 fields, no user), "unexpected fsa token limit", "unexpected fsa token realm",
  // "invalid fsa auth token signature", "expired auth token"; for a JWT, "expired jwt auth
  // token" or else "invalid jwt token"; "" when ok.
  std::string_view message() const;
};

// Checks a token of `realm`, in FlaskSimpleAuth's order: its shape (4 fields, or 5 with a
// stamp; a user), its limit (a valid UTC date), its realm, its signature (in constant time),
// then whether `now` is past the limit, an instant: 12:00:00.001 is past 120000. A limit past
// 2262 is taken as the last time a time point holds. An empty secret throws
// std::invalid_argument. The stamp is the caller's to compare.
TokenCheck check_token(std::string_view token, std::string_view realm, std::string_view secret,
                       std::chrono::system_clock::time_point now);

// A JWT for `user` valid until `expiry` (to the second below), issued by `realm`; with an
// `issuer`, issued by it for the audience `realm`; with `scopes`, their "scope" claim. The same
// std::invalid_argument as create_token for an empty realm, user or secret, and for a scope
// that is empty or holds a space.
std::string create_jwt(std::string_view realm, std::string_view user,
                       std::chrono::system_clock::time_point expiry, std::string_view secret,
                       std::string_view stamp = {}, std::string_view issuer = {},
                       const std::vector<std::string>& scopes = {});

// Checks a JWT in PyJWT's order, refusing anything else than what create_jwt makes: its shape
// (three base64url parts, JSON objects, "alg" the string "HS256": "none" is refused), its
// signature (in constant time, and in base64url's one spelling: no '=', the last character's
// unused bits zero), the claims' types, then "nbf" (not before), "exp" (required), "iss" (the
// realm; with an `issuer`, "iss" the issuer and "aud" the realm, or an array holding it, as
// PyJWT checks them), "sub" (a user), "scope" (a string, when present). Dates are numbers of
// seconds, bounded as check_token's limit. Never throws for any token; an empty secret throws
// std::invalid_argument.
TokenCheck check_jwt(std::string_view token, std::string_view realm, std::string_view secret,
                     std::chrono::system_clock::time_point now, std::string_view issuer = {});

}  // namespace web
