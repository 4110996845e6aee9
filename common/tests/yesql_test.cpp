// YeSQL: a queries file loaded, checked ("file:line: reason" for every mistake), prepared and
// called on SQLite and on a real PostgreSQL, each suffix returning what yesql.hpp says.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <web/db.hpp>
#include <web/error.hpp>
#include <web/yesql.hpp>

#include "test_database.hpp"
#include "test_support.hpp"

using dbtest::Engine, dbtest::TestDatabase;
using web::json, web::Queries, web::Query;

namespace {

// The problems loading a file reports, one per line; none if it loads.
std::vector<std::string> load_problems(const std::string& path) {
  try {
    Queries::load(path);
  } catch (const web::StartupError& e) {
    return e.problems();
  }
  return {};
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

// Every suffix, on SQL that runs the same on both engines.
const char* const people_sql = R"(-- The people of the comic.

-- name: create_people#
-- Creates the table and its first row
-- (a script: several statements).
CREATE TABLE people(name TEXT PRIMARY KEY, age INTEGER NOT NULL);
INSERT INTO people(name, age) VALUES ('calvin', 6);

-- name: all_people
-- Every person by name.
SELECT name, age FROM people ORDER BY name;

-- name: person_by_name(name)^
-- One person, or null.
SELECT name, age FROM people WHERE name = :name;

-- name: age_of$
SELECT age FROM people WHERE name = :name;

-- name: birthday!
UPDATE people SET age = age + 1 WHERE age >= :min_age;

-- name: add_person(age, name)<!
INSERT INTO people(name, age) VALUES (:name, :age) RETURNING name, age;

-- name: add_people*!
INSERT INTO people(name, age) VALUES (:name, :age);
)";

}  // namespace

// Loading and checking: the same on every engine.

TEST(YesqlLoad, EachSuffixGivesItsKind) {
  test::TextFile file(people_sql);
  Queries queries = Queries::load(file.path());
  EXPECT_EQ(queries.all().size(), 7u);
  EXPECT_EQ(queries.get("create_people").kind, Query::Kind::script);
  EXPECT_EQ(queries.get("all_people").kind, Query::Kind::rows);
  EXPECT_EQ(queries.get("person_by_name").kind, Query::Kind::one);
  EXPECT_EQ(queries.get("age_of").kind, Query::Kind::value);
  EXPECT_EQ(queries.get("birthday").kind, Query::Kind::count);
  EXPECT_EQ(queries.get("add_person").kind, Query::Kind::returning);
  EXPECT_EQ(queries.get("add_people").kind, Query::Kind::many);
  EXPECT_THROW(queries.get("nobody"), std::invalid_argument);
}

TEST(YesqlLoad, KeepsDocLinesSqlFileAndLine) {
  test::TextFile file(people_sql);
  Queries queries = Queries::load(file.path());
  const Query& script = queries.get("create_people");
  EXPECT_EQ(script.doc, "Creates the table and its first row\n(a script: several statements).");
  EXPECT_EQ(script.line, 3);
  EXPECT_EQ(script.file, file.path());
  const Query& all = queries.get("all_people");
  EXPECT_EQ(all.doc, "Every person by name.");
  EXPECT_EQ(all.sql, "SELECT name, age FROM people ORDER BY name");  // without the doc and ';'
  EXPECT_EQ(all.line, 9);
  EXPECT_EQ(queries.get("age_of").doc, "");
  EXPECT_EQ(queries.get("age_of").line, 17);
}

TEST(YesqlLoad, ParametersMayBeDeclared) {
  test::TextFile file(
      "-- name: q(a, b)^\n"
      "SELECT :b AS b, :a AS a, :b AS again;\n"
      "\n"
      "-- name: undeclared$\n"
      "SELECT :x AS x;\n");
  Queries queries = Queries::load(file.path());
  const Query& q = queries.get("q");
  EXPECT_EQ(q.kind, Query::Kind::one);
  EXPECT_EQ(q.params, (std::vector<std::string>{"b", "a"}));  // in order of first use
  EXPECT_EQ(queries.get("undeclared").params, (std::vector<std::string>{"x"}));
}

