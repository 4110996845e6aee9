// The Hurl-subset parser: every construct of grader/HURL.md, and every error with its file:line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include "hurl/jsonpath.hpp"
#include "hurl/parser.hpp"
#include "hurl/template.hpp"

using grader::hurl::Body;
using grader::hurl::Filter;
using grader::hurl::JsonPath;
using grader::hurl::ParseError;
using grader::hurl::Predicate;
using grader::hurl::Query;
using grader::hurl::Template;
using grader::hurl::TestFile;
using grader::hurl::VariableRef;
using grader::hurl::Variables;
using nlohmann::json;

namespace {

TestFile parse(const std::string& text) {
  return grader::hurl::parse_text(text, "tests/store.hurl");
}

// Renders with a few variables, to see a template's parts through their effect.
std::string rendered(const Template& tpl) {
  Variables variables{{"base_url", "http://h:1"}, {"key", "calvin"}, {"n", 3}, {"q", "a\"b"}};
  return grader::hurl::render(tpl, variables);
}

}  // namespace

TEST(HurlParse, MinimalEntryTakesItsNameFromTheFile) {
  TestFile file = parse("GET {{base_url}}/store\nHTTP 200\n");
  EXPECT_EQ(file.path, "tests/store.hurl");
  EXPECT_EQ(file.name, "store");
  EXPECT_EQ(file.points, 1);
  ASSERT_EQ(file.entries.size(), 1u);
  const auto& request = file.entries[0].request;
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.line, 1);
  ASSERT_EQ(request.url.parts.size(), 2u);
  EXPECT_TRUE(request.url.parts[0].variable);
  EXPECT_EQ(request.url.parts[0].text, "base_url");
  EXPECT_EQ(rendered(request.url), "http://h:1/store");
  ASSERT_TRUE(file.entries[0].response);
  EXPECT_EQ(file.entries[0].response->status, 200);
  EXPECT_EQ(file.entries[0].response->version, "HTTP");
  EXPECT_EQ(file.entries[0].response->line, 2);
}

TEST(HurlParse, HeaderCommentsNameTheTestAndItsPoints) {
  TestFile file = parse(
      "# name: Store basics\n# points: 3\n# any other comment\n\nGET http://h/x\n"
      "# points: 9 is only a comment here\nGET http://h/y\n");
  EXPECT_EQ(file.name, "Store basics");
  EXPECT_EQ(file.points, 3);
  EXPECT_EQ(file.entries.size(), 2u);
  EXPECT_FALSE(file.entries[0].response);
  EXPECT_EQ(file.entries[1].request.line, 7);
}

TEST(HurlParse, FrenchNameIsReadBesideTheName) {
  TestFile file = parse("# name: Store basics\n# name-fr: Les bases du magasin\nGET http://h/x\n");
  EXPECT_EQ(file.name, "Store basics");
  EXPECT_EQ(file.name_fr, "Les bases du magasin");
  EXPECT_EQ(parse("# name: Store basics\nGET http://h/x\n").name_fr, "");
  EXPECT_THROW(parse("# name-fr:\nGET http://h/x\n"), ParseError);
}

// Every test file of the course, public (labs/NN-name/tests/) and hidden (grader/tests/, the
// selftest's adversarial labs included), has its French name right after its English one: a
// French export's report shows it (grader/HURL.md).
TEST(HurlParse, EveryCourseTestFileHasAFrenchName) {
  namespace fs = std::filesystem;
  const fs::path root = COURSE_SOURCE_DIR;
  int files = 0;
  for (const fs::path& top : {root / "labs", root / "grader" / "tests"}) {
    for (const auto& entry : fs::recursive_directory_iterator(top)) {
      if (entry.path().extension() != ".hurl") continue;
      ++files;
      std::string where = fs::relative(entry.path(), root).string();
      TestFile file = grader::hurl::parse_file(entry.path().string());
      EXPECT_FALSE(file.name_fr.empty()) << where << ": no `# name-fr:` line";
      EXPECT_NE(file.name_fr, file.name) << where << ": `# name-fr:` is the English name";
      std::ifstream in(entry.path());
      std::string line, previous;
      while (std::getline(in, line) && line.rfind("# name-fr:", 0) != 0) previous = line;
      EXPECT_EQ(previous.rfind("# name:", 0), 0u)
          << where << ": `# name-fr:` must come right after `# name:`";
    }
  }
  EXPECT_GE(files, 150);
}

