// Request parameters: their sources and precedence, strict typed conversions, and how every
// problem is reported in one 400.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>
#include <web/url.hpp>

using web::Client, web::Form, web::json, web::OPEN;

// A parameter type of the app's own, which says why it refuses a value.
enum class Color { red, green, blue };

template <>
struct web::ParamType<Color> {
  static constexpr std::string_view name = "color";
  static web::Parsed parse(const web::ParamValue& v, Color& out) {
    if (!v.value.is_string()) return false;
    const auto& text = v.value.get_ref<const std::string&>();
    if (text == "red") out = Color::red;
    if (text == "green") out = Color::green;
    if (text == "blue") out = Color::blue;
    if (text != "red" && text != "green" && text != "blue") {
      return web::Parsed::refused("one of red, green, blue");
    }
    return true;
  }
};

namespace {

class ParamsApp : public web::App {
 public:
  ParamsApp() : App("params") {
    config().set("access_log", false);
    echo<std::string>("/str");
    echo<std::int64_t>("/int");
    echo<double>("/float");
    echo<bool>("/bool");
    echo<json>("/json");
    echo<int>("/int32");
    echo<std::int8_t>("/int8");
    echo<std::uint16_t>("/uint16");
    echo<unsigned long>("/uint64");
    echo<float>("/float32");
    echo<long double>("/long-double");
    get("/color", OPEN, {"c"}, [](Color c) { return static_cast<int>(c); });
    get("/opt", OPEN, {"v"}, [](std::optional<std::int64_t> v) {
      return json{{"given", v.has_value()}, {"v", v.value_or(0)}};
    });
    get("/fallback", OPEN, [](web::Request& req) { return req.param<std::int64_t>("limit", 10); });
    get("/where/<a>", OPEN, {"a", "b", "c"}, [](std::string a, std::string b, std::string c) {
      return json{{"a", a}, {"b", b}, {"c", c}};
    });
    get("/sum", OPEN, {"n"}, [](std::vector<double> n) {
      double total = 0;
      for (double x : n) total += x;
      return total;
    });
    get("/many", OPEN, {"a", "b", "c"}, [](std::int64_t a, std::int64_t b, std::string c) {
      return json{{"a", a}, {"b", b}, {"c", c}};
    });
  }

 private:
  // GET or POST `path` answers its parameter "v" read as a T.
  template <class T>
  void echo(const std::string& path) {
    route({"GET", "POST"}, path, OPEN, {"v"}, [](T v) { return json(v); });
  }
};

}  // namespace

class Params : public web::ClientTest<ParamsApp> {
 protected:
  // GET path?v=text, the text percent-encoded.
  web::Result text(const std::string& path, const std::string& value) {
    return client.get(path + "?v=" + web::url_encode(value));
  }
  // POST path with the JSON body {"v": value}.
  web::Result json_value(const std::string& path, const json& value) {
    return client.post(path, json{{"v", value}});
  }
  // The message of an error answer, "" for any other answer.
  static std::string error(const web::Result& r) {
    json body = r.body();
    return body.is_object() ? body.value("error", "") : "";
  }

  // The type's name in messages ("int" for std::int64_t).
  template <class T>
  static std::string type_name() {
    return std::string(web::ParamType<T>::name);
  }
};

INSTANTIATE_TEST_SUITE_P(Client, Params, web::client_modes(), web::client_mode_name);

TEST_P(Params, PathParameterIsPercentDecodedWithoutPlus) {
  auto r = client.get("/where/a+b%20c?b=2&c=3");
  EXPECT_EQ(r.body()["a"], "a+b c") << r;
}

TEST_P(Params, QueryIsPercentDecodedWithPlusAsSpace) {
  auto r = client.get("/str?v=a+b%2Bc%26d%3D");
  EXPECT_EQ(r.body(), "a b+c&d=") << r;
}

TEST_P(Params, FormBodyIsDecoded) {
  auto post = client.post("/str", Form{{"v", "a b+c&d="}});
  EXPECT_EQ(post.body(), "a b+c&d=") << post;
  auto get = client.get("/str", Form{{"v", "on a GET"}});
  EXPECT_EQ(get.body(), "on a GET") << get;
}

TEST_P(Params, JsonObjectBodyIsReadAlsoOnGet) {
  auto r = client.get("/str", json{{"v", "from json"}});
  EXPECT_EQ(r.body(), "from json") << r;
}

TEST_P(Params, JsonContentTypeMayHaveParameters) {
  web::Body body;
  body.raw = R"({"v": "utf-8"})";
  body.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  auto r = client.post("/str", body);
  EXPECT_EQ(r.body(), "utf-8") << r;
}

