// A fresh database for each test of the DB suites (db_test, yesql_test, app_db_test), on SQLite
// or on a real PostgreSQL.
//
// SQLite: a temp file of its own, removed with its -wal, -shm and -journal files.
// PostgreSQL: a new database t_<pid>_<n> created on the server of TEST_POSTGRES_URL (its admin
// URL, "postgresql:///postgres?host=..."), dropped at the end: every connection to it must be
// closed by then (a test that leaks one fails). Without TEST_POSTGRES_URL, a PostgreSQL test is
// skipped, or fails when REQUIRE_POSTGRES is set (the test command sets both).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include <web/db.hpp>

namespace dbtest {

enum class Engine { sqlite, postgres };

// The names of the instantiations: Sqlite, Postgres.
inline std::string engine_name(Engine engine) {
  return engine == Engine::sqlite ? "Sqlite" : "Postgres";
}

// GoogleTest prints parameters with it (ADL).
inline void PrintTo(Engine engine, std::ostream* os) {
  *os << engine_name(engine);
}

inline std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

inline bool postgres_required() {
  std::string required = env("REQUIRE_POSTGRES");
  return !required.empty() && required != "0";
}

class TestDatabase {
 public:
  // Creates the database; throws if it cannot (e.g. no PostgreSQL server at the URL).
  explicit TestDatabase(Engine engine) : engine_(engine) {
    static int count = 0;
    std::string unique = std::to_string(::getpid()) + "_" + std::to_string(++count);
    if (engine == Engine::sqlite) {
      path_ = ::testing::TempDir() + "common_db_" + unique + ".db";
      remove_files();
      url_ = "sqlite:" + path_;
      return;
    }
    admin_url_ = env("TEST_POSTGRES_URL");
    name_ = "t_" + unique;
    // postgresql:///postgres?host=... -> postgresql:///t_<pid>_<n>?host=...
    std::string database = "/postgres";
    std::size_t at = admin_url_.find(database + "?");
    if (at == std::string::npos && admin_url_.size() >= database.size() &&
        admin_url_.compare(admin_url_.size() - database.size(), database.size(), database) == 0) {
      at = admin_url_.size() - database.size();
    }
    if (at == std::string::npos) {
      throw std::runtime_error("TEST_POSTGRES_URL \"" + admin_url_ +
                               "\" does not name the database postgres (.../postgres?host=...)");
    }
    url_ = admin_url_.substr(0, at) + "/" + name_ + admin_url_.substr(at + database.size());
    auto admin = web::Connection::open(admin_url_);
    admin->script("DROP DATABASE IF EXISTS " + name_);  // left by a crashed process of that pid
    admin->script("CREATE DATABASE " + name_);
  }

  ~TestDatabase() {
    if (engine_ == Engine::sqlite) {
      remove_files();
      return;
    }
    try {
      auto admin = web::Connection::open(admin_url_);
      try {
        admin->script("DROP DATABASE " + name_);
      } catch (const web::DbError& e) {
        ADD_FAILURE() << "DROP DATABASE " << name_
                      << " failed (a connection left open?): " << e.what();
        admin->script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      }
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop the test database " << name_ << ": " << e.what();
    }
  }

  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Engine engine() const { return engine_; }
  const std::string& url() const { return url_; }  // for web::Connection::open, App's "db"
  std::unique_ptr<web::Connection> open() const { return web::Connection::open(url_); }

 private:
  void remove_files() const {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ignored;
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }

  Engine engine_;
  std::string url_;
  std::string path_;       // SQLite
  std::string admin_url_;  // PostgreSQL
  std::string name_;
};

// For a fixture's SetUp: a fresh database of `engine` in `database`; a PostgreSQL test without
// a server is skipped, or fails if REQUIRE_POSTGRES is set. SetUp then returns when
// IsSkipped() || HasFatalFailure(), and GoogleTest does not run the test's body.
inline void open_test_database(Engine engine, std::optional<TestDatabase>& database) {
  if (engine == Engine::postgres && env("TEST_POSTGRES_URL").empty()) {
    if (postgres_required()) {
      FAIL() << "REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not: start a server with "
                "`scripts/postgres start DIR` and export the URL it prints";
    }
    GTEST_SKIP() << "no PostgreSQL: set TEST_POSTGRES_URL (`scripts/postgres start DIR` prints "
                    "it) to run the PostgreSQL tests";
  }
  database.emplace(engine);
}

}  // namespace dbtest
