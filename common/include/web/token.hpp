// Authentication tokens in FlaskSimpleAuth's "fsa" format: realm:user:YYYYMMDDHHmmSS:signature,
// e.g. kiva:calvin:20380119031407:<32 hex digits>, valid until that UTC time.
//
// The signature is the first 16 bytes (32 lowercase hex digits, FlaskSimpleAuth's default
// length) of the HMAC-SHA256 of "realm:user:limit" keyed by the secret. FlaskSimpleAuth hashes
// "realm:user:limit:secret" with blake2s instead: the two do not accept each other's tokens,
// and a keyed MAC is the textbook construction.
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
  Kind kind = Kind::malformed;
  std::string user;                             // only when ok
  std::chrono::system_clock::time_point limit;  // only when ok: valid until then

  explicit operator bool() const { return kind == Kind::ok; }
  // FlaskSimpleAuth's words for a refusal, without the token it echoes: "invalid fsa token"
  // (not 4 fields, no user), "unexpected fsa token limit", "unexpected fsa token realm",
  // "invalid fsa auth token signature", "expired auth token"; "" when ok.
  std::string_view message() const;
};

// Checks a token of `realm`, in FlaskSimpleAuth's order: its shape (4 fields, a user), its
// limit (a valid UTC date), its realm, its signature (in constant time), then whether `now` is
// past the limit, an instant: 12:00:00.001 is past 120000. An empty secret throws
// std::invalid_argument.
TokenCheck check_token(std::string_view token, std::string_view realm, std::string_view secret,
                       std::chrono::system_clock::time_point now);

}  // namespace web