TEST_P(Params, PrecedenceIsPathThenJsonThenFormThenQuery) {
  auto with_json =
      client.get("/where/path?a=query&b=query&c=query", json{{"a", "json"}, {"b", "json"}});
  EXPECT_EQ(with_json.body(), json({{"a", "path"}, {"b", "json"}, {"c", "query"}})) << with_json;
  auto with_form =
      client.get("/where/path?a=query&b=query&c=query", Form{{"a", "form"}, {"b", "form"}});
  EXPECT_EQ(with_form.body(), json({{"a", "path"}, {"b", "form"}, {"c", "query"}})) << with_form;
}

TEST_P(Params, StringFromJsonBodyMustBeAString) {
  auto r = json_value("/str", 12);
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "v" type error on 12 for )" + type_name<std::string>());
}

TEST_P(Params, IntFromTextIsStrict) {
  for (std::string bad : {"12abc", "", " 1", "1.5", "1 ", "0x10", "--1", "+-1", "-"}) {
    auto r = text("/int", bad);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_EQ(error(r), "parameter \"v\" type error on \"" + bad + "\" for int") << r;
  }
  auto big = text("/int", "99999999999999999999");
  EXPECT_EQ(big.status, 400) << big;
  EXPECT_EQ(error(big),
            "parameter \"v\" type error on \"99999999999999999999\" for int: out of range "
            "-9223372036854775808..9223372036854775807");
}

TEST_P(Params, IntFromTextAcceptsASign) {
  EXPECT_EQ(text("/int", "-3").body(), -3);
  EXPECT_EQ(text("/int", "+4").body(), 4);
  EXPECT_EQ(text("/int", "0").body(), 0);
}

TEST_P(Params, IntFromJsonBodyMustBeAJsonInteger) {
  EXPECT_EQ(json_value("/int", 12).body(), 12);
  auto quoted = json_value("/int", "12");
  EXPECT_EQ(quoted.status, 400) << quoted;
  EXPECT_EQ(error(quoted), R"(parameter "v" type error on "12" for int)");
  EXPECT_EQ(json_value("/int", 1.5).status, 400);
  EXPECT_EQ(json_value("/int", true).status, 400);
}

TEST_P(Params, FloatFromTextOrJsonNumber) {
  EXPECT_DOUBLE_EQ(text("/float", "1.5").body().get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(text("/float", "-2e3").body().get<double>(), -2000.0);
  EXPECT_DOUBLE_EQ(json_value("/float", 2).body().get<double>(), 2.0);
  for (std::string bad : {"abc", "", " 1", "1.5x", "nan", "inf", "-Infinity"}) {
    auto r = text("/float", bad);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_EQ(error(r), "parameter \"v\" type error on \"" + bad + "\" for " + type_name<double>())
        << r;
  }
  EXPECT_EQ(json_value("/float", "1.5").status, 400);
  auto huge = text("/float", "1e999");
  EXPECT_EQ(huge.status, 400) << huge;
  EXPECT_EQ(error(huge), "parameter \"v\" type error on \"1e999\" for " + type_name<double>() +
                             ": out of range, at most 1.79769e+308 in magnitude");
}

TEST_P(Params, BoolFromItsTextForms) {
  for (const char* yes : {"1", "true", "True", "t", "yes", "on"}) {
    EXPECT_EQ(text("/bool", yes).body(), true) << yes;
  }
  for (const char* no : {"0", "false", "FALSE", "f", "no", "off", ""}) {
    EXPECT_EQ(text("/bool", no).body(), false) << no;
  }
  auto r = text("/bool", "maybe");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "v" type error on "maybe" for )" + type_name<bool>());
}

TEST_P(Params, BoolFromJsonBodyMustBeAJsonBoolean) {
  EXPECT_EQ(json_value("/bool", true).body(), true);
  EXPECT_EQ(json_value("/bool", "true").status, 400);
  EXPECT_EQ(json_value("/bool", 1).status, 400);
}

TEST_P(Params, JsonFromTextMustBeJson) {
  EXPECT_EQ(text("/json", R"(["a","b"])").body(), json({"a", "b"}));
  auto r = text("/json", "not json");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "v" type error on "not json" for )" + type_name<json>());
}

TEST_P(Params, JsonFromJsonBodyIsTakenAsIs) {
  EXPECT_EQ(json_value("/json", json{{"k", 1}}).body(), json({{"k", 1}}));
  EXPECT_EQ(json_value("/json", "[1]").body(), "[1]");  // a JSON string stays a string
}

TEST_P(Params, OptionalIsEmptyWhenMissingButStillTyped) {
  EXPECT_EQ(client.get("/opt").body(), json({{"given", false}, {"v", 0}}));
  EXPECT_EQ(client.get("/opt?v=5").body(), json({{"given", true}, {"v", 5}}));
  auto r = client.get("/opt?v=five");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "v" type error on "five" for int)");
}

TEST_P(Params, ParamWithFallback) {
  EXPECT_EQ(client.get("/fallback").body(), 10);
  EXPECT_EQ(client.get("/fallback?limit=3").body(), 3);
  auto r = client.get("/fallback?limit=x");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "limit" type error on "x" for int)");
}

