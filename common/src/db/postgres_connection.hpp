// The PostgreSQL engine of web::Connection (libpqxx).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "web/db.hpp"

namespace web::detail {

class PostgresConnection : public Connection {
 public:
  explicit PostgresConnection(const std::string& url);  // a libpq URI or key=value string
  ~PostgresConnection() override;

  std::string engine() const override { return "postgres"; }
  void script(std::string_view sql) override;
  void begin() override;
  void commit() override;
  void rollback() override;
  bool in_transaction() const override;
  bool usable() const override;

 protected:
  Result run(const std::string& sql, const std::vector<const json*>& args,
             std::size_t max_rows) override;
  void prepare_engine(const std::string& sql) override;

 private:
  template <class F>
  auto guarded(F&& f) -> decltype(f());  // maps libpqxx's exceptions to DbError

  struct Statement {
    std::string name;  // prepared as
    bool plain_read;   // a SELECT that may run before its transaction's first write
  };
  void open_transaction();
  void before_write();  // a statement that may write is next
  void session_read_only(bool on);

  struct Pq;  // libpqxx's connection, kept out of this header
  std::unique_ptr<Pq> pq_;
  std::map<std::string, Statement, std::less<>> statements_;  // SQL -> its prepared statement
  bool broken_ = false;
  // begin() only records the wish: BEGIN is sent before the transaction's first statement that
  // is not a plain read, so a request that only reads costs one round trip, not three.
  bool wanted_ = false;
  bool open_ = false;               // BEGIN sent
  bool session_read_only_ = false;  // default_transaction_read_only, as last SET
};

}  // namespace web::detail
