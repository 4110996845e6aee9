#include "db/sqlite_connection.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cstring>

namespace web::detail {

namespace {

DbError::Kind kind_of(int extended) {
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbError::Kind::constraint;
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_MISMATCH:
      return DbError::Kind::invalid;
    default:
      return DbError::Kind::other;
  }
}

bool declared_as(const char* decltype_, std::initializer_list<const char*> names) {
  if (decltype_ == nullptr) return false;
  for (const char* name : names) {
    if (strcasecmp(decltype_, name) == 0) return true;
  }
  return false;
}

// SQLite's CURRENT_TIMESTAMP text "YYYY-MM-DD HH:MM:SS" (UTC) -> ISO 8601 "...T...Z".
bool is_sqlite_timestamp(std::string_view t) {
  if (t.size() != 19) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char expected = i == 4 || i == 7 ? '-' : i == 10 ? ' ' : i == 13 || i == 16 ? ':' : '0';
    if (expected == '0' ? !std::isdigit(static_cast<unsigned char>(t[i])) : t[i] != expected) {
      return false;
    }
  }
  return true;
}

// `boolean`: a BOOLEAN column; `timestamp`: TIMESTAMP, DATETIME or no declared type.
json column_value(sqlite3_stmt* stmt, int i, bool boolean, bool timestamp) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: {
      auto value = static_cast<std::int64_t>(sqlite3_column_int64(stmt, i));
      if (boolean) return value != 0;
      return value;
    }
    case SQLITE_FLOAT:
      return sqlite3_column_double(stmt, i);
    case SQLITE_NULL:
      return nullptr;
    default: {
      std::string text(reinterpret_cast<const char*>(sqlite3_column_text(stmt, i)),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)));
      if (timestamp && is_sqlite_timestamp(text)) {
        text[10] = 'T';
        text += 'Z';
      }
      return text;
    }
  }
}

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path) {
  // ":memory:" is one database per connection in SQLite; a shared in-memory database lets
  // the worker threads see the same data.
  bool memory = path == ":memory:";
  std::string name = memory ? "file:web-memory?mode=memory&cache=shared" : path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
              (memory ? SQLITE_OPEN_URI : 0);
  if (sqlite3_open_v2(name.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw DbError(DbError::Kind::connection, "cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  // Foreign keys enforced, LIKE case-sensitive as in PostgreSQL, readers not blocked by a
  // writer (WAL, for files).
  script("PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON;");
  if (!memory) script("PRAGMA journal_mode = WAL;");
  begin_ = statement("BEGIN").stmt;
  commit_ = statement("COMMIT").stmt;
  rollback_ = statement("ROLLBACK").stmt;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, prepared] : statements_) sqlite3_finalize(prepared.stmt);
  sqlite3_close_v2(db_);
}

void SqliteConnection::fail(const std::string& what) const {
  throw DbError(kind_of(sqlite3_extended_errcode(db_)), what + sqlite3_errmsg(db_));
}

void SqliteConnection::prepare_engine(const std::string& sql) {
  statement(sql);
}

SqliteConnection::Statement& SqliteConnection::statement(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return found->second;
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, &tail) != SQLITE_OK) {
    fail("");
  }
  // SQLite would silently ignore a second statement: refuse it.
  std::string_view rest(tail);
  while (!rest.empty() &&
         (std::isspace(static_cast<unsigned char>(rest.front())) || rest.front() == ';')) {
    rest.remove_prefix(1);
  }
  if (!rest.empty() || stmt == nullptr) {
    sqlite3_finalize(stmt);
    throw DbError(DbError::Kind::other,
                  stmt ? "one statement expected, found more" : "empty statement");
  }
  Statement& prepared = statements_[sql];
  prepared.stmt = stmt;
  return prepared;
}

const std::vector<SqliteConnection::Column>& SqliteConnection::columns(Statement& statement) {
  int preparation = sqlite3_stmt_status(statement.stmt, SQLITE_STMTSTATUS_REPREPARE, 0);
  if (preparation == statement.preparation) return statement.columns;
  statement.columns.clear();
  for (int i = 0; i < sqlite3_column_count(statement.stmt); ++i) {
    const char* declared = sqlite3_column_decltype(statement.stmt, i);
    Column::Kind kind = Column::Kind::plain;
    if (declared == nullptr || declared_as(declared, {"TIMESTAMP", "DATETIME"})) {
      kind = Column::Kind::timestamp;
    } else if (declared_as(declared, {"BOOLEAN", "BOOL"})) {
      kind = Column::Kind::boolean;
    }
    const char* name = sqlite3_column_name(statement.stmt, i);  // NULL only when out of memory
    statement.columns.push_back({name ? name : "", kind});
  }
  statement.preparation = preparation;
  return statement.columns;
}

Connection::Result SqliteConnection::run(const std::string& sql,
                                         const std::vector<const json*>& args,
                                         std::size_t max_rows) {
  Statement& prepared = statement(sql);
  sqlite3_stmt* stmt = prepared.stmt;
  sqlite3_reset(stmt);
  if (args.size() < static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt))) {
    sqlite3_clear_bindings(stmt);  // the parameters left out are NULL
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    const json& a = *args[i];
    int rc;
    if (a.is_null())
      rc = sqlite3_bind_null(stmt, index);
    else if (a.is_boolean())
      rc = sqlite3_bind_int(stmt, index, a.get<bool>() ? 1 : 0);
    else if (a.is_number_integer())
      rc = sqlite3_bind_int64(stmt, index, a.get<std::int64_t>());
    else if (a.is_number_float())
      rc = sqlite3_bind_double(stmt, index, a.get<double>());
    else {
      std::string dumped = a.is_string() ? std::string() : a.dump();
      const std::string& text = a.is_string() ? a.get_ref<const std::string&>() : dumped;
      rc = sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()),
                             SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) fail("");
  }
  Result result;
  auto changes_before = sqlite3_total_changes64(db_);  // changes64 would repeat the last DML's
  int rc;
  const std::vector<Column>* described = nullptr;  // after the first step, which may re-prepare
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (described == nullptr) described = &columns(prepared);
    json row = json::object();
    for (std::size_t c = 0; c < described->size(); ++c) {
      const Column& column = (*described)[c];
      bool boolean = column.kind == Column::Kind::boolean;
      bool timestamp = column.kind == Column::Kind::timestamp;
      row[column.name] = column_value(stmt, static_cast<int>(c), boolean, timestamp);
    }
    result.rows.push_back(std::move(row));
    // Enough rows: stop. A write is done by then: SQLite makes all the changes of an
    // INSERT/UPDATE/DELETE ... RETURNING at its first step.
    if (result.rows.size() == max_rows) break;
  }
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    sqlite3_reset(stmt);  // the error code is the statement's: keep it for fail()
    fail("");
  }
  result.count = sqlite3_total_changes64(db_) - changes_before;
  sqlite3_reset(stmt);
  return result;
}

void SqliteConnection::script(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "error";
    sqlite3_free(error);
    throw DbError(kind_of(sqlite3_extended_errcode(db_)), message);
  }
}

void SqliteConnection::step_alone(sqlite3_stmt* stmt) {
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);  // also keeps the statement's error code for fail()
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) fail("");
}

// Prepared once and stepped directly: a transaction per request must cost next to nothing.
void SqliteConnection::begin() {
  step_alone(begin_);
}
void SqliteConnection::commit() {
  step_alone(commit_);
}
void SqliteConnection::rollback() {
  if (in_transaction()) step_alone(rollback_);
}
bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace web::detail
