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
#include "web/json.hpp"
#include "web/request.hpp"
#include "web/response.hpp"
#include "web/route_binding.hpp"
#include "web/yesql.hpp"

namespace web {

namespace detail {
class Security;
}

// Parameter names, in the order of the handler's arguments: {"key", "val"}.
using Names = std::vector<std::string>;
using Methods = std::vector<std::string>;

class App {
 public:
  explicit App(std::string name);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  const std::string& name() const { return name_; }
  Config& config() { return config_; }
  const Config& config() const { return config_; }

  // Routes. A handler takes its parameters as typed arguments named by `names` (a leading
  // `web::Request&` argument is optional) and returns a web::Response, a JSON-convertible
  // value (200) or nothing (204):
  //   app.get("/store/<key>", web::OPEN, {"key"}, [&](std::string key) { ... });
  template <class F>
  App& route(const Methods& methods, const std::string& path, Authz authz, Names names, F f) {
    add_route(methods, path, authz,
              detail::bind(methods.front() + " " + path, std::move(names), std::move(f)));
    return *this;
  }
  template <class F>
  App& route(const Methods& methods, const std::string& path, Authz authz, F f) {
    return route(methods, path, authz, Names{}, std::move(f));
  }

  template <class F>
  App& get(const std::string& path, Authz authz, Names names, F f) {
    return route({"GET"}, path, authz, std::move(names), std::move(f));
  }
  template <class F>
  App& get(const std::string& path, Authz authz, F f) {
    return route({"GET"}, path, authz, std::move(f));
  }
  template <class F>
  App& post(const std::string& path, Authz authz, Names names, F f) {
    return route({"POST"}, path, authz, std::move(names), std::move(f));
  }
  template <class F>
  App& post(const std::string& path, Authz authz, F f) {
    return route({"POST"}, path, authz, std::move(f));
  }
  template <class F>
  App& put(const std::string& path, Authz authz, Names names, F f) {
    return route({"PUT"}, path, authz, std::move(names), std::move(f));
  }
  template <class F>
  App& put(const std::string& path, Authz authz, F f) {
    return route({"PUT"}, path, authz, std::move(f));
  }
  template <class F>
  App& patch(const std::string& path, Authz authz, Names names, F f) {
    return route({"PATCH"}, path, authz, std::move(names), std::move(f));
  }
  template <class F>
  App& patch(const std::string& path, Authz authz, F f) {
    return route({"PATCH"}, path, authz, std::move(f));
  }
  template <class F>
  App& del(const std::string& path, Authz authz, Names names, F f) {
    return route({"DELETE"}, path, authz, std::move(names), std::move(f));
  }
  template <class F>
  App& del(const std::string& path, Authz authz, F f) {
    return route({"DELETE"}, path, authz, std::move(f));
  }

  // Hooks. `before` runs after the authorization and parameter checks, just before the
  // handler; it may throw a web::Error. `after` sees every response, errors included, and may
  // change it.
  App& before(std::function<void(Request&)> hook);
  App& after(std::function<void(const Request&, Response&)> hook);
  // Runs when the server is started with --init, before it listens: load initial data.
  App& on_init(std::function<void()> hook);

  // Security, as in the seed's FlaskSimpleAuth: the app says where passwords, groups and
  // object permissions come from; common checks them on every route that is not OPEN, before
  // the handler runs (see authz.hpp for the order). Lookups are cached for "cache_ttl" seconds.
  // The password hash (bcrypt) of a login, or std::nullopt when there is no such user.
  App& get_user_pass(std::function<std::optional<std::string>(const std::string& login)> hook);
  // Whether a login belongs to a group.
  App& group_check(const std::string& group, std::function<bool(const std::string& login)> hook);
  // May a login access the object `id` of a domain in a mode? true, false, or std::nullopt when
  // there is no such object (404). `id` is an integer when the parameter's text is one.
  using PermissionCheck = std::function<std::optional<bool>(
      const std::string& login, const json& id, const std::string& mode)>;
  App& object_perms(const std::string& domain, PermissionCheck hook);
  // A token for that user, valid for "token_delay" minutes, signed with "token_secret".
  std::string create_token(const std::string& user) const;
  // A bcrypt hash of the password, with the config's "password_cost". A password bcrypt cannot
  // hash faithfully (over 72 bytes, or holding a NUL byte) throws a 400 web::Error.
  std::string hash_password(std::string_view password) const;
  // Forgets every cached lookup, e.g. after a user registers or changes a password.
  void clear_caches() const;

  // The database: URL from the config key "db" (--db, DATABASE_URL), by default
  // "sqlite:<app name>.db". This thread's connection; inside a request, within the request's
  // transaction: committed when the status is below 400, rolled back otherwise, so a failed
  // request changes nothing.
  Connection& db();
  // The app's SQL file (a path relative to the server's folder), loaded, checked and prepared
  // at start-up: an error stops the server before it listens.
  App& queries(const std::string& file);
  // Runs a query of that file: query("get_stuff_sid", {{"sid", sid}}).
  json query(std::string_view name, const json& params = json::object());
  // Runs drop.sql, create.sql and data.sql from sql/<engine>/ in the server's folder (what
  // --init does in the database labs: on_init([this] { init_database(); })).
  void init_database();

  // Everything run() does before listening: database opened, on_init hooks if `init`,
  // queries checked and prepared. Tests call it: app.start(true) for fresh data.
  void start(bool init);
  // The folder of the running executable, where its SQL files are.
  static std::filesystem::path app_dir();

  // Answers one request: routing, checks, hooks, handler. Never throws.
  Response handle(Request& request) const;

  // The server's main: flags, config, --init, listen until SIGINT/SIGTERM. Returns the exit
  // code: 0 after a signal, 2 for a start-up error (bad flag, config, port in use...).
  int run(int argc, char** argv);

 private:
  void add_route(const Methods& methods, const std::string& path, Authz authz, Handler handler);
  void start_security();
  Response dispatch(Request& request) const;
  // Commits the request's transaction when the status is below 400, else rolls it back.
  void finish_transaction(Response& response) const;

  std::string name_;
  Config config_;
  // Read on every request, so looked up once: references to the config's own values (its
  // entries are never removed), which follow config().set().
  const json& max_body_ = config_.get("max_body");
  const json& access_log_ = config_.get("access_log");
  struct Routes;
  std::unique_ptr<Routes> routes_;
  std::vector<std::function<void(Request&)>> before_;
  std::vector<std::function<void(const Request&, Response&)>> after_;
  std::vector<std::function<void()>> init_;
  std::string queries_file_;
  std::unique_ptr<Queries> queries_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<detail::Security> security_;
  std::once_flag database_once_;
};

}  // namespace web
