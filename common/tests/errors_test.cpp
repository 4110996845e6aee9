// Errors: web::Error and web::todo become JSON answers, anything else a 500 that tells nothing,
// and a body over max_body a 413.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include <web/app.hpp>
#include <web/client_test.hpp>

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

class Errors : public web::ClientTest<ErrorsApp> {};

INSTANTIATE_TEST_SUITE_P(Client, Errors, web::client_modes(), web::client_mode_name);

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
  EXPECT_EQ(r.text, "{\"error\":\"internal server error\"}\n");
  EXPECT_EQ(r.text.find("hunter2"), std::string::npos);
}

TEST_P(Errors, NonStandardExceptionIs500Too) {
  auto r = client.get("/throw-int");
  EXPECT_EQ(r.status, 500) << r;
  EXPECT_EQ(r.text, "{\"error\":\"internal server error\"}\n");
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

// The error format of the config (FlaskSimpleAuth's FSA_ERROR_RESPONSE): json (the default),
// plain, or json:KEY; every error answer follows it, common's own (404, 405, 400) included.
template <const char* format>
class FormattedErrorsApp : public ErrorsApp {
 public:
  FormattedErrorsApp() { config().set("error_response", format); }
};
constexpr char plain[] = "plain";
constexpr char message_key[] = "json:message";

class PlainErrors : public web::ClientTest<FormattedErrorsApp<plain>> {};
INSTANTIATE_TEST_SUITE_P(Client, PlainErrors, web::client_modes(), web::client_mode_name);

TEST_P(PlainErrors, AreTheMessageAsText) {
  auto r = client.get("/conflict");
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_EQ(r.text, "key already exists: calvin\n");
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("text/plain", 0), 0u) << r;
  auto unknown = client.get("/nowhere");
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(unknown.text, "not found: /nowhere\n");
  EXPECT_EQ(client.post("/conflict").text, "method POST not allowed on /conflict\n");
  EXPECT_EQ(client.get("/crash").text, "internal server error\n");
}

class KeyedErrors : public web::ClientTest<FormattedErrorsApp<message_key>> {};
INSTANTIATE_TEST_SUITE_P(Client, KeyedErrors, web::client_modes(), web::client_mode_name);

TEST_P(KeyedErrors, AreAnObjectUnderThatKey) {
  auto r = client.get("/todo");
  EXPECT_EQ(r.status, 501) << r;
  EXPECT_EQ(r.body(), json({{"message", "not implemented: lab 01: POST /store"}}));
  EXPECT_EQ(r.header("Content-Type"), "application/json");
}
