// Errors: web::Error and web::todo become JSON answers, anything else a 500 that tells nothing,
// and a body over max_body a 413.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <web/app.hpp>
#include <web/client.hpp>

using web::Client, web::json, web::OPEN;

namespace {

class ErrorsApp : public web::App {
 public:
  ErrorsApp() : App("errors") {
    config().set("access_log", false);
    config().set("max_body", 100);
    get("/conflict", OPEN, [] { throw web::Error(409, "key already exists: calvin"); });
    get("/todo", OPEN, [] { web::todo("lab 01: POST /store"); });
    get("/crash", OPEN, [] { throw std::runtime_error("password=hunter2 in db.cpp:42"); });
    get("/throw-int", OPEN, [] { throw 42; });
    post("/upload", OPEN, [](web::Request& req) { return req.body().size(); });
  }
};

// A body of `size` bytes, sent as text.
web::Body text_body(std::size_t size) {
  web::Body body;
  body.raw = std::string(size, 'x');
  body.headers = {{"Content-Type", "text/plain"}};
  return body;
}

}  // namespace

class Errors : public ::testing::TestWithParam<bool> {
 protected:
  ErrorsApp app;
  Client client{GetParam() ? Client::serve(app) : Client(app)};
};

INSTANTIATE_TEST_SUITE_P(Client, Errors, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "Http" : "InProcess"; });

TEST_P(Errors, ErrorIsAnsweredWithItsStatusAndMessage) {
  auto r = client.get("/conflict");
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body(), json({{"error", "key already exists: calvin"}}));
}

TEST_P(Errors, TodoIs501NamingWhatIsMissing) {
  auto r = client.get("/todo");
  EXPECT_EQ(r.status, 501) << r;
  EXPECT_EQ(r.body(), json({{"error", "not implemented: lab 01: POST /store"}}));
}

TEST_P(Errors, OtherExceptionIs500ThatRevealsNothing) {
  auto r = client.get("/crash");
  EXPECT_EQ(r.status, 500) << r;
  EXPECT_EQ(r.text, R"({"error":"internal server error"})");
  EXPECT_EQ(r.text.find("hunter2"), std::string::npos);
}

TEST_P(Errors, NonStandardExceptionIs500Too) {
  auto r = client.get("/throw-int");
  EXPECT_EQ(r.status, 500) << r;
  EXPECT_EQ(r.text, R"({"error":"internal server error"})");
}

TEST_P(Errors, BodyOverMaxBodyIs413) {
  auto limit = client.post("/upload", text_body(100));
  EXPECT_EQ(limit.status, 200) << limit;
  EXPECT_EQ(limit.body(), 100);
  auto over = client.post("/upload", text_body(101));
  EXPECT_EQ(over.status, 413) << over;
  EXPECT_TRUE(over.body()["error"].is_string()) << over;
}

TEST_P(Errors, BodyFarOverMaxBodyIs413AndTheServerGoesOn) {
  auto r = client.post("/upload", text_body(200 * 1024));
  EXPECT_EQ(r.status, 413) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_TRUE(r.body()["error"].is_string());
  EXPECT_EQ(client.get("/conflict").status, 409);
}