TEST(HurlParse, EveryMethod) {
  for (std::string method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    EXPECT_EQ(parse(method + " http://h/x\n").entries[0].request.method, method);
  }
}

TEST(HurlParse, RequestHeadersAndSections) {
  TestFile file = parse(R"hurl(
POST {{base_url}}/echo  # a comment after the URL
Accept: application/json
X-Key:   {{key}}  # trimmed, comment dropped
X-Hash: a\#b\\c
[QueryStringParams]
q: a b
key: {{key}}
[Cookies]
flavor: tuna
[BasicAuth]
calvin: tiger{{n}}
[FormParams]
name: Calvin & Hobbes
HTTP 201
)hurl");
  const auto& r = file.entries[0].request;
  EXPECT_EQ(r.line, 2);
  EXPECT_EQ(rendered(r.url), "http://h:1/echo");
  ASSERT_EQ(r.headers.size(), 3u);
  EXPECT_EQ(r.headers[0].key, "Accept");
  EXPECT_EQ(rendered(r.headers[0].value), "application/json");
  EXPECT_EQ(rendered(r.headers[1].value), "calvin");
  EXPECT_EQ(r.headers[1].line, 4);
  EXPECT_EQ(rendered(r.headers[2].value), "a#b\\c");
  ASSERT_EQ(r.query_params.size(), 2u);
  EXPECT_EQ(r.query_params[0].key, "q");
  EXPECT_EQ(rendered(r.query_params[0].value), "a b");
  ASSERT_EQ(r.cookies.size(), 1u);
  EXPECT_EQ(rendered(r.cookies[0].value), "tuna");
  ASSERT_TRUE(r.basic_auth);
  EXPECT_EQ(r.basic_auth->key, "calvin");
  EXPECT_EQ(rendered(r.basic_auth->value), "tiger3");
  ASSERT_EQ(r.form_params.size(), 1u);
  EXPECT_EQ(rendered(r.form_params[0].value), "Calvin & Hobbes");
  EXPECT_FALSE(r.body);
  EXPECT_EQ(file.entries[0].response->status, 201);
}

TEST(HurlParse, JsonBodyOverSeveralLinesWithPlaceholders) {
  TestFile file = parse(R"hurl(PUT http://h/store
{
  "key": "{{key}} \"quoted\"",
  "n": {{n}},
  "q": "{{q}}",
  "list": [1, {"a": [true, null]}]
}  # comment after the body
HTTP 200
{"ok": true}
)hurl");
  const auto& body = file.entries[0].request.body;
  ASSERT_TRUE(body);
  EXPECT_EQ(body->kind, Body::Kind::json);
  EXPECT_EQ(body->line, 2);
  EXPECT_EQ(json::parse(rendered(body->content)), json({{"key", "calvin \"quoted\""},
                                                        {"n", 3},
                                                        {"q", "a\"b"},
                                                        {"list", {1, {{"a", {true, nullptr}}}}}}));
  ASSERT_TRUE(file.entries[0].response->body);
  EXPECT_EQ(file.entries[0].response->body->line, 9);
  EXPECT_EQ(rendered(file.entries[0].response->body->content), R"({"ok": true})");
}

