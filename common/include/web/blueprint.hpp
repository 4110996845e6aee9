// A blueprint: a group of routes declared apart from the app, in its own file, then mounted on
// the app under a URL prefix, as Flask's blueprints. It declares routes exactly as the app does
// (web::RouteDeclarations) and reaches the app it is built with: its database, queries, config
// and security.
//
//   class Cmp : public web::Blueprint {
//    public:
//     explicit Cmp(web::App& app) : web::Blueprint(app, "cmp") {
//       // GET /cmp/add: i + j
//       get("/add", web::AUTH, {"i", "j"}, [](std::int64_t i, std::int64_t j) { return i + j; });
//     }
//   };
//   // in the app's constructor, with a member `Cmp cmp_{*this};`:
//   mount("/cmp", cmp_);
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "web/app.hpp"
#include "web/route_declarations.hpp"

namespace web {

namespace detail {
// A blueprint's hooks, shared with its routes mounted on the app.
struct BlueprintHooks {
  std::vector<std::function<void(Request&)>> before;
  std::vector<std::function<void(const Request&, Response&)>> after;
};
}  // namespace detail

class Blueprint : public RouteDeclarations<Blueprint> {
 public:
  // `name` names the blueprint in start-up problems ("GET /cmp/add (blueprint cmp): ...").
  // `required`: what every route of the blueprint requires besides its own authorization,
  // combined with & (e.g. web::group("ADMIN") for an admin-only blueprint); OPEN adds nothing.
  Blueprint(App& app, std::string name, Authz required = OPEN);
  virtual ~Blueprint() = default;
  Blueprint(const Blueprint&) = delete;
  Blueprint& operator=(const Blueprint&) = delete;

  const std::string& name() const { return name_; }
  App& app() const { return app_; }

  // Hooks for this blueprint's routes only, run after the app's own: `before` just before the
  // handler (after the authorization and parameter checks), `after` on every response of its
  // routes, errors included, before the app's after hooks.
  Blueprint& before(std::function<void(Request&)> hook);
  Blueprint& after(std::function<void(const Request&, Response&)> hook);

  // The app's, so that a blueprint's handlers read as the app's: query("get_stuff_all").
  Connection& db() { return app_.db(); }
  json query(std::string_view name, const QueryParams& params = {}) {
    return app_.query(name, params);
  }
  Config& config() { return app_.config(); }
  std::string hash_password(std::string_view password) const {
    return app_.hash_password(password);
  }
  std::string create_token(const std::string& user) const { return app_.create_token(user); }
  void clear_caches() const { app_.clear_caches(); }

 private:
  friend class RouteDeclarations<Blueprint>;
  friend class App;
  void add_route(const Methods& methods, const std::string& path, Authz authz,
                 detail::Binding binding);

  struct Route {
    Methods methods;
    std::string path;
    Authz authz;
    detail::Binding binding;
  };
  // Registers one route on the app under a prefix.
  void mount_route(const std::string& prefix, const Route& route) const;

  App& app_;
  std::string name_;
  Authz required_;
  std::vector<Route> routes_;
  // Shared with the routes mounted on the app: hooks added after the mount apply too.
  std::shared_ptr<detail::BlueprintHooks> hooks_;
  // The prefixes it is mounted under: a route declared after a mount is mounted at once.
  std::vector<std::string> mounts_;
};

}  // namespace web
