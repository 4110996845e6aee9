// The security lookups cached in a Redis server that every instance of an app shares (config
// "cache"), through hiredis, kept out of this header. A Redis that does not answer is no cache:
// one log line, lookups go to the app's hooks, a new connection is tried every few seconds. A
// change of what the lookups read (a password) is made visible to every instance, or refused.
//
// How (common/README.md tells it for users). Values are stored as "GENERATION:VALUE"; a value
// is served only under the current generation, which every clear increments. A request that
// changes the data calls begin_change() before its transaction commits (a new generation, and a
// marker of the change in progress that expires by itself after `change_window`), then
// end_change() after it ends (a new generation again, the marker removed). A store is made by a
// script in Redis, only if the generation is still the one read before the database was, no
// change is in progress, and Redis's clock says the value was read less than `store_within`
// ago. So a value read from the database before a commit is never stored after it, even when
// end_change() cannot reach Redis (the marker blocks stores until the change has committed:
// it must commit within `commit_within`) nor when Redis lost its data (a restart, a flush, a
// restored snapshot: the generation starts again from Redis's clock, and stores wait a whole
// `change_window`, which outlasts any change begun before).
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
  // A change marker blocks stores this long at most (a change that never ends, its instance
  // killed), and so do the first stores after Redis lost its data.
  static constexpr std::chrono::milliseconds change_window{5000};
  // A value read from the database longer ago than this (by Redis's clock) is not stored.
  static constexpr std::chrono::milliseconds store_within{1000};
  // A change must commit this soon after begin_change() was called: the rest of the window is
  // for the commit itself.
  static constexpr std::chrono::milliseconds commit_within{2000};
  // begin_change(), end_change() and clear() try this long before giving up.
  static constexpr std::chrono::milliseconds insist_for{1000};

  // Keys start with `prefix`: two apps, realms or databases on one Redis never read each
  // other's.
  RedisCache(RedisAddress address, std::string prefix);
  ~RedisCache();
  RedisCache(const RedisCache&) = delete;
  RedisCache& operator=(const RedisCache&) = delete;

  // What put() needs to store a value read from the database after get().
  struct Tag {
    std::string generation;
    std::string read_ms;  // Redis's clock at get()
  };
  // A cached value, and its tag: none when Redis does not answer, then nothing is cached.
  struct Read {
    std::optional<std::string> value;
    std::optional<Tag> tag;
  };
  Read get(const std::string& key) const;
  // Kept `ttl`, if Redis still agrees (above); else not.
  void put(const std::string& key, const Tag& tag, const std::string& value,
           std::chrono::seconds ttl) const;
  // A change named `id` (unique) begins: false when Redis did not take it (then it must not
  // commit). end_change() with every id a request began, once its transaction ended: false
  // when Redis did not take it (stores then wait for the markers to expire).
  bool begin_change(const std::string& id) const;
  bool end_change(const std::vector<std::string>& ids) const;
  // Forgets every value of this prefix, for every instance, after a change already committed:
  // false when Redis did not take it.
  bool clear() const;

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

  // One command on a pooled connection: its reply (maybe an error reply), or nullptr when
  // Redis does not answer. `insist`: even while Redis is deemed gone (a change needs it).
  Reply command(const std::vector<std::string>& args, bool insist = false) const;
  // One of the scripts (redis_cache.cpp), on these keys, with `change_window` then `args`.
  Reply script(const std::string& body, const std::vector<std::string>& keys,
               std::vector<std::string> args, bool insist = false) const;
  // A script run again for `insist_for` until Redis answers it without an error.
  bool insist(const std::string& body, const std::vector<std::string>& keys,
              const std::vector<std::string>& args) const;
  // A connection, authenticated, on its database, and adopted (a Redis process whose data is
  // not the one it started with starts a new generation); nullptr, logged, when it fails.
  Context connect(std::string& error) const;
  // Redis did not answer: logged once, until it answers again.
  void went_away(const std::string& error) const;
  // Redis answered an error (it refuses writes, say): logged once, until a store succeeds.
  void refused(const std::string& what, const redisReply& reply) const;

  RedisAddress address_;
  std::string prefix_;
  // The generation, the markers of changes in progress, the run id of the Redis process that
  // holds them.
  std::string generation_key_, changes_key_, owner_key_;

  mutable std::mutex mutex_;
  // Idle connections: a request takes one (or opens one) and gives it back, so that a
  // connection is never used by two worker threads at once.
  mutable std::vector<Pooled> idle_;
  mutable unsigned epoch_ = 0;
  mutable bool down_ = false;
  mutable bool refusing_ = false;
  mutable std::chrono::steady_clock::time_point retry_at_{};
  // This instance has seen the generation of this prefix: finding none later means that Redis
  // lost its data, maybe a change's marker with it.
  mutable std::atomic<bool> seen_ = false;
};

}  // namespace web::detail