TEST(HurlParse, JsonArrayBodyIsNotASection) {
  TestFile file = parse("POST http://h/x\n[1, 2]\nHTTP 200\n[\n  \"a\"\n]\n");
  EXPECT_EQ(rendered(file.entries[0].request.body->content), "[1, 2]");
  EXPECT_EQ(json::parse(rendered(file.entries[0].response->body->content)), json({"a"}));
}

TEST(HurlParse, TextBlockKeepsEveryLineAndItsNewline) {
  TestFile file = parse("POST http://h/x\n```\nhello {{key}}\n# not a comment\n\n```\nHTTP 200\n");
  const auto& body = file.entries[0].request.body;
  ASSERT_TRUE(body);
  EXPECT_EQ(body->kind, Body::Kind::text);
  EXPECT_EQ(rendered(body->content), "hello calvin\n# not a comment\n\n");
}

TEST(HurlParse, StatusLineVariants) {
  auto response = [](const std::string& line) {
    return *parse("GET http://h/x\n" + line + "\n").entries[0].response;
  };
  EXPECT_EQ(response("HTTP/1.1 404").version, "HTTP/1.1");
  EXPECT_EQ(response("HTTP/1.1 404").status, 404);
  EXPECT_EQ(response("HTTP *").status, std::nullopt);
  EXPECT_EQ(response("HTTP 201  # created").status, 201);
  EXPECT_EQ(response("HTTP 201  # created").source, "HTTP 201");
}

TEST(HurlParse, ResponseHeadersCapturesAndAsserts) {
  TestFile file = parse(R"hurl(POST http://h/store
HTTP 201
Content-Type: application/json
Location: /store/{{key}}
[Captures]
id: jsonpath "$.items[0].id"
where: header "Location"
sid: regex "sid=(\\d+)"
all: body
first: jsonpath "$.items" nth 0 toInt
[Asserts]
status == 201
header "Location" startsWith "/store/"
jsonpath "$.items" count >= 2   # a comment
jsonpath "$['a b']" not exists
body contains "{{key}}"
variable "id" == {{id}}
duration < 1000
regex "n=(\\d+)" toInt > -1.5
jsonpath "$.flag" == false
jsonpath "$.none" == null
jsonpath "$.name" matches "^[a-z]+$"
)hurl");
  const auto& r = *file.entries[0].response;
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[1].key, "Location");
  EXPECT_EQ(rendered(r.headers[1].value), "/store/calvin");

  ASSERT_EQ(r.captures.size(), 5u);
  EXPECT_EQ(r.captures[0].name, "id");
  EXPECT_EQ(r.captures[0].query.kind, Query::Kind::jsonpath);
  EXPECT_EQ(r.captures[0].query.argument, "$.items[0].id");
  EXPECT_EQ(r.captures[0].line, 6);
  EXPECT_EQ(r.captures[0].source, "id: jsonpath \"$.items[0].id\"");
  EXPECT_EQ(r.captures[1].query.kind, Query::Kind::header);
  EXPECT_EQ(r.captures[2].query.kind, Query::Kind::regex);
  EXPECT_EQ(r.captures[2].query.argument, "sid=(\\d+)");
  EXPECT_EQ(r.captures[3].query.kind, Query::Kind::body);
  ASSERT_EQ(r.captures[4].filters.size(), 2u);
  EXPECT_EQ(r.captures[4].filters[0].kind, Filter::Kind::nth);
  EXPECT_EQ(r.captures[4].filters[0].index, 0);
  EXPECT_EQ(r.captures[4].filters[1].kind, Filter::Kind::to_int);

  ASSERT_EQ(r.asserts.size(), 11u);
  EXPECT_EQ(r.asserts[0].query.kind, Query::Kind::status);
  EXPECT_EQ(r.asserts[0].predicate.kind, Predicate::Kind::equal);
  EXPECT_EQ(std::get<json>(*r.asserts[0].predicate.operand), 201);
  EXPECT_EQ(r.asserts[1].predicate.kind, Predicate::Kind::starts_with);
  EXPECT_EQ(r.asserts[2].filters[0].kind, Filter::Kind::count);
  EXPECT_EQ(r.asserts[2].predicate.kind, Predicate::Kind::greater_or_equal);
  EXPECT_EQ(r.asserts[2].source, "jsonpath \"$.items\" count >= 2");
  EXPECT_EQ(r.asserts[2].line, 14);
  EXPECT_TRUE(r.asserts[3].predicate.negated);
  EXPECT_EQ(r.asserts[3].predicate.kind, Predicate::Kind::exists);
  EXPECT_FALSE(r.asserts[3].predicate.operand);
  EXPECT_EQ(rendered(std::get<Template>(*r.asserts[4].predicate.operand)), "calvin");
  EXPECT_EQ(r.asserts[5].query.kind, Query::Kind::variable);
  EXPECT_EQ(std::get<VariableRef>(*r.asserts[5].predicate.operand).name, "id");
  EXPECT_EQ(r.asserts[6].query.kind, Query::Kind::duration);
  EXPECT_EQ(r.asserts[6].predicate.kind, Predicate::Kind::less);
  EXPECT_EQ(std::get<json>(*r.asserts[7].predicate.operand), -1.5);
  EXPECT_EQ(std::get<json>(*r.asserts[8].predicate.operand), false);
  EXPECT_TRUE(std::get<json>(*r.asserts[9].predicate.operand).is_null());
  EXPECT_EQ(r.asserts[10].predicate.kind, Predicate::Kind::matches);
  EXPECT_TRUE(std::regex_search("calvin", r.asserts[10].predicate.pattern));
  EXPECT_FALSE(std::regex_search("Calvin", r.asserts[10].predicate.pattern));
}

