// The portable DB API: one connection to SQLite or PostgreSQL, the same calls on both.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "web/json.hpp"

namespace web {

namespace detail {
// A statement's SQL in the engine's syntax ($1 or ?1) and its parameters' names.
struct Placeholders {
  std::string sql;
  std::vector<std::string> names;  // :names in order of first use (empty with `?`)
  int positional = 0;              // the number of `?`
};
}  // namespace detail

// A database error. A `constraint` error (unique or foreign key) that escapes a handler is
// answered 409, `invalid` data (NOT NULL, CHECK) 400, anything else a logged 500.
class DbError : public std::runtime_error {
 public:
  enum class Kind { constraint, invalid, connection, other };
  DbError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One connection; never share it between threads (web::Database gives each thread its own).
//
// SQL takes parameters as `:name` with a JSON object, or `?` with a JSON array:
//   db.fetch_one("SELECT val FROM store WHERE key = :key", {{"key", key}});
//   db.execute("UPDATE store SET val = ? WHERE key = ?", json::array({val, key}));
// Parameters are always bound, never pasted into the SQL. Statements are prepared once per
// connection and reused. Rows are JSON objects named by column, with JSON types: integers,
// floats, strings, booleans (BOOLEAN columns), null, timestamps as ISO 8601 text.
class Connection {
 public:
  // "sqlite:PATH", "sqlite::memory:", "postgresql://..." or a libpq "host=... dbname=..." string.
  static std::unique_ptr<Connection> open(const std::string& url);
  virtual ~Connection() = default;

  virtual std::string engine() const = 0;  // "sqlite" or "postgres"

  json fetch_all(std::string_view sql, const json& params = json::object());        // array of rows
  json fetch_one(std::string_view sql, const json& params = json::object());        // a row or null
  json fetch_value(std::string_view sql, const json& params = json::object());      // or null
  std::int64_t execute(std::string_view sql, const json& params = json::object());  // row count
  // Several statements separated by ';', without parameters (schemas, data).
  virtual void script(std::string_view sql) = 0;
  // Prepares now (and caches): an error names the engine's reason.
  void prepare(std::string_view sql);

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;
  // False once the server dropped the connection: web::Database then opens a new one.
  virtual bool usable() const = 0;

 protected:
  struct Result {
    json rows = json::array();
    std::int64_t count = 0;  // rows changed by INSERT, UPDATE, DELETE
  };
  // `sql` is already in the engine's placeholders ($1 or ?1), `args` in their order; at most
  // `max_rows` rows are read (fetch_one needs one: stepping on costs).
  static constexpr std::size_t all_rows = static_cast<std::size_t>(-1);
  virtual Result run(const std::string& sql, const std::vector<const json*>& args,
                     std::size_t max_rows) = 0;
  virtual void prepare_engine(const std::string& sql) = 0;

 private:
  const detail::Placeholders& rewrite(std::string_view sql);  // and prepare, once
  Result run_params(std::string_view sql, const json& params, std::size_t max_rows = all_rows);
  // The SQL as written -> its engine form and parameter names (prepared once).
  std::map<std::string, detail::Placeholders, std::less<>> rewritten_;
};

}  // namespace web
