#include "aaa/security.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

#include "aaa/base64.hpp"
#include "aaa/database_identity.hpp"
#include "aaa/hmac.hpp"
#include "http/log.hpp"
#include "web/password.hpp"
#include "web/token.hpp"

namespace web::detail {

namespace {

bool starts_with_word(const std::string& header, std::string_view word) {
  if (header.size() <= word.size() || header[word.size()] != ' ') return false;
  return std::equal(word.begin(), word.end(), header.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

// Cache keys: parts joined by a byte no login or group name holds.
std::string key(std::initializer_list<std::string_view> parts) {
  std::string k;
  for (auto part : parts) (k += part) += '\x1f';
  return k;
}

// Valid tokens kept at most: beyond, expired ones are dropped, then new ones are not kept.
constexpr std::size_t max_tokens = 100000;

bool accepts(const std::vector<std::string>& schemes, std::string_view scheme) {
  return std::find(schemes.begin(), schemes.end(), scheme) != schemes.end();
}

// What this thread's request changed of the lookups' data (clear_caches() within it), per
// Security: in a test, an app's request may answer another app's.
struct Change {
  const Security* security;
  std::chrono::steady_clock::time_point began;
  std::vector<std::string> ids;  // of begin_change(), with a shared cache
  bool failed = false;
};
thread_local std::vector<Change> changes;

std::vector<Change>::iterator change_of(const Security* security) {
  return std::find_if(changes.begin(), changes.end(),
                      [&](const Change& c) { return c.security == security; });
}

Error cache_unavailable() {
  Error e(503, "the shared cache could not take the change: nothing was changed, try again");
  e.header("Retry-After", "1");
  return e;
}

std::string random_id() {
  unsigned char random[12];
  if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("no random bytes");
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char byte : random) {
    id += hex[byte >> 4];
    id += hex[byte & 15];
  }
  return id;
}

// token_after_password's stamp of a password hash: 16 hex digits of its MAC by the token
// secret. A new hash (a new password, or the same one hashed again with a new salt) gives
// another stamp, with no trace of the hash itself in the tokens clients hold.
std::string password_stamp(std::string_view hash, std::string_view secret) {
  return hmac_sha256_hex(std::string("password hash:").append(hash), secret, 8);
}

}  // namespace

void Security::declare(Config& config) {
  config.declare("realm", "", "authentication realm; empty: the app's name");
  config.declare("auth", json::array({"basic", "token"}),
                 "authentication schemes AUTH routes accept: none, basic, param, token");
  config.declare("token_secret", "",
                 "secret signing the tokens; empty: a random one, tokens die with the server");
  config.declare("token_delay", 60, "validity of a new token, in minutes");
  config.declare("token_carrier", "bearer", "where a token travels: bearer, header, cookie, param");
  config.declare("token_name", "AUTH", "the header, cookie or parameter holding the token");
  config.declare("token_type", "fsa", "the tokens' format: fsa (realm:user:limit:signature), jwt");
  config.declare("token_issuer", "",
                 "the tokens' issuer (FlaskSimpleAuth's FSA_TOKEN_ISSUER); a JWT's iss, its "
                 "realm then in aud; empty: a JWT's iss is the realm, with no aud");
  config.declare("scopes", json::array(),
                 "the OAuth 2 scopes routes may name (FSA_AUTHZ_SCOPES); empty: any");
  config.declare("mode", "prod",
                 "prod, or dev: each response says who was authenticated and how (FSA-User: "
                 "calvin (basic)), the request and its duration (FSA-Request, FSA-Delay)");
  config.declare("token_after_password", false,
                 "a password change revokes the user's tokens made before it (each token "
                 "carries a MAC of its user's password hash)");
  config.declare("password_cost", 4, "bcrypt cost of new password hashes (12 in production)");
  config.declare("password_length", 0, "hash_password refuses a shorter password (400)");
  config.declare("password_re", json::array(),
                 "regular expressions a new password must each match (400 otherwise)");
  config.declare("login_detail", false,
                 "a failed login's 401 says why (FlaskSimpleAuth's no such user: L, invalid "
                 "password for L), telling anyone which logins exist; false: one message, "
                 "invalid login or password, the reason in the log");
  config.declare("cache_ttl", 60, "seconds a password, group or permission lookup is kept");
  config.declare("cache", "",
                 "where lookups are kept: empty, in this process; redis://HOST:PORT/DB or "
                 "redis+unix:///PATH?db=DB (a password as redis://:PASSWORD@...), a Redis "
                 "shared by the app's instances");
}

void Security::add_group(const std::string& group, GroupCheck hook) {
  groups_[group] = std::move(hook);
}

void Security::add_domain(const std::string& domain, App::PermissionCheck hook) {
  domains_[domain] = std::move(hook);
}

void Security::start(const Config& config, const std::string& app_name,
                     const std::string& database_url,
                     const std::vector<std::pair<std::string, const Authz*>>& routes,
                     std::vector<std::string>& problems) {
  realm_ = config.get<std::string>("realm");
  if (realm_.empty()) realm_ = app_name;
  schemes_ = config.get<std::vector<std::string>>("auth");
  for (const auto& s : schemes_) {
    if (s != "none" && s != "basic" && s != "param" && s != "token")
      problems.push_back("config auth: unknown scheme \"" + s + "\"");
  }
  secret_ = config.get<std::string>("token_secret");
  if (secret_.empty()) {
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1)
      throw std::runtime_error("no random bytes for the token secret");
    secret_.assign(reinterpret_cast<char*>(random), sizeof random);
  }
  token_delay_ = std::chrono::minutes(config.get<int>("token_delay"));
  // A century at most, so that now + token_delay is a time point (they end in 2262).
  if (std::chrono::abs(token_delay_) > std::chrono::years(100))
    problems.push_back("config token_delay: more than 100 years");
  carrier_ = config.get<std::string>("token_carrier");
  if (carrier_ != "bearer" && carrier_ != "header" && carrier_ != "cookie" && carrier_ != "param")
    problems.push_back("config token_carrier: unknown carrier \"" + carrier_ + "\"");
  token_name_ = config.get<std::string>("token_name");
  auto type = config.get<std::string>("token_type");
  if (type != "fsa" && type != "jwt")
    problems.push_back("config token_type: \"" + type + "\" is neither fsa nor jwt");
  jwt_ = type == "jwt";
  issuer_ = config.get<std::string>("token_issuer");
  if (issuer_.find(':') != std::string::npos)
    problems.push_back("config token_issuer: \"" + issuer_ + "\" holds a ':'");
  auto mode = config.get<std::string>("mode");
  if (mode != "prod" && mode != "dev")
    problems.push_back("config mode: \"" + mode + "\" is neither prod nor dev");
  dev_ = mode == "dev";
  auto known_scopes = config.get<std::vector<std::string>>("scopes");
  token_after_password_ = config.get<bool>("token_after_password");
  if (token_after_password_ && !user_pass_)
    problems.push_back("config token_after_password: the app has no get_user_pass");
  password_cost_ = config.get<int>("password_cost");
  if (password_cost_ < 4 || password_cost_ > 31) {
    problems.push_back("config password_cost: " + std::to_string(password_cost_) +
                       " is not in 4..31");
  } else {
    dummy_hash_ = web::hash_password("the password of no one", password_cost_);
  }
  login_detail_ = config.get<bool>("login_detail");
  int length = config.get<int>("password_length");
  if (length < 0) problems.push_back("config password_length: negative");
  password_length_ = static_cast<std::size_t>(std::max(length, 0));
  password_re_.clear();
  for (const auto& re : config.get<std::vector<std::string>>("password_re")) {
    try {
      password_re_.emplace_back(re, std::regex(re));
    } catch (const std::regex_error& e) {
      problems.push_back("config password_re: \"" + re +
                         "\" is not a regular expression: " + e.what());
    }
  }
  cache_ttl_ = std::chrono::seconds(config.get<int>("cache_ttl"));
  redis_.reset();
  if (auto url = config.get<std::string>("cache"); !url.empty()) {
    try {
      // Keys of the app, realm and database: two apps, or two deployments of one app on two
      // databases, never read each other's lookups on one Redis.
      redis_ = std::make_unique<RedisCache>(
          RedisAddress::parse(url),
          key({"web", app_name, realm_, database_identity(database_url)}));
    } catch (const std::invalid_argument& e) {
      problems.push_back(std::string("config cache: ") + e.what());
    }
  }

