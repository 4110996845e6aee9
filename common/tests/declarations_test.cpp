// Mistakes in an app's declarations are found when it starts (App::start, so App::run before it
// listens): one line per problem naming its route, all of them at once, never an abort.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client.hpp>

#include "test_support.hpp"

using web::json, web::OPEN;

namespace {

using Lines = std::vector<std::string>;

}  // namespace

TEST(Declarations, ACorrectAppStarts) {
  web::App app("good");
  app.get("/stuff/<sid>", OPEN, [](std::int64_t sid) { return sid; });
  app.put("/stuff/<sid>", OPEN, {"stuff", "sid"}, [](std::string, std::int64_t) {});
  app.get("/stub/<sid>", OPEN, [] { web::todo("lab 05: GET /stub/<sid>"); });
  EXPECT_EQ(test::startup_problems(app), Lines{});
}

TEST(Declarations, ANameThatIsNotThePathsIsNamed) {
  web::App app("bad");
  app.get("/stuff/<sid>", OPEN, {"id"}, [](std::int64_t id) { return id; });
  EXPECT_EQ(test::startup_problems(app),
            Lines{"GET /stuff/<sid>: <sid> of the path is not among the names (\"id\")"});
}

TEST(Declarations, ACountThatDoesNotMatchIsNamed) {
  web::App app("bad");
  app.get("/x", OPEN, {"a", "b"}, [](std::string) { return 1; });
  app.get("/y", OPEN, {"a"}, [] { return 1; });
  app.get("/z", OPEN, {"a"}, [](web::Request&) { return 1; });
  app.get("/ok", OPEN, {"a"}, [](web::Request&, std::string a) { return a; });
  app.get("/p/<a>/<b>", OPEN, [](std::string a) { return a; });
  EXPECT_EQ(
      test::startup_problems(app),
      (Lines{"GET /x: the handler takes 1 parameter(s) but 2 name(s) are given (\"a\", \"b\")",
             "GET /y: the handler takes 0 parameter(s) but 1 name(s) are given (\"a\")",
             "GET /z: the handler takes 0 parameter(s) but 1 name(s) are given (\"a\")",
             "GET /p/<a>/<b>: the handler takes 1 parameter(s), the path has 2 (<a>, <b>): "
             "give the names of the handler's parameters, in order"}));
}

TEST(Declarations, ANameGivenTwiceIsNamed) {
  web::App app("bad");
  app.get("/x", OPEN, {"a", "a"}, [](std::string, std::string) { return 1; });
  EXPECT_EQ(test::startup_problems(app), Lines{"GET /x: \"a\" is named twice"});
}

TEST(Declarations, DuplicateRoutesAreNamed) {
  web::App app("bad");
  app.get("/a/<x>", OPEN, [] {});
  app.get("/a/<y>", OPEN, [] {});  // the same paths match
  app.route({"PUT", "GET"}, "/a/<z>", OPEN, [] {});
  app.post("/a/<x>", OPEN, [] {});
  app.get("/a/literal", OPEN, [] {});
  EXPECT_EQ(test::startup_problems(app),
            (Lines{"GET /a/<y>: GET is declared twice (as /a/<x>)",
                   "PUT|GET /a/<z>: GET is declared twice (as /a/<x>)"}));
}

TEST(Declarations, MalformedPatternsAreNamed) {
  web::App app("bad");
  for (const char* pattern : {"", "a/b", "/a/<>", "/a/<b-c>", "/a/<x>/<x>", "/a/b<c>", "/a/<x",
                              "/a/<path:p>/b", "/a/<path:>"}) {
    app.get(pattern, OPEN, [] {});
  }
  auto found = test::startup_problems(app);
  ASSERT_EQ(found.size(), 9u) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0], "GET : route \"\": a path starts with '/'");
  EXPECT_EQ(found[4], "GET /a/<x>/<x>: route \"/a/<x>/<x>\": <x> appears twice");
}