TEST(HurlParse, EveryPredicateKeyword) {
  const std::pair<std::string, Predicate::Kind> cases[] = {
      {"!= 1", Predicate::Kind::not_equal},
      {"> 1", Predicate::Kind::greater},
      {"<= 1", Predicate::Kind::less_or_equal},
      {"contains 3", Predicate::Kind::contains},
      {"endsWith \"z\"", Predicate::Kind::ends_with},
      {"isEmpty", Predicate::Kind::is_empty},
      {"isInteger", Predicate::Kind::is_integer},
      {"isString", Predicate::Kind::is_string},
      {"isBoolean", Predicate::Kind::is_boolean},
      {"isCollection", Predicate::Kind::is_collection},
  };
  for (const auto& [text, kind] : cases) {
    TestFile file = parse("GET http://h/x\nHTTP 200\n[Asserts]\njsonpath \"$.a\" " + text + "\n");
    EXPECT_EQ(file.entries[0].response->asserts[0].predicate.kind, kind) << text;
  }
}

TEST(HurlParse, QuotedStringEscapes) {
  TestFile file = parse(
      "GET http://h/x\nHTTP 200\n[Asserts]\nbody == \"a\\\"b\\\\c\\n\\t\\u{e9}\\u{1F600}#\"\n");
  const auto& operand = std::get<Template>(*file.entries[0].response->asserts[0].predicate.operand);
  EXPECT_EQ(rendered(operand), "a\"b\\c\n\t\xC3\xA9\xF0\x9F\x98\x80#");
}

TEST(HurlParse, CrlfLineEndingsAndCommentsAnywhere) {
  TestFile file = parse(
      "# name: crlf\r\n\r\nGET http://h/x\r\n# between\r\nAccept: a\r\n\r\nHTTP 200\r\n"
      "[Asserts]\r\n# a comment\r\nbody == \"x\"\r\n\r\nDELETE http://h/x\r\nHTTP 204\r\n");
  EXPECT_EQ(file.name, "crlf");
  ASSERT_EQ(file.entries.size(), 2u);
  EXPECT_EQ(rendered(file.entries[0].request.headers[0].value), "a");
  EXPECT_EQ(file.entries[0].response->asserts[0].line, 10);
  EXPECT_EQ(file.entries[1].response->status, 204);
}

