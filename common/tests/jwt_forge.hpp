// JWTs of any header and claims, signed HS256 with OpenSSL's one-shot HMAC() and base64: code
// other than common's (EVP_MAC and its own base64url), for tokens that common never makes:
// claims of the wrong type, dates out of bounds... Jwt.TheForgeryOfOurClaimsIsOurToken checks
// it against create_jwt, itself checked against the openssl command.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <string_view>
#include <vector>

namespace test {

// Base64url without padding, from OpenSSL's standard base64.
inline std::string base64url(std::string_view bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  std::string text(out.begin(), out.begin() + n);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

// header.claims.signature, each part in base64url.
inline std::string signed_jwt(const std::string& header, const std::string& claims,
                              const std::string& secret) {
  std::string part = base64url(header) + '.' + base64url(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(part.data()), part.size(), mac, &length);
  return part + '.' + base64url(std::string_view(reinterpret_cast<const char*>(mac), length));
}

}  // namespace test
