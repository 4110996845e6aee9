// Authentication, groups and object permissions of the routes, checked before the handler.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <unordered_map>
#include <vector>

#include "aaa/redis_cache.hpp"
#include "web/app.hpp"
#include "web/authz.hpp"
#include "web/config.hpp"
#include "web/request.hpp"

namespace web::detail {

class Security {
 public:
  using UserPass = std::function<std::optional<std::string>(const std::string&)>;
  using GroupCheck = std::function<bool(const std::string&)>;

  // The config keys this needs, with their defaults.
  static void declare(Config& config);

  void set_user_pass(UserPass hook) { user_pass_ = std::move(hook); }
  void add_group(const std::string& group, GroupCheck hook);
  void add_domain(const std::string& domain, App::PermissionCheck hook);

  // Reads the config; checks that the routes (named "GET /path") have the hooks their groups
  // and domains need. Every problem is appended to `problems`. `database_url`: where the
  // lookups come from, which names the shared cache's keys.
  void start(const Config& config, const std::string& app_name, const std::string& database_url,
             const std::vector<std::pair<std::string, const Authz*>>& routes,
             std::vector<std::string>& problems);

  // 401 with WWW-Authenticate unless the request carries valid credentials of a scheme the
  // route accepts; on success the request's user is set.
  void authenticate(Request& request, const Authz& authz) const;
  // On an OPEN route: credentials the request carries are checked as above (wrong ones are a
  // 401); without any, nothing happens. Nothing either when the app has no get_user_pass.
  void authenticate_if_sent(Request& request, const Authz& authz) const;
  // 403 `not in group "G"` unless the user is in every group of the route.
  void check_groups(const Request& request, const Authz& authz) const;
  // 403 `missing permission "S"` unless the token grants every scope of the route.
  void check_scopes(const Request& request, const Authz& authz) const;
  // 404 `object not found` or 403 `permission denied on D:V (mode)`.
  void check_permissions(const Request& request, const Authz& authz) const;

  std::string create_token(const std::string& user, const TokenOptions& options = {}) const;
  // The config's mode is "dev": responses carry FSA-User, FSA-Request and FSA-Delay.
  bool dev() const { return dev_; }
  std::string hash_password(std::string_view password) const;
  // Forgets the cached lookups. Within a request (`in_request`), the request changes what they
  // read in a transaction not yet committed: with a shared cache, every instance stops serving
  // them before the commit (else a 503, and before_commit() refuses the commit), and again
  // after_commit(). Outside one, the change is committed: every instance stops now, or a 503.
  void clear_caches(bool in_request) const;
  // Around the commit of this thread's request: throws a 503 when a change of the shared cache
  // failed or is too old to commit now (the transaction then rolls back); then ends it.
  void before_commit(bool committing) const;
  void after_commit() const;

 private:
  // Sets the request's user from its credentials; false when it carries none (then, if
  // `required`, a 401).
  bool authenticate(Request& request, const Authz& authz, bool required) const;
  std::string authenticate_password(const std::string& login, const std::string& password) const;
  struct TokenUser {
    std::string user;
    std::vector<std::string> scopes;
  };
  TokenUser authenticate_token(const std::string& token, const std::string& realm) const;
  // The first field of an fsa token of that realm: the realm, or realm/issuer with an issuer.
  std::string token_realm(const std::string& realm) const;
  // A lookup through the cache; "nothing" (no such user or object) is never cached, so that
  // a user who just registered can log in at once.
  std::optional<std::string> lookup(const std::string& key,
                                    const std::function<std::optional<std::string>()>& f) const;

  UserPass user_pass_;
  std::map<std::string, GroupCheck, std::less<>> groups_;
  std::map<std::string, App::PermissionCheck, std::less<>> domains_;

  std::string realm_;
  std::vector<std::string> schemes_;
  std::string secret_;
  std::chrono::minutes token_delay_{60};
  std::string carrier_;
  std::string token_name_;
  bool jwt_ = false;    // token_type "jwt", else "fsa"
  std::string issuer_;  // token_issuer
  bool dev_ = false;    // mode "dev"
  bool token_after_password_ = false;
  int password_cost_ = 4;
  // A failed login's 401 says which (FlaskSimpleAuth's messages) rather than one message for
  // both; a hash of the configured cost, checked for an unknown login: the time tells nothing.
  bool login_detail_ = false;
  std::string dummy_hash_;
  // Password quality: at least this many bytes, and a match for each regular expression.
  std::size_t password_length_ = 0;
  std::vector<std::pair<std::string, std::regex>> password_re_;
  std::chrono::steady_clock::duration cache_ttl_{};

  // Lookups by key (pass/login, group/G/login, perm/D/mode/login/id), with their expiry.
  struct Entry {
    std::optional<std::string> value;
    std::chrono::steady_clock::time_point expiry;
  };
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, Entry> cache_;
  // With the config's "cache" naming a Redis, the lookups are kept there instead, shared by
  // the app's instances (cache_ then stays empty: a copy would outlive another's clear).
  std::unique_ptr<RedisCache> redis_;
  // Tokens found valid, with their user, until the first of their limit and the cache's TTL:
  // checking a signature again costs more than the rest of the request's authentication.
  struct ValidToken {
    std::string user;
    std::chrono::system_clock::time_point until;
    std::string stamp;  // compared with the user's password hash on every request
    std::vector<std::string> scopes;
  };
  mutable std::unordered_map<std::string, ValidToken> tokens_;
};

}  // namespace web::detail
