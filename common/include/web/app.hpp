// The application: routes with their authorization, hooks, and the server's main loop.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/authz.hpp"
#include "web/config.hpp"
#include "web/database.hpp"
#include "web/db.hpp"
#include "web/error.hpp"
#include "web/found.hpp"
#include "web/json.hpp"
#include "web/names.hpp"
#include "web/request.hpp"
#include "web/response.hpp"
#include "web/route_binding.hpp"
#include "web/route_declarations.hpp"
#include "web/token.hpp"
#include "web/yesql.hpp"

namespace web {

class Blueprint;

namespace detail {
class Security;
struct BlueprintHooks;
}  // namespace detail

class App : public RouteDeclarations<App> {
 public:
  explicit App(std::string name);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  const std::string& name() const { return name_; }
  Config& config() { return config_; }
  const Config& config() const { return config_; }

  // Routes: route(), get(), post(), put(), patch(), del(), from web::RouteDeclarations (shared
  // with web::Blueprint; see route_declarations.hpp).

  // Registers a blueprint's routes under a prefix ("/cmp": its "/add" answers /cmp/add; "" for
  // none), with its hooks for those routes only. A blueprint is built with the app
  // (`Cmp cmp_{*this};`, a member of the app's class) and outlives it. A method and path
  // declared twice, by the app or by blueprints, is a start-up problem naming both.
  App& mount(const std::string& prefix, Blueprint& blueprint);

  // Hooks. `before` runs after the authorization and parameter checks, just before the
  // handler; it may throw a web::Error. `after` sees every response, errors included, and may
  // change it.
  App& before(std::function<void(Request&)> hook);
  App& after(std::function<void(const Request&, Response&)> hook);
  // Runs when the server is started with --init, before it listens: load initial data.
  App& on_init(std::function<void()> hook);
  // Runs once the configuration is loaded (file, environment, flags), first thing in start(),
  // before the declarations are checked: an app may read config() there and declare routes or
  // mount blueprints accordingly (FlaskSimpleAuth's demo mounts mfa or oauth by token type).
  App& on_config(std::function<void()> hook);

  // Security, as in the Python course's FlaskSimpleAuth: the app says where passwords, groups and
  // object permissions come from; common checks them on every route that is not OPEN, before
  // the handler runs (see authz.hpp for the order). Lookups are cached for "cache_ttl" seconds,
  // in the process, or in the Redis the config's "cache" names.
  // The password hash (bcrypt) of a login, or std::nullopt when there is no such user.
  App& get_user_pass(std::function<std::optional<std::string>(const std::string& login)> hook);
  // (On an OPEN route too, credentials that a request carries are checked and set req.user().)
  // Whether a login belongs to a group.
  App& group_check(const std::string& group, std::function<bool(const std::string& login)> hook);
  // May a login access the object `id` of a domain in a mode? true, false, or std::nullopt when
  // there is no such object (404). `id` is an integer when the parameter's text is one.
  using PermissionCheck = std::function<std::optional<bool>(
      const std::string& login, const json& id, const std::string& mode)>;
  App& object_perms(const std::string& domain, PermissionCheck hook);
  // A token for that user, valid for "token_delay" minutes, signed with "token_secret", of the
  // config's "token_type": "fsa" (realm:user:limit:signature) or "jwt" (RFC 7519, HS256); with
  // "token_after_password", stamped with the user's password hash (web/token.hpp).
  std::string create_token(const std::string& user) const;
  // The same with another realm (a route's Authz::realm), delay or OAuth 2 scopes (JWT only):
  // create_token(user, {.realm = "mfa", .delay = std::chrono::minutes(1)}).
  std::string create_token(const std::string& user, const TokenOptions& options) const;
  // A bcrypt hash of the password, with the config's "password_cost", once the password passes
  // the config's quality rules ("password_length", "password_re"): else a 400 naming the rule.
  // A password bcrypt cannot hash faithfully (over 72 bytes, or holding a NUL byte) is a 400 too.
  std::string hash_password(std::string_view password) const;
  // Forgets every cached lookup, e.g. after a user changes a password; with the config's
  // "cache" naming a Redis, the lookups of every instance of the app that shares it. Within a
  // request, before its transaction commits: if the change cannot be made visible to every
  // instance, a 503 (web::Error) and the transaction rolls back; call it last in the handler
  // (the commit must follow within 2 s). Outside a request, after the change: a 503 when
  // Redis does not take it.
  void clear_caches() const;

