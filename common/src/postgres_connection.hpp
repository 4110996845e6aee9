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

  struct Pq;  // libpqxx's connection and open transaction, kept out of this header
  std::unique_ptr<Pq> pq_;
  std::map<std::string, std::string, std::less<>> statements_;  // SQL -> prepared name
  bool broken_ = false;
};

}  // namespace web::detail
