// Config: declared keys with typed defaults, a JSON file with comments, APP_* variables and
// text values, every mistake an std::invalid_argument naming the key.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include <web/config.hpp>
#include <web/error.hpp>

#include "test_support.hpp"

using web::Config, web::json;

namespace {

// slide: config-declare
// The config of every server plus one key of an application.
Config app_config() {
  Config config;
  config.declare("store.capacity", 10, "most pairs kept");
  config.declare("ratio", 0.5, "a float");
  return config;
}
// end slide

// A config file holding `text`, removed when the test ends.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text)
      : path_(::testing::TempDir() + "common_config_" + std::to_string(getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json") {
    std::ofstream(path_) << text;
  }
  ~ConfigFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Sets an environment variable for the scope.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) { setenv(name, value, 1); }
  ~EnvVar() { unsetenv(name_); }

 private:
  const char* name_;
};

}  // namespace

TEST(Config, DefaultsOfEveryServer) {
  Config config;
  EXPECT_EQ(config.get<std::string>("host"), "127.0.0.1");
  EXPECT_EQ(config.get<int>("port"), 5000);
  EXPECT_EQ(config.get<std::string>("db"), "");
  EXPECT_EQ(config.get<int>("threads"), 2);
  EXPECT_EQ(config.get<std::size_t>("max_body"), 1u << 20);
  EXPECT_EQ(config.get<bool>("access_log"), true);
  EXPECT_EQ(app_config().get<int>("store.capacity"), 10);
}

TEST(Config, SetChecksTheDeclaredType) {
  Config config = app_config();
  config.set("max_body", 100);
  EXPECT_EQ(config.get<int>("max_body"), 100);
  config.set("ratio", 2);  // an integer where a float is declared
  EXPECT_DOUBLE_EQ(config.get<double>("ratio"), 2.0);
  EXPECT_THROW(config.set("port", "5000"), std::invalid_argument);
  EXPECT_THROW(config.set("threads", 1.5), std::invalid_argument);
  EXPECT_THROW(config.set("access_log", 1), std::invalid_argument);
  EXPECT_THROW(config.set("host", nullptr), std::invalid_argument);
  EXPECT_TRUE(test::contains(
      test::message_of<std::invalid_argument>([&] { config.set("port", "x"); }), "\"port\""));
  EXPECT_EQ(config.get<int>("port"), 5000);  // unchanged by the failures
}

TEST(Config, UnknownKeyThrowsNamingIt) {
  Config config;
  EXPECT_TRUE(test::contains(
      test::message_of<std::invalid_argument>([&] { config.set("colour", 1); }), "colour"));
  EXPECT_TRUE(test::contains(
      test::message_of<std::invalid_argument>([&] { config.set_text("colour", "1"); }), "colour"));
  EXPECT_TRUE(test::contains(test::message_of<std::invalid_argument>([&] { config.get("colour"); }),
                             "colour"));
}

// slide: config-file
TEST(Config, FileWithCommentsAndNestedObjects) {
  ConfigFile file(R"(// a test config
    {
      "port": 8080, /* instead of 5000 */
      "store": {"capacity": 3}
    })");
  Config config = app_config();
  config.load_file(file.path());
  EXPECT_EQ(config.get<int>("port"), 8080);
  EXPECT_EQ(config.get<int>("store.capacity"), 3);
  EXPECT_EQ(config.get<std::string>("host"), "127.0.0.1");
}
// end slide

TEST(Config, UnknownKeyInFileIsAnErrorNamingIt) {
  ConfigFile file(R"({"store": {"capacty": 3}})");
  Config config = app_config();
  auto message = test::message_of<web::StartupError>([&] { config.load_file(file.path()); });
  EXPECT_TRUE(test::contains(message, "store.capacty")) << message;
  EXPECT_TRUE(test::contains(message, file.path())) << message;
}

TEST(Config, WrongTypeInFileIsAnErrorNamingTheKey) {
  ConfigFile file(R"({"port": "80"})");
  Config config;
  auto message = test::message_of<web::StartupError>([&] { config.load_file(file.path()); });
  EXPECT_TRUE(test::contains(message, "port")) << message;
}

TEST(Config, EveryProblemOfAFileIsReportedAtOnceOneLineEach) {
  ConfigFile file(R"({"port": "80", "colour": "blue", "threads": 2, "access_log": 1})");
  Config config;
  try {
    config.load_file(file.path());
    FAIL() << "no error";
  } catch (const web::StartupError& e) {
    ASSERT_EQ(e.problems().size(), 3u) << e.what();
    EXPECT_TRUE(test::contains(e.problems()[0], file.path() + ": config key \"port\"")) << e.what();
    EXPECT_TRUE(test::contains(e.problems()[1], "\"colour\"")) << e.what();
    EXPECT_TRUE(test::contains(e.problems()[2], "\"access_log\"")) << e.what();
  }
  EXPECT_EQ(config.get<int>("threads"), 2);  // the good keys are set all the same
}

TEST(Config, MalformedOrMissingFileIsAnError) {
  ConfigFile file("{port: 1}");
  Config config;
  EXPECT_THROW(config.load_file(file.path()), web::StartupError);
  EXPECT_THROW(config.load_file(file.path() + ".missing"), web::StartupError);
  ConfigFile array("[1]");
  EXPECT_THROW(config.load_file(array.path()), web::StartupError);
}

TEST(Config, EnvironmentOverridesAppKeys) {
  EnvVar capacity("APP_STORE_CAPACITY", "42");
  EnvVar max_body("APP_MAX_BODY", "2048");
  Config config = app_config();
  config.load_env();
  EXPECT_EQ(config.get<int>("store.capacity"), 42);
  EXPECT_EQ(config.get<int>("max_body"), 2048);
  EXPECT_EQ(config.get<int>("port"), 5000);
}

TEST(Config, BadEnvironmentValueIsAnErrorNamingTheVariable) {
  EnvVar port("APP_PORT", "eighty");
  Config config;
  auto message = test::message_of<web::StartupError>([&] { config.load_env(); });
  EXPECT_TRUE(test::contains(message, "APP_PORT")) << message;
}

TEST(Config, SetTextConvertsToTheDeclaredType) {
  Config config = app_config();
  config.set_text("port", "8080");
  EXPECT_EQ(config.get("port"), json(8080));
  config.set_text("access_log", "false");
  EXPECT_EQ(config.get("access_log"), json(false));
  config.set_text("ratio", "2");
  EXPECT_DOUBLE_EQ(config.get<double>("ratio"), 2.0);
  config.set_text("db", "42");  // a string key takes the text as is
  EXPECT_EQ(config.get("db"), json("42"));
  config.set_text("host", "0.0.0.0");
  EXPECT_EQ(config.get("host"), json("0.0.0.0"));
  EXPECT_THROW(config.set_text("port", "80.5"), std::invalid_argument);
  EXPECT_THROW(config.set_text("port", "eighty"), std::invalid_argument);
  EXPECT_THROW(config.set_text("access_log", "maybe"), std::invalid_argument);
}

TEST(Config, DescribeListsEveryKeyWithItsVariable) {
  auto text = app_config().describe();
  EXPECT_TRUE(
      test::contains(text, "store.capacity (default 10, env APP_STORE_CAPACITY): most pairs kept"))
      << text;
  EXPECT_TRUE(test::contains(text, "max_body")) << text;
}
