#include "web/blueprint.hpp"

namespace web {

Blueprint::Blueprint(App& app, std::string name, Authz required)
    : app_(app),
      name_(std::move(name)),
      required_(std::move(required)),
      hooks_(std::make_shared<detail::BlueprintHooks>()) {}

Blueprint& Blueprint::before(std::function<void(Request&)> hook) {
  hooks_->before.push_back(std::move(hook));
  return *this;
}

Blueprint& Blueprint::after(std::function<void(const Request&, Response&)> hook) {
  hooks_->after.push_back(std::move(hook));
  return *this;
}

void Blueprint::add_route(const Methods& methods, const std::string& path, Authz authz,
                          detail::Binding binding) {
  routes_.push_back({methods, path, std::move(authz), std::move(binding)});
  for (const auto& prefix : mounts_) mount_route(prefix, routes_.back());
}

void Blueprint::mount_route(const std::string& prefix, const Route& route) const {
  // "/" under "/cmp" is "/cmp" itself, as in Flask.
  std::string path = route.path == "/" && !prefix.empty() ? prefix : prefix + route.path;
  // A relative path would be glued to the prefix: App::add_route reports the full path.
  if (!route.path.empty() && route.path.front() != '/') path = route.path;
  app_.add_route(route.methods, path, required_ & route.authz, route.binding, name_, hooks_);
}

}  // namespace web