  // A route that needs a hook the app did not give would fail on every request: refuse to start.
  std::vector<std::string> need_user_pass;
  for (const auto& [where, authz] : routes) {
    if (authz->kind() == Authz::Kind::auth && !user_pass_ && !accepts(schemes_, "none"))
      need_user_pass.push_back(where);
    for (const auto& g : authz->groups()) {
      if (!groups_.count(g)) problems.push_back(where + ": no group_check for group \"" + g + "\"");
    }
    for (const auto& p : authz->permissions()) {
      if (!domains_.count(p.domain))
        problems.push_back(where + ": no object_perms for domain \"" + p.domain + "\"");
    }
    // Scopes come from a JWT only: a route that names some and accepts no JWT opens to no one.
    const auto& route_schemes = authz->schemes().empty() ? schemes_ : authz->schemes();
    if (!authz->scopes().empty() && (!jwt_ || !accepts(route_schemes, "token")))
      problems.push_back(where + ": scopes need JWTs (token_type jwt, the token scheme)");
    for (const auto& s : authz->scopes()) {
      if (s.empty() || s.find(' ') != std::string::npos ||
          (!known_scopes.empty() && !accepts(known_scopes, s)))
        problems.push_back(where + ": unexpected scope \"" + s + "\"");
    }
    const auto& route_realm = authz->realm();
    if (route_realm.find(':') != std::string::npos || route_realm.find('/') != std::string::npos)
      problems.push_back(where + ": a realm without ':' or '/', not \"" + route_realm + "\"");
  }
  if (!need_user_pass.empty()) {
    std::string more = need_user_pass.size() == 1
                           ? ""
                           : " (and " + std::to_string(need_user_pass.size() - 1) + " more routes)";
    problems.push_back(need_user_pass.front() + ": authentication needs get_user_pass" + more);
  }
}

std::optional<std::string> Security::lookup(
    const std::string& key, const std::function<std::optional<std::string>()>& f) const {
  if (redis_) {
    if (cache_ttl_.count() <= 0) return f();
    auto read = redis_->get(key);
    if (read.value) return read.value;
    auto value = f();
    if (value && read.tag)
      redis_->put(key, *read.tag, *value,
                  std::chrono::duration_cast<std::chrono::seconds>(cache_ttl_));
    return value;
  }
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.expiry > now) return it->second.value;
  }
  auto value = f();
  if (value && cache_ttl_.count() > 0) {
    std::lock_guard lock(cache_mutex_);
    cache_[key] = {value, now + cache_ttl_};
  }
  return value;
}

