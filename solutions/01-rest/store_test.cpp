// The key-value store, every row of the lab's table, in process and over real HTTP.
#include <gtest/gtest.h>

#include <web/client_test.hpp>

#include "app.hpp"

using web::Form, web::json;

// slide: store-test-fixture
// Each test on a fresh app (started with --init), in process and over HTTP.
class Store : public web::ClientTest<Kiva> {};

INSTANTIATE_TEST_SUITE_P(Client, Store, web::client_modes(), web::client_mode_name);
// end slide

TEST_P(Store, VersionNamesTheApp) {
  auto r = client.get("/version");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body()["app"], "kiva");
  EXPECT_EQ(r.header("Content-Type"), "application/json");
}

TEST_P(Store, ListIsSortedByKey) {
  auto r = client.get("/store");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json::parse(R"([{"key": "calvin", "val": "hobbes"},
      {"key": "hobbes", "val": "susie"}, {"key": "susie", "val": "derkins"}])"));
}

TEST_P(Store, FilterIsALikePatternFromQueryFormOrJson) {
  auto by_query = client.get("/store?filter=c%25");
  EXPECT_EQ(by_query.body(), json::parse(R"([{"key": "calvin", "val": "hobbes"}])")) << by_query;
  auto by_json = client.get("/store", json{{"filter", "%s%"}});
  EXPECT_EQ(by_json.body().size(), 2u) << by_json;
  auto by_form = client.get("/store", Form{{"filter", "_obbes"}});
  EXPECT_EQ(by_form.body(), json::parse(R"([{"key": "hobbes", "val": "susie"}])")) << by_form;
  EXPECT_EQ(client.get("/store?filter=zzz").body(), json::array());
}

TEST_P(Store, PostCreatesWithLocation) {
  auto r = client.post("/store", Form{{"key", "moe"}, {"val", "bully"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), json({{"key", "moe"}}));
  EXPECT_EQ(r.header("Location"), "/store/moe");
  auto got = client.get("/store/moe");
  EXPECT_EQ(got.body(), json({{"key", "moe"}, {"val", "bully"}})) << got;
}

TEST_P(Store, PostExistingKeyIs409AndKeepsTheValue) {
  auto r = client.post("/store", json{{"key", "calvin"}, {"val", "tiger"}});
  EXPECT_EQ(r.status, 409) << r;
  EXPECT_TRUE(r.body().contains("error")) << r;
  EXPECT_EQ(client.get("/store/calvin").body()["val"], "hobbes");
}

TEST_P(Store, PostMissingOrEmptyParametersIs400NamingThem) {
  auto none = client.post("/store");
  EXPECT_EQ(none.status, 400) << none;
  EXPECT_EQ(none.body()["error"], "parameter \"key\" is missing\nparameter \"val\" is missing");
  auto empty = client.post("/store", Form{{"key", "x"}, {"val", ""}});
  EXPECT_EQ(empty.status, 400) << empty;
  EXPECT_EQ(client.get("/store/x").status, 404);
}

TEST_P(Store, KeysArePercentDecoded) {
  auto r = client.post("/store", Form{{"key", "a b/c"}, {"val", "é"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.header("Location"), "/store/a%20b%2Fc");
  auto got = client.get("/store/a%20b%2Fc");
  EXPECT_EQ(got.body(), json({{"key", "a b/c"}, {"val", "é"}})) << got;
}

TEST_P(Store, GetUnknownKeyIs404) {
  auto r = client.get("/store/nobody");
  EXPECT_EQ(r.status, 404) << r;
  EXPECT_EQ(r.body()["error"], "no such key: nobody");
}

TEST_P(Store, PutAndPatchReplaceTheValue) {
  auto put = client.put("/store/calvin", Form{{"val", "tiger"}});
  EXPECT_EQ(put.status, 204) << put;
  EXPECT_EQ(put.text, "");
  EXPECT_EQ(client.get("/store/calvin").body()["val"], "tiger");
  auto patch = client.patch("/store/calvin", json{{"val", "stripes"}});
  EXPECT_EQ(patch.status, 204) << patch;
  EXPECT_EQ(client.get("/store/calvin").body()["val"], "stripes");
}

TEST_P(Store, PutUnknownKeyIs404AndCreatesNothing) {
  EXPECT_EQ(client.put("/store/moe", Form{{"val", "x"}}).status, 404);
  EXPECT_EQ(client.get("/store/moe").status, 404);
}

TEST_P(Store, PutWithoutValIs400) {
  auto r = client.put("/store/calvin");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.body()["error"], "parameter \"val\" is missing");
}

TEST_P(Store, DeleteOneThenItIsGone) {
  EXPECT_EQ(client.del("/store/susie").status, 204);
  EXPECT_EQ(client.get("/store/susie").status, 404);
  EXPECT_EQ(client.del("/store/susie").status, 404);
}

TEST_P(Store, DeleteAllEmptiesTheStore) {
  EXPECT_EQ(client.del("/store").status, 204);
  EXPECT_EQ(client.get("/store").body(), json::array());
}

TEST_P(Store, WrongMethodIs405WithAllow) {
  auto r = client.post("/store/calvin", Form{{"val", "x"}});
  EXPECT_EQ(r.status, 405) << r;
  EXPECT_EQ(r.header("Allow"), "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
}