TEST(YesqlLoad, DuplicateNameNamesBothLines) {
  test::TextFile file(
      "-- name: q\n"
      "SELECT 1 AS one;\n"
      "\n"
      "-- name: q$\n"
      "SELECT 2 AS two;\n");
  std::string message = test::message_of<std::runtime_error>([&] { Queries::load(file.path()); });
  EXPECT_TRUE(starts_with(message, file.path() + ":4: ")) << message;
  EXPECT_TRUE(test::contains(message, "duplicate")) << message;
  EXPECT_TRUE(test::contains(message, "line 1")) << message;
}

TEST(YesqlLoad, UnknownSuffixIsAnError) {
  test::TextFile file(
      "-- name: fine\n"
      "SELECT 1 AS one;\n"
      "-- name: q%\n"
      "SELECT 2 AS two;\n");
  std::string message = test::message_of<std::runtime_error>([&] { Queries::load(file.path()); });
  EXPECT_TRUE(starts_with(message, file.path() + ":3: ")) << message;
  EXPECT_TRUE(test::contains(message, "suffix")) << message;
  EXPECT_TRUE(test::contains(message, "%")) << message;
}

TEST(YesqlLoad, DeclaredParameterNotUsedIsAnError) {
  test::TextFile file(
      "-- name: fine\n"
      "SELECT 1 AS one;\n"
      "\n"
      "-- name: q(a, b)^\n"
      "-- Uses a only.\n"
      "SELECT :a AS a;\n");
  std::string message = test::message_of<std::runtime_error>([&] { Queries::load(file.path()); });
  EXPECT_TRUE(starts_with(message, file.path() + ":4: ")) << message;
  EXPECT_TRUE(test::contains(message, ":b")) << message;
  EXPECT_TRUE(test::contains(message, "q")) << message;
}

TEST(YesqlLoad, UsedParameterNotDeclaredIsAnError) {
  test::TextFile file(
      "-- name: q(a)^\n"
      "SELECT :a AS a, :c AS c;\n"
      "-- name: fine\n"
      "SELECT 1 AS one;\n");
  std::string message = test::message_of<std::runtime_error>([&] { Queries::load(file.path()); });
  EXPECT_TRUE(starts_with(message, file.path() + ":1: ")) << message;
  EXPECT_TRUE(test::contains(message, ":c")) << message;
}

TEST(YesqlLoad, SqlBeforeAnyNameIsAnError) {
  test::TextFile file(
      "-- A comment is fine here.\n"
      "\n"
      "SELECT 1 AS one;\n"
      "-- name: q\n"
      "SELECT 2 AS two;\n");
  std::string message = test::message_of<std::runtime_error>([&] { Queries::load(file.path()); });
  EXPECT_TRUE(starts_with(message, file.path() + ":3: ")) << message;
  EXPECT_TRUE(test::contains(message, "name:")) << message;
}

TEST(YesqlLoad, QueryWithoutSqlIsAnError) {
  test::TextFile between(
      "-- name: empty\n"
      "-- Only a doc line.\n"
      "\n"
      "-- name: q\n"
      "SELECT 1 AS one;\n");
  std::string message =
      test::message_of<std::runtime_error>([&] { Queries::load(between.path()); });
  EXPECT_TRUE(starts_with(message, between.path() + ":1: ")) << message;
  EXPECT_TRUE(test::contains(message, "empty")) << message;
  EXPECT_TRUE(test::contains(message, "no SQL")) << message;

  test::TextFile last(
      "-- name: q\n"
      "SELECT 1 AS one;\n"
      "-- name: nothing_here$\n"
      ";\n");
  message = test::message_of<std::runtime_error>([&] { Queries::load(last.path()); });
  EXPECT_TRUE(starts_with(message, last.path() + ":3: ")) << message;
  EXPECT_TRUE(test::contains(message, "nothing_here")) << message;
}

TEST(YesqlLoad, EveryProblemOfTheFileIsReportedAtOnceInLineOrder) {
  test::TextFile file(
      "-- name: q(a)^\n"
      "SELECT :b AS b;\n"
      "-- name: q\n"
      "SELECT 1 AS one;\n"
      "-- name: r%\n"
      "SELECT 2 AS two;\n"
      "-- name: fine\n"
      "SELECT 3 AS three;\n");
  try {
    Queries::load(file.path());
    FAIL() << "no error";
  } catch (const web::StartupError& e) {
    ASSERT_EQ(e.problems().size(), 4u) << e.what();
    EXPECT_TRUE(starts_with(e.problems()[0], file.path() + ":1: query q declares :a")) << e.what();
    EXPECT_TRUE(starts_with(e.problems()[1], file.path() + ":1: query q uses :b")) << e.what();
    EXPECT_TRUE(starts_with(e.problems()[2], file.path() + ":3: duplicate query name q"))
        << e.what();
    EXPECT_TRUE(starts_with(e.problems()[3], file.path() + ":5: unknown suffix")) << e.what();
  }
}

