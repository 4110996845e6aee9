// The rest of FlaskSimpleAuth (issue 27, items 1-3, 5, 6), in process and over HTTP, each test
// matched against FlaskSimpleAuth 35.5 (github.com/zx80/flask-simple-auth, commit 083ec84):
// OAuth 2 scopes on JWTs, the scheme that authenticated a request and FSA_MODE="dev"'s headers,
// a token realm per route and a JWT issuer apart from the realm, a hook once the config is
// loaded, and a model's type error worded as FSA's cast error.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/blueprint.hpp>
#include <web/client_test.hpp>
#include <web/password.hpp>

#include "jwt_forge.hpp"
#include "test_support.hpp"

using web::json, web::OPEN, web::AUTH;

namespace {

constexpr const char* secret = "demo application secret for signing tokens";

// A model as FSA's demo's /types/char (demo/types_path.py: a pydantic model, name and age).
struct Character {
  std::string name;
  std::int64_t age = 0;
  static void model(web::Model<Character>& m) {
    m.field("name", &Character::name);
    m.field("age", &Character::age);
  }
};

// FSA's demo, in small: calvin's password, its oauth blueprint's routes (demo/oauth.py), its mfa
// blueprint's (demo/mfa.py, without the code sent apart) and who authenticated, and how.
class DemoApp : public web::App {
 public:
  DemoApp() : App("demo") {
    config().set("access_log", false);
    config().set("token_secret", secret);
    std::string hash = web::hash_password("hobbes", 4);
    get_user_pass([hash](const std::string& login) -> std::optional<std::string> {
      if (login == "calvin") return hash;
      return std::nullopt;
    });
    // demo/oauth.py: authz="read" (or write, delete) with authn="oauth"; with JWTs only, as
    // demo/app.py mounts it (scopes need JWTs: else a start-up problem).
    on_config([this] {
      if (config().get<std::string>("token_type") != "jwt") return;
      get("/oauth", web::scope("read"), [](web::Request& req) { return *req.user(); });
      patch("/oauth", web::scope("write"), {"email"}, [](std::string email) {
        return json{{"email", email}};
      });
      del("/oauth", web::scope("delete") & web::scope("write"), [] {});
    });
    // Who, and how: FSA's current user and its source.
    get("/whoami", AUTH.scheme(std::vector<std::string>{"basic", "param", "token"}),
        [](web::Request& req) {
          return json{
              {"user", *req.user()}, {"scheme", req.auth_scheme()}, {"scopes", req.scopes()}};
        });
    get("/open", OPEN, [](web::Request& req) { return json{{"scheme", req.auth_scheme()}}; });
    // demo/mfa.py: a 1-minute token of realm "mfa" after a password, then the app's token
    // after the second factor, which only a token of realm "mfa" may ask for.
    get("/mfa/login", AUTH.scheme("basic"), [this](web::Request& req) {
      return create_token(*req.user(), {.realm = "mfa", .delay = std::chrono::minutes(1)});
    });
    post("/mfa/code", AUTH.scheme("token").realm("mfa"), {"code"},
         [this](web::Request& req, std::string code) {
           if (code != "123456") throw web::Error(401, "invalid temporary code");
           return create_token(*req.user());
         });
    get("/mfa/test", AUTH.scheme("token"), [](web::Request& req) { return *req.user(); });
    get("/scoped-token", AUTH.scheme("basic"), [this](web::Request& req) {
      return create_token(*req.user(), {.scopes = {"read", "write"}});
    });
    post("/types/char", OPEN, {"char"}, [](Character c) { return web::reply(201, c); });
  }
};

// demo/test_demo.py's gen_jwt: sub, aud, iss, iat, nbf, exp and scope, signed HS256.
std::string gen_jwt(const std::string& sub, const std::string& aud, const std::string& iss,
                    const std::string& scope) {
  auto now = static_cast<std::int64_t>(std::time(nullptr));
  json claims = {{"sub", sub}, {"aud", aud},        {"iss", iss},    {"iat", now},
                 {"nbf", now}, {"exp", now + 3600}, {"scope", scope}};
  return test::signed_jwt(R"({"alg":"HS256","typ":"JWT"})", claims.dump(), secret);
}

std::string error(const web::Result& r) {
  return r.body().value("error", "");
}

// The demo's JWT configuration (demo/app-db2.conf's FSA_TOKEN_TYPE="jwt" and the issuer its
// tests' tokens name, "fabien"; the realm is the app's name, "demo").
class Oauth : public web::ClientTest<DemoApp> {
 protected:
  Oauth() {
    init = false;
    app.config().set("token_type", "jwt");
    app.config().set("token_issuer", "fabien");
  }
  const std::string R = gen_jwt("calvin", "demo", "fabien", "read");
  const std::string RW = gen_jwt("calvin", "demo", "fabien", "read write");
  const std::string RWD = gen_jwt("calvin", "demo", "fabien", "read write delete");
};

class Realms : public web::ClientTest<DemoApp> {
 protected:
  Realms() { init = false; }
};
class JwtRealms : public Realms {
 protected:
  JwtRealms() { app.config().set("token_type", "jwt"); }
  void RefusedElsewhere();
};
class JwtIssuerRealms : public JwtRealms {
 protected:
  JwtIssuerRealms() { app.config().set("token_issuer", "fabien"); }
};

class DevMode : public web::ClientTest<DemoApp> {
 protected:
  DevMode() { init = false; }
};
class DevModeOn : public DevMode {
 protected:
  DevModeOn() { app.config().set("mode", "dev"); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Client, Oauth, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, Realms, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, JwtRealms, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, JwtIssuerRealms, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, DevMode, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, DevModeOn, web::client_modes(), web::client_mode_name);

// Item 1. FSA 35.5, demo/test_demo.py: test_jwt_oauth, the same requests and statuses;
// FlaskSimpleAuth.py: _oauth_authz's 403 `missing permission "write"`.
TEST_P(Oauth, ScopesOfTheTokenAuthorizeTheRoute) {
  EXPECT_EQ(client.del("/oauth").status, 401);
  for (const auto* token : {&R, &RW, &RWD}) {
    auto r = client.get("/oauth", web::bearer_auth(*token));
    EXPECT_EQ(r.status, 200) << r;
    EXPECT_EQ(r.body(), "calvin");
  }
  auto email = json{{"email", "calvin@comics.org"}};
  auto r = client.patch("/oauth", web::bearer_auth(R, email));
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(error(r), "missing permission \"write\"");
  EXPECT_EQ(client.patch("/oauth", web::bearer_auth(RW, email)).status, 200);
  EXPECT_EQ(client.patch("/oauth", web::bearer_auth(RWD, email)).status, 200);
  EXPECT_EQ(client.del("/oauth", web::bearer_auth(R)).status, 403);
  r = client.del("/oauth", web::bearer_auth(RW));
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(error(r), "missing permission \"delete\"");
  EXPECT_EQ(client.del("/oauth", web::bearer_auth(RWD)).status, 204);
}

// A password grants no scope: valid credentials, refused on a scoped route (403, not 401).
TEST_P(Oauth, APasswordGrantsNoScope) {
  auto r = client.get("/oauth", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(r.status, 403) << r;
  EXPECT_EQ(error(r), "missing permission \"read\"");
}

// The token's scopes reach the handler; create_token makes them ({.scopes = ...}, FSA's
// create_token(scope=[...]), a space-separated "scope" claim).
TEST_P(Oauth, CreateTokenWithScopes) {
  std::string token =
      client.get("/scoped-token", web::basic_auth("calvin", "hobbes")).body().get<std::string>();
  auto r = client.get("/whoami", web::bearer_auth(token));
  EXPECT_EQ(
      r.body(),
      json({{"user", "calvin"}, {"scheme", "token"}, {"scopes", json::array({"read", "write"})}}))
      << r;
  EXPECT_EQ(client.patch("/oauth", web::bearer_auth(token, json{{"email", "c@x.org"}})).status,
            200);
  EXPECT_EQ(client.del("/oauth", web::bearer_auth(token)).status, 403);
}

// Item 3. With an issuer, FSA's JWT layout (FlaskSimpleAuth.py: _get_jwt_token_auth, PyJWT's
// decode(audience=realm, issuer=FSA_TOKEN_ISSUER)): another issuer, or another audience, or none,
// is a 401 "invalid jwt token".
TEST_P(Oauth, IssuerAndAudienceAreChecked) {
  for (const auto& token :
       {gen_jwt("calvin", "demo", "someone else", "read"),
        gen_jwt("calvin", "mfa", "fabien", "read"),
        test::signed_jwt(R"({"alg":"HS256"})",
                         R"({"exp":2147483647,"sub":"calvin","iss":"fabien","scope":"read"})",
                         secret)}) {
    auto r = client.get("/oauth", web::bearer_auth(token));
    EXPECT_EQ(r.status, 401) << r;
    EXPECT_EQ(error(r), "invalid jwt token");
  }
  // An audience may be an array holding the realm (RFC 7519 4.1.3).
  auto t = test::signed_jwt(
      R"({"alg":"HS256"})",
      R"({"exp":2147483647,"sub":"calvin","iss":"fabien","aud":["x","demo"],"scope":"read"})",
      secret);
  EXPECT_EQ(client.get("/oauth", web::bearer_auth(t)).status, 200);
  // A scope claim that is not a string.
  t = test::signed_jwt(
      R"({"alg":"HS256"})",
      R"({"exp":2147483647,"sub":"calvin","iss":"fabien","aud":"demo","scope":["read"]})", secret);
  EXPECT_EQ(client.get("/oauth", web::bearer_auth(t)).status, 401);
}

// Item 3. FSA 35.5, demo/mfa.py (test_mfa_code in demo/test_demo.py): a token of realm "mfa"
// opens the second factor's route only; the app's token, every other route but that one.
// FlaskSimpleAuth.py: _check_fsa_token, "unexpected fsa token realm".
TEST_P(Realms, ATokenOfAnotherRealmIsRefused) {
  auto login = client.get("/mfa/login", web::basic_auth("calvin", "hobbes"));
  ASSERT_EQ(login.status, 200) << login;
  std::string mfa = login.body().get<std::string>();
  EXPECT_TRUE(mfa.starts_with("mfa:calvin:")) << mfa;
  auto r = client.get("/mfa/test", web::bearer_auth(mfa));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "unexpected fsa token realm");
  EXPECT_EQ(client.post("/mfa/code", web::bearer_auth(mfa, json{{"code", "000000"}})).status, 401);
  auto code = client.post("/mfa/code", web::bearer_auth(mfa, json{{"code", "123456"}}));
  ASSERT_EQ(code.status, 200) << code;
  std::string token = code.body().get<std::string>();
  EXPECT_TRUE(token.starts_with("demo:calvin:")) << token;
  EXPECT_EQ(client.get("/mfa/test", web::bearer_auth(token)).body(), "calvin");
  r = client.post("/mfa/code", web::bearer_auth(token, json{{"code", "123456"}}));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "unexpected fsa token realm");
  // The route's 401 names its realm (FSA's WWW-Authenticate with the route's token realm).
  r = client.post("/mfa/code", json{{"code", "123456"}});
  EXPECT_EQ(r.header("WWW-Authenticate"), R"(Bearer realm="mfa")") << r;
}

// The same with JWTs: the realm in "iss" (no issuer configured) or in "aud" (with one).
void JwtRealms::RefusedElsewhere() {
  {
    std::string mfa =
        client.get("/mfa/login", web::basic_auth("calvin", "hobbes")).body().get<std::string>();
    auto r = client.get("/mfa/test", web::bearer_auth(mfa));
    EXPECT_EQ(r.status, 401) << r;
    EXPECT_EQ(error(r), "invalid jwt token");
    auto code = client.post("/mfa/code", web::bearer_auth(mfa, json{{"code", "123456"}}));
    ASSERT_EQ(code.status, 200) << code;
    std::string token = code.body().get<std::string>();
    EXPECT_EQ(client.get("/mfa/test", web::bearer_auth(token)).body(), "calvin");
    EXPECT_EQ(client.post("/mfa/code", web::bearer_auth(token, json{{"code", "123456"}})).status,
              401);
  }
}
TEST_P(JwtRealms, ATokenOfAnotherRealmIsRefused) {
  RefusedElsewhere();
}
TEST_P(JwtIssuerRealms, ATokenOfAnotherRealmIsRefused) {
  RefusedElsewhere();
}

// Item 2. FlaskSimpleAuth.py (35.5): get_user sets local.source to the scheme that
// authenticated; the handler reads it as req.auth_scheme().
TEST_P(DevMode, TheHandlerKnowsTheScheme) {
  auto basic = client.get("/whoami", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(basic.body().value("scheme", ""), "basic") << basic;
  auto param = client.get("/whoami", web::Form{{"USER", "calvin"}, {"PASS", "hobbes"}});
  EXPECT_EQ(param.body().value("scheme", ""), "param") << param;
  std::string token =
      client.get("/mfa/login", web::basic_auth("calvin", "hobbes")).body().get<std::string>();
  std::string app_token =
      client.post("/mfa/code", web::bearer_auth(token, json{{"code", "123456"}}))
          .body()
          .get<std::string>();
  auto bearer = client.get("/whoami", web::bearer_auth(app_token));
  EXPECT_EQ(bearer.body().value("scheme", ""), "token") << bearer;
  EXPECT_EQ(client.get("/open").body(), json({{"scheme", ""}}));
  // Off by default: no FSA-* header.
  EXPECT_FALSE(basic.header("FSA-User")) << basic;
  EXPECT_FALSE(basic.header("FSA-Request")) << basic;
}

// FlaskSimpleAuth.py (35.5): _add_fsa_headers, with FSA_MODE="dev": FSA-User "user (scheme)",
// FSA-Request "METHOD path", FSA-Delay in seconds. FSA-User is there without a user too, as
// "None (None)": _auth_reset_user sets local.source to None before every request, so
// _add_fsa_headers' hasattr(local, "source") always holds (FlaskTester 5.1's tests/test_app.py,
// test_hello, reads it on an OPEN route).
TEST_P(DevModeOn, DevModeSaysWhoAndHow) {
  auto r = client.get("/whoami", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(r.header("FSA-User"), "calvin (basic)") << r;
  EXPECT_EQ(r.header("FSA-Request"), "GET /whoami") << r;
  EXPECT_TRUE(r.header("FSA-Delay")) << r;
  r = client.get("/whoami", web::Form{{"USER", "calvin"}, {"PASS", "hobbes"}});
  EXPECT_EQ(r.header("FSA-User"), "calvin (param)") << r;
  // Errors too; no user, Python's None for the user and the scheme.
  r = client.get("/whoami");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("FSA-User"), "None (None)") << r;
  EXPECT_EQ(r.header("FSA-Request"), "GET /whoami") << r;
  r = client.get("/open");
  EXPECT_EQ(r.header("FSA-User"), "None (None)") << r;
  r = client.get("/open", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(r.header("FSA-User"), "calvin (basic)") << r;
}

// A mode that is neither prod nor dev stops the server.
TEST(DevModeConfig, AnUnknownModeIsAStartupProblem) {
  DemoApp app;
  app.config().set("mode", "debug4");
  auto problems = test::startup_problems(app);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "config mode: \"debug4\" is neither prod nor dev");
}

// Item 1: a scoped route that no JWT can open, or a scope the config does not list (FSA's
// FSA_AUTHZ_SCOPES and "oauth token authorizations require JWT"), stops the server.
TEST(ScopesConfig, ScopesNeedJwtsAndKnownNames) {
  auto scoped = [](web::App& app) {
    app.get_user_pass([](const std::string&) { return std::optional<std::string>(); });
    app.get("/oauth", web::scope("read"), [] {});
    app.del("/oauth", web::scope("delete") & web::scope("write"), [] {});
    app.get("/basic", web::scope("read").scheme("basic"), [] {});
  };
  web::App fsa_tokens("demo");
  scoped(fsa_tokens);
  auto problems = test::startup_problems(fsa_tokens);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0], "GET /oauth: scopes need JWTs (token_type jwt, the token scheme)");

