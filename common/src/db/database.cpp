#include "web/database.hpp"

#include <algorithm>
#include <atomic>
#include <unordered_map>

namespace web {

namespace {

std::atomic<std::uint64_t> next_id = 1;

// This thread's connection of each Database, by id (ids are never reused, so an entry left
// by a destroyed Database is never found again).
thread_local std::unordered_map<std::uint64_t, Connection*> thread_connections;

}  // namespace

Database::Database(std::string url, std::function<void(Connection&)> on_connect)
    : url_(std::move(url)), on_connect_(std::move(on_connect)), id_(next_id++) {}

Database::~Database() {
  thread_connections.erase(id_);
}

Connection* Database::existing() {
  auto it = thread_connections.find(id_);
  return it == thread_connections.end() ? nullptr : it->second;
}

Connection& Database::connection() {
  Connection*& mine = thread_connections[id_];
  if (mine != nullptr && mine->usable()) return *mine;
  auto fresh = Connection::open(url_);
  if (on_connect_) on_connect_(*fresh);
  Connection* raw = fresh.get();
  std::lock_guard lock(mutex_);
  auto dropped = std::find_if(connections_.begin(), connections_.end(),
                              [&](const auto& c) { return c.get() == mine; });
  if (mine != nullptr && dropped != connections_.end()) {
    *dropped = std::move(fresh);  // the server dropped the old one: replace it
  } else {
    connections_.push_back(std::move(fresh));
  }
  mine = raw;
  return *raw;
}

}  // namespace web