TEST(HurlParse, FileIsReadFromDisk) {
  EXPECT_THROW(
      {
        try {
          grader::hurl::parse_file("/nonexistent/dir/x.hurl");
        } catch (const ParseError& e) {
          EXPECT_STREQ(e.what(), "/nonexistent/dir/x.hurl:0: cannot read the file");
          throw;
        }
      },
      ParseError);
}

TEST(JsonPath, SelectsAsHurlDoes) {
  json doc = json::parse(R"({"a": {"b c": [10, 20, 30]}, "items": [{"id": 1}, {"x": 0}, {"id": 3}],
                             "empty": [], "n": null})");
  auto eval = [&](const std::string& path) {
    return JsonPath::parse(path).evaluate(doc);
  };
  EXPECT_EQ(eval("$"), doc);
  EXPECT_EQ(eval("$.a['b c'][1]"), 20);
  EXPECT_EQ(eval("$[\"a\"][\"b c\"][-1]"), 30);
  EXPECT_EQ(eval("$.items[*].id"), json({1, 3}));  // elements without the key are skipped
  EXPECT_EQ(eval("$.items[0].*"), json({1}));
  EXPECT_EQ(eval("$.empty[*]"), json::array());
  EXPECT_EQ(eval("$.n"), json(nullptr));
  EXPECT_EQ(eval("$.missing"), std::nullopt);
  EXPECT_EQ(eval("$.missing[*]"), std::nullopt);
  EXPECT_EQ(eval("$.a['b c'][3]"), std::nullopt);
  EXPECT_EQ(eval("$.a['b c'][-4]"), std::nullopt);
  EXPECT_EQ(eval("$.a.x"), std::nullopt);
}

TEST(JsonPath, RefusesWhatIsNotSupported) {
  for (const char* path : {"a.b", "$..id", "$.items[?(@.id)]", "$.items[0:2]", "$.items[0,1]", "$.",
                           "$['a", "$[x]", "$.a-b"}) {
    EXPECT_THROW(JsonPath::parse(path), std::invalid_argument) << path;
  }
}

// Every error names the file and the line, and says what is wrong.
struct BadFile {
  const char* text;
  int line;
  const char* message;  // a part of the message
};

class HurlParseError : public ::testing::TestWithParam<BadFile> {};

TEST_P(HurlParseError, NamesFileLineAndProblem) {
  const BadFile& bad = GetParam();
  try {
    parse(bad.text);
    FAIL() << "no error for:\n" << bad.text;
  } catch (const ParseError& e) {
    std::string prefix = "tests/store.hurl:" + std::to_string(bad.line) + ": ";
    EXPECT_EQ(std::string(e.what()).substr(0, prefix.size()), prefix) << e.what();
    EXPECT_NE(std::string(e.what()).find(bad.message), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), bad.line);
  }
}