  web::App listed("demo");
  scoped(listed);
  listed.config().set("token_type", "jwt");
  listed.config().set("scopes", json::array({"read", "write"}));
  problems = test::startup_problems(listed);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], "DELETE /oauth: unexpected scope \"delete\"");
  EXPECT_EQ(problems[1], "GET /basic: scopes need JWTs (token_type jwt, the token scheme)");
}

// Item 5. The hook after the config is loaded: FSA 35.5, demo/app.py mounts the mfa blueprint
// with fsa tokens and the oauth one with JWTs.
namespace {

class Mfa : public web::Blueprint {
 public:
  explicit Mfa(web::App& app) : Blueprint(app, "mfa") {
    get("/login", AUTH.scheme("basic"), [] { return "mfa"; });
  }
};
class OauthBp : public web::Blueprint {
 public:
  explicit OauthBp(web::App& app) : Blueprint(app, "oauth") {
    get("/oauth", web::scope("read"), [] { return "oauth"; });
  }
};

class ByTokenType : public web::App {
 public:
  ByTokenType() : App("demo") {
    config().set("access_log", false);
    get_user_pass([](const std::string&) { return std::optional<std::string>(); });
    on_config([this] {
      if (config().get<std::string>("token_type") == "fsa") {
        mount("/mfa", mfa_);
      } else {
        mount("", oauth_);
      }
    });
  }

