#include "redis_cache.hpp"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <stdexcept>

#include "log.hpp"
#include "web/url.hpp"

namespace web::detail {

namespace {

// A Redis on loopback answers in well under a millisecond: one that takes longer than this to
// connect or answer is treated as gone, and a request never waits longer on it.
constexpr timeval redis_timeout{0, 200'000};
// While Redis is gone, a new connection is tried at most this often (by one request).
constexpr auto retry_delay = std::chrono::seconds(2);
// Idle connections kept: about one per worker thread; beyond, they are closed.
constexpr std::size_t max_idle = 64;

// hiredis writes with write(2): to a Redis gone away, that raises SIGPIPE, which kills a
// process that does not ignore it (a test, say). Blocked around each command, a SIGPIPE it
// raised is consumed, as libpq does.
class NoSigpipe {
 public:
  NoSigpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  }
  ~NoSigpipe() {
    if (!was_pending_) {
      timespec zero{};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  NoSigpipe(const NoSigpipe&) = delete;
  NoSigpipe& operator=(const NoSigpipe&) = delete;

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
};

int parse_number(std::string_view text, const char* what) {
  int n = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (error != std::errc() || end != text.data() + text.size() || n < 0)
    throw std::invalid_argument(std::string("not a ") + what + " number");
  return n;
}

std::string decoded(std::string_view text) {
  auto d = url_decode(text, false);
  if (!d) throw std::invalid_argument("malformed %-escape");
  return *d;
}

}  // namespace

// The messages never quote the URL: it may hold a password.
RedisAddress RedisAddress::parse(const std::string& url) {
  RedisAddress a;
  std::string_view rest(url);
  bool unix_socket = rest.rfind("redis+unix://", 0) == 0;
  if (!unix_socket && rest.rfind("redis://", 0) != 0)
    throw std::invalid_argument("neither redis:// nor redis+unix://");
  rest.remove_prefix(unix_socket ? 13 : 8);
  // [[USER]:PASSWORD@]: up to the last '@' before the path.
  auto at = rest.substr(0, rest.find('/')).rfind('@');
  if (at != std::string_view::npos) {
    auto userinfo = rest.substr(0, at);
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) throw std::invalid_argument("a user without a password");
    a.user = decoded(userinfo.substr(0, colon));
    a.password = decoded(userinfo.substr(colon + 1));
    rest.remove_prefix(at + 1);
  }
  if (unix_socket) {
    auto question = rest.find('?');
    a.path = decoded(rest.substr(0, question));
    if (a.path.empty() || a.path.front() != '/')
      throw std::invalid_argument("redis+unix:// needs an absolute socket path");
    if (question != std::string_view::npos) {
      auto query = rest.substr(question + 1);
      if (query.rfind("db=", 0) != 0) throw std::invalid_argument("only ?db=N after the path");
      a.db = parse_number(query.substr(3), "database");
    }
    return a;
  }
  auto slash = rest.find('/');
  auto hostport = rest.substr(0, slash);
  auto colon = hostport.rfind(':');
  a.host = hostport.substr(0, colon);
  if (colon != std::string_view::npos) a.port = parse_number(hostport.substr(colon + 1), "port");
  if (a.host.empty()) throw std::invalid_argument("no host");
  if (slash != std::string_view::npos && slash + 1 < rest.size())
    a.db = parse_number(rest.substr(slash + 1), "database");
  return a;
}

std::string RedisAddress::describe() const {
  std::string where = path.empty() ? host + ":" + std::to_string(port) : "unix:" + path;
  return where + " (db " + std::to_string(db) + ")";
}

void RedisCache::ContextFree::operator()(redisContext* c) const {
  redisFree(c);
}

void RedisCache::ReplyFree::operator()(redisReply* r) const {
  freeReplyObject(r);
}

RedisCache::RedisCache(RedisAddress address, std::string prefix)
    : address_(std::move(address)),
      prefix_(std::move(prefix)),
      generation_key_(prefix_ + "generation") {
  command({"PING"});  // a Redis that does not answer at start-up is logged at once
}

RedisCache::~RedisCache() = default;

RedisCache::Context RedisCache::connect(std::string& error) const {
  Context c(address_.path.empty()
                ? redisConnectWithTimeout(address_.host.c_str(), address_.port, redis_timeout)
                : redisConnectUnixWithTimeout(address_.path.c_str(), redis_timeout));
  if (!c) {
    error = "out of memory";
    return nullptr;
  }
  if (c->err != 0 || redisSetTimeout(c.get(), redis_timeout) != REDIS_OK) {
    error = c->errstr;
    return nullptr;
  }
  auto setup = [&](std::vector<std::string> args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    Reply reply(static_cast<redisReply*>(
        redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!reply)
      error = c->errstr;
    else if (reply->type == REDIS_REPLY_ERROR)
      error = reply->str;  // never the password
    return reply && reply->type != REDIS_REPLY_ERROR;
  };
  if (!address_.password.empty() &&
      !setup(address_.user.empty()
                 ? std::vector<std::string>{"AUTH", address_.password}
                 : std::vector<std::string>{"AUTH", address_.user, address_.password}))
    return nullptr;
  if (address_.db != 0 && !setup({"SELECT", std::to_string(address_.db)})) return nullptr;
  return c;
}

void RedisCache::went_away(const std::string& error) const {
  std::lock_guard lock(mutex_);
  retry_at_ = std::chrono::steady_clock::now() + retry_delay;
  if (down_) return;
  down_ = true;
  ++epoch_;  // the idle connections, and those in use, are closed rather than given back
  idle_.clear();
  log_line("cache: redis at " + address_.describe() + ": " + error +
           "; lookups are not cached until it answers");
}

RedisCache::Reply RedisCache::command(const std::vector<std::string>& args) const {
  Pooled pooled;
  bool retrying = false;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      pooled = std::move(idle_.back());
      idle_.pop_back();
    } else {
      if (down_) {
        // One request tries again; until then, and while it does, the others go without.
        if (std::chrono::steady_clock::now() < retry_at_) return nullptr;
        retry_at_ = std::chrono::steady_clock::now() + retry_delay;
        retrying = true;
      }
      pooled.epoch = epoch_;
    }
  }
  NoSigpipe no_sigpipe;
  std::string error;
  if (!pooled.context) {
    pooled.context = connect(error);
    if (!pooled.context) {
      went_away(error);
      return nullptr;
    }
    if (retrying) {
      std::lock_guard lock(mutex_);
      down_ = false;
      log_line("cache: redis at " + address_.describe() + " answers again");
    }
  }
  auto run = [&](const std::vector<std::string>& a) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& arg : a) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
    }
    Reply reply(static_cast<redisReply*>(redisCommandArgv(
        pooled.context.get(), static_cast<int>(argv.size()), argv.data(), lengths.data())));
    if (!reply)
      error = pooled.context->errstr;
    else if (reply->type == REDIS_REPLY_ERROR)
      error = reply->str;
    return reply && reply->type != REDIS_REPLY_ERROR ? std::move(reply) : nullptr;
  };
  // A clear() Redis missed goes first: no value read before it is served after it.
  if (clear_pending_.exchange(false) && !run({"INCR", generation_key_})) {
    clear_pending_ = true;
    went_away(error);
    return nullptr;
  }
  auto reply = run(args);
  if (!reply) {
    // A connection opened before Redis went away and came back fails once: not news.
    bool stale;
    {
      std::lock_guard lock(mutex_);
      stale = pooled.epoch != epoch_;
    }
    if (!stale) went_away(error);
    return nullptr;
  }
  std::lock_guard lock(mutex_);
  if (pooled.epoch == epoch_ && idle_.size() < max_idle) idle_.push_back(std::move(pooled));
  return reply;
}

// A value is stored as "GENERATION:VALUE"; the generation is a counter, "0" before any clear.
RedisCache::Read RedisCache::get(const std::string& key) const {
  auto reply = command({"MGET", generation_key_, prefix_ + key});
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) return {};
  const redisReply* generation = reply->element[0];
  const redisReply* entry = reply->element[1];
  Read read;
  read.generation =
      generation->type == REDIS_REPLY_STRING ? std::string(generation->str, generation->len) : "0";
  if (entry->type == REDIS_REPLY_STRING) {
    std::string_view stored(entry->str, entry->len);
    std::string tag = *read.generation + ":";
    if (stored.substr(0, tag.size()) == tag) read.value = std::string(stored.substr(tag.size()));
  }
  return read;
}

void RedisCache::put(const std::string& key, const std::string& generation,
                     const std::string& value, std::chrono::seconds ttl) const {
  command({"SET", prefix_ + key, generation + ":" + value, "EX", std::to_string(ttl.count())});
}

void RedisCache::clear() const {
  if (!command({"INCR", generation_key_})) clear_pending_ = true;
}

}  // namespace web::detail
