// The security lookups cached in a Redis shared by two instances of one app (config "cache"),
// on one database, in process and over HTTP: what one instance caches the other reads, a
// password changed through one is refused at once by the other, clear_caches() reaches both,
// other apps' keys are apart. A Redis that goes away is no cache, said in one log line, and
// caching resumes when it is back. The Redis is the test command's (TEST_REDIS_URL, from
// `scripts/redis start DIR`); without it these tests are skipped, or fail if REQUIRE_REDIS is set.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <web/app.hpp>
#include <web/client_test.hpp>
#include <web/password.hpp>

#include "test_support.hpp"

extern char** environ;

using namespace std::chrono_literals;
using web::json, web::AUTH;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// Skips the test without a Redis, or fails it when REQUIRE_REDIS is set (as the test command
// does). The caller returns when IsSkipped() || HasFatalFailure().
void require_redis() {
  if (!env("TEST_REDIS_URL").empty()) return;
  std::string required = env("REQUIRE_REDIS");
  if (!required.empty() && required != "0") {
    FAIL() << "REQUIRE_REDIS is set but TEST_REDIS_URL is not: start a server with "
              "`scripts/redis start DIR` and export the URL it prints";
  }
  GTEST_SKIP() << "no Redis: set TEST_REDIS_URL (`scripts/redis start DIR` prints it) to run "
                  "the shared cache's tests";
}

