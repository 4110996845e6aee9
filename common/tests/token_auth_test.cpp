// Tokens through an app, in process and over HTTP: no bearer token, however malformed, is
// anything but a 401 with a JSON error, on any route; and the config's token_after_password,
// which makes a password change revoke the tokens made before it, on every instance of the app
// that shares a Redis (TEST_REDIS_URL, as in redis_cache_test.cpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>
#include <web/password.hpp>

#include "jwt_forge.hpp"
#include "test_support.hpp"

using web::json, web::OPEN, web::AUTH;

namespace {

constexpr const char* app_secret = "a test secret";

// The users' password hashes: the database, which two instances may share.
using Passwords = std::map<std::string, std::string>;

class TokenApp : public web::App {
 public:
  explicit TokenApp(std::shared_ptr<Passwords> passwords = std::make_shared<Passwords>())
      : App("stuff"), passwords_(std::move(passwords)) {
    config().set("access_log", false);
    config().set("token_secret", app_secret);
    get_user_pass([this](const std::string& login) -> std::optional<std::string> {
      auto it = passwords_->find(login);
      if (it == passwords_->end()) return std::nullopt;
      return it->second;
    });
    set_password("calvin", "hobbes");
    // GET /version: who asks, if anyone, like the labs' (an OPEN route checks credentials sent).
    get("/version", OPEN, [](web::Request& req) {
      return json{{"app", "stuff"}, {"user", req.user()}};
    });
    get("/login", AUTH.scheme("basic"),
        [this](web::Request& req) { return create_token(*req.user()); });
    get("/whoami", AUTH, [](web::Request& req) { return *req.user(); });
  }
  // As the labs' PATCH /password does: a new hash, then the cached lookups forgotten.
  void set_password(const std::string& login, const std::string& password) {
    (*passwords_)[login] = web::hash_password(password, 4);
    clear_caches();
  }

 private:
  std::shared_ptr<Passwords> passwords_;
};

class TokenAuth : public web::ClientTest<TokenApp> {
 protected:
  TokenAuth() {
    init = false;
    app.config().set("token_type", "jwt");
  }
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Client, TokenAuth, web::client_modes(), web::client_mode_name);

// {"alg":1}: no secret needed; a 500 on every route, /version included, before.
TEST_P(TokenAuth, AMalformedJwtIs401OnEveryRoute) {
  for (const char* path : {"/version", "/whoami"}) {
    auto r = client.get(path, web::bearer_auth("eyJhbGciOjF9.e30.x"));
    EXPECT_EQ(r.status, 401) << path << " " << r;
    EXPECT_EQ(error(r), "invalid jwt token") << r;
    EXPECT_EQ(r.header("WWW-Authenticate"), R"(Basic realm="stuff", Bearer realm="stuff")");
  }
  EXPECT_EQ(client.get("/version").body(), json({{"app", "stuff"}, {"user", nullptr}}));
}

// Signed with the secret, so past the signature: each claim's type is checked.
TEST_P(TokenAuth, ASignedJwtWithClaimsOfTheWrongTypeIs401) {
  for (const char* claims :
       {R"({"exp":2147483647,"sub":"calvin","iss":1})",
        R"({"exp":2147483647,"sub":1,"iss":"stuff"})",
        R"({"exp":"2147483647","sub":"calvin","iss":"stuff"})",
        R"({"exp":2147483647,"nbf":{},"sub":"calvin","iss":"stuff"})", "[]", "1e400"}) {
    std::string t = test::signed_jwt(R"({"alg":"HS256","typ":"JWT"})", claims, app_secret);
    for (const char* path : {"/version", "/whoami"}) {
      auto r = client.get(path, web::bearer_auth(t));
      EXPECT_EQ(r.status, 401) << claims << " " << path << " " << r;
      EXPECT_EQ(error(r), "invalid jwt token") << claims;
    }
  }
  // The same forgery with the right types: a valid token, so the refusals above are the types'.
  std::string t =
      test::signed_jwt(R"({"alg":"HS256","typ":"JWT"})",
                       R"({"exp":2147483647,"sub":"calvin","iss":"stuff"})", app_secret);
  EXPECT_EQ(client.get("/whoami", web::bearer_auth(t)).body(), "calvin");
}

TEST_P(TokenAuth, AJwtNotYetValidIs401) {
  std::string t = test::signed_jwt(
      R"({"alg":"HS256","typ":"JWT"})",
      R"({"exp":2147483647,"nbf":2147483000,"sub":"calvin","iss":"stuff"})", app_secret);
  auto r = client.get("/whoami", web::bearer_auth(t));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "invalid jwt token");
}

