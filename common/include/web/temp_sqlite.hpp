// For tests: a SQLite database file of the test's own, removed (with its -wal, -shm and
// -journal files) when it goes out of scope. Link with `common_testing`.
#pragma once

#include <filesystem>
#include <string>

namespace web {

class TempSqlite {
 public:
  TempSqlite();   // a new name in the temporary folder: process id and a counter
  ~TempSqlite();  // declare it before the app that uses it, so the app closes it first
  TempSqlite(const TempSqlite&) = delete;
  TempSqlite& operator=(const TempSqlite&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string url() const { return "sqlite:" + path_.string(); }  // for config "db"

 private:
  std::filesystem::path path_;
};

}  // namespace web
