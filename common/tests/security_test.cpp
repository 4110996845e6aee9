// Authentication (basic, param, token), groups, object permissions, their order and their
// messages, as in the Python course's FlaskSimpleAuth; the lookup cache; the audit line.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>
#include <web/password.hpp>

#include "test_support.hpp"

using web::Client, web::Form, web::json, web::OPEN, web::AUTH, web::CLOSE;

namespace {

// A request with this Authorization header, as sent.
web::Body with(const std::string& authorization, web::Body body = {}) {
  body.headers.emplace_back("Authorization", authorization);
  return body;
}

class SecureApp : public web::App {
 public:
  SecureApp() : App("stuff") {
    config().set("access_log", false);
    config().set("token_secret", "a test secret");
    passwords_ = {{"calvin", web::hash_password("hobbes", 4)},
                  {"hobbes", web::hash_password("susie", 4)}};
    get_user_pass([this](const std::string& login) -> std::optional<std::string> {
      ++lookups;
      auto it = passwords_.find(login);
      if (it == passwords_.end()) return std::nullopt;
      return it->second;
    });
    group_check("ADMIN", [](const std::string& login) { return login == "calvin"; });
    object_perms(
        "owned",
        [](const std::string& login, const json& id,
           const std::string& mode) -> std::optional<bool> {
          static const std::map<std::int64_t, std::string> owners = {{1, "calvin"}, {2, "hobbes"}};
          auto it = owners.find(id.get<std::int64_t>());
          if (it == owners.end()) return std::nullopt;
          return it->second == login && mode == "read";
        });
    before([this](web::Request&) { ++hooks; });

    get("/open", OPEN, [](web::Request& req) { return json{{"user", req.user()}}; });
    get("/hello", AUTH, [](web::Request& req) { return "hello " + *req.user() + "!"; });
    get("/admin", web::group("ADMIN"),
        [](web::Request& req) { return "hello admin " + *req.user() + "!"; });
    get("/login", AUTH.scheme("basic"),
        [this](web::Request& req) { return create_token(*req.user()); });
    get("/qui-suis-je", AUTH.scheme("token"), [](web::Request& req) { return *req.user(); });
    get("/number/<n>", AUTH, {"n"}, [](std::int64_t n) { return n; });
    get("/admin-number/<n>", web::group("ADMIN"), {"n"}, [](std::int64_t n) { return n; });
    get("/owned/<oid>", web::perm("owned", "oid", "read"), {"oid"},
        [](std::int64_t oid) { return oid; });
    get("/closed", CLOSE, [] { return "never"; });
  }
  void forget(const std::string& login) { passwords_.erase(login); }

  std::atomic<int> lookups = 0;
  std::atomic<int> hooks = 0;

 private:
  std::map<std::string, std::string> passwords_;
};

}  // namespace

class Security : public web::ClientTest<SecureApp> {
 protected:
  Security() { init = false; }
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
  std::string token(const std::string& user, const std::string& password) {
    auto r = client.get("/login", web::basic_auth(user, password));
    EXPECT_EQ(r.status, 200) << r;
    return r.body().get<std::string>();
  }
};

INSTANTIATE_TEST_SUITE_P(Client, Security, web::client_modes(), web::client_mode_name);

TEST_P(Security, OpenRoutesAuthenticateNobodyWithoutCredentials) {
  auto r = client.get("/open");
  EXPECT_EQ(r.body(), json({{"user", nullptr}})) << r;
  EXPECT_EQ(app.lookups, 0);
}

