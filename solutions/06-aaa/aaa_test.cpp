// Authentication, authorization and the routes of lab 06, in process and over real HTTP, on a
// fresh SQLite database per test (users calvin/hobbes admin, hobbes/susie, susie/derkins).
#include <gtest/gtest.h>

#include <string>

#include <web/client_test.hpp>

#include "app.hpp"

using web::Form, web::json, web::basic_auth, web::bearer_auth;

class Aaa : public web::ClientTest<StuffApp> {
 protected:
  Aaa() {
    app.config().set("token_secret", "lab 06 test secret");
    app.config().set("login_detail", true);  // as the lab's main.cpp does
  }
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
  std::string token(const std::string& user, const std::string& password) {
    auto r = client.get("/login", basic_auth(user, password));
    EXPECT_EQ(r.status, 200) << r;
    return r.body().get<std::string>();
  }
};

INSTANTIATE_TEST_SUITE_P(Client, Aaa, web::client_modes({web::Engine::sqlite}),
                         web::client_mode_name);

TEST_P(Aaa, HelloNeedsValidCredentials) {
  auto none = client.get("/hello");
  EXPECT_EQ(none.status, 401) << none;
  EXPECT_EQ(error(none), "missing authorization header");
  EXPECT_EQ(none.header("WWW-Authenticate"), R"(Basic realm="stuff", Bearer realm="stuff")");
  EXPECT_EQ(error(client.get("/hello", basic_auth("hacker", "secret"))), "no such user: hacker");
  EXPECT_EQ(error(client.get("/hello", basic_auth("hobbes", "pas-le-bon"))),
            "invalid password for hobbes");
  EXPECT_EQ(client.get("/hello", basic_auth("hobbes", "susie")).body(), "hello hobbes!");
}

TEST_P(Aaa, AdminIsForTheAdminGroup) {
  auto hobbes = client.get("/admin", basic_auth("hobbes", "susie"));
  EXPECT_EQ(hobbes.status, 403) << hobbes;
  EXPECT_EQ(error(hobbes), "not in group \"ADMIN\"");
  EXPECT_EQ(client.get("/admin", basic_auth("calvin", "hobbes")).body(), "hello admin calvin!");
}

TEST_P(Aaa, RegisteredUsersCanLogInAtOnce) {
  auto r = client.post("/register", Form{{"login", "moe"}, {"pword", "secret"}});
  EXPECT_EQ(r.status, 201) << r;
  EXPECT_EQ(client.get("/whoami", basic_auth("moe", "secret")).body(), "moe");
  EXPECT_EQ(client.get("/admin", basic_auth("moe", "secret")).status, 403);
  EXPECT_EQ(client.post("/register", Form{{"login", "moe"}, {"pword", "other"}}).status, 409);
  EXPECT_EQ(client.post("/register", Form{{"login", "joe"}, {"pword", "abc"}}).status, 400);
  EXPECT_EQ(client.post("/register", Form{{"login", "joe"}}).status, 400);
  // ':' separates the login in Basic credentials and in a token: a login cannot hold one.
  EXPECT_EQ(client.post("/register", Form{{"login", "jo:e"}, {"pword", "secret"}}).status, 400);
  EXPECT_EQ(client.post("/register", Form{{"login", ""}, {"pword", "secret"}}).status, 400);
}

TEST_P(Aaa, TokensFromLogin) {
  std::string t = token("hobbes", "susie");
  EXPECT_EQ(t.rfind("stuff:hobbes:", 0), 0u) << t;
  EXPECT_EQ(client.get("/whoami", bearer_auth(t)).body(), "hobbes");
  EXPECT_EQ(client.get("/qui-suis-je", bearer_auth(t)).body(), "hobbes");
  auto basic = client.get("/qui-suis-je", basic_auth("hobbes", "susie"));
  EXPECT_EQ(basic.status, 401) << basic;
  EXPECT_EQ(error(basic), "missing token");
  EXPECT_EQ(client.get("/login", bearer_auth(t)).status, 401);  // a password is needed for a token
  std::string tampered = t;
  tampered.back() = tampered.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(client.get("/whoami", bearer_auth(tampered)).status, 401);
}

TEST_P(Aaa, OwnedObjects) {
  auto all = client.get("/owned", basic_auth("calvin", "hobbes"));
  ASSERT_EQ(all.status, 200) << all;
  EXPECT_EQ(all.body().size(), 6u);
  EXPECT_EQ(client.get("/owned", basic_auth("hobbes", "susie")).status, 403);

  auto mine = client.get("/owned/2", basic_auth("hobbes", "susie"));
  EXPECT_EQ(mine.body(), json::parse(R"([{"oid":3,"object":"tuna"},{"oid":4,"object":"comics"}])"))
      << mine;
  auto theirs = client.get("/owned/1", basic_auth("hobbes", "susie"));
  EXPECT_EQ(theirs.status, 403) << theirs;
  EXPECT_EQ(error(theirs), "permission denied on user:1 (read)");
  EXPECT_EQ(client.get("/owned/99", basic_auth("hobbes", "susie")).status, 404);
  EXPECT_EQ(client.get("/owned/abc", basic_auth("hobbes", "susie")).status, 400);
}

TEST_P(Aaa, ObjectsAreForTheirOwner) {
  EXPECT_EQ(client.get("/object/5", basic_auth("susie", "derkins")).body(),
            json({{"oid", 5}, {"object", "doll"}}));
  auto other = client.get("/object/5", basic_auth("calvin", "hobbes"));
  EXPECT_EQ(other.status, 403) << other;
  EXPECT_EQ(error(other), "permission denied on owned:5 (read)");
  auto none = client.get("/object/77", basic_auth("calvin", "hobbes"));
  EXPECT_EQ(none.status, 404) << none;
  EXPECT_EQ(error(none), "object not found");
  EXPECT_EQ(client.get("/object/5").status, 401);
}

TEST_P(Aaa, StuffReadsAreOpenWritesNeedAUser) {
  EXPECT_EQ(client.get("/stuff").body().size(), 2u);
  EXPECT_EQ(client.post("/stuff", Form{{"stuff", "Lamp"}}).status, 401);
  auto added = client.post("/stuff", basic_auth("susie", "derkins", Form{{"stuff", "Lamp"}}));
  EXPECT_EQ(added.status, 201) << added;
  EXPECT_EQ(client.del("/stuff/1").status, 401);
  EXPECT_EQ(client.del("/stuff/1", basic_auth("susie", "derkins")).status, 204);
}

TEST_P(Aaa, UsersManagementIsForAdmins) {
  json u = {{"u", {{"login", "rosalyn"}, {"password", "sitter"}, {"isAdmin", false}}}};
  EXPECT_EQ(client.post("/users-mgt", u).status, 401);
  EXPECT_EQ(client.post("/users-mgt", basic_auth("hobbes", "susie", u)).status, 403);
  EXPECT_EQ(client.post("/users-mgt", basic_auth("calvin", "hobbes", u)).status, 201);
  EXPECT_EQ(client.get("/whoami", basic_auth("rosalyn", "sitter")).body(), "rosalyn");
}