// token_after_password, in both formats: a password change revokes the tokens made before it,
// on its first request as on the ones after (a token found valid is kept a while).
class AfterPassword : public web::ClientTest<TokenApp> {
 protected:
  AfterPassword() {
    init = false;
    app.config().set("token_after_password", true);
  }
  std::string login(const std::string& password) {
    auto r = client.get("/login", web::basic_auth("calvin", password));
    EXPECT_EQ(r.status, 200) << r;
    return r.body().get<std::string>();
  }
  void a_password_change_revokes_older_tokens() {
    std::string old_token = login("hobbes");
    EXPECT_EQ(client.get("/whoami", web::bearer_auth(old_token)).body(), "calvin");
    app.set_password("calvin", "tiger");
    for (const char* path : {"/whoami", "/version"}) {
      auto r = client.get(path, web::bearer_auth(old_token));
      EXPECT_EQ(r.status, 401) << path << " " << r;
      EXPECT_EQ(r.body().value("error", ""), "auth token revoked by a password change") << r;
    }
    std::string new_token = login("tiger");
    EXPECT_EQ(client.get("/whoami", web::bearer_auth(new_token)).body(), "calvin");
    // The same password again is a new hash (a new salt): a change all the same.
    app.set_password("calvin", "tiger");
    EXPECT_EQ(client.get("/whoami", web::bearer_auth(new_token)).status, 401);
  }
};
class AfterPasswordFsa : public AfterPassword {};
class AfterPasswordJwt : public AfterPassword {
 protected:
  AfterPasswordJwt() { app.config().set("token_type", "jwt"); }
};
INSTANTIATE_TEST_SUITE_P(Client, AfterPasswordFsa, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, AfterPasswordJwt, web::client_modes(), web::client_mode_name);

TEST_P(AfterPasswordFsa, APasswordChangeRevokesOlderTokens) {
  a_password_change_revokes_older_tokens();
}
TEST_P(AfterPasswordJwt, APasswordChangeRevokesOlderTokens) {
  a_password_change_revokes_older_tokens();
}

TEST(AfterPasswordConfig, OffByDefaultTokensOutliveAPasswordChange) {
  for (const char* type : {"fsa", "jwt"}) {
    TokenApp app;
    app.config().set("token_type", type);
    app.start(false);
    web::Client client(app);
    std::string t = app.create_token("calvin");
    app.set_password("calvin", "tiger");
    auto r = client.get("/whoami", web::bearer_auth(t));
    EXPECT_EQ(r.body(), "calvin") << type << " " << r;
  }
}

TEST(AfterPasswordConfig, TokensMadeWithoutItAreRefusedWithIt) {
  for (const char* type : {"fsa", "jwt"}) {
    TokenApp before, after;
    before.config().set("token_type", type);
    after.config().set("token_type", type);
    after.config().set("token_after_password", true);
    before.start(false);
    after.start(false);
    auto r = web::Client(after).get("/whoami", web::bearer_auth(before.create_token("calvin")));
    EXPECT_EQ(r.status, 401) << type << " " << r;
    EXPECT_EQ(r.body().value("error", ""), "auth token revoked by a password change") << type;
    // And the other way: the stamp is signed data that a server without the setting ignores.
    auto back = web::Client(before).get("/whoami", web::bearer_auth(after.create_token("calvin")));
    EXPECT_EQ(back.body(), "calvin") << type << " " << back;
  }
}

TEST(AfterPasswordConfig, NeedsGetUserPass) {
  web::App app("bare");
  app.config().set("token_after_password", true);
  app.get("/version", OPEN, [] { return "1"; });
  EXPECT_EQ(test::startup_problems(app),
            std::vector<std::string>{"config token_after_password: the app has no get_user_pass"});
}

TEST(TokenConfig, ADelayOfMoreThanACenturyIsRefused) {
  TokenApp app;
  app.config().set("token_delay", 2000000000);  // minutes: 3800 years, past what a time point holds
  EXPECT_EQ(test::startup_problems(app),
            std::vector<std::string>{"config token_delay: more than 100 years"});
}

// Two instances on one database and one Redis: a password changed through one revokes the
// tokens on the other at once; without the setting, the other accepts the old token.
TEST(AfterPasswordConfig, APasswordChangeThroughOneInstanceRevokesTokensOnTheOther) {
  const char* redis = std::getenv("TEST_REDIS_URL");
  const char* required = std::getenv("REQUIRE_REDIS");
  if (!redis || !*redis) {
    if (required && *required && std::string(required) != "0")
      FAIL() << "REQUIRE_REDIS is set but TEST_REDIS_URL is not";
    GTEST_SKIP() << "no Redis: set TEST_REDIS_URL (`scripts/redis start DIR` prints it)";
  }
  for (bool after_password : {true, false}) {
    auto passwords = std::make_shared<Passwords>();
    TokenApp one(passwords), two(passwords);
    for (TokenApp* app : {&one, &two}) {
      app->config().set("cache", redis);
      app->config().set("token_after_password", after_password);
      app->start(false);
    }
    one.set_password("calvin", "hobbes");
    web::Client client_one(one), client_two(two);
    auto t =
        client_one.get("/login", web::basic_auth("calvin", "hobbes")).body().get<std::string>();
    EXPECT_EQ(client_two.get("/whoami", web::bearer_auth(t)).body(), "calvin");  // cached by two
    one.set_password("calvin", "tiger");
    auto r = client_two.get("/whoami", web::bearer_auth(t));
    EXPECT_EQ(r.status, after_password ? 401 : 200) << after_password << " " << r;
  }
}