int count(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Members with their bcrypt hashes in a database that the instances share; each lookup that
// reaches the database is counted.
class Members : public web::App {
 public:
  explicit Members(const std::string& name = "members") : App(name) {
    config().set("access_log", false);
    config().set("token_secret", "a test secret");
    get_user_pass([this](const std::string& login) {
      ++passwords;
      return db()
          .fetch_value("SELECT pass FROM users WHERE login = :login", {{"login", login}})
          .get<std::optional<std::string>>();
    });
    group_check("ADMIN", [this](const std::string& login) {
      ++groups;
      return db().fetch_value("SELECT admin FROM users WHERE login = :login", {{"login", login}}) ==
             1;
    });
    // A member may read their own record only.
    object_perms(
        "user",
        [this](const std::string& login, const json& id,
               const std::string&) -> std::optional<bool> {
          ++perms;
          if (db().fetch_value("SELECT login FROM users WHERE login = :id", {{"id", id}}).is_null())
            return std::nullopt;
          return id == login;
        });

    // GET /hello: a greeting to the authenticated member
    get("/hello", AUTH, [](web::Request& req) { return "hello " + *req.user() + "!"; });
    // GET /admin: for the ADMIN group only
    get("/admin", web::group("ADMIN"), [] { return "admin"; });
    // GET /users/<login>: one's own login; 403 for another's, 404 for nobody's
    get("/users/<login>", web::perm("user", "login", "read"), {"login"},
        [](std::string login) { return login; });
    // PUT /password: changes one's password, as a lab does it: update, then clear_caches()
    put("/password", AUTH, {"password"}, [this](web::Request& req, std::string password) {
      db().execute("UPDATE users SET pass = :pass WHERE login = :login",
                   {{"pass", hash_password(password)}, {"login", *req.user()}});
      clear_caches();
      if (during_change) during_change();
    });
  }

  std::atomic<int> passwords = 0, groups = 0, perms = 0;
  // Run by PUT /password after its update, before its transaction commits.
  std::function<void()> during_change;
};

// Two instances of Members on one database and one Redis; `one` and `two` talk to them.
class RedisCache : public ::testing::TestWithParam<web::ClientMode> {
 protected:
  void SetUp() override {
    require_redis();
    if (IsSkipped() || HasFatalFailure()) return;
    start_both(env("TEST_REDIS_URL"));
  }

  // The database, then both instances on the Redis at `url`. Each test has keys of its own (a
  // realm of its own): tests run at once on the test command's Redis.
  void start_both(const std::string& url) {
    web::TestDatabase::open_for_test(web::Engine::sqlite, database);
    auto db = database->open();
    db->script("CREATE TABLE users (login TEXT PRIMARY KEY, pass TEXT NOT NULL, admin INTEGER)");
    for (auto [login, password, admin] :
         {std::tuple{"calvin", "hobbes", 1}, std::tuple{"hobbes", "susie", 0}}) {
      db->execute("INSERT INTO users VALUES (:login, :pass, :admin)",
                  {{"login", login}, {"pass", web::hash_password(password, 4)}, {"admin", admin}});
    }
    static int tests = 0;
    realm = "redis-test-" + std::to_string(getpid()) + "-" + std::to_string(++tests);
    for (Members* app : {&first, &second}) configure(*app, url);
    first.start(false);
    second.start(false);
    if (GetParam().http) {
      one = web::Client::serve(first);
      two = web::Client::serve(second);
    }
  }

  void configure(Members& app, const std::string& url) {
    app.config().set("db", database->url());
    app.config().set("cache", url);
    app.config().set("realm", realm);
  }

  // Whether calvin gets in on `client` with that password.
  static bool calvin_in(web::Client& client, const std::string& password) {
    auto r = client.get("/hello", web::basic_auth("calvin", password));
    EXPECT_TRUE(r.status == 200 || r.status == 401) << r;
    return r.status == 200;
  }

  std::string realm;
  // Destroyed in reverse: the servers stop, the apps close their connections, the file goes.
  std::optional<web::TestDatabase> database;
  Members first, second;
  web::Client one{first}, two{second};
};

INSTANTIATE_TEST_SUITE_P(Client, RedisCache, web::client_modes(), web::client_mode_name);

TEST_P(RedisCache, WhatOneInstanceLooksUpTheOtherReads) {
  auto hello = one.get("/hello", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(hello.status, 200) << hello;
  EXPECT_EQ(one.get("/admin", web::basic_auth("calvin", "hobbes")).status, 200);
  EXPECT_EQ(one.get("/users/calvin", web::basic_auth("calvin", "hobbes")).status, 200);
  EXPECT_EQ(first.passwords, 1);  // once per request without the cache
  EXPECT_EQ(first.groups, 1);
  EXPECT_EQ(first.perms, 1);

  auto again = two.get("/hello", web::basic_auth("calvin", "hobbes"));
  EXPECT_EQ(again.body(), "hello calvin!") << again;
  EXPECT_EQ(two.get("/admin", web::basic_auth("calvin", "hobbes")).status, 200);
  EXPECT_EQ(two.get("/users/calvin", web::basic_auth("calvin", "hobbes")).status, 200);
  EXPECT_EQ(second.passwords, 0);
  EXPECT_EQ(second.groups, 0);
  EXPECT_EQ(second.perms, 0);
}

TEST_P(RedisCache, DeniedGroupsAndPermissionsAreSharedAndUnknownUsersNever) {
  EXPECT_EQ(one.get("/admin", web::basic_auth("hobbes", "susie")).status, 403);
  EXPECT_EQ(two.get("/admin", web::basic_auth("hobbes", "susie")).status, 403);
  EXPECT_EQ(one.get("/users/calvin", web::basic_auth("hobbes", "susie")).status, 403);
  EXPECT_EQ(two.get("/users/calvin", web::basic_auth("hobbes", "susie")).status, 403);
  EXPECT_EQ(first.groups + second.groups, 1);
  EXPECT_EQ(first.perms + second.perms, 1);
  // No such object, no such user: never cached, so that they may appear at once.
  EXPECT_EQ(one.get("/users/moe", web::basic_auth("hobbes", "susie")).status, 404);
  EXPECT_EQ(two.get("/users/moe", web::basic_auth("hobbes", "susie")).status, 404);
  EXPECT_EQ(first.perms + second.perms, 3);
  EXPECT_EQ(one.get("/hello", web::basic_auth("moe", "x")).status, 401);
  EXPECT_EQ(two.get("/hello", web::basic_auth("moe", "x")).status, 401);
  EXPECT_EQ(first.passwords + second.passwords, 1 + 2);  // hobbes once, moe twice
}

TEST_P(RedisCache, APasswordChangedThroughOneIsRefusedAtOnceByTheOther) {
  EXPECT_TRUE(calvin_in(one, "hobbes"));
  EXPECT_TRUE(calvin_in(two, "hobbes"));
  ASSERT_EQ(second.passwords, 0);  // the other's hash is cached: what must not be served now

  auto changed =
      one.put("/password", web::basic_auth("calvin", "hobbes", web::Form{{"password", "tiger"}}));
  EXPECT_EQ(changed.status, 204) << changed;
  EXPECT_FALSE(calvin_in(two, "hobbes"));
  EXPECT_TRUE(calvin_in(two, "tiger"));
  EXPECT_FALSE(calvin_in(one, "hobbes"));
  EXPECT_TRUE(calvin_in(one, "tiger"));
}

// Another request, while the change is not yet committed, reads the old hash and caches it.
TEST_P(RedisCache, ALookupRacingAPasswordChangeIsNotServedAfterIt) {
  first.during_change = [this] {
    EXPECT_TRUE(calvin_in(two, "hobbes"));
  };
  auto changed =
      one.put("/password", web::basic_auth("calvin", "hobbes", web::Form{{"password", "tiger"}}));
  EXPECT_EQ(changed.status, 204) << changed;
  EXPECT_EQ(second.passwords, 1);
  EXPECT_FALSE(calvin_in(two, "hobbes"));
  EXPECT_TRUE(calvin_in(two, "tiger"));
}

TEST_P(RedisCache, ClearCachesOnOneReachesTheOther) {
  EXPECT_TRUE(calvin_in(one, "hobbes"));
  EXPECT_TRUE(calvin_in(two, "hobbes"));
  EXPECT_EQ(second.passwords, 0);
  first.clear_caches();
  EXPECT_TRUE(calvin_in(two, "hobbes"));
  EXPECT_EQ(second.passwords, 1);
  EXPECT_TRUE(calvin_in(one, "hobbes"));  // cached again by the other, under the new generation
  EXPECT_EQ(first.passwords, 1);
}

TEST_P(RedisCache, AnotherAppOnTheSameRedisKeepsItsOwnKeys) {
  EXPECT_TRUE(calvin_in(one, "hobbes"));
  Members other("other");  // same realm, same database, another name
  configure(other, env("TEST_REDIS_URL"));
  other.start(false);
  web::Client client(other);
  EXPECT_TRUE(calvin_in(client, "hobbes"));
  EXPECT_EQ(other.passwords, 1);
  other.clear_caches();  // not the first app's
  EXPECT_TRUE(calvin_in(two, "hobbes"));
  EXPECT_EQ(second.passwords, 0);
}

TEST_P(RedisCache, WithoutATtlNothingIsCached) {
  Members uncached;
  configure(uncached, env("TEST_REDIS_URL"));
  uncached.config().set("cache_ttl", 0);
  uncached.start(false);
  web::Client client(uncached);
  EXPECT_TRUE(calvin_in(client, "hobbes"));
  EXPECT_TRUE(calvin_in(client, "hobbes"));
  EXPECT_EQ(uncached.passwords, 2);
}

// A redis-server of the test's own, in a temporary folder, with a password: killed and started
// again by the test.
class OwnRedis {
 public:
  OwnRedis() {
    std::string pattern = ::testing::TempDir() + "redis-XXXXXX";
    dir_ = mkdtemp(pattern.data());
    start();
  }
  ~OwnRedis() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  OwnRedis(const OwnRedis&) = delete;
  OwnRedis& operator=(const OwnRedis&) = delete;

  std::string url() const { return "redis+unix://:" + password + "@" + socket() + "?db=0"; }

  // Gone as a crash goes: SIGKILL, nothing said to its clients.
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  // On the same socket; it listens when the socket appears (5 s at most).
  void start() {
    std::filesystem::remove(socket());
    std::vector<std::string> args = {"redis-server", "--port",    "0",
                                     "--unixsocket", socket(),    "--requirepass",
                                     password,       "--save",    "",
                                     "--appendonly", "no",        "--dir",
                                     dir_,           "--logfile", dir_ + "/server.log"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ), 0)
        << "redis-server (Debian's redis-server) cannot be run";
    for (int i = 0; i < 50 && !std::filesystem::exists(socket()); ++i)
      std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(std::filesystem::exists(socket())) << "redis-server did not start: " << dir_;
  }

  const std::string password = "a redis password";

 private:
  std::string socket() const { return dir_ + "/redis.sock"; }
  std::string dir_;
  pid_t pid_ = -1;
};

// Two instances on a Redis of the test's own.
class RedisCacheGone : public RedisCache {
 protected:
  void SetUp() override {
    require_redis();
    if (IsSkipped() || HasFatalFailure()) return;
    redis.emplace();
    if (HasFatalFailure()) return;
    start_both(redis->url());
  }
  // Declared after the apps: destroyed before them, as a Redis gone while they run.
  std::optional<OwnRedis> redis;
};

INSTANTIATE_TEST_SUITE_P(Client, RedisCacheGone, web::client_modes(), web::client_mode_name);

TEST_P(RedisCacheGone, RequestsStillAnswerWithOneLogLineThenCachingResumes) {
  EXPECT_TRUE(calvin_in(one, "hobbes"));
  EXPECT_TRUE(calvin_in(two, "hobbes"));
  EXPECT_EQ(first.passwords + second.passwords, 1);

  ::testing::internal::CaptureStderr();
  redis->stop();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(calvin_in(one, "hobbes"));
    EXPECT_FALSE(calvin_in(one, "tiger"));
    EXPECT_EQ(two.get("/admin", web::basic_auth("calvin", "hobbes")).status, 200);
  }
  first.clear_caches();  // kept for when Redis is back
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(first.passwords, 1 + 6) << "each lookup goes to the database";
  EXPECT_EQ(count(log, "lookups are not cached until it answers"), 2) << log;  // one per app
  EXPECT_TRUE(test::contains(log, "cache: redis at unix:")) << log;
  EXPECT_FALSE(test::contains(log, redis->password)) << log;
  EXPECT_FALSE(test::contains(log, "$2b$")) << log;

  ::testing::internal::CaptureStderr();
  redis->start();
  // A new connection is tried every 2 s: caching resumes within a few seconds.
  bool cached = false;
  for (auto until = std::chrono::steady_clock::now() + 8s;
       !cached && std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(200ms);
    int before = first.passwords;
    EXPECT_TRUE(calvin_in(one, "hobbes"));
    EXPECT_TRUE(calvin_in(one, "hobbes"));
    cached = first.passwords == before + 1;
  }
  log = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(cached) << "every lookup still reaches the database";
  EXPECT_EQ(count(log, "answers again"), 1) << log;
}

