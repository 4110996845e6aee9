// Running Hurl files against a real server on loopback (common's web::Server): passing files,
// failure messages a student can act on, captures, request bodies as the server sees them,
// predicates, timeouts and dead servers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <web/app.hpp>
#include <web/server.hpp>

#include "hurl/http.hpp"
#include "hurl/parser.hpp"
#include "hurl/runner.hpp"

using namespace std::chrono_literals;
using grader::hurl::FileResult;
using grader::hurl::RunOptions;
using web::json, web::OPEN;

namespace {

class TestApp : public web::App {
 public:
  TestApp() : App("hurl") {
    config().set("access_log", false);
    get("/hello", OPEN, [] {
      return json{{"hello", "world"}, {"items", {1, 2, 3}}, {"empty", json::array()},
                  {"count", "42"},    {"ok", true},         {"ratio", 0.5}};
    });
    // What the server received, to check what a request sends.
    route({"GET", "POST", "PUT", "PATCH", "DELETE"}, "/echo", OPEN, [](web::Request& r) {
      return json{{"method", r.method()},
                  {"query", r.query()},
                  {"body", r.body()},
                  {"content_type", r.header("Content-Type").value_or("")},
                  {"authorization", r.header("Authorization").value_or("")},
                  {"cookie", r.header("Cookie").value_or("")},
                  {"custom", r.header("X-Custom").value_or("")}};
    });
    post("/store", OPEN, {"key", "val"}, [this](std::string key, std::string val) {
      std::lock_guard lock(mutex_);
      store_[key] = val;
      return web::reply(201, {{"key", key}, {"size", store_.size()}})
          .header("Location", "/store/" + key);
    });
    get("/store/<key>", OPEN, {"key"}, [this](std::string key) {
      std::lock_guard lock(mutex_);
      auto it = store_.find(key);
      if (it == store_.end()) throw web::Error(404, "no such key: " + key);
      return json{{"key", key}, {"val", it->second}};
    });
    get("/slow", OPEN, [] {
      std::this_thread::sleep_for(1500ms);
      return json{{"slow", true}};
    });
    get("/login", OPEN, [] { return web::reply(204).header("Set-Cookie", "sid=42; Path=/"); });
    get("/text", OPEN, [] { return web::Response::text(200, "hello\nworld\n"); });
  }

 private:
  std::map<std::string, std::string> store_;
  std::mutex mutex_;
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class HurlRun : public ::testing::Test {
 protected:
  // Runs `text` against the test server; every run is bounded by a 20 s file deadline.
  FileResult run(const std::string& text, RunOptions options = {}) {
    options.variables.emplace("base_url", server_.url());
    options.deadline = std::min(options.deadline, std::chrono::steady_clock::now() + 20s);
    return grader::hurl::run_file(grader::hurl::parse_text(text, "run.hurl"), options);
  }
  std::string url() const { return server_.url(); }

  TestApp app_;
  web::Server server_{app_, {}};
};

}  // namespace

TEST_F(HurlRun, PassingFile) {
  FileResult r = run(R"hurl(
GET {{base_url}}/hello
HTTP 200
Content-Type: application/json
[Asserts]
jsonpath "$.hello" == "world"
jsonpath "$.items" count == 3
{"hello": "world", "items": [1, 2, 3], "empty": [], "count": "42", "ok": true, "ratio": 0.5}

GET {{base_url}}/text
HTTP/1.1 200
```
hello
world
```
)hurl");
  EXPECT_TRUE(r.passed) << r.failure;
  EXPECT_EQ(r.failure, "");
  EXPECT_EQ(r.entries_run, 2);
  EXPECT_EQ(r.entries_total, 2);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.connection_failed);
}

TEST_F(HurlRun, WrongStatusStopsTheFileAndSaysHowToReproduce) {
  FileResult r =
      run("GET {{base_url}}/store/calvin\nHTTP 200\n\nGET {{base_url}}/hello\nHTTP 200\n"
          "GET {{base_url}}/hello\n");
  EXPECT_FALSE(r.passed);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.connection_failed);
  EXPECT_EQ(r.entries_run, 1);
  EXPECT_EQ(r.entries_total, 3);
  const std::string& m = r.failure;
  EXPECT_TRUE(has(m, "entry 1 of 3 (line 1) failed")) << m;
  EXPECT_TRUE(has(m, "GET " + url() + "/store/calvin")) << m;
  EXPECT_TRUE(has(m, "line 2: HTTP 200")) << m;
  EXPECT_TRUE(has(m, "expected: status 200")) << m;
  EXPECT_TRUE(has(m, "actual:   status 404")) << m;
  EXPECT_TRUE(has(m, "response: status 404, body: {\"error\":\"no such key: calvin\"}")) << m;
  EXPECT_TRUE(has(m, "reproduce: curl -X GET '" + url() + "/store/calvin'")) << m;
  EXPECT_TRUE(has(m, "entries 2 to 3 did not run.")) << m;
}

