// The SQLite engine of web::Connection.
#pragma once

#include <map>
#include <string>
#include <vector>

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
  Result run(const std::string& sql, const std::vector<const json*>& args,
             std::size_t max_rows) override;
  void prepare_engine(const std::string& sql) override;

 private:
  // A result column: its name and what its declared type says about its values.
  struct Column {
    enum class Kind { plain, boolean, timestamp };  // timestamp: also undeclared (expressions)
    std::string name;
    Kind kind;
  };
  // A prepared statement with its result columns, read again if SQLite re-prepared it (after
  // a schema change).
  struct Statement {
    sqlite3_stmt* stmt = nullptr;
    std::vector<Column> columns;
    int preparation = -1;  // SQLITE_STMTSTATUS_REPREPARE when `columns` were read
  };

  [[noreturn]] void fail(const std::string& what) const;
  Statement& statement(const std::string& sql);  // prepared once, then cached
  static const std::vector<Column>& columns(Statement& statement);
  void step_alone(sqlite3_stmt* stmt);  // runs a statement without parameters
  sqlite3* db_ = nullptr;
  std::map<std::string, Statement, std::less<>> statements_;
  // Every request's transaction: stepped directly, without the cache lookup of run().
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  sqlite3_stmt* rollback_ = nullptr;
};

}  // namespace web::detail
