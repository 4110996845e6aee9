// Password hashes: bcrypt, as made and checked by Python's passlib (FlaskSimpleAuth's default).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace web {

// bcrypt reads at most this many bytes of a password and silently ignores the rest: longer
// passwords are refused rather than cut.
inline constexpr std::size_t max_password_bytes = 72;

// A new `$2b$` bcrypt hash of `password` with a random salt and 2^cost rounds (60 characters).
// Cost 4 takes about a millisecond, 12 about a quarter of a second. A cost outside 4..31, a
// password longer than max_password_bytes or holding a NUL byte throw std::invalid_argument
// (password_problem says which); a failure of libxcrypt, std::runtime_error.
std::string hash_password(std::string_view password, int cost);

// What makes a password impossible to hash faithfully ("" when nothing does).
std::string password_problem(std::string_view password);

// Whether `password` matches a `$2b$`, `$2a$` or `$2y$` bcrypt hash; false, never a throw, for
// a malformed hash, and for a password bcrypt would cut (so never a match on its first 72
// bytes alone). The comparison takes the same time wherever the hashes differ.
bool verify_password(std::string_view password, std::string_view hash);

}  // namespace web
