// Owners and things, every row of the lab's table, in process and over real HTTP, on a fresh
// SQLite database per test.
#include <gtest/gtest.h>

#include <string>

#include <web/client_test.hpp>

#include "app.hpp"

using web::Form, web::json;

namespace {

// The tids of a list of things, in order.
json tids(const json& things) {
  json out = json::array();
  for (const auto& thing : things) out.push_back(thing["tid"]);
  return out;
}

}  // namespace

class ThingsApi : public web::ClientTest<Things> {};

INSTANTIATE_TEST_SUITE_P(Client, ThingsApi, web::client_modes({web::Engine::sqlite}),
                         web::client_mode_name);

TEST_P(ThingsApi, VersionNamesTheAppAndTheDatabaseTime) {
  auto r = client.get("/version");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body()["app"], "things");
  ASSERT_TRUE(r.body()["now"].is_string()) << r;
  EXPECT_EQ(r.body()["now"].get<std::string>().substr(0, 2), "20") << r;
}

TEST_P(ThingsApi, OwnersAreListedByOid) {
  auto r = client.get("/owners");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json::parse(R"([
      {"oid": 1, "oname": "calvin", "omail": "calvin@comics.net"},
      {"oid": 2, "oname": "hobbes", "omail": "hobbes@comics.net"},
      {"oid": 3, "oname": "susie", "omail": "susie@comics.net"}])"));
}

TEST_P(ThingsApi, OneOwnerOr404) {
  auto r = client.get("/owners/2");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(),
            json::parse(R"({"oid": 2, "oname": "hobbes", "omail": "hobbes@comics.net"})"));
  auto unknown = client.get("/owners/7");
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(unknown.body()["error"], "no such owner: 7");
}

TEST_P(ThingsApi, NonIntegerIdsAre400NamingTheParameter) {
  auto owner = client.get("/owners/calvin");
  EXPECT_EQ(owner.status, 400) << owner;
  EXPECT_EQ(owner.body()["error"], "parameter \"oid\" type error on \"calvin\" for int");
  auto things = client.get("/owners/1.5/things");
  EXPECT_EQ(things.status, 400) << things;
  auto thing = client.get("/things/x");
  EXPECT_EQ(thing.status, 400) << thing;
  EXPECT_NE(thing.body()["error"].get<std::string>().find("\"tid\""), std::string::npos) << thing;
}

TEST_P(ThingsApi, AnOwnersThingsByTidOr404) {
  auto r = client.get("/owners/1/things");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json::parse(R"([{"tid": 1, "tname": "Tiger doll", "tprice": 12.5},
      {"tid": 2, "tname": "Wagon", "tprice": 35.0},
      {"tid": 3, "tname": "Cardboard box", "tprice": 1.25}])"));
  EXPECT_EQ(tids(client.get("/owners/3/things").body()), json::parse("[6, 7]"));
  auto unknown = client.get("/owners/4/things");
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(unknown.body()["error"], "no such owner: 4");
}

TEST_P(ThingsApi, ThingsCarryTheirOwnersName) {
  auto r = client.get("/things");
  ASSERT_EQ(r.status, 200) << r;
  ASSERT_EQ(r.body().size(), 7u) << r;
  EXPECT_EQ(tids(r.body()), json::parse("[1, 2, 3, 4, 5, 6, 7]"));
  EXPECT_EQ(r.body()[3], json::parse(R"({"tid": 4, "tname": "Tuna sandwich", "tprice": 4.75,
      "oname": "hobbes"})"));
}

TEST_P(ThingsApi, MaxPriceKeepsTheThingsCostingAtMostThatFromQueryFormOrJson) {
  EXPECT_EQ(tids(client.get("/things?max_price=10").body()), json::parse("[3, 4, 5, 6]"));
  EXPECT_EQ(tids(client.get("/things?max_price=2.99").body()), json::parse("[3, 5]"));
  EXPECT_EQ(tids(client.get("/things", json{{"max_price", 12.5}}).body()),
            json::parse("[1, 3, 4, 5, 6]"));
  EXPECT_EQ(tids(client.get("/things", Form{{"max_price", "1e3"}}).body()).size(), 7u);
  EXPECT_EQ(client.get("/things?max_price=1").body(), json::array());
}

TEST_P(ThingsApi, MaxPriceMustBeANumber) {
  auto r = client.get("/things?max_price=cheap");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.body()["error"], "parameter \"max_price\" type error on \"cheap\" for double");
  EXPECT_EQ(client.get("/things", json{{"max_price", "10"}}).status, 400);
}

TEST_P(ThingsApi, OneThingWithItsOwnersNameOr404) {
  auto r = client.get("/things/6");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(),
            json::parse(R"({"tid": 6, "tname": "Mr. Bun", "tprice": 9.99, "oname": "susie"})"));
  auto unknown = client.get("/things/8");
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(unknown.body()["error"], "no such thing: 8");
}

TEST_P(ThingsApi, StatsCountOwnersAndThings) {
  auto r = client.get("/stats");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json::parse(R"({"owners": 3, "things": 7})"));
}

TEST_P(ThingsApi, DeleteThingsKeepsTheOwners) {
  auto r = client.del("/things");
  EXPECT_EQ(r.status, 204) << r;
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(client.get("/things").body(), json::array());
  EXPECT_EQ(client.get("/stats").body(), json::parse(R"({"owners": 3, "things": 0})"));
  EXPECT_EQ(client.get("/owners").body().size(), 3u);
  auto none = client.get("/owners/1/things");
  EXPECT_EQ(none.status, 200) << none;
  EXPECT_EQ(none.body(), json::array());
  EXPECT_EQ(client.get("/things/1").status, 404);
}

TEST_P(ThingsApi, WrongMethodIs405WithAllow) {
  auto things = client.post("/things");
  EXPECT_EQ(things.status, 405) << things;
  EXPECT_EQ(things.header("Allow"), "DELETE, GET, HEAD, OPTIONS");
  auto owners = client.del("/owners");
  EXPECT_EQ(owners.status, 405) << owners;
  EXPECT_EQ(owners.header("Allow"), "GET, HEAD, OPTIONS");
}
