// Your own tests of lab 05 (not graded, not handed in): GoogleTest, built with your lab and run by
// `make test`, or alone: `make build`, then `ctest --preset dev -R labs/05-cruds`. Each test
// starts on a fresh SQLite file (--init: Chair and Desk, three owners and their things)
// and runs twice: in process, then over real HTTP on a free port. Chapter 6 shows the fixture.
// The list at the end says what to test next.
#include <gtest/gtest.h>

#include <string>

#include <web/client_test.hpp>
#include <web/db.hpp>

#include "app.hpp"

using web::Client, web::Form, web::json;

namespace {

// The error message of an answer, "" when it has none.
std::string error(const web::Result& r) {
  return r.body().value("error", "");
}

}  // namespace

// Each test on a fresh SQLite file (--init), in process and over HTTP.
class StuffApi : public web::ClientTest<StuffApp> {
 protected:
  // What the database holds for a user's password: never the password itself.
  json stored_password(const std::string& login) {
    return web::Connection::open(database_url())
        ->fetch_value("SELECT pword FROM Utilisateur WHERE login = :login", {{"login", login}});
  }
};

INSTANTIATE_TEST_SUITE_P(Client, StuffApi, web::client_modes({web::Engine::sqlite}),
                         web::client_mode_name);

// Examples: routes the starter already answers. `<< r` prints the request and the answer when
// a check fails.
TEST_P(StuffApi, VersionNamesTheApp) {
  auto r = client.get("/version");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body()["app"], "stuff") << r;
}

TEST_P(StuffApi, UnknownOwnerIs404SayingWhy) {
  auto r = client.get("/owners/5432");
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_NE(error(r), "") << r;
}

// To do: one test per rule of the statement, errors included, each a TEST_P as above. A few
// to start with:
// - GET /stuff answers Chair (sid 1) then Desk (sid 2);
// - POST /stuff with stuff=Chair is a 409, and GET /stuff still has 2;
// - DELETE /stuff/2 is a 204, then GET /stuff/2 a 404, DELETE again a 404;
// - POST /users-mgt is a 201, and stored_password(login) is not the password;
// - DELETE /owners/<oid> of an owner of things is a 409, and the owner stays.