  // The database: URL from the config key "db" (--db, DATABASE_URL), by default
  // "sqlite:<app name>.db". This thread's connection; inside a request, within the request's
  // transaction: committed when the status is below 400, rolled back otherwise, so a failed
  // request changes nothing.
  Connection& db();
  // An SQL file of the app (a path relative to the server's folder), loaded, checked and
  // prepared at start-up: an error stops the server before it listens. Call it once per file
  // (one per blueprint, say): the files share one namespace, a name defined twice is an error.
  App& queries(const std::string& file);
  // Runs a query of that file: query("get_stuff_sid", {{"sid", sid}}) (double braces: a JSON
  // object; single ones do not compile).
  json query(std::string_view name, const QueryParams& params = {});
  // Runs drop.sql, create.sql and data.sql from sql/<engine>/ in the server's folder (what
  // --init does in the database labs: on_init([this] { init_database(); })).
  void init_database();

  // Everything run() does before listening: declarations checked, database opened, on_init
  // hooks if `init`, queries checked and prepared. Tests call it: app.start(true) for fresh
  // data. Every problem found throws one web::StartupError, one line per problem.
  void start(bool init);
  // The folder of the running executable, where its SQL files are.
  static std::filesystem::path app_dir();

  // Answers one request: routing, checks, hooks, handler. Never throws.
  Response handle(Request& request) const;

  // An error answer in the config's "error_response" format: "json" (the default,
  // {"error": message}), "plain" (the message as text/plain) or "json:KEY" ({KEY: message}).
  Response error_response(int status, const std::string& message) const;

  // The app's OpenAPI 3.1 document, from its declared routes (see openapi.hpp); and the route
  // that serves it, for an app that opts in: serve_openapi() answers GET /openapi.json.
  json openapi_document() const;
  App& serve_openapi(const std::string& path = "/openapi.json");

  // The server's main: flags, config, --init, listen until SIGINT/SIGTERM. Returns the exit
  // code: 0 after a signal, 2 for a start-up error: a bad flag (with the usage), or every
  // problem of the config and the declarations, one line each (port in use, database...).
  int run(int argc, char** argv);

 private:
  friend class RouteDeclarations<App>;
  friend class Blueprint;
  // `origin`: "" for the app's own routes, else the blueprint's name; `hooks`: its hooks.
  void add_route(const Methods& methods, const std::string& path, Authz authz,
                 detail::Binding binding, const std::string& origin = "",
                 std::shared_ptr<const detail::BlueprintHooks> hooks = nullptr);
  void start_security(std::vector<std::string>& problems);
  // The config is loaded: runs the on_config hooks (once), which may declare routes.
  void configured();
  // The config's "db", or "sqlite:<app name>.db".
  std::string database_url() const;
  // What start() checks before touching anything: the declarations, the config's security and
  // error keys, queries.sql (loaded, returned). Appends a line per problem.
  std::unique_ptr<Queries> check(std::vector<std::string>& problems);
  // Routes the request and answers it; `hooks`: the matched route's blueprint hooks, if any.
  Response dispatch(Request& request, const detail::BlueprintHooks*& hooks) const;
  // Commits the request's transaction when the status is below 400, else rolls it back.
  void finish_transaction(Response& response) const;

  std::string name_;
  Config config_;
  // What is wrong in the routes' declarations, "GET /stuff/<sid>: ...", reported by start().
  std::vector<std::string> problems_;
  // The error format, from the config's "error_response" at start(): the JSON key, or "" for
  // plain text.
  std::string error_key_ = "error";
  // Read on every request, so looked up once: references to the config's own values (its
  // entries are never removed), which follow config().set().
  const json& max_body_ = config_.get("max_body");
  const json& access_log_ = config_.get("access_log");
  const json& trusted_proxy_ = config_.get("trusted_proxy");
  struct Routes;
  std::unique_ptr<Routes> routes_;
  std::vector<std::function<void(Request&)>> before_;
  std::vector<std::function<void(const Request&, Response&)>> after_;
  std::vector<std::function<void()>> init_;
  std::vector<std::function<void()>> on_config_;
  bool config_hooks_run_ = false;  // on_config hooks run once, even if start() runs again
  std::vector<std::string> queries_files_;
  std::unique_ptr<Queries> queries_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<detail::Security> security_;
  std::once_flag database_once_;
};

}  // namespace web
