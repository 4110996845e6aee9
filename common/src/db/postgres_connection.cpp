#include "db/postgres_connection.hpp"

#include <pqxx/pqxx>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace web::detail {

struct PostgresConnection::Pq {
  explicit Pq(const std::string& url) : connection(url) {}
  pqxx::connection connection;

  // Statements run in libpqxx's nontransaction: BEGIN and COMMIT are sent as SQL, so that
  // BEGIN can wait for the first write and open a READ WRITE transaction in a read-only session.
  pqxx::result exec(const std::string& sql) {
    pqxx::nontransaction t(connection);
    return t.exec(sql);
  }
  pqxx::result exec(const std::string& name, const std::vector<const char*>& values) {
    pqxx::nontransaction t(connection);
    return t.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  }
};

namespace {

// Type OIDs of pg_type, for JSON types.
constexpr pqxx::oid bool_oid = 16, int8_oid = 20, int2_oid = 21, int4_oid = 23, oid_oid = 26,
                    json_oid = 114, float4_oid = 700, float8_oid = 701, numeric_oid = 1700,
                    timestamp_oid = 1114, timestamptz_oid = 1184, jsonb_oid = 3802;

// "2026-11-29 02:00:00.5+00" -> "2026-11-29T02:00:00.5+00:00"
std::string iso_timestamp(std::string text) {
  if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
  std::size_t sign = text.find_last_of("+-");
  if (sign != std::string::npos && sign > 10 && text.size() - sign == 3) text += ":00";
  return text;
}

// A float8, float4 or numeric column's text as a JSON number. std::stod throws on the
// subnormal 4.9e-324 (strtod reports an underflow, yet returns the right value), which made
// every list holding one row fail; a numeric beyond a double's range, or PostgreSQL's
// Infinity and NaN, which JSON has no number for, stay text.
json number_value(const char* text) {
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(text, &end);
  bool overflow = errno == ERANGE && std::abs(value) > 1.0;
  if (*end != '\0' || overflow || !std::isfinite(value)) return text;
  return value;
}

json field_value(const pqxx::field& f, pqxx::oid type) {
  if (f.is_null()) return nullptr;
  const char* text = f.c_str();
  switch (type) {
    case bool_oid:
      return text[0] == 't';
    case int2_oid:
    case int4_oid:
    case int8_oid:
    case oid_oid:
      return std::stoll(text);
    case float4_oid:
    case float8_oid:
    case numeric_oid:
      return number_value(text);
    case json_oid:
    case jsonb_oid:
      return json::parse(text);
    case timestamp_oid:
    case timestamptz_oid:
      return iso_timestamp(text);
    default:
      return std::string(text, f.size());
  }
}

// SQLSTATE 25006: a write in a read-only transaction.
constexpr std::string_view read_only_violation = "25006";

// A SELECT that takes no row lock and sets nothing for its transaction reads the same before
// BEGIN as after it: at READ COMMITTED each statement has its own snapshot. A SELECT that writes
// through a function is refused by the read-only session, and run again in the transaction.
bool plain_read(std::string_view sql) {
  std::string text;  // lower case, blanks folded to one space
  for (char c : sql) {
    bool blank = std::isspace(static_cast<unsigned char>(c));
    if (blank && (text.empty() || text.back() == ' ')) continue;
    text += blank ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (!text.starts_with("select ")) return false;
  for (std::string_view bound :
       {"for update", "for no key update", "for share", "for key share", "_xact_", "set_config"}) {
    if (text.find(bound) != std::string::npos) return false;
  }
  return true;
}

// Statement parameters in text form: libpq infers their types from the statement.
std::string as_text(const json& a) {
  if (a.is_string()) return a.get<std::string>();
  if (a.is_boolean()) return a.get<bool>() ? "true" : "false";
  return a.dump();
}

}  // namespace

template <class F>
auto PostgresConnection::guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::broken_connection& e) {
    broken_ = true;
    wanted_ = open_ = false;  // the server dropped the transaction with the connection
    throw DbError(DbError::Kind::connection, e.what());
  } catch (const pqxx::unique_violation& e) {
    throw DbError(DbError::Kind::constraint, e.what());
  } catch (const pqxx::foreign_key_violation& e) {
    throw DbError(DbError::Kind::constraint, e.what());
  } catch (const pqxx::not_null_violation& e) {
    throw DbError(DbError::Kind::invalid, e.what());
  } catch (const pqxx::check_violation& e) {
    throw DbError(DbError::Kind::invalid, e.what());
  } catch (const pqxx::data_exception& e) {
    throw DbError(DbError::Kind::invalid, e.what());
  } catch (const pqxx::sql_error& e) {
    // Class 54, program limit exceeded: e.g. a value too long for a btree index row (2704
    // bytes), which only data sent by a client can cause.
    if (e.sqlstate().starts_with("54")) throw DbError(DbError::Kind::invalid, e.what());
    throw DbError(DbError::Kind::other, e.what());
  } catch (const pqxx::failure& e) {
    throw DbError(DbError::Kind::other, e.what());
  }
}