TEST(RedisCacheStart, AnUnreachableRedisIsOneLogLineAndNoCache) {
  web::TestDatabase database(web::Engine::sqlite);
  database.open()->script("CREATE TABLE users (login TEXT PRIMARY KEY, pass TEXT, admin INTEGER)");
  database.open()->execute("INSERT INTO users VALUES ('calvin', :pass, 1)",
                           {{"pass", web::hash_password("hobbes", 4)}});
  Members app;
  app.config().set("db", database.url());
  app.config().set("cache", "redis://:not-logged@127.0.0.1:1/0");  // nothing listens on port 1
  ::testing::internal::CaptureStderr();
  app.start(false);
  web::Client client(app);
  for (int i = 0; i < 3; ++i) {
    auto r = client.get("/hello", web::basic_auth("calvin", "hobbes"));
    EXPECT_EQ(r.status, 200) << r;
  }
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(count(log, "cache: redis at 127.0.0.1:1 (db 0): "), 1) << log;
  EXPECT_FALSE(test::contains(log, "not-logged")) << log;
  EXPECT_EQ(app.passwords, 3);
}

TEST(RedisCacheStart, AMalformedCacheUrlStopsStartWithoutShowingIt) {
  for (auto [url, problem] : {std::pair{"memcached://x", "neither redis:// nor redis+unix://"},
                              std::pair{"redis://:secret@", "no host"},
                              std::pair{"redis://:secret@h:port", "not a port number"},
                              std::pair{"redis+unix://:secret@relative?db=1",
                                        "redis+unix:// needs an absolute socket path"}}) {
    Members app;
    app.config().set("db", "sqlite::memory:");
    app.config().set("cache", url);
    auto message = test::message_of<web::StartupError>([&] { app.start(false); });
    EXPECT_TRUE(test::contains(message, std::string("config cache: ") + problem)) << message;
    EXPECT_FALSE(test::contains(message, "secret")) << message;
  }
}

}  // namespace
