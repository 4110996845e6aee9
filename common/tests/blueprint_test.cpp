// Blueprints: routes declared apart, with the app's declaration API, mounted under a prefix. They
// reach the app (its config, security, queries), their hooks run for their routes only, their
// required authorization adds to each route's, and the routing across blueprints is one app's:
// 404, 405 with Allow, OPTIONS. A method and path declared twice is a start-up problem naming
// both.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <web/app.hpp>
#include <web/blueprint.hpp>
#include <web/client_test.hpp>
#include <web/password.hpp>
#include "test_support.hpp"

using web::json, web::OPEN, web::AUTH;

namespace {

using Lines = std::vector<std::string>;

// The Python course's compute blueprint, with a before hook counting its calls and an after hook
// marking its responses.
class Cmp : public web::Blueprint {
 public:
  explicit Cmp(web::App& app) : web::Blueprint(app, "cmp") {
    before([this](web::Request&) { ++calls; });
    after([](const web::Request&, web::Response& res) { res.header("X-Blueprint", "cmp"); });
    // GET /cmp/add: i + j
    get("/add", AUTH, {"i", "j"}, [](std::int64_t i, std::int64_t j) { return i + j; });
    // GET /cmp/hash: a bcrypt hash of apass, with the app's cost
    get("/hash", AUTH, {"apass"}, [this](std::string apass) { return hash_password(apass); });
    // GET /cmp/name: the app's name, from its config
    get("/name", OPEN, [this] { return config().get("app_name"); });
    // DELETE /cmp/add: a second method on the same path
    del("/add", AUTH, [] {});
  }
  std::atomic<int> calls = 0;  // hooks run on the server's threads
};

// A blueprint whose every route also requires the ADMIN group, mounted twice.
class Admin : public web::Blueprint {
 public:
  explicit Admin(web::App& app) : web::Blueprint(app, "admin", web::group("ADMIN")) {
    // GET /admin/who: the admin
    get("/who", AUTH, [](web::Request& req) { return *req.user(); });
    // GET /admin: its root
    get("/", OPEN, [] { return "admin root"; });
  }
};

class BlueprintApp : public web::App {
 public:
  BlueprintApp() : web::App("bp") {
    config().set("access_log", false);
    config().set("password_cost", 4);
    config().declare("app_name", "blueprints", "a value a blueprint reads");
    get_user_pass([this](const std::string& login) -> std::optional<std::string> {
      auto it = passwords_.find(login);
      if (it == passwords_.end()) return std::nullopt;
      return it->second;
    });
    group_check("ADMIN", [](const std::string& login) { return login == "calvin"; });
    before([this](web::Request&) { ++app_calls; });
    // GET /version: the app's own route
    get("/version", OPEN, [] { return "1"; });
    mount("/cmp", cmp_);
    mount("/admin", admin_);
    mount("/again", admin_);
  }
  std::atomic<int> app_calls = 0;
  Cmp cmp_{*this};

 private:
  std::map<std::string, std::string> passwords_ = {{"calvin", web::hash_password("hobbes", 4)},
                                                   {"moe", web::hash_password("secret", 4)}};
  Admin admin_{*this};
};

}  // namespace

class Blueprints : public web::ClientTest<BlueprintApp> {};

INSTANTIATE_TEST_SUITE_P(Client, Blueprints, web::client_modes(), web::client_mode_name);

TEST_P(Blueprints, RoutesAnswerUnderTheirPrefix) {
  auto r = client.get("/cmp/add?i=30&j=12", web::basic_auth("moe", "secret"));
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json(42)) << r;
  r = client.get("/add?i=30&j=12", web::basic_auth("moe", "secret"));
  EXPECT_EQ(r.status, 404) << r;
}

TEST_P(Blueprints, ParametersAndAuthorizationAreCheckedAsForTheApp) {
  auto r = client.get("/cmp/add?i=30&j=x", web::basic_auth("moe", "secret"));
  EXPECT_EQ(r.status, 400) << r;
  r = client.get("/cmp/add?i=30&j=12");
  EXPECT_EQ(r.status, 401) << r;
}

TEST_P(Blueprints, HandlersReachTheAppsSecurityAndConfig) {
  auto r = client.get("/cmp/hash?apass=Wow!", web::basic_auth("moe", "secret"));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_TRUE(web::verify_password("Wow!", r.body().get<std::string>())) << r;
  r = client.get("/cmp/name");
  EXPECT_EQ(r.body(), json("blueprints")) << r;
}