PostgresConnection::PostgresConnection(const std::string& url) {
  guarded([&] {
    pq_ = std::make_unique<Pq>(url);
    pqxx::nontransaction setup(pq_->connection);
    setup.exec("SET TIME ZONE 'UTC'");  // timestamps the same wherever the server runs
  });
}

// Closing the connection aborts an open transaction.
PostgresConnection::~PostgresConnection() = default;

bool PostgresConnection::usable() const {
  return !broken_ && pq_->connection.is_open();
}

bool PostgresConnection::in_transaction() const {
  return wanted_;
}

void PostgresConnection::prepare_engine(const std::string& sql) {
  if (statements_.count(sql)) return;
  std::string name = "s";
  name += std::to_string(statements_.size() + 1);
  guarded([&] {
    pq_->connection.prepare(name, sql);
    bool savepoint = false;
    try {
      if (open_) {
        pq_->exec("SAVEPOINT web_prepare");  // a failed PREPARE must not kill the transaction
        savepoint = true;
      }
      pq_->connection.prepare_now(name);
      if (savepoint) pq_->exec("RELEASE SAVEPOINT web_prepare");
    } catch (...) {
      // The first error says why (e.g. a broken connection): cleaning up must not replace it.
      try {
        pq_->connection.unprepare(name);
        if (savepoint) pq_->exec("ROLLBACK TO SAVEPOINT web_prepare");
      } catch (...) {
      }
      throw;
    }
  });
  statements_.emplace(sql, Statement{name, plain_read(sql)});
}

void PostgresConnection::session_read_only(bool on) {
  if (session_read_only_ == on) return;
  pq_->exec(on ? "SET default_transaction_read_only = on"
               : "SET default_transaction_read_only = off");
  session_read_only_ = on;
}

void PostgresConnection::open_transaction() {
  pq_->exec("BEGIN READ WRITE");
  open_ = true;
}

// Inside a transaction: it is begun now if it was only wished; outside one (autocommit, not in a
// request): the session may write again.
void PostgresConnection::before_write() {
  if (wanted_ && !open_) open_transaction();
  if (!wanted_) session_read_only(false);
}

Connection::Result PostgresConnection::run(const std::string& sql,
                                           const std::vector<const json*>& args,
                                           std::size_t max_rows) {
  prepare_engine(sql);
  const Statement& statement = statements_.find(sql)->second;
  std::vector<std::string> texts;
  std::vector<const char*> values;  // nullptr is SQL NULL
  texts.reserve(args.size());
  for (const json* a : args) {
    if (a->is_null()) {
      values.push_back(nullptr);
    } else {
      texts.push_back(as_text(*a));
      values.push_back(texts.back().c_str());
    }
  }
  return guarded([&] {
    pqxx::result r;
    if (wanted_ && !open_ && statement.plain_read) {
      session_read_only(true);  // stays on between requests: the next read needs no SET
      try {
        r = pq_->exec(statement.name, values);
      } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != read_only_violation) throw;
        open_transaction();
        r = pq_->exec(statement.name, values);
      }
    } else {
      before_write();
      r = pq_->exec(statement.name, values);
    }
    Result result;
    for (const auto& row : r) {
      if (result.rows.size() == max_rows) break;
      json object = json::object();
      for (pqxx::row::size_type c = 0; c < row.size(); ++c) {
        object[r.column_name(c)] = field_value(row[c], r.column_type(c));
      }
      result.rows.push_back(std::move(object));
    }
    result.count = r.affected_rows();
    return result;
  });
}

void PostgresConnection::script(std::string_view sql) {
  guarded([&] {
    before_write();
    pq_->exec(std::string(sql));
  });
}

void PostgresConnection::begin() {
  if (wanted_) throw DbError(DbError::Kind::other, "begin(): a transaction is already open");
  wanted_ = true;
}

void PostgresConnection::commit() {
  guarded([&] {
    bool was_open = std::exchange(open_, false);
    wanted_ = false;
    if (was_open) pq_->exec("COMMIT");
  });
}

void PostgresConnection::rollback() {
  guarded([&] {
    bool was_open = std::exchange(open_, false);
    wanted_ = false;
    if (was_open) pq_->exec("ROLLBACK");
  });
}

}  // namespace web::detail
