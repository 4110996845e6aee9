// Typed routes, every row of the lab's table, in process and over real HTTP.
#include <gtest/gtest.h>

#include <web/client_test.hpp>

#include "app.hpp"

using web::Form, web::json;

class Routes : public web::ClientTest<RoutesApp> {};

INSTANTIATE_TEST_SUITE_P(Client, Routes, web::client_modes(), web::client_mode_name);

TEST_P(Routes, VersionNamesTheApp) {
  auto r = client.get("/version");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json({{"app", "routes"}}));
}

TEST_P(Routes, PostUserGreetsWith201) {
  auto r = client.post("/users/calvin");
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), json({{"name", "calvin"}, {"msg", "hello calvin!"}}));
  auto spaced = client.post("/users/susie%20derkins");
  EXPECT_EQ(spaced.body()["msg"], "hello susie derkins!") << spaced;
}

TEST_P(Routes, AddSumsThreeIntegersFromPathQueryFormOrJson) {
  auto r = client.get("/add/1?j=2&k=3");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json(6));
  EXPECT_EQ(client.get("/add/-5?j=%2B2").body(), json(-3));
  EXPECT_EQ(client.get("/add/10", Form{{"j", "5"}}).body(), json(15));
  EXPECT_EQ(client.get("/add/10", json{{"j", 5}, {"k", -20}}).body(), json(-5));
}

TEST_P(Routes, AddMissingOrNonIntegerParametersAre400NamingThem) {
  auto missing = client.get("/add/1");
  EXPECT_EQ(missing.status, 400) << missing;
  EXPECT_EQ(missing.body()["error"], "parameter \"j\" is missing");
  auto text = client.get("/add/1?j=abc");
  EXPECT_EQ(text.status, 400) << text;
  EXPECT_EQ(text.body()["error"], "parameter \"j\" type error on \"abc\" for int");
  auto path = client.get("/add/x?j=1");
  EXPECT_EQ(path.status, 400) << path;
  EXPECT_EQ(path.body()["error"], "parameter \"i\" type error on \"x\" for int");
  auto real = client.get("/add/1?j=2&k=1.5");
  EXPECT_EQ(real.status, 400) << real;
  EXPECT_EQ(real.body()["error"], "parameter \"k\" type error on \"1.5\" for int");
  auto json_string = client.get("/add/1", json{{"j", "2"}});
  EXPECT_EQ(json_string.status, 400) << json_string;
}

TEST_P(Routes, AddReportsEveryProblemAtOnce) {
  auto r = client.get("/add/x?k=y");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.body()["error"],
            "parameter \"i\" type error on \"x\" for int\nparameter \"j\" is missing\n"
            "parameter \"k\" type error on \"y\" for int");
}

TEST_P(Routes, MsgTakesTheRestOfThePathSlashesIncluded) {
  auto r = client.get("/msg/calvin");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json("hello calvin!"));
  EXPECT_EQ(client.get("/msg/calvin/and/hobbes").body(), json("hello calvin/and/hobbes!"));
  EXPECT_EQ(client.get("/msg/caf%C3%A9/au%20lait").body(), json("hello café/au lait!"));
}

TEST_P(Routes, SumOfRepeatedParametersOrOfAJsonArray) {
  auto r = client.get("/sum?n=1&n=2&n=3");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.text, "6\n");
  EXPECT_EQ(client.get("/sum?n=1&n=2.5").text, "3.5\n");
  EXPECT_EQ(client.get("/sum?n=42").text, "42\n");
  EXPECT_EQ(client.get("/sum", json{{"n", {1, 2, 3, 4}}}).text, "10\n");
  EXPECT_EQ(client.get("/sum", json{{"n", {0.5, 0.25}}}).text, "0.75\n");
  EXPECT_EQ(client.get("/sum", json{{"n", json::array()}}).text, "0\n");
  EXPECT_EQ(client.get("/sum", Form{{"n", "-1"}, {"n", "-2"}}).text, "-3\n");
}

TEST_P(Routes, SumOfWholeNumbersIsAnIntegerAndOtherwiseADouble) {
  EXPECT_EQ(client.get("/sum?n=1.0&n=2").text, "3\n");
  EXPECT_EQ(client.get("/sum?n=1.5&n=1.5").text, "3.0\n");
  EXPECT_EQ(client.get("/sum?n=1e300").body(), json(1e300));
}

TEST_P(Routes, SumOfAMissingOrNonNumberIs400) {
  auto missing = client.get("/sum");
  EXPECT_EQ(missing.status, 400) << missing;
  EXPECT_EQ(missing.body()["error"], "parameter \"n\" is missing");
  auto text = client.get("/sum?n=1&n=a");
  EXPECT_EQ(text.status, 400) << text;
  EXPECT_NE(text.body()["error"].get<std::string>().find("\"n\""), std::string::npos) << text;
  auto json_string = client.get("/sum", json{{"n", {1, "2"}}});
  EXPECT_EQ(json_string.status, 400) << json_string;
}

TEST_P(Routes, UnknownPathIs404AndWrongMethodIs405) {
  EXPECT_EQ(client.get("/nowhere").status, 404);
  EXPECT_EQ(client.get("/add/1/2?j=3").status, 404);
  auto r = client.get("/users/calvin");
  EXPECT_EQ(r.status, 405) << r;
  EXPECT_EQ(r.header("Allow"), "OPTIONS, POST");
}

TEST_P(Routes, StatsCountEveryEarlierResponseByClass) {
  EXPECT_EQ(client.get("/stats/requests").body(), json({{"2xx", 0}, {"4xx", 0}, {"5xx", 0}}));
  client.post("/users/moe");
  client.get("/add/1?j=2");
  client.get("/add/1");
  client.get("/nowhere");
  client.del("/sum");
  auto r = client.get("/stats/requests");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json({{"2xx", 3}, {"4xx", 3}, {"5xx", 0}}));
}
