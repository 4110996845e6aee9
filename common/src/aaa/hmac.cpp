#include "aaa/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/params.h>

#include <stdexcept>

namespace web::detail {

namespace {

// HMAC-SHA256 with a context kept keyed per thread: keying (hashing the secret into the two
// pads) is most of the cost of a short message's MAC, ~2.3 us against ~0.7 us re-used.
class Mac {
 public:
  Mac() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)), ctx_(EVP_MAC_CTX_new(mac_)) {
    if (!ctx_) throw std::runtime_error("no HMAC in OpenSSL");
  }
  ~Mac() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  Mac(const Mac&) = delete;
  Mac& operator=(const Mac&) = delete;

  // The MAC of `data` into `out` (EVP_MAX_MD_SIZE bytes).
  void sign(std::string_view data, std::string_view secret, unsigned char* out) {
    bool keyed = false;
    if (secret != key_) {
      char digest[] = "SHA256";
      OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                             OSSL_PARAM_construct_end()};
      key_.clear();  // until the new key is in place
      keyed = EVP_MAC_init(ctx_, reinterpret_cast<const unsigned char*>(secret.data()),
                           secret.size(), params);
      if (keyed) key_ = secret;
    } else {
      keyed = EVP_MAC_init(ctx_, nullptr, 0, nullptr);  // the same key, a new message
    }
    std::size_t length = 0;
    if (!keyed ||
        !EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(data.data()), data.size()) ||
        !EVP_MAC_final(ctx_, out, &length, EVP_MAX_MD_SIZE)) {
      key_.clear();
      throw std::runtime_error("HMAC-SHA256 failed");
    }
  }

 private:
  EVP_MAC* mac_;
  EVP_MAC_CTX* ctx_;
  std::string key_;  // the secret the context is keyed with
};

}  // namespace

std::string hmac_sha256(std::string_view data, std::string_view secret) {
  thread_local Mac mac;
  unsigned char out[EVP_MAX_MD_SIZE];
  mac.sign(data, secret, out);
  return std::string(reinterpret_cast<const char*>(out), 32);
}

std::string hmac_sha256_hex(std::string_view data, std::string_view secret, std::size_t bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : hmac_sha256(data, secret).substr(0, bytes)) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0xf];
  }
  return hex;
}

}  // namespace web::detail