// FlaskSimpleAuth's get_user(required=False): "who am I, if anyone".
TEST_P(Security, OpenRoutesCheckTheCredentialsSent) {
  auto basic = client.get("/open", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(basic.body(), json({{"user", "calvin"}})) << basic;
  auto token = client.get("/open", web::bearer_auth(app.create_token("hobbes")));
  EXPECT_EQ(token.body(), json({{"user", "hobbes"}})) << token;
  auto wrong = client.get("/open", web::basic_auth("calvin", "tiger"));
  EXPECT_EQ(wrong.status, 401) << wrong;
  EXPECT_EQ(error(wrong), "invalid login or password");
  EXPECT_EQ(wrong.header("WWW-Authenticate"), R"(Basic realm="stuff", Bearer realm="stuff")");
  auto forged = client.get("/open", web::bearer_auth("stuff:calvin:20380119031407:00"));
  EXPECT_EQ(forged.status, 401) << forged;
  EXPECT_EQ(error(forged), "invalid fsa auth token signature");
}

TEST(SecurityOpen, AnAppWithoutGetUserPassIgnoresCredentials) {
  web::App app("bare");
  app.config().set("access_log", false);
  app.get("/open", OPEN, [](web::Request& req) { return json{{"user", req.user()}}; });
  app.start(false);
  auto r = Client(app).get("/open", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json({{"user", nullptr}})) << r;
}

TEST_P(Security, MissingCredentialsAre401WithTheChallengesOfTheRoute) {
  auto r = client.get("/hello");
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "missing authorization header");
  EXPECT_EQ(r.header("WWW-Authenticate"), R"(Basic realm="stuff", Bearer realm="stuff")");
}

// An unknown login and a wrong password are one answer: telling them apart would tell anyone
// which logins exist (account enumeration). The server's log says which, never the password.
TEST_P(Security, AFailedLoginSaysTheSameWhateverWentWrong) {
  ::testing::internal::CaptureStderr();
  auto hacker = client.get("/hello", web::basic_auth("hacker", "secret"));
  auto wrong = client.get("/hello", web::basic_auth("hobbes", "pas-le-bon"));
  std::string log = ::testing::internal::GetCapturedStderr();
  for (const auto& r : {hacker, wrong}) {
    EXPECT_EQ(r.status, 401) << r;
    EXPECT_EQ(error(r), "invalid login or password") << r;
    EXPECT_EQ(r.header("WWW-Authenticate"), R"(Basic realm="stuff", Bearer realm="stuff")");
  }
  EXPECT_TRUE(test::contains(log, "auth: login refused: no such user: hacker")) << log;
  EXPECT_TRUE(test::contains(log, "auth: login refused: invalid password for hobbes")) << log;
  EXPECT_FALSE(test::contains(log, "secret")) << log;
  EXPECT_FALSE(test::contains(log, "pas-le-bon")) << log;
  auto ok = client.get("/hello", web::basic_auth("hobbes", "susie"));
  EXPECT_EQ(ok.status, 200) << ok;
  EXPECT_EQ(ok.body(), "hello hobbes!");
}

// login_detail: FlaskSimpleAuth's words, which labs 06 and 07 keep (their main.cpp).
TEST_P(Security, LoginDetailGivesThePythonCoursesMessages) {
  SecureApp detailed;
  detailed.config().set("login_detail", true);
  detailed.start(false);
  Client c(detailed);
  EXPECT_EQ(error(c.get("/hello", web::basic_auth("hacker", "secret"))), "no such user: hacker");
  EXPECT_EQ(error(c.get("/hello", web::basic_auth("hobbes", "pas-le-bon"))),
            "invalid password for hobbes");
}

TEST_P(Security, MalformedBasicHeaderIs401) {
  auto r = client.get("/hello", with("Basic !!!not-base64"));
  EXPECT_EQ(r.status, 401) << r;
  auto no_colon = client.get("/hello", with("Basic Y2FsdmluaG9iYmVz"));  // "calvinhobbes"
  EXPECT_EQ(no_colon.status, 401) << no_colon;
}

