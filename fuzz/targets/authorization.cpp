// Fuzz target: credentials. The first byte picks where the rest goes: the Authorization header
// of a request to an AUTH route (Basic's base64 and login:password, Bearer's token), a token
// cookie, or check_token directly (fields, limit date, realm, signature). Anything but a 2xx or
// a 4xx is a bug; so is a forged token being accepted.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include <web/app.hpp>
#include <web/token.hpp>

namespace {

constexpr const char* secret = "fuzzing-secret-fuzzing-secret-32";

class FuzzApp : public web::App {
 public:
  explicit FuzzApp(const char* carrier) : App("fuzz") {
    config().set("access_log", false);
    config().set("token_secret", secret);
    config().set("token_carrier", carrier);
    // A malformed hash: verify_password refuses it at once, so that no input costs a bcrypt.
    get_user_pass([](const std::string& login) -> std::optional<std::string> {
      if (login == "calvin") return "$2b$04$malformed";
      return std::nullopt;
    });
    get("/whoami", web::AUTH, [](web::Request& req) { return *req.user(); });
    start(false);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static FuzzApp bearer("bearer");
  static FuzzApp cookie("cookie");
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      web::Request request("GET", "/whoami", {{"Authorization", text}});
      int status = bearer.handle(request).status();
      // No password matches the malformed hash and no token can be signed without the secret.
      if (status != 401) std::abort();
      break;
    }
    case 1: {
      web::Request request("GET", "/whoami", {{"Cookie", "AUTH=" + text}});
      if (cookie.handle(request).status() != 401) std::abort();
      break;
    }
    default: {
      auto now = std::chrono::system_clock::now();
      auto check = web::check_token(text, "fuzz", secret, now);
      if (check) std::abort();
      (void)check.message();
    }
  }
  return 0;
}