 private:
  Mfa mfa_{*this};
  OauthBp oauth_{*this};
};

class OnConfig : public web::ClientTest<ByTokenType> {
 protected:
  OnConfig() { init = false; }
};
class OnConfigJwt : public OnConfig {
 protected:
  OnConfigJwt() { app.config().set("token_type", "jwt"); }
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Client, OnConfig, web::client_modes(), web::client_mode_name);
INSTANTIATE_TEST_SUITE_P(Client, OnConfigJwt, web::client_modes(), web::client_mode_name);

TEST_P(OnConfig, FsaTokensMountMfa) {
  EXPECT_EQ(client.get("/mfa/login").status, 401);
  EXPECT_EQ(client.get("/oauth").status, 404);
}

TEST_P(OnConfigJwt, JwtsMountOauth) {
  EXPECT_EQ(client.get("/mfa/login").status, 404);
  EXPECT_EQ(client.get("/oauth").status, 401);
  // Run once: starting again mounts nothing twice (a route declared twice would stop it).
  EXPECT_NO_THROW(app.start(false));
}

// Item 6. FSA 35.5, demo/test_demo.py: test_types, POST /types/char with {"age": "twelve"} is a
// 400 holding "cast error" (FlaskSimpleAuth.py: `parameter "char" cast error on ...`); common
// keeps the field's path after it.
TEST_P(DevMode, AModelsTypeErrorIsACastError) {
  auto r = client.post("/types/char", json{{"char", {{"name", "Error"}, {"age", "twelve"}}}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r),
            "parameter \"char\" cast error on {\"name\":\"Error\",\"age\":\"twelve\"}: "
            "parameter \"char.age\" type error on \"twelve\" for int")
      << r;
  r = client.post("/types/char", json{{"char", {{"name", "Calvin"}, {"age", 6}}}});
  EXPECT_EQ(r.status, 201) << r;
  // A missing field is no cast error: as before.
  r = client.post("/types/char", json{{"char", {{"name", "Calvin"}}}});
  EXPECT_EQ(error(r), "parameter \"char.age\" is missing") << r;
}
