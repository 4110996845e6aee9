// Hostile values inside well-framed requests (issue 12, defects 2, 5 and 8): deeply nested
// JSON, numbers out of range, logins that forge log lines, passwords bcrypt would cut or cannot
// take. In process and over HTTP, like the other suites.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <web/app.hpp>
#include <web/client_test.hpp>
#include <web/password.hpp>

using web::json, web::OPEN, web::AUTH;

namespace {

class InputApp : public web::App {
 public:
  InputApp() : App("input") {
    config().set("access_log", false);
    get_user_pass([this](const std::string& login) -> std::optional<std::string> {
      if (login == forged_login) return hash;
      return std::nullopt;
    });
    // POST /stuff: 201 and the stuff
    post("/stuff", OPEN, {"stuff"}, [](std::string stuff) { return web::reply(201, stuff); });
    // GET /admin: anyone authenticated
    get("/admin", AUTH, [](web::Request& req) { return *req.user(); });
    // POST /price: the price, a double
    post("/price", OPEN, {"price"}, [](double price) { return price; });
    // GET /doc: a JSON parameter
    get("/doc", OPEN, {"doc"}, [](json doc) { return doc; });
    // POST /register: a bcrypt hash of the password is made (and dropped)
    post("/register", OPEN, {"pword"}, [this](std::string pword) {
      hash_password(pword);
      return web::reply(201);
    });
  }
  // No ':' in it: Basic authentication cuts the login at the first one.
  static constexpr const char* forged_login = "evil\n2026-01-01 hobbes GET /admin 200";
  std::string hash = web::hash_password("pw", 4);
};

std::string nested_arrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

web::Body json_text(const std::string& text) {
  web::Body body;
  body.raw = text;
  body.headers = {{"Content-Type", "application/json"}};
  return body;
}

// What `f` writes on stderr (the access log), read from a temporary file.
template <class F>
std::string stderr_of(F f) {
  std::string path = ::testing::TempDir() + "hostile_input_" + std::to_string(getpid()) + ".log";
  std::fflush(stderr);
  int saved = dup(STDERR_FILENO);
  FILE* file = std::fopen(path.c_str(), "w");
  dup2(fileno(file), STDERR_FILENO);
  f();
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::fclose(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path.c_str());
  return text.str();
}

}  // namespace

class HostileInput : public web::ClientTest<InputApp> {
 protected:
  HostileInput() { init = false; }
};

INSTANTIATE_TEST_SUITE_P(Client, HostileInput, web::client_modes(), web::client_mode_name);

// Defect 2: 80,000 nested arrays (160 KB) crashed the server (SIGSEGV), before authentication.
TEST_P(HostileInput, DeeplyNestedJsonBodyIs400) {
  auto r = client.post("/stuff", json_text(R"({"stuff": )" + nested_arrays(80000) + "}"));
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.text.find("nested deeper than 256 levels"), std::string::npos) << r;
  r = client.post("/stuff", json_text(nested_arrays(80000)));
  EXPECT_EQ(r.status, 400) << r;
}

TEST_P(HostileInput, DeeplyNestedJsonBeforeAuthenticationIs401NotACrash) {
  web::Body body = json_text(nested_arrays(120000));
  auto r = client.request("GET", "/admin", body);
  EXPECT_EQ(r.status, 401) << r;  // authentication comes first, as in the Python course's stack
}

TEST_P(HostileInput, NestingUpToTheLimitIsAccepted) {
  auto r = client.get("/doc?doc=" + nested_arrays(256));
  EXPECT_EQ(r.status, 200) << r;
  r = client.get("/doc?doc=" + nested_arrays(257));
  EXPECT_EQ(r.status, 400) << r;
  r = client.get("/doc?doc=" + nested_arrays(20000));
  EXPECT_EQ(r.status, 400) << r;
}

TEST_P(HostileInput, BracketsInsideStringsDoNotCount) {
  auto r = client.post("/stuff", json_text(R"({"stuff": ")" + std::string(1000, '[') + "\"}"));
  EXPECT_EQ(r.status, 201) << r;
}

// Defect 5: 1e400 was a 500.
TEST_P(HostileInput, NumbersOutOfRangeAre400) {
  auto r = client.post("/price", json_text(R"({"price": 1e400})"));
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.text.find("number overflow"), std::string::npos) << r;
  r = client.post("/price", web::Form{{"price", "1e400"}});
  EXPECT_EQ(r.status, 400) << r;
  r = client.get("/doc?doc=-1e400");
  EXPECT_EQ(r.status, 400) << r;
  r = client.post("/price", json_text(R"({"price": 4.9e-324})"));
  EXPECT_EQ(r.status, 200) << r;
}

// Defect 8: a login holding "\n" wrote a forged line into the access log.
TEST_P(HostileInput, ControlBytesInLoggedFieldsAreEscaped) {
  app.config().set("access_log", true);
  web::Result r;
  std::string log =
      stderr_of([&] { r = client.get("/admin", web::basic_auth(InputApp::forged_login, "pw")); });
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
  EXPECT_NE(log.find("evil\\x0a2026-01-01"), std::string::npos) << log;
}

TEST_P(HostileInput, PasswordsBcryptWouldCutOrCannotTakeAre400) {
  auto r = client.post("/register", web::Form{{"pword", std::string(72, 'p')}});
  EXPECT_EQ(r.status, 201) << r;
  r = client.post("/register", web::Form{{"pword", std::string(73, 'p')}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_NE(r.text.find("at most 72 bytes"), std::string::npos) << r;
  r = client.post("/register", web::Form{{"pword", std::string("a\0b", 3)}});
  EXPECT_EQ(r.status, 400) << r;
  r = client.post("/register", web::Form{{"pword", std::string(1 << 19, 'p')}});
  EXPECT_EQ(r.status, 400) << r;
}