TEST_P(Security, GroupsAreCheckedAfterAuthentication) {
  auto hobbes = client.get("/admin", web::basic_auth("hobbes", "susie"));
  EXPECT_EQ(hobbes.status, 403) << hobbes;
  EXPECT_EQ(error(hobbes), "not in group \"ADMIN\"");
  auto calvin = client.get("/admin", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(calvin.body(), "hello admin calvin!") << calvin;
  EXPECT_EQ(client.get("/admin").status, 401);
}

TEST_P(Security, TokensFromBasicLoginAuthenticateAsBearer) {
  std::string t = token("calvin", "hobbes");
  EXPECT_EQ(t.rfind("stuff:calvin:", 0), 0u) << t;
  auto r = client.get("/qui-suis-je", web::bearer_auth(t));
  EXPECT_EQ(r.body(), "calvin") << r;
  EXPECT_EQ(client.get("/hello", web::bearer_auth(t)).body(), "hello calvin!");
}

TEST_P(Security, ATokenOnlyRouteRefusesBasic) {
  auto r = client.get("/qui-suis-je", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "missing token");
  EXPECT_EQ(r.header("WWW-Authenticate"), R"(Bearer realm="stuff")");
}

TEST_P(Security, ABasicOnlyRouteRefusesTokens) {
  auto r = client.get("/login", web::bearer_auth(token("calvin", "hobbes")));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(r.header("WWW-Authenticate"), R"(Basic realm="stuff")");
}

TEST_P(Security, TamperedTokensAreRefused) {
  std::string t = token("hobbes", "susie");
  std::string other_user = t;
  other_user.replace(6, 6, "calvin");  // "stuff:hobbes:..." -> "stuff:calvin:..."
  std::string other_sig = t;
  other_sig.back() = other_sig.back() == '0' ? '1' : '0';
  std::string later = t;
  later[13] = '3';  // the expiry's first digit: year 3xxx
  for (const auto& bad : {other_user, other_sig, later, std::string("garbage")}) {
    auto r = client.get("/hello", web::bearer_auth(bad));
    EXPECT_EQ(r.status, 401) << bad << " " << r;
  }
}

TEST_P(Security, TokensOfAnotherRealmOrSecretOrOfAGoneUserAreRefused) {
  SecureApp other;
  other.config().set("realm", "elsewhere");
  other.start(false);
  std::string foreign = other.create_token("calvin");
  EXPECT_EQ(client.get("/hello", web::bearer_auth(foreign)).status, 401);

  SecureApp other_secret;
  other_secret.config().set("token_secret", "another secret");
  other_secret.start(false);
  EXPECT_EQ(client.get("/hello", web::bearer_auth(other_secret.create_token("calvin"))).status,
            401);

  std::string t = token("hobbes", "susie");
  app.forget("hobbes");
  app.clear_caches();
  auto gone = client.get("/hello", web::bearer_auth(t));
  EXPECT_EQ(gone.status, 401) << gone;
  EXPECT_EQ(error(gone), "no such user: hobbes");
}

TEST_P(Security, ExpiredTokensAreRefused) {
  SecureApp past;
  past.config().set("token_delay", -1);
  past.start(false);
  auto r = client.get("/hello", web::bearer_auth(past.create_token("calvin")));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "expired auth token");
}

TEST_P(Security, OrderIs401Then403ThenParametersThenPermissionsThenHooks) {
  EXPECT_EQ(client.get("/number/abc").status, 401);
  EXPECT_EQ(client.get("/number/abc", web::basic_auth("hobbes", "susie")).status, 400);
  EXPECT_EQ(client.get("/admin-number/abc", web::basic_auth("hobbes", "susie")).status, 403);
  EXPECT_EQ(client.get("/admin-number/abc", web::basic_auth("calvin", "hobbes")).status, 400);
  EXPECT_EQ(client.get("/owned/abc", web::basic_auth("calvin", "hobbes")).status, 400);
  EXPECT_EQ(app.hooks, 0);
  // A malformed JSON body is a 400 too, but only once the user is known.
  web::Body broken;
  broken.raw = "{oops";
  broken.headers = {{"Content-Type", "application/json"}};
  EXPECT_EQ(client.get("/number/1", broken).status, 401);
  EXPECT_EQ(client.get("/number/1", web::basic_auth("calvin", "hobbes", broken)).status, 400);
}