// As in aiosql: comments after a query's SQL, before the next `-- name:`, are about the next one.
TEST(YesqlLoad, CommentsBetweenQueriesDocumentTheNextQuery) {
  test::TextFile file(
      "-- name: first\n"
      "-- Its doc.\n"
      "SELECT 1 AS one\n"
      "-- a comment inside the SQL stays there\n"
      "  FROM people;\n"
      "\n"
      "-- Owners.\n"
      "\n"
      "-- The second query, in one line.\n"
      "-- name: second$\n"
      "-- And more doc.\n"
      "SELECT 2 AS two;\n"
      "-- a comment at the end of the file goes nowhere\n");
  Queries queries = Queries::load(file.path());
  EXPECT_EQ(queries.get("first").doc, "Its doc.");
  EXPECT_EQ(queries.get("first").sql,
            "SELECT 1 AS one\n-- a comment inside the SQL stays there\n  FROM people");
  EXPECT_EQ(queries.get("second").doc, "Owners.\nThe second query, in one line.\nAnd more doc.");
  EXPECT_EQ(queries.get("second").sql, "SELECT 2 AS two");
}

TEST(YesqlLoad, MissingFileIsAnError) {
  std::string path = ::testing::TempDir() + "common_yesql_no_such_file.sql";
  std::string message = test::message_of<std::runtime_error>([&] { Queries::load(path); });
  EXPECT_TRUE(test::contains(message, path)) << message;
}

// Prepared and called on each engine.

class Yesql : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    dbtest::open_test_database(GetParam(), database);
    if (IsSkipped() || HasFatalFailure()) return;
    db = database->open();
    queries = Queries::load(file.path());
    ASSERT_TRUE(queries.call(*db, "create_people", json::object()).is_null());
    queries.prepare(*db);  // every query but the script, now that the table exists
  }

  std::optional<TestDatabase> database;  // first: dropped once the connection is closed
  std::unique_ptr<web::Connection> db;
  test::TextFile file{people_sql};
  Queries queries;
};

INSTANTIATE_TEST_SUITE_P(Engine, Yesql, ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const auto& p) { return dbtest::engine_name(p.param); });

TEST_P(Yesql, ScriptRunsEveryStatementAndReturnsNull) {
  EXPECT_EQ(db->fetch_all("SELECT name, age FROM people"),
            json::parse(R"([{"name": "calvin", "age": 6}])"));
}

TEST_P(Yesql, NoSuffixReturnsEveryRow) {
  db->execute("INSERT INTO people(name, age) VALUES ('hobbes', 7), ('susie', 6)");
  EXPECT_EQ(queries.call(*db, "all_people", json::object()), json::parse(R"([
      {"name": "calvin", "age": 6}, {"name": "hobbes", "age": 7}, {"name": "susie", "age": 6}])"));
  db->execute("DELETE FROM people");
  EXPECT_EQ(queries.call(*db, "all_people", json::object()), json::array());
}

TEST_P(Yesql, CaretReturnsOneRowOrNull) {
  EXPECT_EQ(queries.call(*db, "person_by_name", {{"name", "calvin"}}),
            json({{"name", "calvin"}, {"age", 6}}));
  EXPECT_TRUE(queries.call(*db, "person_by_name", {{"name", "nobody"}}).is_null());
}

TEST_P(Yesql, DollarReturnsOneValueOrNull) {
  EXPECT_EQ(queries.call(*db, "age_of", {{"name", "calvin"}}), 6);
  EXPECT_TRUE(queries.call(*db, "age_of", {{"name", "nobody"}}).is_null());
}

TEST_P(Yesql, BangReturnsTheRowCount) {
  db->execute("INSERT INTO people(name, age) VALUES ('hobbes', 7), ('susie', 6)");
  EXPECT_EQ(queries.call(*db, "birthday", {{"min_age", 6}}), 3);
  EXPECT_EQ(queries.call(*db, "birthday", {{"min_age", 8}}), 1);  // hobbes, now 8
  EXPECT_EQ(queries.call(*db, "birthday", {{"min_age", 100}}), 0);
  EXPECT_EQ(queries.call(*db, "age_of", {{"name", "hobbes"}}), 9);
}