TEST_P(Blueprints, HooksRunForTheirRoutesOnlyAfterTheAppsOwn) {
  client.get("/version");
  EXPECT_EQ(app.app_calls.load(), 1);
  EXPECT_EQ(app.cmp_.calls.load(), 0);
  auto r = client.get("/version");
  EXPECT_FALSE(r.header("X-Blueprint")) << r;
  r = client.get("/cmp/name");
  EXPECT_EQ(app.app_calls.load(), 3);
  EXPECT_EQ(app.cmp_.calls.load(), 1);
  EXPECT_EQ(r.header("X-Blueprint"), "cmp") << r;
  // The after hook sees the blueprint's errors too; the before hook runs after the checks.
  r = client.get("/cmp/add?i=1");
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(r.header("X-Blueprint"), "cmp") << r;
  EXPECT_EQ(app.cmp_.calls.load(), 1);
}

TEST_P(Blueprints, ARequiredAuthorizationAddsToEachRoutes) {
  for (const char* path : {"/admin", "/admin/who", "/again/who"}) {
    auto r = client.get(path);
    EXPECT_EQ(r.status, 401) << r;
    r = client.get(path, web::basic_auth("moe", "secret"));
    EXPECT_EQ(r.status, 403) << r;
    r = client.get(path, web::basic_auth("calvin", "hobbes"));
    EXPECT_EQ(r.status, 200) << r;
  }
  EXPECT_EQ(client.get("/admin", web::basic_auth("calvin", "hobbes")).body(), json("admin root"));
}

TEST_P(Blueprints, RoutingAcrossBlueprintsIsOneApps) {
  auto r = client.request("PUT", "/cmp/add");
  EXPECT_EQ(r.status, 405) << r;
  EXPECT_EQ(r.header("Allow"), "DELETE, GET, HEAD, OPTIONS") << r;
  r = client.request("OPTIONS", "/cmp/add");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.header("Allow"), "DELETE, GET, HEAD, OPTIONS") << r;
  r = client.get("/cmp/nothing");
  EXPECT_EQ(r.status, 404) << r;
}

TEST(Blueprint, ARouteDeclaredTwiceNamesBoth) {
  web::App app("twice");
  web::Blueprint one(app, "one"), two(app, "two");
  one.get("/x", OPEN, [] { return 1; });
  two.get("/x", OPEN, [] { return 2; });
  two.route({"POST", "GET"}, "/version", OPEN, [] { return 3; });
  app.get("/one/x", OPEN, [] { return 4; });
  app.get("/version", OPEN, [] { return 5; });
  app.mount("/one", one);
  app.mount("/one", two);
  app.mount("", two);
  app.mount("", one);
  EXPECT_EQ(test::startup_problems(app),
            (Lines{"GET /one/x (blueprint one): GET is declared twice (as /one/x in the app)",
                   "GET /one/x (blueprint two): GET is declared twice (as /one/x in the app)",
                   "POST|GET /version (blueprint two): GET is declared twice (as /version in the "
                   "app)",
                   "GET /x (blueprint one): GET is declared twice (as /x in blueprint two)"}));
}

TEST(Blueprint, ARouteDeclaredAfterTheMountIsMounted) {
  web::App app("late");
  web::Blueprint late(app, "late");
  app.mount("/late", late);
  late.get("/x", OPEN, [] { return 1; });
  EXPECT_EQ(test::startup_problems(app), Lines{});
  web::Client client(app);
  EXPECT_EQ(client.get("/late/x").body(), json(1));
}

TEST(Blueprint, ABadPrefixOrAnotherAppsBlueprintIsAProblem) {
  web::App app("bad"), other("other");
  web::Blueprint mine(app, "mine"), theirs(other, "theirs");
  app.mount("cmp", mine);
  app.mount("/cmp/", mine);
  app.mount("/x", theirs);
  EXPECT_EQ(test::startup_problems(app),
            (Lines{"mount(\"cmp\", mine): a prefix starts with '/' and does not end with one (or "
                   "is \"\")",
                   "mount(\"/cmp/\", mine): a prefix starts with '/' and does not end with one (or "
                   "is \"\")",
                   "mount(\"/x\", theirs): the blueprint was built with another app"}));
}

TEST(Blueprint, SharesTheAppsDeclarationApi) {
  // One set of overloads: the same calls compile on both and return their own type.
  web::App app("api");
  web::Blueprint bp(app, "bp");
  static_assert(std::is_same_v<decltype(bp.get("/a", OPEN, [] {})), web::Blueprint&>);
  static_assert(std::is_same_v<decltype(app.get("/a", OPEN, [] {})), web::App&>);
  static_assert(std::is_base_of_v<web::RouteDeclarations<web::App>, web::App>);
  static_assert(std::is_base_of_v<web::RouteDeclarations<web::Blueprint>, web::Blueprint>);
}
