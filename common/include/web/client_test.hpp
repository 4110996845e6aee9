// The fixture of the test suites: every TEST_P body runs against a fresh app, once in process
// (no socket) and once over real HTTP (a server on a free loopback port), and for an app with a
// database on a fresh one (SQLite, or PostgreSQL too). Link with `common_testing`.
//
//   class Store : public web::ClientTest<Kiva> {};
//   INSTANTIATE_TEST_SUITE_P(Client, Store, web::client_modes(), web::client_mode_name);
//   TEST_P(Store, PostExistingKeyIs409) {
//     auto r = client.post("/store", json{{"key", "calvin"}, {"val", "tiger"}});
//     EXPECT_EQ(r.status, 409) << r;
//   }
//
// The app is started by SetUp: app.start(init), `init` true unless the suite's constructor says
// otherwise; settings go in that constructor too: app.config().set("token_secret", ...).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "web/client.hpp"
#include "web/test_database.hpp"

namespace web {

// How one run of a suite talks to the app: over HTTP or not, on which database (if any).
struct ClientMode {
  bool http = false;
  std::optional<Engine> engine;
};

// Both modes, on each engine given (none: an app without a database).
inline auto client_modes(std::vector<Engine> engines = {}) {
  std::vector<ClientMode> modes;
  std::vector<std::optional<Engine>> each(engines.begin(), engines.end());
  if (each.empty()) each.push_back(std::nullopt);
  for (const auto& engine : each) {
    for (bool http : {false, true}) modes.push_back({http, engine});
  }
  return ::testing::ValuesIn(modes);
}

// "InProcess", "Http", "Sqlite_Http"...
inline std::string client_mode_name(const ::testing::TestParamInfo<ClientMode>& info) {
  std::string mode = info.param.http ? "Http" : "InProcess";
  return info.param.engine ? engine_name(*info.param.engine) + "_" + mode : mode;
}

inline void PrintTo(const ClientMode& mode, std::ostream* os) {
  *os << (mode.engine ? engine_name(*mode.engine) + " " : "")
      << (mode.http ? "http" : "in process");
}

template <class A>
class ClientTest : public ::testing::TestWithParam<ClientMode> {
 protected:
  ClientTest() { app.config().set("access_log", false); }

  void SetUp() override {
    if (GetParam().engine) {
      TestDatabase::open_for_test(*GetParam().engine, database);
      if (IsSkipped() || HasFatalFailure()) return;
      app.config().set("db", database->url());
    }
    app.start(init);
    if (GetParam().http) client = Client::serve(app);
  }

  // The URL of the test's database (for a look behind the app's back).
  const std::string& database_url() const { return database->url(); }

  bool init = true;  // start with fresh data (--init)
  // Destroyed in reverse: the server stops, the app closes its connections, the database goes.
  std::optional<TestDatabase> database;
  A app;
  Client client{app};
};

}  // namespace web