TEST_P(Yesql, LessBangReturnsTheReturningRow) {
  EXPECT_EQ(queries.call(*db, "add_person", {{"name", "hobbes"}, {"age", 7}}),
            json({{"name", "hobbes"}, {"age", 7}}));
  EXPECT_EQ(queries.call(*db, "age_of", {{"name", "hobbes"}}), 7);
}

TEST_P(Yesql, StarBangRunsOncePerElementAndSumsTheCounts) {
  json people = json::parse(R"([{"name": "hobbes", "age": 7}, {"name": "susie", "age": 6},
      {"name": "moe", "age": 8}])");
  EXPECT_EQ(queries.call(*db, "add_people", people), 3);
  EXPECT_EQ(queries.call(*db, "add_people", json::array()), 0);
  EXPECT_EQ(db->fetch_value("SELECT COUNT(*) FROM people"), 4);
  EXPECT_THROW(queries.call(*db, "add_people", {{"name", "x"}, {"age", 1}}),
               std::invalid_argument);  // not an array
}

TEST_P(Yesql, MissingParameterNamesQueryAndParameter) {
  std::string message = test::message_of<std::invalid_argument>([&] {
    queries.call(*db, "add_person", {{"name", "moe"}});
  });
  EXPECT_TRUE(test::contains(message, "add_person")) << message;
  EXPECT_TRUE(test::contains(message, ":age")) << message;
  message =
      test::message_of<std::invalid_argument>([&] { queries.call(*db, "age_of", json::object()); });
  EXPECT_TRUE(test::contains(message, "age_of")) << message;
  EXPECT_TRUE(test::contains(message, ":name")) << message;
  EXPECT_EQ(db->fetch_value("SELECT COUNT(*) FROM people"), 1);
  message = test::message_of<std::invalid_argument>([&] {
    queries.call(*db, "add_people", json::parse(R"([{"name": "moe", "age": 8}, {"name": "x"}])"));
  });
  EXPECT_TRUE(test::contains(message, "add_people")) << message;
  EXPECT_TRUE(test::contains(message, ":age")) << message;
  EXPECT_THROW(queries.call(*db, "nobody", json::object()), std::invalid_argument);
}

// slide: yesql-prepare-error
TEST_P(Yesql, PrepareOfSqlTheEngineRejectsNamesFileLineAndQuery) {
  test::TextFile broken(
      "-- name: fine$\n"
      "SELECT 1 AS one;\n"
      "\n"
      "-- name: broken^\n"
      "-- The table does not exist.\n"
      "SELECT ghost FROM nowhere WHERE id = :id;\n");
  Queries loaded = Queries::load(broken.path());  // loading does not ask the engine
  std::string message = test::message_of<std::runtime_error>([&] { loaded.prepare(*db); });
  EXPECT_TRUE(starts_with(message, broken.path() + ":4: query broken")) << message;
  EXPECT_TRUE(test::contains(message, "nowhere")) << message;  // the engine's reason

  // end slide

  test::TextFile syntax(
      "-- name: typo\n"
      "SELEC name FROM people;\n");
  Queries typo = Queries::load(syntax.path());
  message = test::message_of<std::runtime_error>([&] { typo.prepare(*db); });
  EXPECT_TRUE(starts_with(message, syntax.path() + ":1: query typo")) << message;
  EXPECT_TRUE(test::contains(message, "syntax error")) << message;
}

// Attribute parameters, as aiosql's record parameters (FlaskSimpleAuth 35.5's demo/queries.sql:
// add_auth(a) with VALUES (:a.login, :a.email, ...), called with an object).
TEST(YesqlLoad, AttributeParametersUseTheirObject) {
  test::TextFile file(
      "-- name: add(p)!\n"
      "INSERT INTO people(name, age) VALUES (:p.name, :p.age);\n"
      "\n"
      "-- name: bad(p)!\n"
      "DELETE FROM people WHERE name = :q.name;\n");
  auto problems = load_problems(file.path());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], file.path() + ":4: query bad declares :p but does not use it");
  EXPECT_EQ(problems[1], file.path() + ":4: query bad uses :q but does not declare it");
}