void Security::clear_caches(bool in_request) const {
  {
    std::lock_guard lock(cache_mutex_);
    cache_.clear();
    tokens_.clear();
  }
  if (!in_request) {
    if (redis_ && !redis_->clear()) throw cache_unavailable();
    return;
  }
  auto change = change_of(this);
  if (change == changes.end())
    change = changes.insert(changes.end(), {this, std::chrono::steady_clock::now(), {}, false});
  if (!redis_) return;  // this process's cache: cleared again after the commit
  change->ids.push_back(random_id());
  if (!redis_->begin_change(change->ids.back())) {
    change->failed = true;
    throw cache_unavailable();
  }
}

void Security::before_commit(bool committing) const {
  auto change = change_of(this);
  if (!committing || !redis_ || change == changes.end()) return;
  // Its marker expires change_window after it began: stores of values read before the commit
  // are blocked until then, so the commit must come well before.
  auto age = std::chrono::steady_clock::now() - change->began;
  if (!change->failed && age > RedisCache::commit_within) {
    log_line("cache: a change began " +
             std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(age).count()) +
             " ms before its commit, more than " +
             std::to_string(RedisCache::commit_within.count()) + ": refused");
    change->failed = true;
  }
  if (change->failed) throw cache_unavailable();
}

void Security::after_commit() const {
  auto change = change_of(this);
  if (change == changes.end()) return;
  Change ended = std::move(*change);
  changes.erase(change);
  {
    std::lock_guard lock(cache_mutex_);  // a lookup made meanwhile may hold the old data
    cache_.clear();
    tokens_.clear();
  }
  if (redis_ && !ended.failed && !redis_->end_change(ended.ids)) {
    log_line(
        "cache: the end of a change did not reach redis: values are not stored until its "
        "marker expires");
  }
}