// A French course's report (grader export --lang fr): the same failure, its labels in French,
// its commands and values as they are.
TEST_F(HurlRun, FrenchReportTranslatesTheLabelsNotTheCommands) {
  RunOptions options;
  options.language = grader::Language::fr;
  options.replay_base_url = "http://127.0.0.1:5000";
  options.replay_start = "make serve LAB=01";
  FileResult r =
      run("GET {{base_url}}/store/calvin\nHTTP 200\n\nGET {{base_url}}/hello\nHTTP 200\n"
          "GET {{base_url}}/hello\n",
          options);
  EXPECT_FALSE(r.passed);
  const std::string& m = r.failure;
  EXPECT_TRUE(has(m, "entrée 1 sur 3 (ligne 1) a échoué :\n")) << m;
  EXPECT_TRUE(has(m, "  ligne 2 : HTTP 200\n    attendu : statut 200\n    obtenu :  statut 404"))
      << m;
  EXPECT_TRUE(has(m, "réponse : statut 404, corps : {\"error\":\"no such key: calvin\"}")) << m;
  EXPECT_TRUE(has(m,
                  "rejouez-la sur votre propre serveur, avec des données neuves (make serve "
                  "LAB=01 dans un autre terminal), puis :\n    curl -si -X GET "
                  "'http://127.0.0.1:5000/store/calvin'"))
      << m;
  EXPECT_TRUE(has(m, "les entrées 2 à 3 n'ont pas été exécutées.")) << m;
  for (const char* english : {"expected", "actual", "entry", "line ", "replay", "did not run"}) {
    EXPECT_FALSE(has(m, english)) << english << " in " << m;
  }
}

TEST_F(HurlRun, FailingJsonpathAssertShowsExpectedAndActual) {
  FileResult r = run(R"hurl(POST {{base_url}}/store
{"key": "calvin", "val": "hobbes"}
HTTP 201
[Asserts]
jsonpath "$.key" == "calvin"
jsonpath "$.size" > 5   # the store has one pair
jsonpath "$.key" == "hobbes"
GET {{base_url}}/hello
)hurl");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.entries_run, 1);
  const std::string& m = r.failure;
  EXPECT_TRUE(has(m, "POST " + url() + "/store\n  request body: {\"key\": \"calvin\"")) << m;
  EXPECT_TRUE(has(m, "line 6: jsonpath \"$.size\" > 5\n    expected: > 5\n    actual:   1")) << m;
  EXPECT_TRUE(has(m, "response: status 201, body: {\"key\":\"calvin\",\"size\":1}")) << m;
  EXPECT_TRUE(has(m,
                  "curl -X POST -H 'Content-Type: application/json' --data-raw "
                  "'{\"key\": \"calvin\", \"val\": \"hobbes\"}' '" +
                      url() + "/store'"))
      << m;
  EXPECT_TRUE(has(m, "entry 2 did not run.")) << m;
}

TEST_F(HurlRun, CapturesFlowIntoLaterEntries) {
  FileResult r = run(R"hurl(POST {{base_url}}/store
{"key": "calvin", "val": "hobbes"}
HTTP 201
[Captures]
where: header "Location"
key: jsonpath "$.key"
size: jsonpath "$.size"
[Asserts]
variable "key" == "calvin"
jsonpath "$.size" == {{size}}

GET {{base_url}}{{where}}
HTTP 200
[Asserts]
jsonpath "$.key" == "{{key}}"
jsonpath "$.val" == "hobbes"

PUT {{base_url}}/echo
{"size": {{size}}, "text": "{{key}} & {{where}}"}
HTTP 200
[Asserts]
jsonpath "$.body" == "{\"size\": 1, \"text\": \"calvin & /store/calvin\"}"
)hurl");
  EXPECT_TRUE(r.passed) << r.failure;
  EXPECT_EQ(r.entries_run, 3);
}

