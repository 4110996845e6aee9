// Fuzz target: JSON Web Tokens (token_type "jwt") through an app. The first byte picks what the
// rest is:
//   0: a bearer token as sent, to an AUTH route and to an OPEN one (like /version): a 401,
//      since no token can be signed without the secret;
//   1: the claims of a token the harness signs with the app's secret: past the MAC, to the
//      claims' types, dates and bounds; a 200 only for valid claims of calvin, else a 401;
//   2: the header of a signed token of valid claims: a 200 only when its "alg" is "HS256";
//   3: as 1, to an app with token_after_password: a 200 also needs the stamp of calvin's
//      password hash (corpus/jwt/ has a token that holds it).
// Anything else, a 5xx above all, aborts.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include <web/app.hpp>
#include <web/json.hpp>

#include "aaa/base64.hpp"
#include "aaa/hmac.hpp"

namespace {

constexpr const char* secret = "fuzzing-secret-fuzzing-secret-32";
constexpr const char* hs256 = R"({"alg":"HS256","typ":"JWT"})";

class FuzzApp : public web::App {
 public:
  explicit FuzzApp(bool after_password) : App("fuzz") {
    config().set("access_log", false);
    config().set("token_secret", secret);
    config().set("token_type", "jwt");
    config().set("token_after_password", after_password);
    // A malformed hash: verify_password refuses it at once, so that no input costs a bcrypt.
    get_user_pass([](const std::string& login) -> std::optional<std::string> {
      if (login == "calvin") return "$2b$04$malformed";
      return std::nullopt;
    });
    get("/version", web::OPEN, [](web::Request& req) { return web::json{{"user", req.user()}}; });
    get("/whoami", web::AUTH, [](web::Request& req) { return *req.user(); });
    start(false);
  }
};

std::string base64url(std::string_view bytes) {
  return web::detail::base64_encode(bytes, web::detail::Base64::url);
}

// A token of this header and these claims (any bytes), signed with the secret.
std::string signed_token(std::string_view header, std::string_view claims) {
  std::string part = base64url(header) + '.' + base64url(claims);
  return part + '.' + base64url(web::detail::hmac_sha256(part, secret));
}

int status_of(const FuzzApp& app, const char* path, const std::string& token) {
  web::Request request("GET", path, {{"Authorization", "Bearer " + token}});
  return app.handle(request).status();
}

// The status for `token` on both routes, which must agree: 200 or 401.
int status(const FuzzApp& app, const std::string& token) {
  int version = status_of(app, "/version", token), whoami = status_of(app, "/whoami", token);
  if (version != whoami || (whoami != 200 && whoami != 401)) std::abort();
  return whoami;
}

// What a 200 needs of the claims: calvin, this realm, and now within its dates.
bool valid_claims(std::string_view text) {
  web::json claims = web::parse_json(text);
  if (!claims.is_object()) return false;
  auto number = [&](const char* name) {
    auto it = claims.find(name);
    return it != claims.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
  };
  double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto exp = number("exp"), nbf = number("nbf");
  return claims.value("sub", web::json()) == "calvin" &&
         claims.value("iss", web::json()) == "fuzz" && exp && *exp >= now - 2 &&
         (!nbf || *nbf <= now + 2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static FuzzApp app(false);
  static FuzzApp after_password(true);
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      if (status(app, text) != 401) std::abort();
      break;
    case 1:
      if (status(app, signed_token(hs256, text)) == 200 && !valid_claims(text)) std::abort();
      break;
    case 2: {
      std::string claims = R"({"exp":4102444800,"sub":"calvin","iss":"fuzz"})";  // 2100
      web::json header = web::parse_json(text);
      bool hs = header.is_object() && header.value("alg", web::json()) == "HS256";
      if ((status(app, signed_token(text, claims)) == 200) != hs) std::abort();
      break;
    }
    default:
      if (status(after_password, signed_token(hs256, text)) == 200 && !valid_claims(text))
        std::abort();
  }
  return 0;
}