TEST_P(Params, SeveralProblemsAreReportedInOne400) {
  auto r = client.get("/many?b=12abc");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r),
            "parameter \"a\" is missing\n"
            "parameter \"b\" type error on \"12abc\" for int\n"
            "parameter \"c\" is missing");
}

TEST_P(Params, TypeErrorShowsAtMost64CharactersOfTheValue) {
  auto r = text("/int", std::string(1000, '7') + "x");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_LT(error(r).size(), 120u) << r;
  EXPECT_NE(error(r).find("... for int"), std::string::npos) << r;
}

TEST_P(Params, MalformedJsonBodyIs400) {
  web::Body body;
  body.raw = R"({"v": )";
  body.headers = {{"Content-Type", "application/json"}};
  auto r = client.post("/str", body);
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r).rfind("malformed JSON body", 0), 0u) << r;
}

TEST_P(Params, JsonBodyThatIsNotAnObjectIs400) {
  for (const json& body : {json::array({1, 2}), json("v"), json(3)}) {
    auto r = client.post("/str", body);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_TRUE(r.body()["error"].is_string()) << r;
  }
}

TEST_P(Params, MalformedQueryEscapeIs400) {
  for (const char* target : {"/str?v=%G1", "/str?v=%4", "/str?v=1&%zz=2"}) {
    auto r = client.get(target);
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_EQ(error(r).rfind("malformed query string", 0), 0u) << r;
  }
}

TEST_P(Params, MalformedFormEscapeIs400) {
  web::Body body;
  body.raw = "v=%ZZ";
  body.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  auto r = client.post("/str", body);
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r).rfind("malformed form body", 0), 0u) << r;
}

TEST_P(Params, ListFromRepeatedParameters) {
  auto r = client.get("/sum?n=1&n=2.5&n=-1");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), 2.5);
}

TEST_P(Params, ListFromAJsonArray) {
  auto r = client.get("/sum", json{{"n", {1, 2, 3}}});
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), 6.0);
}

TEST_P(Params, ListElementOfTheWrongTypeIs400) {
  auto r = client.get("/sum?n=1&n=abc");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "n" type error on "abc" for double)");
  auto missing = client.get("/sum");
  EXPECT_EQ(error(missing), R"(parameter "n" is missing)");
}

TEST_P(Params, EveryArithmeticTypeIsAParameterWithinItsRange) {
  EXPECT_EQ(text("/int32", "-2147483648").body(), -2147483648LL);
  EXPECT_EQ(text("/int8", "-128").body(), -128);
  EXPECT_EQ(json_value("/uint16", 65535).body(), 65535);
  EXPECT_EQ(text("/uint64", "18446744073709551615").body(), 18446744073709551615ULL);
  EXPECT_EQ(text("/uint64", "-0").body(), 0);
  EXPECT_FLOAT_EQ(text("/float32", "2.5").body().get<float>(), 2.5f);
  EXPECT_DOUBLE_EQ(text("/long-double", "1e300").body().get<double>(), 1e300);
}

TEST_P(Params, AValueOutOfItsTypesRangeIs400NamingTheParameterAndTheRange) {
  std::vector<std::pair<web::Result, std::string>> cases = {
      {text("/int8", "128"),
       R"(parameter "v" type error on "128" for int8: out of range -128..127)"},
      {json_value("/int8", -129),
       R"(parameter "v" type error on -129 for int8: out of range -128..127)"},
      {text("/uint16", "-1"),
       R"(parameter "v" type error on "-1" for uint16: out of range 0..65535)"},
      {json_value("/uint16", 70000),
       R"(parameter "v" type error on 70000 for uint16: out of range 0..65535)"},
      {text("/int32", "2147483648"),
       R"(parameter "v" type error on "2147483648" for int32: out of range -2147483648..2147483647)"},
      {text("/uint64", "18446744073709551616"),
       R"(parameter "v" type error on "18446744073709551616" for uint64: out of range 0..18446744073709551615)"},
      {text("/float32", "1e39"),
       R"(parameter "v" type error on "1e39" for float: out of range, at most 3.40282e+38 in magnitude)"},
  };
  for (const auto& [r, message] : cases) {
    EXPECT_EQ(r.status, 400) << r;
    EXPECT_EQ(error(r), message) << r;
  }
  auto malformed = text("/uint16", "1.5");
  EXPECT_EQ(error(malformed), R"(parameter "v" type error on "1.5" for uint16)") << malformed;
}

TEST_P(Params, ATypeOfTheAppsOwnSaysWhyItRefusesAValue) {
  EXPECT_EQ(client.get("/color?c=green").body(), 1);
  auto r = client.get("/color?c=pink");
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(error(r), R"(parameter "c" type error on "pink" for color: one of red, green, blue)");
  auto number = client.get("/color", json{{"c", 3}});
  EXPECT_EQ(error(number), R"(parameter "c" type error on 3 for color)") << number;
}