TEST_F(HurlRun, RequestPartsReachTheServer) {
  FileResult r = run(R"hurl(POST {{base_url}}/echo
X-Custom: {{base_url}}
[QueryStringParams]
q: a b&c
[FormParams]
name: Calvin & Hobbes
[BasicAuth]
calvin: tiger
[Cookies]
flavor: tuna
HTTP 200
[Asserts]
jsonpath "$.method" == "POST"
jsonpath "$.query" == "q=a%20b%26c"
jsonpath "$.body" == "name=Calvin%20%26%20Hobbes"
jsonpath "$.content_type" == "application/x-www-form-urlencoded"
jsonpath "$.authorization" == "Basic Y2FsdmluOnRpZ2Vy"
jsonpath "$.cookie" == "flavor=tuna"
jsonpath "$.custom" startsWith "http://127.0.0.1:"

PATCH {{base_url}}/echo
{"a": [1, 2]}
HTTP 200
[Asserts]
jsonpath "$.content_type" == "application/json"
jsonpath "$.body" == "{\"a\": [1, 2]}"

PUT {{base_url}}/echo
Content-Type: text/csv
```
a,b
```
HTTP 200
[Asserts]
jsonpath "$.content_type" == "text/csv"
jsonpath "$.body" == "a,b\n"

DELETE {{base_url}}/echo
```
raw
```
HTTP 200
[Asserts]
jsonpath "$.method" == "DELETE"
jsonpath "$.content_type" == ""
jsonpath "$.body" == "raw\n"
)hurl");
  EXPECT_TRUE(r.passed) << r.failure;
  EXPECT_EQ(r.entries_run, 4);
}

TEST_F(HurlRun, HeadAndOptionsGetAnAnswerWithoutBody) {
  FileResult r =
      run("HEAD {{base_url}}/hello\nHTTP *\n[Asserts]\nbody == \"\"\nstatus < 500\n"
          "OPTIONS {{base_url}}/hello\nHTTP *\n[Asserts]\nstatus < 500\n");
  EXPECT_TRUE(r.passed) << r.failure;
  EXPECT_EQ(r.entries_run, 2);
}

TEST_F(HurlRun, CookiesTheServerSetsAreSentBack) {
  FileResult r =
      run("GET {{base_url}}/login\nHTTP 204\n"
          "GET {{base_url}}/echo\nHTTP 200\n[Asserts]\njsonpath \"$.cookie\" == \"sid=42\"\n");
  EXPECT_TRUE(r.passed) << r.failure;
}

TEST_F(HurlRun, PredicatesThatHold) {
  FileResult r = run(R"hurl(GET {{base_url}}/hello
HTTP *
[Asserts]
status == 200
status < 300
header "Content-Type" contains "json"
jsonpath "$.hello" != "there"
jsonpath "$.hello" not == "there"
jsonpath "$.hello" startsWith "wor"
jsonpath "$.hello" endsWith "rld"
jsonpath "$.hello" matches "^w.r"
jsonpath "$.hello" contains "orl"
jsonpath "$.hello" not contains "x"
jsonpath "$.hello" isString
jsonpath "$.hello" not isEmpty
jsonpath "$.items" contains 2
jsonpath "$.items" not contains 4
jsonpath "$.items" count >= 3
jsonpath "$.items" nth 1 == 2
jsonpath "$.items[-1]" == 3
jsonpath "$.items[*]" isCollection
jsonpath "$.empty" isEmpty
jsonpath "$.empty" count == 0
jsonpath "$.count" toInt == 42
jsonpath "$.count" toInt isInteger
jsonpath "$.count" not isInteger
jsonpath "$.ratio" <= 0.5
jsonpath "$.ratio" > 0
jsonpath "$.ok" isBoolean
jsonpath "$.ok" == true
jsonpath "$.missing" not exists
jsonpath "$" exists
body contains "\"hello\":\"world\""
regex "\"hello\":\"(\\w+)\"" == "world"
duration < 5000
duration >= 0
)hurl");
  EXPECT_TRUE(r.passed) << r.failure;
}

// Each of these asserts fails on /hello; the message names it and what was found.
struct FailingAssert {
  const char* assert;
  const char* shown;  // a part of the failure message
};

class HurlRunFails : public HurlRun, public ::testing::WithParamInterface<FailingAssert> {};