std::string Security::authenticate_password(const std::string& login,
                                            const std::string& password) const {
  auto hash = lookup(key({"pass", login}), [&] { return user_pass_(login); });
  // An unknown login costs a bcrypt of the configured cost too, and both failures say the same
  // (unless login_detail): neither the answer nor its time tells which logins exist.
  bool valid = verify_password(password, hash ? *hash : dummy_hash_);
  if (hash && valid) return login;
  std::string reason = hash ? "invalid password for " + login : "no such user: " + login;
  log_line("auth: login refused: " + reason);
  throw Error(401, login_detail_ ? reason : "invalid login or password");
}

std::string Security::token_realm(const std::string& realm) const {
  // FlaskSimpleAuth's fsa tokens with an issuer: realm/issuer:user:limit:signature.
  return jwt_ || issuer_.empty() ? realm : realm + "/" + issuer_;
}

Security::TokenUser Security::authenticate_token(const std::string& token,
                                                 const std::string& realm) const {
  auto now = std::chrono::system_clock::now();
  std::string user, stamp;
  std::vector<std::string> scopes;
  // A token is valid for one realm: the cache knows it by both.
  std::string cached = key({token, realm});
  {
    std::lock_guard lock(cache_mutex_);
    auto it = tokens_.find(cached);
    if (it != tokens_.end() && now <= it->second.until) {
      user = it->second.user;
      stamp = it->second.stamp;
      scopes = it->second.scopes;
    }
  }
  if (user.empty()) {
    auto check = jwt_ ? check_jwt(token, realm, secret_, now, issuer_)
                      : check_token(token, token_realm(realm), secret_, now);
    if (!check) throw Error(401, std::string(check.message()));
    user = check.user;
    stamp = check.stamp;
    scopes = check.scopes;
    if (cache_ttl_.count() > 0) {
      std::lock_guard lock(cache_mutex_);
      if (tokens_.size() >= max_tokens) {
        std::erase_if(tokens_, [&](const auto& entry) { return entry.second.until < now; });
      }
      if (tokens_.size() < max_tokens) {
        auto ttl = std::chrono::duration_cast<std::chrono::system_clock::duration>(cache_ttl_);
        tokens_[cached] = {user, std::min(check.limit, now + ttl), stamp, scopes};
      }
    }
  }
  // A valid token of a user removed since is refused; with token_after_password, so is one
  // made before the user's password changed. Both through the cached lookup, on every request.
  auto hash = lookup(key({"pass", user}), [&] { return user_pass_(user); });
  if (!hash) throw Error(401, "no such user: " + user);
  if (token_after_password_ && stamp != password_stamp(*hash, secret_))
    throw Error(401, "auth token revoked by a password change");
  return {user, scopes};
}

void Security::authenticate(Request& request, const Authz& authz) const {
  authenticate(request, authz, true);
}

void Security::authenticate_if_sent(Request& request, const Authz& authz) const {
  if (user_pass_) authenticate(request, authz, false);
}

bool Security::authenticate(Request& request, const Authz& authz, bool required) const {
  const auto& schemes = authz.schemes().empty() ? schemes_ : authz.schemes();
  const std::string& realm = authz.realm().empty() ? realm_ : authz.realm();
  // A 401 names the schemes the route accepts; built only when refusing, not on every request.
  auto fail = [&](const std::string& message) {
    std::string challenge;
    if (accepts(schemes, "basic")) challenge = "Basic realm=\"" + realm_ + "\"";
    if (accepts(schemes, "token") && carrier_ == "bearer")
      challenge += (challenge.empty() ? "" : ", ") + ("Bearer realm=\"" + realm + "\"");
    Error e(401, message);
    if (!challenge.empty()) e.header("WWW-Authenticate", challenge);
    throw e;
  };

  try {
    auto authorization = request.header("Authorization");
    if (accepts(schemes, "token")) {
      std::optional<std::string> token;
      if (carrier_ == "bearer" && authorization && starts_with_word(*authorization, "Bearer")) {
        token = authorization->substr(7);
      } else if (carrier_ == "header") {
        token = request.header(token_name_);
      } else if (carrier_ == "cookie") {
        token = request.cookie(token_name_);
      } else if (carrier_ == "param" && request.has(token_name_)) {
        token = request.param<std::string>(token_name_);
      }
      if (token) {
        auto [user, scopes] = authenticate_token(*token, realm);
        request.set_auth(std::move(user), "token", std::move(scopes));
        return true;
      }
    }
    if (accepts(schemes, "basic") && authorization && starts_with_word(*authorization, "Basic")) {
      auto decoded = detail::base64_decode(authorization->substr(6), detail::Base64::standard);
      auto colon = decoded ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos) fail("invalid basic authorization header");
      request.set_auth(authenticate_password(decoded->substr(0, colon), decoded->substr(colon + 1)),
                       "basic");
      return true;
    }
    if (accepts(schemes, "param") && request.has("USER")) {
      if (!request.has("PASS")) fail("missing PASS parameter");
      request.set_auth(authenticate_password(request.param<std::string>("USER"),
                                             request.param<std::string>("PASS")),
                       "param");
      return true;
    }
  } catch (const Error& e) {
    if (e.status() == 401 && e.headers().empty()) fail(e.what());
    throw;
  }
  if (!required) return false;
  if (accepts(schemes, "basic")) fail("missing authorization header");
  if (accepts(schemes, "token")) fail("missing token");
  if (accepts(schemes, "param")) fail("missing USER parameter");
  fail("no authentication scheme on this route");
  return false;
}

