// For tests: a fresh database of the test's own, on SQLite or on a real PostgreSQL, removed at
// the end. Link with `common_testing`.
//
// SQLite: a temp file of its own, removed with its -wal, -shm and -journal files.
// PostgreSQL: a new database t_<pid>_<n> created on the server of TEST_POSTGRES_URL (its admin
// URL, "postgresql:///postgres?host=..."), dropped at the end: every connection to it must be
// closed by then (a test that leaks one fails). Without TEST_POSTGRES_URL, a PostgreSQL test is
// skipped, or fails when REQUIRE_POSTGRES is set (the test command sets both).
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "web/db.hpp"

namespace web {

enum class Engine { sqlite, postgres };

// "Sqlite", "Postgres": in test names.
std::string engine_name(Engine engine);
// GoogleTest prints parameters with it (ADL).
void PrintTo(Engine engine, std::ostream* os);

class TestDatabase {
 public:
  // Creates the database; throws if it cannot (e.g. no PostgreSQL server at the URL).
  explicit TestDatabase(Engine engine);
  ~TestDatabase();  // declare it before the app that uses it, so the app closes it first
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }  // for Connection::open, App's "db"
  std::unique_ptr<Connection> open() const { return Connection::open(url_); }

  // For a fixture's SetUp: a fresh database of `engine` in `database`; a PostgreSQL test without
  // a server is skipped, or fails if REQUIRE_POSTGRES is set. SetUp then returns when
  // IsSkipped() || HasFatalFailure(), and GoogleTest does not run the test's body.
  static void open_for_test(Engine engine, std::optional<TestDatabase>& database);

 private:
  void remove_files() const;

  Engine engine_;
  std::string url_;
  std::string path_;       // SQLite
  std::string admin_url_;  // PostgreSQL
  std::string name_;
};

}  // namespace web
