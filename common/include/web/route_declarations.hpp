// The route declarations shared by web::App and web::Blueprint: one set of overloads, written
// once. `Self` (the app or the blueprint) records a declared route in its add_route.
//
//   get("/stuff/<sid>", web::OPEN, [this](std::int64_t sid) { ... });
//   route({"PUT", "PATCH"}, "/stuff/<sid>", web::AUTH, {"sid", "stuff"}, ...);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/authz.hpp"
#include "web/names.hpp"
#include "web/route_binding.hpp"

namespace web {

using Methods = std::vector<std::string>;

template <class Self>
class RouteDeclarations {
 public:
  // Routes. A handler takes its parameters as typed arguments named by `names` (a leading
  // `web::Request&` argument is optional) and returns a web::Response, a JSON-convertible
  // value (200) or nothing (204):
  //   app.get("/stuff/<sid>", web::OPEN, [&](std::int64_t sid) { ... });  // names: the path's
  //   app.put("/store/<key>", web::OPEN, {"key", {"val", web::non_empty()}}, ...);
  // Without names, the arguments are the path's parameters. Given, the names list every
  // parameter of the path (in any order) and the others the handler takes. Mistakes in a
  // declaration are reported by start() (App::run: at start-up), all at once, per route.
  template <class F>
  Self& route(const Methods& methods, const std::string& path, Authz authz, Names names, F f) {
    return declare(methods, path, std::move(authz), std::move(names), detail::typed(std::move(f)));
  }
  template <class F>
  Self& route(const Methods& methods, const std::string& path, Authz authz, F f) {
    return declare(methods, path, std::move(authz), std::nullopt, detail::typed(std::move(f)));
  }

  template <class F>
  Self& get(const std::string& path, Authz authz, Names names, F f) {
    return declare("GET", path, std::move(authz), std::move(names), detail::typed(std::move(f)));
  }
  template <class F>
  Self& get(const std::string& path, Authz authz, F f) {
    return declare("GET", path, std::move(authz), std::nullopt, detail::typed(std::move(f)));
  }
  template <class F>
  Self& post(const std::string& path, Authz authz, Names names, F f) {
    return declare("POST", path, std::move(authz), std::move(names), detail::typed(std::move(f)));
  }
  template <class F>
  Self& post(const std::string& path, Authz authz, F f) {
    return declare("POST", path, std::move(authz), std::nullopt, detail::typed(std::move(f)));
  }
  template <class F>
  Self& put(const std::string& path, Authz authz, Names names, F f) {
    return declare("PUT", path, std::move(authz), std::move(names), detail::typed(std::move(f)));
  }
  template <class F>
  Self& put(const std::string& path, Authz authz, F f) {
    return declare("PUT", path, std::move(authz), std::nullopt, detail::typed(std::move(f)));
  }
  template <class F>
  Self& patch(const std::string& path, Authz authz, Names names, F f) {
    return declare("PATCH", path, std::move(authz), std::move(names), detail::typed(std::move(f)));
  }
  template <class F>
  Self& patch(const std::string& path, Authz authz, F f) {
    return declare("PATCH", path, std::move(authz), std::nullopt, detail::typed(std::move(f)));
  }
  template <class F>
  Self& del(const std::string& path, Authz authz, Names names, F f) {
    return declare("DELETE", path, std::move(authz), std::move(names), detail::typed(std::move(f)));
  }
  template <class F>
  Self& del(const std::string& path, Authz authz, F f) {
    return declare("DELETE", path, std::move(authz), std::nullopt, detail::typed(std::move(f)));
  }

 private:
  // Not templates on the handler: declaring a route compiles one call per route, and the
  // binding's work is in common's library.
  Self& declare(const char* method, const std::string& path, Authz authz,
                std::optional<Names> names, detail::TypedHandler handler) {
    return declare(Methods{method}, path, std::move(authz), std::move(names), std::move(handler));
  }
  Self& declare(const Methods& methods, const std::string& path, Authz authz,
                std::optional<Names> names, detail::TypedHandler handler) {
    Self& self = static_cast<Self&>(*this);
    self.add_route(methods, path, std::move(authz),
                   detail::bind(path, std::move(names), std::move(handler)));
    return self;
  }
};

}  // namespace web