void Security::check_groups(const Request& request, const Authz& authz) const {
  const std::string& login = *request.user();
  for (const auto& group : authz.groups()) {
    auto in = lookup(key({"group", group, login}), [&]() -> std::optional<std::string> {
      return groups_.at(group)(login) ? "1" : "0";
    });
    if (*in != "1") throw Error(403, "not in group \"" + group + "\"");
  }
}

void Security::check_scopes(const Request& request, const Authz& authz) const {
  for (const auto& scope : authz.scopes()) {
    if (!accepts(request.scopes(), scope)) throw Error(403, "missing permission \"" + scope + "\"");
  }
}

void Security::check_permissions(const Request& request, const Authz& authz) const {
  const std::string& login = *request.user();
  for (const auto& p : authz.permissions()) {
    // The id as the handler sees it when it is an integer, else its text.
    std::string ignored;
    auto number = request.read<std::int64_t>(p.param, ignored);
    json id = number ? json(*number) : json(request.param<std::string>(p.param));
    std::string text = number ? std::to_string(*number) : id.get<std::string>();
    auto allowed =
        lookup(key({"perm", p.domain, p.mode, login, text}), [&]() -> std::optional<std::string> {
          auto yes = domains_.at(p.domain)(login, id, p.mode);
          if (!yes) return std::nullopt;
          return *yes ? "1" : "0";
        });
    if (!allowed) throw Error(404, "object not found");
    if (*allowed != "1")
      throw Error(403, "permission denied on " + p.domain + ":" + text + " (" + p.mode + ")");
  }
}

std::string Security::create_token(const std::string& user, const TokenOptions& options) const {
  auto delay = options.delay ? *options.delay
                             : std::chrono::duration_cast<std::chrono::seconds>(token_delay_);
  if (std::chrono::abs(delay) > std::chrono::years(100))
    throw std::invalid_argument("a token delay of more than 100 years");
  auto expiry = std::chrono::system_clock::now() + delay;
  const std::string& realm = options.realm.empty() ? realm_ : options.realm;
  std::string stamp;
  if (token_after_password_) {
    auto hash = lookup(key({"pass", user}), [&] { return user_pass_(user); });
    stamp = password_stamp(hash.value_or(""), secret_);  // no user: refused as such
  }
  if (!options.scopes.empty() && !jwt_)
    throw std::invalid_argument("token scopes need token_type jwt");
  return jwt_ ? web::create_jwt(realm, user, expiry, secret_, stamp, issuer_, options.scopes)
              : web::create_token(token_realm(realm), user, expiry, secret_, stamp);
}

std::string Security::hash_password(std::string_view password) const {
  // A password that comes from a request: its problem is the client's, a 400. Then
  // FlaskSimpleAuth's quality rules and words (FSA_PASSWORD_LENGTH, FSA_PASSWORD_RE).
  if (auto problem = password_problem(password); !problem.empty()) throw Error(400, problem);
  if (password.size() < password_length_) {
    throw Error(400, "password is too short, must be at least " + std::to_string(password_length_));
  }
  for (const auto& [text, re] : password_re_) {
    if (!std::regex_search(password.begin(), password.end(), re))
      throw Error(400, "password must match " + text);
  }
  return web::hash_password(password, password_cost_);
}

}  // namespace web::detail
