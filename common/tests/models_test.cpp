// Models (the Python course's pydantic User) and date / datetime parameters: read from a JSON
// object, its text, or form fields; every violated rule is a 400 naming the field and the rule.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>
#include <web/model.hpp>

#include "test_support.hpp"

using web::Client, web::Form, web::json, web::OPEN;

namespace {

struct User {
  std::string login;
  std::string password;
  bool isAdmin = false;
  std::optional<std::string> email;
  static void model(web::Model<User>& m) {
    m.field("login", &User::login, web::rule("must not contain ':'", [](const std::string& s) {
              return s.find(':') == std::string::npos;
            }));
    m.field("password", &User::password, web::min_length(4));
    m.field("isAdmin", &User::isAdmin);
    m.field("email", &User::email, web::max_length(20));
  }
};

struct Team {
  std::string name;
  User leader;
  std::vector<std::int64_t> scores;
  static void model(web::Model<Team>& m) {
    m.field("name", &Team::name);
    m.field("leader", &Team::leader);
    m.field("scores", &Team::scores);
  }
};

class ModelsApp : public web::App {
 public:
  ModelsApp() : App("models") {
    config().set("access_log", false);
    post("/users", OPEN, {"u"}, [](User u) { return web::reply(201, u); });
    post("/teams", OPEN, {"t"}, [](Team t) { return t; });
    get("/day", OPEN, {"d"}, [](web::Date d) { return d; });
    get("/at", OPEN, {"t"}, [](web::DateTime t) { return t; });
    get("/between", OPEN, {"from", "to"}, [](web::DateTime from, std::optional<web::Date> to) {
      return json{{"from", from}, {"to", to}};
    });
  }
};

}  // namespace

