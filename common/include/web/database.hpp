// A database shared by the worker threads: each thread gets its own connection, opened on
// first use, replaced if the server dropped it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "web/db.hpp"

namespace web {

class Database {
 public:
  // `on_connect` runs on every new connection (e.g. to prepare the app's queries).
  explicit Database(std::string url, std::function<void(Connection&)> on_connect = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& url() const { return url_; }
  Connection& connection();  // this thread's
  Connection* existing();    // this thread's if it has one, without opening it

 private:
  std::string url_;
  std::function<void(Connection&)> on_connect_;
  std::uint64_t id_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace web
