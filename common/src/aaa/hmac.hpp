// HMAC-SHA256, shared by the two token formats (fsa and jwt).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace web::detail {

// The 32 bytes of HMAC-SHA256(secret, data). Throws std::runtime_error if OpenSSL fails.
std::string hmac_sha256(std::string_view data, std::string_view secret);
// Its first `bytes` bytes (at most 32), in lowercase hex.
std::string hmac_sha256_hex(std::string_view data, std::string_view secret, std::size_t bytes);

}  // namespace web::detail