TEST_P(HurlRunFails, NamesTheAssertAndWhatWasFound) {
  const FailingAssert& param = GetParam();
  FileResult r = run(std::string("GET {{base_url}}/hello\nHTTP 200\n[Asserts]\n") + param.assert);
  EXPECT_FALSE(r.passed);
  EXPECT_FALSE(r.timed_out);
  EXPECT_FALSE(r.connection_failed);
  EXPECT_TRUE(has(r.failure, std::string("line 4: ") + param.assert)) << r.failure;
  EXPECT_TRUE(has(r.failure, param.shown)) << r.failure;
}

const FailingAssert kFailingAsserts[] = {
    {"jsonpath \"$.items\" count == 4", "expected: == 4\n    actual:   3"},
    {"jsonpath \"$.empty\" not isEmpty", "expected: not isEmpty\n    actual:   []"},
    {"jsonpath \"$.hello\" matches \"^W\"", "expected: matches \"^W\"\n    actual:   \"world\""},
    {"jsonpath \"$.items\" contains 5", "actual:   [1,2,3]"},
    {"jsonpath \"$.hello\" not contains \"orl\"", "expected: not contains \"orl\""},
    {"jsonpath \"$.missing\" exists", "actual:   no value"},
    {"jsonpath \"$.missing\" not == 1", "actual:   no value"},
    {"jsonpath \"$.hello\" startsWith \"x\"", "actual:   \"world\""},
    {"jsonpath \"$.hello\" > 1", "expected: > 1 (on numbers)"},
    {"jsonpath \"$.items[0]\" >= 2", "actual:   1"},
    {"jsonpath \"$.hello\" isInteger", "expected: isInteger"},
    {"jsonpath \"$.ok\" == \"true\"", "expected: == \"true\"\n    actual:   true"},
    {"header \"Content-Type\" == \"text/plain\"", "actual:   \"application/json\""},
    {"header \"X-None\" exists", "actual:   no value"},
    {"jsonpath \"$.items\" nth 5 == 1", "nth 5: the collection has 3 element(s)"},
    {"jsonpath \"$.hello\" toInt == 1", "toInt: \"world\" is not an integer"},
    {"jsonpath \"$.hello\" count == 1", "count needs a collection"},
    {"body contains \"nope\"", "expected: contains \"nope\""},
    {"regex \"\\\"hello\\\":\\\"(\\\\w+)\\\"\" == \"x\"", "actual:   \"world\""},
    {"duration > 60000", "expected: > 60000"},
    {"jsonpath \"$.hello\" == \"{{nope}}\"", "unknown variable \"nope\""},
};

INSTANTIATE_TEST_SUITE_P(Hurl, HurlRunFails, ::testing::ValuesIn(kFailingAsserts));

TEST_F(HurlRun, ImplicitHeaderAssert) {
  FileResult r = run("GET {{base_url}}/hello\nHTTP 200\ncontent-type: application/json\n");
  EXPECT_TRUE(r.passed) << r.failure;  // the name is compared without case

  r = run("GET {{base_url}}/hello\nHTTP 200\nContent-Type: text/plain\nX-Missing: 1\n");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(has(r.failure,
                  "line 3: Content-Type: text/plain\n    expected: \"text/plain\"\n"
                  "    actual:   \"application/json\""))
      << r.failure;

  r = run("GET {{base_url}}/hello\nHTTP 200\nX-Missing: 1\n");
  EXPECT_TRUE(has(r.failure, "actual:   no X-Missing header")) << r.failure;
}

TEST_F(HurlRun, BodyAsserts) {
  FileResult r = run("GET {{base_url}}/store/x\nHTTP 404\n{\"error\": \"no such key: y\"}\n");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(has(r.failure,
                  "line 3: the JSON body\n    expected: {\"error\":\"no such key: y\"}\n"
                  "    actual:   {\"error\":\"no such key: x\"}"))
      << r.failure;

  r = run("GET {{base_url}}/text\nHTTP 200\n```\nhello\n```\n");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(has(r.failure, "expected: \"hello\\n\"\n    actual:   \"hello\\nworld\\n\""))
      << r.failure;

  r = run("GET {{base_url}}/text\nHTTP 200\n{\"a\": 1}\n");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(has(r.failure, "actual:   a body that is not JSON: hello")) << r.failure;
}