TEST_P(Security, ObjectPermissions) {
  auto mine = client.get("/owned/1", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(mine.body(), 1) << mine;
  EXPECT_EQ(app.hooks, 1);
  auto theirs = client.get("/owned/2", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(theirs.status, 403) << theirs;
  EXPECT_EQ(error(theirs), "permission denied on owned:2 (read)");
  auto none = client.get("/owned/9", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(none.status, 404) << none;
  EXPECT_EQ(error(none), "object not found");
  EXPECT_EQ(app.hooks, 1);  // hooks run after the permissions
}

TEST_P(Security, ClosedRoutesAre403ForEveryone) {
  EXPECT_EQ(client.get("/closed").status, 403);
  EXPECT_EQ(client.get("/closed", web::basic_auth("calvin", "hobbes")).status, 403);
}

TEST_P(Security, LookupsAreCachedExceptUnknownUsers) {
  client.get("/hello", web::basic_auth("calvin", "hobbes"));
  client.get("/hello", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(app.lookups, 1);
  app.clear_caches();
  client.get("/hello", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(app.lookups, 2);
  client.get("/hello", web::basic_auth("moe", "x"));
  client.get("/hello", web::basic_auth("moe", "x"));
  EXPECT_EQ(app.lookups, 4);
}

// An unknown login costs a bcrypt of the configured cost, as a wrong password does: the time of
// the 401 tells nothing either. Cost 10 (tens of ms) dwarfs the rest of a request.
TEST(SecurityTiming, AnUnknownLoginTakesAsLongAsAWrongPassword) {
  web::App app("timed");
  app.config().set("access_log", false);
  app.config().set("password_cost", 10);
  std::string hash = web::hash_password("susie", 10);
  app.get_user_pass([&](const std::string& login) -> std::optional<std::string> {
    if (login == "hobbes") return hash;
    return std::nullopt;
  });
  app.get("/hello", AUTH, [] { return "hello"; });
  app.start(false);
  Client client(app);
  auto refused_in_ms = [&](const std::string& login) {
    auto start = std::chrono::steady_clock::now();
    auto r = client.get("/hello", web::basic_auth(login, "tiger"));
    EXPECT_EQ(r.status, 401) << r;
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  std::vector<double> wrong, unknown;  // interleaved: the machine's load hits both alike
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 5; ++i) {
    wrong.push_back(refused_in_ms("hobbes"));
    unknown.push_back(refused_in_ms("nobody"));
  }
  ::testing::internal::GetCapturedStderr();
  std::sort(wrong.begin(), wrong.end());
  std::sort(unknown.begin(), unknown.end());
  EXPECT_GT(wrong[2], 5.0) << "a bcrypt of cost 10 takes tens of ms";
  EXPECT_GE(unknown[2], 0.5 * wrong[2])
      << "median of 5: unknown login " << unknown[2] << " ms, wrong password " << wrong[2] << " ms";
}

TEST(SecurityConfig, ParamSchemeReadsUserAndPass) {
  SecureApp app;
  app.config().set("auth", json::array({"param"}));
  app.start(false);
  Client client(app);
  EXPECT_EQ(client.get("/hello?USER=hobbes&PASS=susie").body(), "hello hobbes!");
  EXPECT_EQ(client.get("/admin?USER=calvin&PASS=hobbes").body(), "hello admin calvin!");
  auto wrong = client.get("/hello?USER=hobbes&PASS=nope");
  EXPECT_EQ(wrong.status, 401) << wrong;
  EXPECT_FALSE(wrong.header("WWW-Authenticate").has_value());
  EXPECT_EQ(client.get("/hello", web::basic_auth("hobbes", "susie")).status, 401);
}

TEST(SecurityConfig, TokensInACookie) {
  SecureApp app;
  app.config().set("token_carrier", "cookie");
  app.start(false);
  Client client(app);
  std::string t = app.create_token("hobbes");
  web::Body body;
  body.headers = {{"Cookie", "theme=dark; AUTH=" + t}};
  EXPECT_EQ(client.get("/hello", body).body(), "hello hobbes!");
  EXPECT_EQ(client.get("/hello", web::bearer_auth(t)).status, 401);
}

TEST(SecurityConfig, StartRefusesGroupsAndDomainsWithoutHooks) {
  web::App app("bare");
  app.config().set("access_log", false);
  app.get_user_pass([](const std::string&) { return std::nullopt; });
  app.get("/admin", web::group("ADMIN"), [] { return 1; });
  EXPECT_EQ(test::message_of<web::StartupError>([&] { app.start(false); }),
            "GET /admin: no group_check for group \"ADMIN\"");
}

TEST(SecurityAudit, TheLogNamesTheUserButNoSecret) {
  SecureApp app;
  app.config().set("access_log", true);
  app.start(false);
  Client client(app);
  std::string t = app.create_token("calvin");
  ::testing::internal::CaptureStderr();
  client.get("/hello", web::basic_auth("hobbes", "susie"));
  client.get("/hello?AUTH=x&PASS=y", web::bearer_auth(t));
  client.get("/hello", web::basic_auth("hobbes", "wrong-password"));
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(test::contains(log, "hobbes GET /hello 200")) << log;
  EXPECT_TRUE(test::contains(log, "calvin GET /hello 200")) << log;
  EXPECT_TRUE(test::contains(log, "- GET /hello 401")) << log;
  for (const char* secret : {"susie", "wrong-password", "a test secret", "PASS", "$2b$"}) {
    EXPECT_FALSE(test::contains(log, secret)) << secret << " in " << log;
  }
  EXPECT_FALSE(test::contains(log, t)) << log;
}

// JWT tokens (token_type "jwt"): the same routes, carriers and checks as FlaskSimpleAuth's own
// tokens, with PyJWT's refusals in FlaskSimpleAuth's words.
class SecurityJwt : public web::ClientTest<SecureApp> {
 protected:
  SecurityJwt() {
    init = false;
    app.config().set("token_type", "jwt");
  }
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
  // The same app, with a setting changed, for tokens that this one must refuse.
  static std::string token_of(const std::string& user, const std::string& key, const json& value) {
    SecureApp other;
    other.config().set("token_type", "jwt");
    other.config().set(key, value);
    other.start(false);
    return other.create_token(user);
  }
};

INSTANTIATE_TEST_SUITE_P(Client, SecurityJwt, web::client_modes(), web::client_mode_name);

TEST_P(SecurityJwt, LoginGivesAJwtThatAuthenticates) {
  auto login = client.get("/login", web::basic_auth("hobbes", "susie"));
  ASSERT_EQ(login.status, 200) << login;
  std::string t = login.body().get<std::string>();
  EXPECT_EQ(std::count(t.begin(), t.end(), '.'), 2) << t;
  EXPECT_EQ(t.rfind("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 0), 0u) << t;  // {"alg":"HS256",...
  EXPECT_EQ(client.get("/qui-suis-je", web::bearer_auth(t)).body(), "hobbes");
  EXPECT_EQ(client.get("/admin", web::bearer_auth(t)).status, 403);
  EXPECT_EQ(client.get("/open", web::bearer_auth(t)).body(), json({{"user", "hobbes"}}));
}

TEST_P(SecurityJwt, MalformedTamperedExpiredAndForeignTokensAre401) {
  std::string t = app.create_token("hobbes");
  auto dot = t.find('.'), last = t.rfind('.');
  std::string payload = t.substr(dot + 1, last - dot - 1);
  std::string tampered = t;
  tampered[dot + 5] = tampered[dot + 5] == 'A' ? 'B' : 'A';  // a claim changed, the same signature
  std::string unsigned_token = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".";  // alg none
  std::vector<std::pair<std::string, std::string>> cases = {
      {"garbage", "invalid jwt token"},
      {"a.b.c", "invalid jwt token"},
      {tampered, "invalid jwt token"},
      {unsigned_token, "invalid jwt token"},
      {t + "x", "invalid jwt token"},
      {token_of("hobbes", "token_secret", "another secret"), "invalid jwt token"},
      {token_of("hobbes", "realm", "elsewhere"), "invalid jwt token"},
      {token_of("hobbes", "token_delay", -1), "expired jwt auth token"},
      {token_of("moe", "realm", "stuff"), "no such user: moe"},
  };
  for (const auto& [bad, message] : cases) {
    auto r = client.get("/hello", web::bearer_auth(bad));
    EXPECT_EQ(r.status, 401) << bad << " " << r;
    EXPECT_EQ(error(r), message) << bad;
    EXPECT_EQ(r.header("WWW-Authenticate"), R"(Basic realm="stuff", Bearer realm="stuff")");
  }
}

TEST_P(SecurityJwt, AFsaTokenIsNotAJwt) {
  auto r = client.get("/hello", web::bearer_auth("stuff:hobbes:20380119031407:0123"));
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(error(r), "invalid jwt token");
}

TEST(SecurityJwtConfig, JwtsTravelInEveryCarrier) {
  for (const char* carrier : {"header", "cookie", "param"}) {
    SecureApp app;
    app.config().set("token_type", "jwt");
    app.config().set("token_carrier", carrier);
    app.start(false);
    std::string t = app.create_token("calvin");
    web::Body body;
    if (std::string(carrier) == "header") body = web::with_header("AUTH", t);
    if (std::string(carrier) == "cookie") body = web::with_cookie("AUTH", t);
    if (std::string(carrier) == "param") body = web::Form{{"AUTH", t}};
    EXPECT_EQ(Client(app).get("/hello", body).body(), "hello calvin!") << carrier;
  }
}

// Password quality rules (FlaskSimpleAuth's FSA_PASSWORD_LENGTH and FSA_PASSWORD_RE), applied by
// hash_password, so by every route that sets a password.
class PasswordApp : public SecureApp {
 public:
  PasswordApp() {
    config().set("password_length", 6);
    config().set("password_re", json::array({"[0-9]", "[A-Z]"}));
    post("/register", OPEN, {"pword"},
         [this](std::string pword) { return web::reply(201, hash_password(pword).substr(0, 4)); });
  }
};

class PasswordRules : public web::ClientTest<PasswordApp> {
 protected:
  PasswordRules() { init = false; }
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

INSTANTIATE_TEST_SUITE_P(Client, PasswordRules, web::client_modes(), web::client_mode_name);

TEST_P(PasswordRules, AWeakPasswordIs400NamingTheRule) {
  auto shorter = client.post("/register", Form{{"pword", "Ab1"}});
  EXPECT_EQ(shorter.status, 400) << shorter;
  EXPECT_EQ(error(shorter), "password is too short, must be at least 6");
  auto digitless = client.post("/register", Form{{"pword", "Abcdefgh"}});
  EXPECT_EQ(error(digitless), "password must match [0-9]") << digitless;
  auto lower = client.post("/register", Form{{"pword", "abcdef1"}});
  EXPECT_EQ(error(lower), "password must match [A-Z]") << lower;
  auto nul = client.post("/register", json{{"pword", std::string("Abcdef1\0x", 9)}});
  EXPECT_EQ(nul.status, 400) << nul;
  auto good = client.post("/register", Form{{"pword", "Abcdef1"}});
  EXPECT_EQ(good.status, 201) << good;
  EXPECT_EQ(good.body(), "$2b$");
}
