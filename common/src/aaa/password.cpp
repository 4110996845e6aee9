#include "web/password.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <memory>
#include <stdexcept>

namespace web {

namespace {

constexpr std::size_t bcrypt_length = 60;  // "$2b$" "04" "$" 22 of salt, 31 of hash

// libxcrypt's scratch space is ~32 KiB: too big for a server thread's stack.
using CryptData = std::unique_ptr<crypt_data>;

// crypt_rn's hash of `password` with `setting` (a salt or a whole hash); null on failure.
const char* bcrypt(const CryptData& data, std::string_view password, std::string_view setting) {
  return crypt_rn(std::string(password).c_str(), std::string(setting).c_str(), data.get(),
                  sizeof(crypt_data));
}

bool is_bcrypt_prefix(std::string_view hash) {
  return hash.starts_with("$2b$") || hash.starts_with("$2a$") || hash.starts_with("$2y$");
}

}  // namespace

std::string password_problem(std::string_view password) {
  if (password.find('\0') != std::string_view::npos) return "a password cannot hold a NUL byte";
  if (password.size() > max_password_bytes) {
    return "password too long: at most " + std::to_string(max_password_bytes) + " bytes";
  }
  return "";
}

std::string hash_password(std::string_view password, int cost) {
  if (cost < 4 || cost > 31)
    throw std::invalid_argument("bcrypt cost must be in 4..31, not " + std::to_string(cost));
  if (auto problem = password_problem(password); !problem.empty())
    throw std::invalid_argument(problem);
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  // No random bytes given: libxcrypt takes them from the system (getrandom).
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), nullptr, 0, salt, sizeof salt))
    throw std::runtime_error("crypt_gensalt_rn failed");
  auto data = std::make_unique<crypt_data>();
  const char* hash = bcrypt(data, password, salt);
  if (!hash || *hash == '*') throw std::runtime_error("crypt_rn failed");
  return hash;
}

bool verify_password(std::string_view password, std::string_view hash) {
  // Refuse other schemes libxcrypt knows, e.g. DES or the buggy `$2x$`, before hashing.
  if (hash.size() != bcrypt_length || !is_bcrypt_prefix(hash)) return false;
  if (!password_problem(password).empty()) return false;
  auto data = std::make_unique<crypt_data>();
  const char* computed = bcrypt(data, password, hash);
  // On a bad setting crypt_rn returns null, or a "*0"-like token that cannot match.
  if (!computed || std::string_view(computed).size() != hash.size()) return false;
  return CRYPTO_memcmp(computed, hash.data(), hash.size()) == 0;
}

}  // namespace web
