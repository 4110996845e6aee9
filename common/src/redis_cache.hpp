// The security lookups cached in a Redis server that every instance of an app shares (config
// "cache"), through hiredis, kept out of this header. A Redis that does not answer is no cache:
// one log line, lookups go to the app's hooks, a new connection is tried every few seconds.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct redisContext;
struct redisReply;

namespace web::detail {

// Where a Redis server is: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] or
// redis+unix://[[USER]:PASSWORD@]/PATH[?db=DB].
struct RedisAddress {
  std::string host;  // empty for a unix socket
  int port = 6379;
  std::string path;  // the unix socket
  int db = 0;
  std::string user, password;
  // Parses a URL; std::invalid_argument says what is wrong with it.
  static RedisAddress parse(const std::string& url);
  // For log lines: where, never the password.
  std::string describe() const;
};

class RedisCache {
 public:
  // Keys start with `prefix`: two apps (or realms) on one Redis never read each other's.
  RedisCache(RedisAddress address, std::string prefix);
  ~RedisCache();
  RedisCache(const RedisCache&) = delete;
  RedisCache& operator=(const RedisCache&) = delete;

  // A cached value, and the generation it was read under (what put() needs): none when Redis
  // does not answer, then nothing is cached.
  struct Read {
    std::optional<std::string> value;
    std::optional<std::string> generation;
  };
  Read get(const std::string& key) const;
  // Kept `ttl`, unless a clear() came after `generation` was read: a value read from the
  // database before a password change is never served after it.
  void put(const std::string& key, const std::string& generation, const std::string& value,
           std::chrono::seconds ttl) const;
  // Forgets every value of this prefix, for every instance: a new generation.
  void clear() const;

 private:
  struct ContextFree {
    void operator()(redisContext* c) const;
  };
  struct ReplyFree {
    void operator()(redisReply* r) const;
  };
  using Context = std::unique_ptr<redisContext, ContextFree>;
  using Reply = std::unique_ptr<redisReply, ReplyFree>;
  struct Pooled {
    Context context;
    unsigned epoch;  // connections of an older epoch were open before Redis went away
  };

  // One command on a pooled connection; nullptr when Redis does not answer.
  Reply command(const std::vector<std::string>& args) const;
  // A connection, authenticated and on its database; nullptr, logged, when it fails.
  Context connect(std::string& error) const;
  // Redis did not answer: logged once, until it answers again.
  void went_away(const std::string& error) const;

  RedisAddress address_;
  std::string prefix_;
  std::string generation_key_;

  mutable std::mutex mutex_;
  // Idle connections: a request takes one (or opens one) and gives it back, so that a
  // connection is never used by two worker threads at once.
  mutable std::vector<Pooled> idle_;
  mutable unsigned epoch_ = 0;
  mutable bool down_ = false;
  mutable std::chrono::steady_clock::time_point retry_at_{};
  // A clear() Redis did not get: sent first when it answers again.
  mutable std::atomic<bool> clear_pending_ = false;
};

}  // namespace web::detail
