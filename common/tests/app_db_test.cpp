// The App's database side on SQLite and on a real PostgreSQL, in process and over HTTP: the
// request's transaction (committed below 400, rolled back otherwise), database errors answered
// 409 or 400 without their details, queries.sql checked at start-up, init_database, and two
// requests at once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <web/app.hpp>
#include <web/client_test.hpp>

#include "test_database.hpp"
#include "test_support.hpp"

using namespace std::chrono_literals;
using dbtest::Engine, dbtest::TestDatabase;
using web::Client, web::Form, web::json, web::OPEN;

namespace {

// Notes with a unique title: queries from sql/notes.sql, tables from sql/<engine>/*.sql, both
// copied next to the test binary.
class NotesApp : public web::App {
 public:
  explicit NotesApp(const std::string& queries_file = "sql/notes.sql") : App("notes") {
    config().set("access_log", false);
    on_init([this] { init_database(); });
    queries(queries_file);

    get("/notes", OPEN, [this] { return query("all_notes"); });
    get("/notes/<title>", OPEN, {"title"}, [this](std::string title) {
      json note = query("note_by_title", {{"title", title}});
      if (note.is_null()) throw web::Error(404, "no such note: " + title);
      return note;
    });
    // 201 with the new note; without a body, NULL, which the database refuses (NOT NULL).
    post("/notes", OPEN, {"title", "body"},
         [this](std::string title, std::optional<std::string> body) {
           json note =
               query("add_note", {{"title", title}, {"body", body ? json(*body) : json(nullptr)}});
           return web::reply(201, note);
         });
    // Inserts, then refuses: the request's transaction is rolled back.
    post("/drafts", OPEN, {"title"}, [this](std::string title) {
      db().execute("INSERT INTO note(title, body) VALUES (:title, 'draft')", {{"title", title}});
      throw web::Error(400, "drafts are not kept");
    });
    get("/in-transaction", OPEN, [this] { return db().in_transaction(); });
    get("/backwards", OPEN, [this] { return query("notes_backwards"); });
    // Parameters that are not an object: a 500, whose log says what to write instead.
    get("/single-braces/<title>", OPEN, [this](std::string title) {
      return query("note_by_title", json::array({"title", title}));
    });
    // Waits for another request to be here too (at most 2 s), then inserts.
    post("/together", OPEN, {"title"}, [this](std::string title) {
      meet();
      return web::reply(201, query("add_note", {{"title", title}, {"body", "together"}}));
    });
  }

  // The most requests that were in /together at once.
  int most_together() {
    std::lock_guard lock(mutex_);
    return most_together_;
  }

 private:
  void meet() {
    std::unique_lock lock(mutex_);
    most_together_ = std::max(most_together_, ++together_);
    met_.notify_all();
    met_.wait_for(lock, 2s, [this] { return most_together_ >= 2; });
    --together_;
  }

  std::mutex mutex_;
  std::condition_variable met_;
  int together_ = 0, most_together_ = 0;
};

// The titles as another connection sees them: committed data only.
json committed_titles(const TestDatabase& database) {
  auto other = database.open();
  json titles = json::array();
  for (const auto& row : other->fetch_all("SELECT title FROM note ORDER BY title")) {
    titles.push_back(row["title"]);
  }
  return titles;
}

}  // namespace

class AppDb : public web::ClientTest<NotesApp> {};

INSTANTIATE_TEST_SUITE_P(Engine, AppDb, web::client_modes({Engine::sqlite, Engine::postgres}),
                         web::client_mode_name);

TEST_P(AppDb, StartWithInitLoadsTheEnginesData) {
  auto r = client.get("/notes");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), json::parse(R"([{"nid": 1, "title": "first", "body": "hello"},
      {"nid": 2, "title": "second", "body": "world"}])"));
  auto one = client.get("/notes/second");
  EXPECT_EQ(one.body(), json::parse(R"({"nid": 2, "title": "second", "body": "world"})")) << one;
  EXPECT_EQ(client.get("/notes/third").status, 404);
}

// Rows keep their SELECT's column order, as Python's dicts do: "title" comes first here.
TEST_P(AppDb, RowsKeepTheColumnOrderOfTheirSelect) {
  auto r = client.get("/backwards");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.text,
            "[{\"title\":\"first\",\"nid\":1,\"body\":\"hello\"},"
            "{\"title\":\"second\",\"nid\":2,\"body\":\"world\"}]\n");
}

