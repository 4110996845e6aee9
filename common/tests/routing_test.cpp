// Routing: path patterns, the most specific route, 404, 405, OPTIONS, HEAD, and the mistakes
// that are caught when a route is declared.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <web/app.hpp>
#include <web/client_test.hpp>

using web::Client, web::json, web::OPEN;

namespace {

class RoutingApp : public web::App {
 public:
  RoutingApp() : App("routing") {
    config().set("access_log", false);
    // The parameter route is declared first: the literal one must still win.
    get("/owners/<oid>", OPEN, {"oid"}, [](std::string oid) { return json{{"oid", oid}}; });
    get("/owners/new", OPEN, [] { return json{{"form", "new"}}; });
    get("/owners/<oid>/pets/<pid>", OPEN, {"oid", "pid"}, [](std::string oid, std::string pid) {
      return json{{"oid", oid}, {"pid", pid}};
    });
    get("/owners", OPEN, [] { return json::array(); });
    post("/owners", OPEN, [] { return web::reply(201); });
    route({"PUT", "PATCH"}, "/pets/<pid>", OPEN, {"pid"}, [](web::Request& req, std::string pid) {
      return json{{"method", req.method()}, {"pid", pid}};
    });
    get("/files/<name>", OPEN, {"name"}, [](std::string name) { return json{{"name", name}}; });
    get("/msg/<path:p>", OPEN, {"p"}, [](std::string p) { return "hello " + p + "!"; });
  }
};

}  // namespace

class Routing : public web::ClientTest<RoutingApp> {};

INSTANTIATE_TEST_SUITE_P(Client, Routing, web::client_modes(), web::client_mode_name);

TEST_P(Routing, ParametersAreCapturedByName) {
  auto r = client.get("/owners/7/pets/rex");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json({{"oid", "7"}, {"pid", "rex"}}));
}

TEST_P(Routing, LiteralSegmentBeatsParameter) {
  auto literal = client.get("/owners/new");
  EXPECT_EQ(literal.body(), json({{"form", "new"}})) << literal;
  auto param = client.get("/owners/newt");
  EXPECT_EQ(param.body(), json({{"oid", "newt"}})) << param;
}

TEST_P(Routing, ParameterNeverMatchesAnEmptySegment) {
  auto r = client.get("/owners//pets/rex");
  EXPECT_EQ(r.status, 404) << r;
}

TEST_P(Routing, UnknownPathIs404WithJsonError) {
  auto r = client.get("/nowhere");
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_TRUE(r.body()["error"].is_string()) << r;
}

TEST_P(Routing, WrongMethodIs405WithAllow) {
  auto r = client.del("/owners");
  EXPECT_EQ(r.status, 405) << r;
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, OPTIONS, POST");
  EXPECT_TRUE(r.body()["error"].is_string()) << r;
}

TEST_P(Routing, OptionsAnswers204WithAllow) {
  auto r = client.request("OPTIONS", "/owners");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, OPTIONS, POST");
  EXPECT_EQ(r.text, "");
}

TEST_P(Routing, HeadOnGetRouteAnswersLikeGetWithoutBody) {
  auto r = client.request("HEAD", "/owners/7");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.text, "");
}

TEST_P(Routing, MultiMethodRouteAnswersEachMethod) {
  auto put = client.put("/pets/rex");
  EXPECT_EQ(put.body(), json({{"method", "PUT"}, {"pid", "rex"}})) << put;
  auto patch = client.patch("/pets/rex");
  EXPECT_EQ(patch.body(), json({{"method", "PATCH"}, {"pid", "rex"}})) << patch;
  auto get = client.get("/pets/rex");
  EXPECT_EQ(get.status, 405) << get;
  EXPECT_EQ(get.header("Allow"), "OPTIONS, PATCH, PUT");
}

TEST_P(Routing, PercentEncodedSlashStaysInsideOneSegment) {
  auto slash = client.get("/files/a%2Fb");
  EXPECT_EQ(slash.body(), json({{"name", "a/b"}})) << slash;
  auto utf8 = client.get("/files/a+b%20%C3%A9");
  EXPECT_EQ(utf8.body(), json({{"name", "a+b é"}})) << utf8;  // '+' is not a space in a path
  EXPECT_EQ(client.get("/files/a/b").status, 404);
}

TEST_P(Routing, MalformedEscapeInPathIs400) {
  for (const char* path : {"/files/%G1", "/files/abc%", "/files/%4"}) {
    auto r = client.get(path);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_TRUE(r.body()["error"].is_string()) << r;
  }
}

TEST_P(Routing, PathSegmentSpansSlashes) {
  auto r = client.get("/msg/a/b%20c/d");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), "hello a/b c/d!");
  EXPECT_EQ(client.get("/msg/one").body(), "hello one!");
  EXPECT_EQ(client.get("/msg/").status, 404);
}
