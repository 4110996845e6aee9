// Rules on a route's parameters, declared with its names as on a model's fields, and
// web::found: the checks solutions used to write by hand, each a 400 (or 404) naming what is
// wrong.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>

using web::Form, web::json, web::OPEN;

namespace {

class RulesApp : public web::App {
 public:
  RulesApp() : App("rules") {
    post("/things", OPEN, {"tname", "oid", {"tprice", web::minimum(0)}},
         [](std::string tname, std::int64_t oid, double tprice) {
           return json{{"tname", tname}, {"oid", oid}, {"tprice", tprice}};
         });
    patch("/things/<tid>", OPEN, {"tid", {"tprice", web::minimum(0), web::maximum(1000)}},
          [](std::int64_t tid, std::optional<double> tprice) {
            return json{{"tid", tid}, {"tprice", tprice}};
          });
    post("/store", OPEN, {{"key", web::non_empty()}, {"val", web::non_empty()}},
         [](std::string key, std::string val) {
           return json{{"key", key}, {"val", val}};
         });
    post("/register", OPEN,
         {{"login", web::pattern("[^:]+", "must be non-empty, without ':'")},
          {"pword", web::min_length(4), web::max_length(8)}},
         [](std::string login, std::string) { return login; });
    get("/sum", OPEN, {{"n", web::min_length(2)}},
        [](std::vector<std::int64_t> n) { return n.size(); });
    get("/level", OPEN,
        {{"n", web::rule("must be even", [](std::int64_t n) { return n % 2 == 0; })}},
        [](std::uint8_t n) { return n; });
    get("/stuff/<sid>", OPEN, [](std::int64_t sid) {
      json row = sid == 1 ? json{{"sid", 1}, {"stuff", "Chair"}} : json(nullptr);
      return web::found(row, "stuff", sid);
    });
    del("/stuff/<sid>", OPEN,
        [](std::int64_t sid) { web::found(json(sid == 1 ? 1 : 0), "stuff", sid); });
    get("/store/<key>", OPEN,
        [](std::string key) { return web::found(json(nullptr), "key", key); });
  }
};

}  // namespace

class Rules : public web::ClientTest<RulesApp> {
 protected:
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

INSTANTIATE_TEST_SUITE_P(Client, Rules, web::client_modes(), web::client_mode_name);

TEST_P(Rules, ABrokenRuleIs400NamingTheParameterAndTheRule) {
  auto r = client.post("/things", Form{{"tname", "Sled"}, {"oid", "1"}, {"tprice", "-1"}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), "parameter \"tprice\" must be at least 0");
  auto zero = client.post("/things", json{{"tname", "Sled"}, {"oid", 1}, {"tprice", 0}});
  EXPECT_EQ(zero.status, 200) << zero;
}

TEST_P(Rules, AnOptionalParameterFollowsItsRulesWhenGiven) {
  EXPECT_EQ(client.patch("/things/3").body(), json({{"tid", 3}, {"tprice", nullptr}}));
  auto high = client.patch("/things/3", Form{{"tprice", "1000.5"}});
  EXPECT_EQ(high.status, 400) << high;
  EXPECT_EQ(error(high), "parameter \"tprice\" must be at most 1000");
}

TEST_P(Rules, EveryProblemIsReportedAtOnceWithTypeErrorsAndMissingParameters) {
  auto r = client.post("/store", Form{{"key", ""}, {"val", ""}});
  EXPECT_EQ(error(r), "parameter \"key\" must not be empty\nparameter \"val\" must not be empty");
  auto mixed = client.post("/things", Form{{"oid", "x"}, {"tprice", "-2"}});
  EXPECT_EQ(error(mixed),
            "parameter \"tname\" is missing\n"
            "parameter \"oid\" type error on \"x\" for int\n"
            "parameter \"tprice\" must be at least 0");
}

TEST_P(Rules, LengthsPatternsAndRulesOfYourOwn) {
  EXPECT_EQ(client.post("/register", Form{{"login", "moe"}, {"pword", "abcd"}}).status, 200);
  auto colon = client.post("/register", Form{{"login", "mo:e"}, {"pword", "abcdefghi"}});
  EXPECT_EQ(error(colon),
            "parameter \"login\" must be non-empty, without ':'\n"
            "parameter \"pword\" must have at most 8 characters (or elements)");
  auto shorter = client.post("/register", json{{"login", "moe"}, {"pword", "abc"}});
  EXPECT_EQ(error(shorter), "parameter \"pword\" must have at least 4 characters (or elements)");
  auto one = client.get("/sum?n=1");
  EXPECT_EQ(error(one), "parameter \"n\" must have at least 2 characters (or elements)") << one;
  EXPECT_EQ(client.get("/sum?n=1&n=2").body(), 2);
  EXPECT_EQ(client.get("/level?n=4").body(), 4);
  EXPECT_EQ(error(client.get("/level?n=3")), "parameter \"n\" must be even");
  EXPECT_EQ(error(client.get("/level?n=300")),
            "parameter \"n\" type error on \"300\" for uint8: out of range 0..255");
}

TEST_P(Rules, FoundTurnsNoRowOrNoChangeInto404WithAMessage) {
  EXPECT_EQ(client.get("/stuff/1").body(), json({{"sid", 1}, {"stuff", "Chair"}}));
  auto none = client.get("/stuff/2");
  EXPECT_EQ(none.status, 404) << none;
  EXPECT_EQ(error(none), "no such stuff: 2");
  EXPECT_EQ(client.del("/stuff/1").status, 204);
  auto unchanged = client.del("/stuff/7");
  EXPECT_EQ(unchanged.status, 404) << unchanged;
  EXPECT_EQ(error(unchanged), "no such stuff: 7");
  EXPECT_EQ(error(client.get("/store/calvin")), "no such key: calvin");  // text ids as they are
}

TEST(Found, ARowCountOfZeroIs404) {
  EXPECT_EQ(web::found(std::int64_t{2}, "stuff", 3), 2);
  try {
    web::found(std::int64_t{0}, "owner", 42);
    FAIL() << "no 404";
  } catch (const web::Error& e) {
    EXPECT_EQ(e.status(), 404);
    EXPECT_STREQ(e.what(), "no such owner: 42");
  }
}
