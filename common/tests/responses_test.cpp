// Responses: what a handler returns becomes a status, a JSON (or text) body and headers.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>

using web::Client, web::json, web::OPEN;

namespace {

class ResponsesApp : public web::App {
 public:
  ResponsesApp() : App("responses") {
    config().set("access_log", false);
    get("/json", OPEN, [] { return json{{"a", 1}}; });
    get("/list", OPEN, [] { return std::vector<int>{1, 2, 3}; });
    get("/status/<code>", OPEN, {"code"}, [](std::int64_t code) {
      return web::reply(static_cast<int>(code), {{"code", code}});
    });
    get("/nothing", OPEN, [] { return web::reply(204); });
    del("/void", OPEN, [] {});
    post("/things", OPEN, [] {
      return web::reply(201, {{"id", 7}}).header("Location", "/things/7").header("X-Extra", "yes");
    });
    get("/text", OPEN, [] { return web::Response::text(200, "hello\n"); });
    get("/csv", OPEN, [] { return web::Response::text(200, "a,b\n1,2\n", "text/csv"); });
    get("/null", OPEN, [] { return json(nullptr); });
    post("/accepted", OPEN, [] { return web::reply(202); });
    get("/ordered", OPEN, [] { return json{{"zebra", 1}, {"apple", 2}, {"mango", 3}}; });
  }
};

}  // namespace

class Responses : public web::ClientTest<ResponsesApp> {};

INSTANTIATE_TEST_SUITE_P(Client, Responses, web::client_modes(), web::client_mode_name);

TEST_P(Responses, JsonIsTheDefault) {
  auto r = client.get("/json");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.text, "{\"a\":1}\n");  // a JSON body ends with a newline, as jsonify's
}

TEST_P(Responses, ReturningAValueIs200WithItAsJson) {
  auto r = client.get("/list");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body(), json({1, 2, 3}));
}

TEST_P(Responses, AnyStatusIsSent) {
  for (int code : {200, 202, 400, 418, 422, 451, 503}) {
    auto r = client.get("/status/" + std::to_string(code));
    EXPECT_EQ(r.status, code) << r;
    EXPECT_EQ(r.body(), json({{"code", code}})) << r;
  }
}

TEST_P(Responses, NoContentHasAnEmptyBody) {
  auto r = client.get("/nothing");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.text, "");
  EXPECT_FALSE(r.header("Content-Type")) << r;
}

TEST_P(Responses, HandlerReturningNothingIs204) {
  auto r = client.del("/void");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.text, "");
}

TEST_P(Responses, ReplyWithStatusAndHeaders) {
  auto r = client.post("/things");
  EXPECT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), json({{"id", 7}}));
  EXPECT_EQ(r.header("Location"), "/things/7");
  EXPECT_EQ(r.header("X-Extra"), "yes");
}

TEST_P(Responses, TextIsSentAsIsWithItsContentType) {
  auto plain = client.get("/text");
  EXPECT_EQ(plain.status, 200) << plain;
  EXPECT_EQ(plain.text, "hello\n");
  EXPECT_EQ(plain.header("Content-Type"), "text/plain");
  auto csv = client.get("/csv");
  EXPECT_EQ(csv.text, "a,b\n1,2\n");
  EXPECT_EQ(csv.header("Content-Type"), "text/csv");
}

TEST_P(Responses, JsonNullIsSentAsNull) {
  auto r = client.get("/null");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.text, "null\n");
}

TEST_P(Responses, AReplyWithoutABodyHasNone) {
  auto r = client.post("/accepted");
  EXPECT_EQ(r.status, 202) << r;
  EXPECT_EQ(r.text, "");
  EXPECT_FALSE(r.header("Content-Type")) << r;
}

// web::json keeps insertion order, as Python's dicts: what a handler builds is what is sent.
TEST_P(Responses, ObjectsKeepTheirKeysInTheOrderGiven) {
  auto r = client.get("/ordered");
  EXPECT_EQ(r.text, "{\"zebra\":1,\"apple\":2,\"mango\":3}\n");
}