class Models : public web::ClientTest<ModelsApp> {
 protected:
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

INSTANTIATE_TEST_SUITE_P(Client, Models, web::client_modes(), web::client_mode_name);

TEST_P(Models, FilledFromAJsonObject) {
  auto r = client.post(
      "/users", json{{"u", {{"login", "bro"}, {"password", "bro-pass"}, {"isAdmin", true}}}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(
      r.body(),
      json({{"login", "bro"}, {"password", "bro-pass"}, {"isAdmin", true}, {"email", nullptr}}));
}

TEST_P(Models, FilledFromFormFieldsNamedAfterItsFields) {
  auto r = client.post(
      "/users",
      Form{{"login", "bro"}, {"password", "bro-pass"}, {"isAdmin", "false"}, {"email", "b@x.org"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body()["isAdmin"], false);
  EXPECT_EQ(r.body()["email"], "b@x.org");
}

TEST_P(Models, FilledFromTheJsonTextOfAFormField) {
  auto r = client.post("/users", Form{{"u", R"({"login":"a","password":"abcd","isAdmin":false})"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body()["login"], "a");
}

TEST_P(Models, ShortPasswordNamesTheFieldAndTheRule) {
  auto r = client.post("/users",
                       json{{"u", {{"login", "bro"}, {"password", "abc"}, {"isAdmin", false}}}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"u.password\" must have at least 4 characters (or elements)");
}

TEST_P(Models, EveryProblemIsReportedAtOnce) {
  auto r = client.post("/users", json{{"u", {{"login", "a:b"}, {"isAdmin", "yes"}}}});
  EXPECT_EQ(r.status, 400) << r;
  auto message = error(r);
  EXPECT_TRUE(test::contains(message, "parameter \"u.login\" must not contain ':'")) << message;
  EXPECT_TRUE(test::contains(message, "parameter \"u.password\" is missing")) << message;
  // JSON values must have the field's type: a string is not a bool there.
  EXPECT_TRUE(test::contains(message, "parameter \"u.isAdmin\" type error")) << message;
}

TEST_P(Models, OptionalFieldsMayBeMissingButFollowTheirRulesWhenGiven) {
  auto r = client.post("/users", Form{{"login", "bro"},
                                      {"password", "abcd"},
                                      {"isAdmin", "0"},
                                      {"email", std::string(21, 'x')}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"email\" must have at most 20 characters (or elements)");
}

TEST_P(Models, FormFieldsReportTheirOwnNames) {
  auto r = client.post("/users", Form{{"login", "bro"}, {"isAdmin", "maybe"}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_TRUE(test::contains(error(r), "parameter \"password\" is missing")) << r;
  EXPECT_TRUE(test::contains(error(r), "parameter \"isAdmin\" type error on \"maybe\"")) << r;
}

TEST_P(Models, NothingAtAllIsTheParameterMissing) {
  auto r = client.post("/users");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"u\" is missing");
}

TEST_P(Models, NotAnObjectIsATypeError) {
  auto r = client.post("/users", json{{"u", 3}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"u\" type error on 3 for object");
}

TEST_P(Models, NestedModelsAndListsNameTheirPath) {
  json team = {{"name", "tigers"},
               {"leader", {{"login", "calvin"}, {"password", "hobbes"}, {"isAdmin", true}}},
               {"scores", {3, 5}}};
  auto ok = client.post("/teams", json{{"t", team}});
  ASSERT_EQ(ok.status, 200) << ok;
  EXPECT_EQ(ok.body()["leader"]["login"], "calvin");
  EXPECT_EQ(ok.body()["scores"], json({3, 5}));

  team["leader"]["password"] = "x";
  team["scores"] = json::array({1, "two"});
  auto bad = client.post("/teams", json{{"t", team}});
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_TRUE(test::contains(error(bad), "parameter \"t.leader.password\" must have")) << bad;
  EXPECT_TRUE(test::contains(error(bad), "parameter \"t.scores[1]\" type error")) << bad;
}

TEST_P(Models, DateIsAnIsoCalendarDay) {
  EXPECT_EQ(client.get("/day?d=2024-02-29").body(), "2024-02-29");
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-5-1", "01/05/2024", "2024-05-01x"}) {
    auto r = client.get(std::string("/day?d=") + web::url_encode(bad));
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_EQ(error(r), "parameter \"d\" type error on \"" + std::string(bad) + "\" for date");
  }
}

TEST_P(Models, DateTimeIsIso8601ConvertedToUtc) {
  auto at = [&](const std::string& text) {
    return client.get("/at?t=" + web::url_encode(text));
  };
  EXPECT_EQ(at("2024-05-01T07:37:36Z").body(), "2024-05-01T07:37:36Z");
  EXPECT_EQ(at("2024-05-01 09:37:36+02:00").body(), "2024-05-01T07:37:36Z");
  EXPECT_EQ(at("2024-05-01T00:30-0100").body(), "2024-05-01T01:30:00Z");
  EXPECT_EQ(at("2024-05-01T07:37:36.25").body(), "2024-05-01T07:37:36.250000Z");
  EXPECT_EQ(at("2024-05-01").body(), "2024-05-01T00:00:00Z");
  for (const char* bad : {"2024-05-01T24:00", "2024-05-01T07", "2024-05-01T07:37:36+2",
                          "2024-05-01T07:37:36.Z", "now"}) {
    auto r = at(bad);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_TRUE(test::contains(error(r), "for datetime")) << r;
  }
}

TEST_P(Models, DatesFromJsonMustBeStrings) {
  auto ok = client.get("/between", json{{"from", "2024-05-01T10:00:00Z"}, {"to", "2024-06-01"}});
  EXPECT_EQ(ok.body(), json({{"from", "2024-05-01T10:00:00Z"}, {"to", "2024-06-01"}})) << ok;
  auto open_ended = client.get("/between?from=2024-05-01");
  EXPECT_EQ(open_ended.body()["to"], nullptr) << open_ended;
  auto bad = client.get("/between", json{{"from", 20240501}});
  EXPECT_EQ(bad.status, 400) << bad;
}