TEST_P(AppDb, QueryParametersThatAreNotAnObjectAre500SayingWhatToWrite) {
  ::testing::internal::CaptureStderr();
  auto r = client.get("/single-braces/first");
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status, 500) << r;
  EXPECT_TRUE(test::contains(log,
                             "query note_by_title: parameters are a JSON object, "
                             "{{\"name\", value}} with double braces, not [\"title\",\"first\"]"))
      << log;
}

TEST_P(AppDb, HandlersRunInsideTheRequestsTransaction) {
  auto r = client.get("/in-transaction");
  EXPECT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.body(), true) << r;
  EXPECT_FALSE(app.db().in_transaction());  // outside a request: no transaction
}

TEST_P(AppDb, CreatedRowIsCommitted) {
  auto r = client.post("/notes", Form{{"title", "third"}, {"body", "!"}});
  ASSERT_EQ(r.status, 201) << r;
  EXPECT_EQ(r.body(), json::parse(R"({"nid": 3, "title": "third", "body": "!"})"));
  EXPECT_EQ(committed_titles(*database), json({"first", "second", "third"}));
  EXPECT_EQ(client.get("/notes/third").status, 200);
}

TEST_P(AppDb, ErrorAfterAnInsertLeavesNothing) {
  auto r = client.post("/drafts", Form{{"title", "draft"}});
  EXPECT_EQ(r.status, 400) << r;
  EXPECT_EQ(r.body(), json({{"error", "drafts are not kept"}}));
  EXPECT_EQ(committed_titles(*database), json({"first", "second"}));
  EXPECT_EQ(client.get("/notes/draft").status, 404);
  // The connection is not left inside the failed transaction.
  auto next = client.post("/notes", json{{"title", "draft"}, {"body", "kept"}});
  EXPECT_EQ(next.status, 201) << next;
  EXPECT_EQ(committed_titles(*database), json({"draft", "first", "second"}));
}

TEST_P(AppDb, UniqueViolationIs409WithoutTheDetails) {
  auto r = client.post("/notes", Form{{"title", "first"}, {"body", "again"}});
  EXPECT_EQ(r.status, 409) << r;
  ASSERT_TRUE(r.body().is_object()) << r;
  EXPECT_EQ(r.body().size(), 1u) << r;
  ASSERT_TRUE(r.body()["error"].is_string()) << r;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  std::string text = r.text;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* secret : {"insert", "unique", "constraint", "duplicate", "note", "title"}) {
    EXPECT_FALSE(test::contains(text, secret)) << secret << " in " << r;
  }
  EXPECT_EQ(client.get("/notes/first").body()["body"], "hello");
}

TEST_P(AppDb, NotNullViolationIs400) {
  auto r = client.post("/notes", Form{{"title", "bodiless"}});
  EXPECT_EQ(r.status, 400) << r;
  ASSERT_TRUE(r.body()["error"].is_string()) << r;
  std::string error = r.body()["error"];
  EXPECT_FALSE(test::contains(error, "NULL")) << r;
  EXPECT_FALSE(test::contains(error, "body")) << r;
  EXPECT_EQ(committed_titles(*database), json({"first", "second"}));
}

TEST_P(AppDb, StartWithInitAgainForgetsWhatWasWritten) {
  ASSERT_EQ(client.post("/notes", Form{{"title", "third"}, {"body", "!"}}).status, 201);
  ASSERT_EQ(client.get("/notes").body().size(), 3u);
  app.start(true);
  EXPECT_EQ(committed_titles(*database), json({"first", "second"}));
  auto r = client.get("/notes");
  EXPECT_EQ(r.body(), json::parse(R"([{"nid": 1, "title": "first", "body": "hello"},
      {"nid": 2, "title": "second", "body": "world"}])"))
      << r;
  // Numbering starts again too.
  EXPECT_EQ(client.post("/notes", Form{{"title", "fourth"}, {"body", "?"}}).body()["nid"], 3);
}

