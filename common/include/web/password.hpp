// Password hashes: bcrypt, as made and checked by Python's passlib (FlaskSimpleAuth's default).
#pragma once

#include <string>
#include <string_view>

namespace web {

// A new `$2b$` bcrypt hash of `password` with a random salt and 2^cost rounds (60 characters).
// Cost 4 takes about a millisecond, 12 about a quarter of a second. Only the first 72 bytes of
// the password count, as in every bcrypt. A cost outside 4..31 or a password holding a NUL
// byte throws std::invalid_argument; a failure of libxcrypt, std::runtime_error.
std::string hash_password(std::string_view password, int cost);

// Whether `password` matches a `$2b$`, `$2a$` or `$2y$` bcrypt hash; false, never a throw, for
// a malformed hash. The comparison takes the same time wherever the hashes differ.
bool verify_password(std::string_view password, std::string_view hash);

}  // namespace web
