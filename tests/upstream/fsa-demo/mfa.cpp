// demo/mfa.py: multi-factor authentication, on PostgreSQL only (its queries' NOW() and
// INTERVAL). A password gives a 1-minute token of realm "mfa"; that token, with a one-time code
// (written to ./LOGIN_code.txt, where the demo's tests read it, for want of a text message) or
// a TOTP of the user's secret (RFC 6238, as pyotp), gives the app's own token.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>

#include "demo.hpp"

using web::json, web::AUTH;

namespace {

// pyotp's base32 decoding of a secret (padding optional, leftover bits dropped).
std::string base32_decode(const std::string& text) {
  std::string bytes;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
    if (v < 0) continue;
    bits = (bits << 5) | static_cast<std::uint32_t>(v);
    count += 5;
    if (count >= 8) {
      count -= 8;
      bytes += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return bytes;
}

// RFC 6238's TOTP (HMAC-SHA1, 30 s steps) of a base32 secret, `digits` long, at step `step`.
std::string totp(const std::string& secret, int digits, std::int64_t step) {
  std::string key = base32_decode(secret);
  unsigned char message[8];
  for (int i = 7; i >= 0; --i, step >>= 8) message[i] = static_cast<unsigned char>(step & 0xff);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac, &length);
  int offset = mac[length - 1] & 0x0f;
  std::uint64_t code = (static_cast<std::uint64_t>(mac[offset] & 0x7f) << 24) |
                       (static_cast<std::uint64_t>(mac[offset + 1]) << 16) |
                       (static_cast<std::uint64_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint64_t modulo = 1;
  for (int i = 0; i < digits; ++i) modulo *= 10;
  std::string text = std::to_string(code % modulo);
  return std::string(static_cast<std::size_t>(digits) - text.size(), '0') + text;
}

// pyotp's verify(otp, valid_window=1): this step, the one before or the one after.
bool totp_verify(const std::string& secret, int digits, const std::string& otp) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  std::int64_t step = std::chrono::duration_cast<std::chrono::seconds>(now).count() / 30;
  for (std::int64_t s = step - 1; s <= step + 1; ++s)
    if (totp(secret, digits, s) == otp) return true;
  return false;
}

}  // namespace

Mfa::Mfa(web::App& app) : web::Blueprint(app, "mfa") {
  config().declare("otp_digits", 6, "digits of a one-time code or TOTP (the demo's OTP_DIGITS)");

  // GET /mfa/login: a token of realm "mfa" for a minute, for a password; a code sent aside
  get("/login", AUTH.scheme("basic"), [this](web::Request& req) {
    int digits = config().get<int>("otp_digits");
    std::random_device random;  // the system's, never a pseudo-random generator
    std::string code;
    for (int i = 0; i < digits; ++i) code += static_cast<char>('0' + random() % 10);
    const std::string& user = *req.user();
    if (query("set_user_code", {{"login", user}, {"code", code}}) == 0)
      throw web::Error(400, "cannot set user code");
    std::ofstream("./" + user + "_code.txt") << code;
    return this->app().create_token(user, {.realm = "mfa", .delay = std::chrono::minutes(1)});
  });

  // POST /mfa/code (code): the app's token, for the "mfa" token and the code; 401
  post("/code", AUTH.scheme("token").realm("mfa"), {"code"},
       [this](web::Request& req, std::string code) {
         const std::string& user = *req.user();
         json expected = query("get_user_code", {{"login", user}});
         if (expected.is_null() || expected != code)
           throw web::Error(401, "invalid temporary code for " + user);
         query("reset_user_code", {{"login", user}});
         return create_token(user);
       });

  // POST /mfa/totp (otp): the app's token, for the "mfa" token and a TOTP not used yet; 401
  post("/totp", AUTH.scheme("token").realm("mfa"), {"otp"},
       [this](web::Request& req, std::string otp) {
         const std::string& user = *req.user();
         json data = query("get_user_otp_data", {{"login", user}});
         if (data["last_otp"] == otp)
           throw web::Error(401, "rejected OTP replay attack on " + user);
         if (!totp_verify(data["secret"].get<std::string>(), config().get<int>("otp_digits"), otp))
           throw web::Error(401, "invalid OTP code for " + user);
         query("set_user_otp_last", {{"login", user}, {"last_otp", otp}});
         return create_token(user);
       });

  // GET /mfa/test: for the app's token only
  get("/test", AUTH.scheme("token"), [](web::Request& req) {
    return web::Response::text(200, "MFA succeeded for " + *req.user() + "!");
  });
}