// Two requests at once, each on its own thread with its own connection and transaction. In
// process, the two test threads are the handlers' threads: they meet for sure. Over HTTP, the
// server's 2 threads each serve the connections they accepted (an idle thread takes a new one),
// so both requests may land on the same thread and be answered one after the other: they meet
// when they can, and both must commit either way.
TEST_P(AppDb, TwoRequestsAtOnceBothCommit) {
  web::Result results[2];
  std::string errors[2];
  std::thread clients[2];
  for (int i = 0; i < 2; ++i) {
    clients[i] = std::thread([&, i] {
      try {
        Client own = client.over_http() ? Client(client.base_url()) : Client(app);
        results[i] = own.post("/together", Form{{"title", "together " + std::to_string(i)}});
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& c : clients) c.join();
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(errors[i], "");
    EXPECT_EQ(results[i].status, 201) << results[i];
  }
  EXPECT_EQ(committed_titles(*database), json({"first", "second", "together 0", "together 1"}));
  RecordProperty("requests_together", app.most_together());
  if (!client.over_http()) {
    EXPECT_EQ(app.most_together(), 2) << "the two requests were not handled at the same time";
  }
}

// Start-up: on each engine, no client needed.
class AppDbStart : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { dbtest::open_test_database(GetParam(), database); }
  std::optional<TestDatabase> database;
};

INSTANTIATE_TEST_SUITE_P(Engine, AppDbStart, ::testing::Values(Engine::sqlite, Engine::postgres),
                         [](const auto& p) { return dbtest::engine_name(p.param); });

TEST_P(AppDbStart, QueriesTheEngineRejectsStopStartNamingFileAndLine) {
  test::TextFile file(
      "-- name: all_notes\n"
      "SELECT nid, title, body FROM note ORDER BY title;\n"
      "\n"
      "-- name: broken$\n"
      "SELECT ghost FROM note;\n");
  NotesApp app(file.path());  // an absolute path is used as is
  app.config().set("db", database->url());
  std::string message;
  try {
    app.start(true);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  EXPECT_EQ(message.rfind(file.path() + ":4: query broken", 0), 0u) << message;
  EXPECT_TRUE(test::contains(message, "ghost")) << message;  // the engine's reason
  // The init hooks did run before: the tables are there.
  EXPECT_EQ(committed_titles(*database), json({"first", "second"}));
}

TEST_P(AppDbStart, MissingQueriesFileStopsStart) {
  NotesApp app("sql/no_such_queries.sql");
  app.config().set("db", database->url());
  try {
    app.start(false);
    ADD_FAILURE() << "start() did not throw";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(test::contains(e.what(), "no_such_queries.sql")) << e.what();
  }
}

TEST_P(AppDbStart, StartWithoutInitKeepsTheData) {
  {
    NotesApp app;
    app.config().set("db", database->url());
    app.start(true);
    EXPECT_EQ(Client(app).post("/notes", Form{{"title", "third"}, {"body", "!"}}).status, 201);
  }
  NotesApp again;
  again.config().set("db", database->url());
  again.start(false);
  EXPECT_EQ(Client(again).get("/notes").body().size(), 3u);
}

TEST_P(AppDbStart, SeveralQueryFilesShareOneNamespace) {
  test::TextFile more("-- name: count_notes$\nSELECT COUNT(*) FROM note;\n");
  NotesApp app;
  app.queries(more.path());
  app.get("/count", web::OPEN, [&app] { return app.query("count_notes"); });
  app.config().set("db", database->url());
  app.start(true);
  Client client(app);
  EXPECT_EQ(client.get("/count").body(), json(2));
  EXPECT_EQ(client.get("/notes").body().size(), 2u);  // the first file's queries still there
}

TEST_P(AppDbStart, AQueryNamedInTwoFilesStopsStartNamingBoth) {
  test::TextFile more("-- a second definition\n-- name: all_notes\nSELECT 1;\n");
  NotesApp app;
  app.queries(more.path());
  app.config().set("db", database->url());
  try {
    app.start(false);
    ADD_FAILURE() << "start() did not throw";
  } catch (const std::runtime_error& e) {
    std::string message = e.what();
    EXPECT_TRUE(test::contains(message, more.path() + ":2: duplicate query name all_notes"))
        << message;
    EXPECT_TRUE(test::contains(message, "notes.sql:")) << message;  // where it was first
  }
}
