#include "aaa/redis_cache.hpp"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "http/log.hpp"
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
// Between two tries of a change's command.
constexpr auto insist_pause = std::chrono::milliseconds(50);

// The scripts, run by Redis as one step each. KEYS[1] is the generation, KEYS[2] the markers of
// changes in progress (a sorted set: each marker's score is its expiry, Redis's clock in ms);
// ARGV[1] is the change window in ms, ARGV[2] whether a generation found missing means lost data
// ("1": stores then wait a whole window, for a change whose marker was lost with it).
const std::string prelude = R"lua(
local function now_ms(t) return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end
local function ms(x) return string.format('%.0f', x) end
local function fresh(t, lost)
  local g = t[1] .. string.format('%06d', tonumber(t[2]))
  if lost == '1' then
    redis.call('ZADD', KEYS[2], ms(now_ms(t) + tonumber(ARGV[1])), 'lost')
    redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[1]))
  end
  redis.call('SET', KEYS[1], g)
  return g
end
local function bump(t)
  if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
  return fresh(t, '1')
end
)lua";

// At connection: KEYS[3] holds the run id of the Redis process that holds this prefix's data;
// another process's (a restored snapshot, a promoted replica) holds an old generation.
const std::string adopt_script = prelude + R"lua(
local owner = redis.call('GET', KEYS[3])
if owner == ARGV[3] and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local lost = ARGV[2]
if owner and owner ~= ARGV[3] then lost = '1' end
fresh(redis.call('TIME'), lost)
redis.call('SET', KEYS[3], ARGV[3])
return 1
)lua";

// KEYS[3] the entry: the generation, the entry, Redis's clock in ms.
const std::string get_script = prelude + R"lua(
local t = redis.call('TIME')
local g = redis.call('GET', KEYS[1])
if not g then g = fresh(t, ARGV[2]) end
return {g, redis.call('GET', KEYS[3]), ms(now_ms(t))}
)lua";

// ARGV[3] the generation read, ARGV[4] when (ms), ARGV[5] store_within (ms), ARGV[6] the value,
// ARGV[7] its TTL (s): 1 when stored.
const std::string put_script = prelude + R"lua(
local now = now_ms(redis.call('TIME'))
local read = tonumber(ARGV[4])
if now < read or now - read > tonumber(ARGV[5]) then return 0 end
if redis.call('GET', KEYS[1]) ~= ARGV[3] then return 0 end
if redis.call('ZCOUNT', KEYS[2], '(' .. ms(now), '+inf') > 0 then return 0 end
redis.call('SET', KEYS[3], ARGV[3] .. ':' .. ARGV[6], 'EX', ARGV[7])
return 1
)lua";

// ARGV[3] the change's id: its marker, then a new generation. A Redis that refuses writes
// (maxmemory) refuses a script's first write, after which it refuses none: ZADD comes first.
const std::string begin_script = prelude + R"lua(
local t = redis.call('TIME')
local now = now_ms(t)
redis.call('ZADD', KEYS[2], ms(now + tonumber(ARGV[1])), ARGV[3])
redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[1]))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now))
bump(t)
return 1
)lua";

// ARGV[3...] the ids of the changes that ended: a new generation, then their markers removed.
const std::string end_script = prelude + R"lua(
bump(redis.call('TIME'))
for i = 3, #ARGV do redis.call('ZREM', KEYS[2], ARGV[i]) end
return 1
)lua";

const std::string clear_script = prelude + R"lua(
bump(redis.call('TIME'))
return 1
)lua";

using ReplyPtr = std::unique_ptr<redisReply, void (*)(void*)>;

// One command on a connection: its reply, an error reply included; nullptr, with `error` set,
// when the connection failed.
ReplyPtr run(redisContext* c, const std::vector<std::string>& args, std::string& error) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  ReplyPtr reply(static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()),
                                                           argv.data(), lengths.data())),
                 freeReplyObject);
  if (!reply) error = c->errstr;
  return reply;
}

bool is_error(const redisReply* r) {
  return r == nullptr || r->type == REDIS_REPLY_ERROR;
}