// -- engine: lines (issue 27 item 4): what is wrong in them, and two definitions of one name
// allowed for two engines only.
TEST(YesqlLoad, EngineLinesAreChecked) {
  test::TextFile file(
      "-- name: a$\n"
      "-- engine: oracle\n"
      "SELECT 1;\n"
      "\n"
      "-- name: b$\n"
      "-- engine: sqlite\n"
      "SELECT 1;\n"
      "\n"
      "-- name: b$\n"
      "-- engine: sqlite\n"
      "SELECT 2;\n"
      "\n"
      "-- name: c$\n"
      "-- engine: postgres\n"
      "SELECT 1;\n"
      "\n"
      "-- name: c$\n"
      "SELECT 2;\n");
  auto problems = load_problems(file.path());
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0],
            file.path() + ":2: unknown engine \"oracle\" for query a (use sqlite or postgres)");
  EXPECT_EQ(problems[1], file.path() + ":9: duplicate query name b (first at line 5)");
  EXPECT_EQ(problems[2], file.path() + ":17: duplicate query name c (first at line 13)");
}

// Attribute parameters on each engine; a missing attribute names the query and the parameter.
TEST_P(Yesql, AttributeParametersReadAnObjectsMembers) {
  test::TextFile sql(
      "-- name: add_record(p)<!\n"
      "INSERT INTO people(name, age) VALUES (:p.name, :p.age) RETURNING name, age;\n");
  Queries records = Queries::load(sql.path());
  records.prepare(*db);
  EXPECT_EQ(records.call(*db, "add_record", {{"p", {{"name", "hobbes"}, {"age", 7}}}}),
            json({{"name", "hobbes"}, {"age", 7}}));
  std::string message = test::message_of<std::invalid_argument>([&] {
    records.call(*db, "add_record", {{"p", {{"name", "moe"}}}});
  });
  EXPECT_EQ(message, "query add_record: missing parameter :p.age");
  // db() takes them too: the same placeholders.
  EXPECT_EQ(
      db->fetch_value("SELECT age FROM people WHERE name = :p.name", {{"p", {{"name", "hobbes"}}}}),
      7);
}

// A query for one engine in a file both load (FSA 35.5's demo/queries.sql: set_user_code and
// get_user_code use NOW() and INTERVAL, PostgreSQL only; its demo/test_demo.py runs test_mfa_code
// on postgres only): each engine prepares its own and the shared ones, and calls its own
// definition; the other engine's is no start-up problem, and no query to call.
TEST_P(Yesql, AQueryOfOneEngineIsPreparedAndCalledOnThatEngineOnly) {
  test::TextFile sql(
      "-- name: engine$\n"
      "-- engine: sqlite\n"
      "SELECT 'sqlite';\n"
      "\n"
      "-- name: engine$\n"
      "-- engine: postgres\n"
      "-- SQLite knows no :: casts: it would refuse this one.\n"
      "SELECT 'postgres'::TEXT;\n"
      "\n"
      "-- name: recent$\n"
      "-- engine: postgres\n"
      "SELECT 'recent' WHERE NOW() - INTERVAL '5 seconds' < NOW();\n"
      "\n"
      "-- name: days$\n"
      "-- engine: sqlite\n"
      "SELECT 'days' WHERE julianday('now') > 0;\n");
  Queries both = Queries::load(sql.path());
  both.prepare(*db);                  // no problem on either engine
  std::string engine = db->engine();  // "sqlite" or "postgres"
  EXPECT_EQ(both.call(*db, "engine", json::object()), engine);
  const char* mine = GetParam() == Engine::sqlite ? "days" : "recent";
  const char* other = GetParam() == Engine::sqlite ? "recent" : "days";
  EXPECT_EQ(both.call(*db, mine, json::object()), mine);
  std::string message =
      test::message_of<std::invalid_argument>([&] { both.call(*db, other, json::object()); });
  EXPECT_TRUE(test::contains(message, std::string("query ") + other + " is for")) << message;
  EXPECT_EQ(both.get("engine").engine, "sqlite");  // the first definition

  // Still checked on the engine that uses it, at start-up.
  test::TextFile broken(
      "-- name: ghost$\n"
      "-- engine: " +
      engine +
      "\n"
      "SELECT ghost FROM nowhere;\n");
  Queries mine_broken = Queries::load(broken.path());
  message = test::message_of<std::runtime_error>([&] { mine_broken.prepare(*db); });
  EXPECT_TRUE(starts_with(message, broken.path() + ":1: query ghost")) << message;
}
