// Hooks: `before` runs after routing, before the handler, and may stop it; `after` sees every
// response, errors included, and may change it; both run in the order they were added.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>

using web::Client, web::json, web::OPEN;

namespace {

class HooksApp : public web::App {
 public:
  HooksApp() : App("hooks") {
    config().set("access_log", false);
    before([this](web::Request& req) { record("before 1 " + req.route()); });
    before([this](web::Request& req) {
      record("before 2");
      if (req.has("deny")) throw web::Error(401, "login first");
    });
    after([this](const web::Request&, web::Response& res) {
      record("after 1 " + std::to_string(res.status()));
      res.header("X-Status-Seen", std::to_string(res.status()));
    });
    after([this](const web::Request&, web::Response& res) {
      record("after 2");
      if (res.status() == 404) res = web::reply(404, {{"error", "nothing here"}});
    });
    get("/items/<id>", OPEN, {"id"}, [this](std::int64_t id) {
      record("handler");
      return json{{"id", id}};
    });
    get("/crash", OPEN, [this] {
      record("handler");
      throw std::runtime_error("bug");
    });
  }

  // What ran, in order; handlers run on the server's threads.
  std::vector<std::string> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  void record(std::string event) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(event));
  }
  std::mutex mutex_;
  std::vector<std::string> events_;
};

using Events = std::vector<std::string>;

}  // namespace

class Hooks : public web::ClientTest<HooksApp> {};

INSTANTIATE_TEST_SUITE_P(Client, Hooks, web::client_modes(), web::client_mode_name);

TEST_P(Hooks, RunInOrderAroundTheHandler) {
  auto r = client.get("/items/3");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(app.events(),
            (Events{"before 1 /items/<id>", "before 2", "handler", "after 1 200", "after 2"}));
}

TEST_P(Hooks, BeforeCanStopTheHandlerWithAnError) {
  auto r = client.get("/items/3?deny=1");
  EXPECT_EQ(r.status, 401) << r;
  EXPECT_EQ(r.body(), json({{"error", "login first"}}));
  EXPECT_EQ(app.events(), (Events{"before 1 /items/<id>", "before 2", "after 1 401", "after 2"}));
}

TEST_P(Hooks, BeforeDoesNotRunWhenRoutingFails) {
  auto r = client.get("/nowhere");
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(app.events(), (Events{"after 1 404", "after 2"}));
}

TEST_P(Hooks, AfterSeesErrorStatuses) {
  EXPECT_EQ(client.get("/items/x").status, 400);
  EXPECT_EQ(client.get("/crash").status, 500);
  EXPECT_EQ(client.post("/items/3").status, 405);
  auto events = app.events();
  for (const char* seen : {"after 1 400", "after 1 500", "after 1 405"}) {
    EXPECT_NE(std::find(events.begin(), events.end(), seen), events.end()) << seen;
  }
}

TEST_P(Hooks, AfterMayChangeTheResponse) {
  auto found = client.get("/items/3");
  EXPECT_EQ(found.header("X-Status-Seen"), "200") << found;
  auto missing = client.get("/nowhere");
  EXPECT_EQ(missing.status, 404) << missing;
  EXPECT_EQ(missing.body(), json({{"error", "nothing here"}}));
  EXPECT_FALSE(missing.header("X-Status-Seen")) << missing;  // replaced by the second hook
}