std::string text(const redisReply* r) {
  return r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_ERROR ||
                 r->type == REDIS_REPLY_STATUS
             ? std::string(r->str, r->len)
             : std::string();
}

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
      generation_key_(prefix_ + "generation"),
      changes_key_(prefix_ + "changes"),
      owner_key_(prefix_ + "owner") {
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
  auto setup = [&](const std::vector<std::string>& args) -> ReplyPtr {
    auto reply = run(c.get(), args, error);
    if (reply && reply->type == REDIS_REPLY_ERROR) error = text(reply.get());  // never a password
    return is_error(reply.get()) ? ReplyPtr(nullptr, freeReplyObject) : std::move(reply);
  };
  if (!address_.password.empty() &&
      !setup(address_.user.empty()
                 ? std::vector<std::string>{"AUTH", address_.password}
                 : std::vector<std::string>{"AUTH", address_.user, address_.password}))
    return nullptr;
  if (address_.db != 0 && !setup({"SELECT", std::to_string(address_.db)})) return nullptr;
  // Which Redis process this is: one that did not start with this prefix's data is adopted.
  auto info = setup({"INFO", "server"});
  if (!info) return nullptr;
  std::string server = text(info.get());
  auto at = server.find("run_id:");
  std::string run_id = at == std::string::npos ? "" : server.substr(at + 7, 40);
  if (!setup({"EVAL", adopt_script, "3", generation_key_, changes_key_, owner_key_,
              std::to_string(change_window.count()), seen_ ? "1" : "0", run_id}))
    return nullptr;
  seen_ = true;
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

void RedisCache::refused(const std::string& what, const redisReply& reply) const {
  {
    std::lock_guard lock(mutex_);
    if (refusing_) return;
    refusing_ = true;
  }
  log_line("cache: redis at " + address_.describe() + " refuses to " + what + ": " + text(&reply));
}

RedisCache::Reply RedisCache::command(const std::vector<std::string>& args, bool insist) const {
  Pooled pooled;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      pooled = std::move(idle_.back());
      idle_.pop_back();
    } else {
      if (down_ && !insist) {
        // One request tries again; until then, and while it does, the others go without.
        if (std::chrono::steady_clock::now() < retry_at_) return nullptr;
        retry_at_ = std::chrono::steady_clock::now() + retry_delay;
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
    std::lock_guard lock(mutex_);
    if (down_) {
      down_ = false;
      log_line("cache: redis at " + address_.describe() + " answers again");
    }
  }
  auto reply = run(pooled.context.get(), args, error);
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
  return Reply(reply.release());
}

RedisCache::Reply RedisCache::script(const std::string& body, const std::vector<std::string>& keys,
                                     std::vector<std::string> args, bool insist) const {
  std::vector<std::string> command_args = {"EVAL", body, std::to_string(keys.size())};
  command_args.insert(command_args.end(), keys.begin(), keys.end());
  command_args.push_back(std::to_string(change_window.count()));
  command_args.insert(command_args.end(), std::make_move_iterator(args.begin()),
                      std::make_move_iterator(args.end()));
  return command(command_args, insist);
}

bool RedisCache::insist(const std::string& body, const std::vector<std::string>& keys,
                        const std::vector<std::string>& args) const {
  auto until = std::chrono::steady_clock::now() + insist_for;
  while (true) {
    auto reply = script(body, keys, args, true);
    if (!is_error(reply.get())) return true;
    if (reply) refused("clear its cache", *reply);
    if (std::chrono::steady_clock::now() + insist_pause >= until) return false;
    std::this_thread::sleep_for(insist_pause);
  }
}

RedisCache::Read RedisCache::get(const std::string& key) const {
  auto reply =
      script(get_script, {generation_key_, changes_key_, prefix_ + key}, {seen_ ? "1" : "0"});
  if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) return {};
  const redisReply* generation = reply->element[0];
  const redisReply* entry = reply->element[1];
  const redisReply* read_ms = reply->element[2];
  if (generation->type != REDIS_REPLY_STRING || read_ms->type != REDIS_REPLY_STRING) return {};
  seen_ = true;
  Read read;
  read.tag = Tag{text(generation), text(read_ms)};
  // A value is stored as "GENERATION:VALUE": served under its generation only.
  if (entry->type == REDIS_REPLY_STRING) {
    std::string_view stored(entry->str, entry->len);
    std::string tag = read.tag->generation + ":";
    if (stored.substr(0, tag.size()) == tag) read.value = std::string(stored.substr(tag.size()));
  }
  return read;
}

void RedisCache::put(const std::string& key, const Tag& tag, const std::string& value,
                     std::chrono::seconds ttl) const {
  auto reply = script(put_script, {generation_key_, changes_key_, prefix_ + key},
                      {"0", tag.generation, tag.read_ms, std::to_string(store_within.count()),
                       value, std::to_string(ttl.count())});
  if (reply && reply->type == REDIS_REPLY_ERROR) {
    refused("store a value", *reply);
  } else if (reply) {
    std::lock_guard lock(mutex_);
    refusing_ = false;
  }
}

bool RedisCache::begin_change(const std::string& id) const {
  return insist(begin_script, {generation_key_, changes_key_}, {"1", id});
}

bool RedisCache::end_change(const std::vector<std::string>& ids) const {
  std::vector<std::string> args = {"1"};
  args.insert(args.end(), ids.begin(), ids.end());
  return insist(end_script, {generation_key_, changes_key_}, args);
}

bool RedisCache::clear() const {
  return insist(clear_script, {generation_key_, changes_key_}, {"1"});
}

}  // namespace web::detail
