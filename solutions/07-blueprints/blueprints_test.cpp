// Lab 07: the stuff app split into blueprints answers as lab 06's did, plus the compute
// blueprint at /cmp; in process and over real HTTP, on a fresh SQLite database per test (users
// calvin/hobbes admin, hobbes/susie, susie/derkins). Lab 06's own tests run on this solution too
// (`grader check --lab 07-blueprints`: "regression").
#include <gtest/gtest.h>

#include <string>

#include <web/client_test.hpp>
#include <web/password.hpp>

#include "app.hpp"

using web::Form, web::json, web::basic_auth;

class Blueprints : public web::ClientTest<StuffApp> {
 protected:
  Blueprints() { app.config().set("token_secret", "lab 07 test secret"); }
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

INSTANTIATE_TEST_SUITE_P(Client, Blueprints, web::client_modes({web::Engine::sqlite}),
                         web::client_mode_name);

TEST_P(Blueprints, AddIsForUsersAndTakesIntegers) {
  EXPECT_EQ(client.post("/register", Form{{"login", "moe"}, {"pword", "secret"}}).status, 201);
  auto r = client.get("/cmp/add", basic_auth("moe", "secret", Form{{"i", "30"}, {"j", "12"}}));
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json(42)) << r;
  r = client.get("/cmp/add?i=30&j=12");
  EXPECT_EQ(r.status, 401) << r;
  r = client.get("/cmp/add?i=30&j=douze", basic_auth("moe", "secret"));
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(error(r).find("\"j\""), std::string::npos) << r;
}

TEST_P(Blueprints, HashIsABcryptHashThatVerifies) {
  auto r = client.get("/cmp/hash?apass=Wow!", basic_auth("hobbes", "susie"));
  ASSERT_EQ(r.status, 200) << r;
  std::string hash = r.body().get<std::string>();
  EXPECT_EQ(hash.size(), 60u) << hash;
  EXPECT_EQ(hash.rfind("$2", 0), 0u) << hash;
  EXPECT_TRUE(web::verify_password("Wow!", hash)) << hash;
  EXPECT_FALSE(web::verify_password("wow!", hash)) << hash;
  EXPECT_EQ(client.get("/cmp/hash?apass=Wow!").status, 401);
}

TEST_P(Blueprints, StatsCountTheCallsOfEachBlueprintForAdmins) {
  client.get("/stuff");
  client.get("/stuff/1");
  client.get("/owners");
  client.get("/hello");    // a 401: the before hook never runs
  client.get("/version");  // the app's own route
  EXPECT_EQ(client.get("/cmp/stats", basic_auth("hobbes", "susie")).status, 403);
  auto r = client.get("/cmp/stats", basic_auth("calvin", "hobbes"));
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), (json{{"auth", 0}, {"cmp", 1}, {"stuff", 2}, {"things", 1}, {"users", 0}}))
      << r;
}

TEST_P(Blueprints, EveryResourceStillAnswersUnderItsPath) {
  EXPECT_EQ(client.get("/stuff/1").body(), (json{{"sid", 1}, {"stuff", "Chair"}}));
  EXPECT_EQ(client.get("/stuff/9").status, 404);
  EXPECT_EQ(client.get("/owners/1/things").body().size(), 3u);
  EXPECT_EQ(client.get("/owned/2", basic_auth("hobbes", "susie")).status, 200);
  EXPECT_EQ(client.get("/whoami", basic_auth("susie", "derkins")).body(), "susie");
  auto r = client.request("PUT", "/cmp/add");
  EXPECT_EQ(r.status, 405) << r;
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, OPTIONS") << r;
}
