// The SQLite engine of web::Connection.
#pragma once

#include <map>
#include <string>

#include "web/db.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace web::detail {

class SqliteConnection : public Connection {
 public:
  // `path` is a file, or ":memory:" (one in-memory database shared by the process's
  // connections, for tests).
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection() override;

  std::string engine() const override { return "sqlite"; }
  void script(std::string_view sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  bool usable() const override { return true; }

 protected:
  Result run(const std::string& sql, const std::vector<json>& args) override;
  void prepare_engine(const std::string& sql) override;

 private:
  [[noreturn]] void fail(const std::string& what) const;
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace web::detail