const BadFile kBadFiles[] = {
    // The errors the subset's notes list.
    {"GET http://h/x\n[Options]\nverbose: true\n", 2, "unknown section [Options]"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nstatus equals 200\n", 4, "unknown predicate `equals`"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nstatus\n", 4, "missing predicate"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\ncookie \"sid\" exists\n", 4, "unknown query `cookie`"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\njsonpath \"$.a\" ==\n", 4, "missing value after `==`"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\njsonpath == 1\n", 4, "missing value: `jsonpath`"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\njsonpath \"$.a\" nth == 1\n", 4, "missing value: `nth`"},
    {"GET http://h/x\nHTTP 2OO\n", 2, "bad status line"},
    {"GET http://h/x\nHTTP/3 200\n", 2, "bad status line"},
    {"GET http://h/x\nHTTP 200 OK\n", 2, "bad status line"},
    {"GET http://h/x\nHTTP 999\n", 2, "bad status line"},
    {"POST http://h/x\n```\nabc\n", 2, "unterminated ``` block"},
    {"POST http://h/x\n{\"a\": 1,}\n", 2, "malformed JSON body"},
    {"POST http://h/x\n{\n  \"a\": 1\n  \"b\": 2\n}\n", 4, "malformed JSON body"},
    {"POST http://h/x\n{\n  \"a\": [1, 2}\n", 2, "malformed JSON body"},
    {"POST http://h/x\n[1e999]\n", 2, "a number out of range"},
    {"POST http://h/x\n{\"a\": \"b}\n", 2, "unterminated string"},
    {"GET http://h/x\nHTTP 200\nfoo bar\n", 3, "expected a header"},
    {"GET http://h/x\nHTTP 200\n{\"a\": 1}\nfoo bar\n", 4, "expected the next request"},
    {"GET http://h/x\n```\nx\n```\nfoo bar\n", 5, "expected a response line"},
    {"hello\nGET http://h/x\n", 1, "expected a request"},
    // Beyond the subset, or easy mistakes.
    {"FETCH http://h/x\n", 1, "unknown method `FETCH`"},
    {"GET /store\n", 1, "the URL must be absolute"},
    {"GET\n", 1, "expected a request"},
    {"# points: two\nGET http://h/x\n", 1, "`# points:` needs a whole number"},
    {"# just a comment\n", 1, "no request in the file"},
    {"GET http://h/x\n[Asserts]\nstatus == 200\n", 2, "belongs to a response"},
    {"GET http://h/x\nHTTP 200\n[FormParams]\na: b\n", 3, "belongs to the request"},
    {"GET http://h/x\nHTTP 200\n[Foo]\n", 3, "unknown section [Foo]"},
    {"POST http://h/x\n[FormParams]\na: b\n{\"a\": 1}\n", 4, "cannot have a body"},
    {"GET http://h/x\n[BasicAuth]\na: b\nc: d\n", 2, "exactly one `user: password`"},
    {"GET http://h/x\n[QueryStringParams]\nnot a pair\n", 3, "expected a parameter"},
    {"GET {{base_url/x\n", 1, "unterminated {{"},
    {"GET {{base url}}/x\n", 1, "bad placeholder"},
    {"GET {{url | toUpper}}\n", 1, "bad placeholder"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nbody == \"\\u00e9\"\n", 4, "bad unicode escape"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nbody == \"\\q\"\n", 4, "unknown escape \\q"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nbody == \"abc\n", 4, "unterminated string"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\njsonpath \"$..a\" exists\n", 4, "recursive descent"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\njsonpath \"$.{{k}}\" exists\n", 4, "not supported in"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nregex \"(a\" exists\n", 4, "bad regex"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nregex \"a+\" exists\n", 4, "needs a group"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nbody matches \"[\"\n", 4, "bad regex"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nduration < \"5\"\n", 4, "compares numbers"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nbody startsWith 1\n", 4, "takes a \"quoted string\""},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nbody == abc\n", 4, "bad value `abc`"},
    {"GET http://h/x\nHTTP 200\n[Asserts]\nstatus == 200 201\n", 4, "unexpected `201`"},
    {"GET http://h/x\nHTTP 200\n[Captures]\nid: status == 200\n", 4, "has no predicate"},
    {"GET http://h/x\nHTTP 200\n[Captures]\njsonpath \"$.id\"\n", 4, "expected a capture"},
    {"POST http://h/x\n```json\n{}\n```\n", 2, "only plain ``` blocks"},
    {"POST http://h/x\n```hello```\n", 2, "only plain ``` blocks"},
    {"POST http://h/x\n```\nab```\n```\n", 3, "``` must be alone"},
    {"POST http://h/x\n{\"a\": 1} x\n", 2, "after the JSON body"},
};

INSTANTIATE_TEST_SUITE_P(Hurl, HurlParseError, ::testing::ValuesIn(kBadFiles));