TEST_F(HurlRun, UnknownVariableIsNamed) {
  FileResult r =
      run("GET {{base_url}}/hello\nHTTP 200\nGET {{base_url}}/store/{{key}}\nHTTP 200\n");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.entries_run, 2);
  EXPECT_TRUE(has(r.failure,
                  "entry 2 of 2 (line 3) failed:\n  line 3: the URL\n"
                  "    unknown variable \"key\""))
      << r.failure;
  EXPECT_FALSE(has(r.failure, "reproduce")) << r.failure;  // no request was sent
}

TEST_F(HurlRun, StringVariableCannotBeABareJsonValue) {
  FileResult r =
      run("GET {{base_url}}/hello\nHTTP 200\n[Captures]\nh: jsonpath \"$.hello\"\n"
          "POST {{base_url}}/echo\n{\"a\": {{h}}}\n");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(has(r.failure, "variable \"h\" is \"world\", which is not a JSON number"))
      << r.failure;
}

TEST_F(HurlRun, CaptureWithoutValueFails) {
  FileResult r = run("GET {{base_url}}/hello\nHTTP 200\n[Captures]\nx: jsonpath \"$.nope\"\n");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(has(r.failure,
                  "line 4: x: jsonpath \"$.nope\"\n    expected: a value to capture\n"
                  "    actual:   no value"))
      << r.failure;
}

TEST_F(HurlRun, SlowRequestTimesOut) {
  RunOptions options;
  options.request_timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  FileResult r =
      run("GET {{base_url}}/hello\nHTTP 200\nGET {{base_url}}/slow\nHTTP 200\n", options);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1400ms);
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.timed_out);
  EXPECT_FALSE(r.connection_failed);
  EXPECT_EQ(r.entries_run, 2);
  EXPECT_TRUE(has(r.failure, "entry 2 of 2 (line 3) failed:\n  GET " + url() + "/slow\n" +
                                 "  no response within 200 ms\n  reproduce: curl"))
      << r.failure;
}

TEST_F(HurlRun, FileDeadlineStopsTheFile) {
  RunOptions options;
  options.deadline = std::chrono::steady_clock::now() + 300ms;
  FileResult r = run("GET {{base_url}}/slow\nHTTP 200\nGET {{base_url}}/hello\n", options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.entries_run, 1);
  EXPECT_TRUE(has(r.failure, "no response before the file's time limit ran out")) << r.failure;

  options.deadline = std::chrono::steady_clock::now();
  r = run("GET {{base_url}}/hello\n", options);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.entries_run, 0);
  EXPECT_TRUE(has(r.failure, "entry 1 of 1 (line 1) did not start: the file's time limit"))
      << r.failure;
}

TEST(HurlRunDead, ClosedPortIsAConnectionFailure) {
  // A port nothing listens on: bound, read back, closed.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), size), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size), 0);
  ::close(fd);
  RunOptions options;
  options.variables["base_url"] = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  options.request_timeout = 2s;
  FileResult r = grader::hurl::run_file(
      grader::hurl::parse_text("GET {{base_url}}/x\nHTTP 200\n", "dead.hurl"), options);
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.connection_failed);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(has(r.failure, "the connection failed")) << r.failure;
}

TEST(HurlCurlCommand, QuotesForTheShell) {
  grader::hurl::HttpRequest request;
  request.method = "PUT";
  request.url = "http://127.0.0.1:5000/store/it's";
  request.headers = {{"Content-Type", "application/json"}, {"X-Empty", ""}};
  request.body = R"({"val": "it's"})";
  request.basic_auth.emplace("calvin", "ti ger");
  request.cookies = "a=1; b=2";
  EXPECT_EQ(grader::hurl::curl_command(request),
            "curl -X PUT -u 'calvin:ti ger' -b 'a=1; b=2' -H 'Content-Type: application/json' "
            "-H 'X-Empty;' --data-raw '{\"val\": \"it'\\''s\"}' "
            "'http://127.0.0.1:5000/store/it'\\''s'");

  request.method = "HEAD";
  request.headers.clear();
  request.body.reset();
  request.basic_auth.reset();
  request.cookies.clear();
  EXPECT_EQ(grader::hurl::curl_command(request),
            "curl --head 'http://127.0.0.1:5000/store/it'\\''s'");
}

TEST(HurlPercentEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(grader::hurl::percent_encode("aZ0-._~ &=/?%\xC3\xA9"),
            "aZ0-._~%20%26%3D%2F%3F%25%C3%A9");
}