TEST(Declarations, APermissionOnAParameterTheRouteLacksIsNamed) {
  web::App app("bad");
  app.get_user_pass([](const std::string&) { return std::nullopt; });
  app.object_perms("owned", [](const std::string&, const json&, const std::string&) {
    return std::optional<bool>(true);
  });
  app.get("/object/<id>", web::perm("owned", "oid", "read"), [](std::int64_t id) { return id; });
  app.get("/thing", web::perm("owned", "tid", "read"), {"tid"},
          [](std::int64_t tid) { return tid; });
  EXPECT_EQ(test::startup_problems(app),
            Lines{"GET /object/<id>: perm(\"owned\", \"oid\", ...) names no "
                  "parameter of the route"});
}

TEST(Declarations, HooksThatRoutesNeedAreNamed) {
  web::App app("bad");
  app.get("/hello", web::AUTH, [] { return 1; });
  app.get("/admin", web::group("ADMIN"), [] { return 1; });
  app.get("/object/<oid>", web::perm("owned", "oid", "read"), [] { return 1; });
  EXPECT_EQ(test::startup_problems(app),
            (Lines{"GET /admin: no group_check for group \"ADMIN\"",
                   "GET /object/<oid>: no object_perms for domain \"owned\"",
                   "GET /hello: authentication needs get_user_pass (and 2 more routes)"}));
}

TEST(Declarations, RulesThatCannotApplyAreNamed) {
  web::App app("bad");
  app.post("/a", OPEN, {{"name", web::minimum(0)}}, [](std::string name) { return name; });
  app.post("/b", OPEN, {{"n", web::pattern("[0-9]+")}}, [](std::int64_t n) { return n; });
  app.post("/c", OPEN, {{"s", web::pattern("(")}}, [](std::string s) { return s; });
  auto found = test::startup_problems(app);
  ASSERT_EQ(found.size(), 3u) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "POST /a: the rule on parameter \"name\" cannot apply to its argument's type: must be "
            "at least 0");
  EXPECT_EQ(found[1],
            "POST /b: the rule on parameter \"n\" cannot apply to its argument's type: must match "
            "\"[0-9]+\"");
  EXPECT_TRUE(test::contains(found[2],
                             "POST /c: parameter \"s\": pattern \"(\" is not a regular "
                             "expression"))
      << found[2];
}

TEST(Declarations, BadSecurityAndErrorSettingsAreNamedWithTheRoutes) {
  web::App app("bad");
  app.get("/x", OPEN, {"a", "b"}, [](std::string) { return 1; });
  app.config().set("token_type", "paseto");
  app.config().set("error_response", "xml");
  app.config().set("password_re", json::array({"[a-z"}));
  auto found = test::startup_problems(app);
  ASSERT_EQ(found.size(), 4u) << ::testing::PrintToString(found);
  EXPECT_EQ(found[0],
            "GET /x: the handler takes 1 parameter(s) but 2 name(s) are given (\"a\", "
            "\"b\")");
  EXPECT_EQ(found[1], "config token_type: \"paseto\" is neither fsa nor jwt");
  EXPECT_TRUE(test::contains(found[2], "config password_re: \"[a-z\"")) << found[2];
  EXPECT_EQ(found[3], "config error_response: \"xml\" is none of json, plain, json:KEY");
}

// An app answering in process without start() (as some tests do) never runs a broken route.
TEST(Declarations, ABrokenRouteAnswers500UntilStartRefusesIt) {
  web::App app("bad");
  app.config().set("access_log", false);
  app.get("/x", OPEN, {"a", "b"}, [](std::string) { return 1; });
  ::testing::internal::CaptureStderr();
  auto r = web::Client(app).get("/x?a=1&b=2");
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status, 500) << r;
  EXPECT_TRUE(test::contains(log, "GET /x: the handler takes 1 parameter(s)")) << log;
}

// Without names, the handler's arguments are the path's parameters, in order.
TEST(Declarations, WithoutNamesTheArgumentsAreThePathsParameters) {
  web::App app("good");
  app.config().set("access_log", false);
  app.get("/owners/<oid>/things/<tid>", OPEN, [](std::int64_t oid, std::string tid) {
    return json{{"oid", oid}, {"tid", tid}};
  });
  app.start(false);
  web::Client client(app);
  auto r = client.get("/owners/3/things/lamp");
  EXPECT_EQ(r.body(), json({{"oid", 3}, {"tid", "lamp"}})) << r;
  auto bad = client.get("/owners/x/things/lamp");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(bad.body()["error"], "parameter \"oid\" type error on \"x\" for int") << bad;
}
