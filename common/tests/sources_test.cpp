// Header and cookie parameters (FlaskSimpleAuth's Header and Cookie), typed and checked like
// the others, in process and over HTTP.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include <web/app.hpp>
#include <web/client_test.hpp>

using web::json, web::OPEN;

namespace {

class SourcesApp : public web::App {
 public:
  SourcesApp() : App("sources") {
    get("/trace", OPEN, {web::header("X-Trace-Id"), web::header("X-Depth", web::maximum(3))},
        [](std::string trace, std::optional<std::int64_t> depth) {
          return json{{"trace", trace}, {"depth", depth}};
        });
    get("/lang", OPEN, {web::cookie("lang", web::pattern("[a-z]{2}")), "page"},
        [](std::optional<std::string> lang, std::optional<std::int64_t> page) {
          return json{{"lang", lang.value_or("en")}, {"page", page}};
        });
    // A header and a parameter of the same name are not the same thing.
    get("/both", OPEN, {web::header("tag"), "tag"}, [](std::string header, std::string param) {
      return json{{"header", header}, {"param", param}};
    });
  }
};

}  // namespace

class Sources : public web::ClientTest<SourcesApp> {
 protected:
  static std::string error(const web::Result& r) { return r.body().value("error", ""); }
};

INSTANTIATE_TEST_SUITE_P(Client, Sources, web::client_modes(), web::client_mode_name);

TEST_P(Sources, AHeaderIsAParameterByItsNameInAnyCase) {
  auto r =
      client.get("/trace", web::with_header("x-trace-id", "abc", web::with_header("X-Depth", "2")));
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json({{"trace", "abc"}, {"depth", 2}}));
}

TEST_P(Sources, AHeaderIsTypedCheckedAndMaybeMissing) {
  auto missing = client.get("/trace");
  EXPECT_EQ(missing.status, 400) << missing;
  EXPECT_EQ(error(missing), "parameter \"X-Trace-Id\" is missing");
  auto typed = client.get("/trace",
                          web::with_header("X-Trace-Id", "a", web::with_header("X-Depth", "deep")));
  EXPECT_EQ(error(typed), "parameter \"X-Depth\" type error on \"deep\" for int") << typed;
  auto deep =
      client.get("/trace", web::with_header("X-Trace-Id", "a", web::with_header("X-Depth", "4")));
  EXPECT_EQ(error(deep), "parameter \"X-Depth\" must be at most 3") << deep;
  auto query = client.get("/trace?X-Trace-Id=a");  // a parameter is not a header
  EXPECT_EQ(query.status, 400) << query;
}

TEST_P(Sources, ACookieIsAParameterToo) {
  EXPECT_EQ(client.get("/lang").body(), json({{"lang", "en"}, {"page", nullptr}}));
  auto r = client.get("/lang?page=2", web::with_cookie("lang", "fr"));
  EXPECT_EQ(r.body(), json({{"lang", "fr"}, {"page", 2}})) << r;
  web::Body several;
  several.headers = {{"Cookie", "theme=dark; lang=\"de\"; x=1"}};
  EXPECT_EQ(client.get("/lang", several).body()["lang"], "de");
  auto bad = client.get("/lang", web::with_cookie("lang", "french"));
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(error(bad), "parameter \"lang\" must match \"[a-z]{2}\"");
}

TEST_P(Sources, AHeaderAndAParameterOfTheSameNameAreTwoThings) {
  auto r = client.get("/both?tag=param", web::with_header("tag", "header"));
  EXPECT_EQ(r.body(), json({{"header", "header"}, {"param", "param"}})) << r;
}
