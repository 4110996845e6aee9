#include "web/app.hpp"

#include "web/blueprint.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "aaa/security.hpp"
#include "app/openapi.hpp"
#include "app/request_decoding.hpp"
#include "app/request_scope.hpp"
#include "app/router.hpp"
#include "http/log.hpp"

namespace web {

struct App::Routes {
  struct Route {
    detail::Pattern pattern;
    std::set<std::string> methods;
    Authz authz;
    Handler handler;
    std::string where;   // "GET /stuff/<sid>", for start-up problems
    std::string origin;  // "" for the app's own route, else its blueprint's name
    std::shared_ptr<const detail::BlueprintHooks> hooks;  // its blueprint's
    detail::ApiRoute api;                                 // what the OpenAPI document says of it
  };
  std::vector<Route> list;
};

App::App(std::string name)
    : name_(std::move(name)),
      routes_(std::make_unique<Routes>()),
      security_(std::make_unique<detail::Security>()) {
  detail::Security::declare(config_);
  config_.declare("error_response", "json",
                  "error bodies: json ({\"error\": message}), plain (text), json:KEY ({KEY: ...})");
}
App::~App() = default;

void App::add_route(const Methods& methods, const std::string& path, Authz authz,
                    detail::Binding binding, const std::string& origin,
                    std::shared_ptr<const detail::BlueprintHooks> hooks) {
  std::string where;
  for (const auto& m : methods) where += (where.empty() ? "" : "|") + m;
  where += " " + path;
  if (!origin.empty()) where += " (blueprint " + origin + ")";
  auto problem = [&](const std::string& what) {
    problems_.push_back(where + ": " + what);
  };
  for (const auto& p : binding.problems) problem(p);
  if (methods.empty()) problem("no method");
  // A permission reads its object's id from a parameter the route has.
  auto path_params = detail::path_parameters(path);
  for (const auto& p : authz.permissions()) {
    bool known = std::count(path_params.begin(), path_params.end(), p.param) ||
                 std::count(binding.names.begin(), binding.names.end(), p.param);
    if (!known) {
      problem("perm(\"" + p.domain + "\", \"" + p.param +
              "\", ...) names no parameter of the route");
    }
  }
  std::optional<detail::Pattern> pattern;
  try {
    pattern.emplace(path);
  } catch (const std::logic_error& e) {
    problem(e.what());
    return;
  }
  std::set<std::string> method_set(methods.begin(), methods.end());
  bool twice = false;
  for (const auto& route : routes_->list) {
    if (!route.pattern.same_shape(*pattern)) continue;
    for (const auto& m : method_set) {
      if (route.methods.count(m)) {
        // Both named when a blueprint is involved: "(as /cmp/add in blueprint cmp)".
        std::string first = route.origin.empty() ? (origin.empty() ? "" : " in the app")
                                                 : " in blueprint " + route.origin;
        problem(m + " is declared twice (as " + route.pattern.text() + first + ")");
        twice = true;
      }
    }
  }
  if (twice) return;  // the first declaration is the one that answers
  if (!binding.handler) {
    // Never served: start() refuses the app. An app answering without start() (a test) says why.
    std::string problems =
        where + ": " + (binding.problems.empty() ? "" : binding.problems.front());
    binding.handler = [problems](Request&, const Checks&) -> Response {
      throw std::logic_error("route declared with a problem: " + problems);
    };
  }
  detail::ApiRoute api{
      path, methods, authz, std::move(binding.params), std::move(binding.schemas), binding.status};
  routes_->list.push_back({std::move(*pattern), std::move(method_set), std::move(authz),
                           std::move(binding.handler), std::move(where), origin, std::move(hooks),
                           std::move(api)});
}

json App::openapi_document() const {
  std::vector<const detail::ApiRoute*> routes;
  for (const auto& route : routes_->list) routes.push_back(&route.api);
  return detail::openapi_document(name_, config_, routes);
}

App& App::serve_openapi(const std::string& path) {
  return get(path, OPEN, [this] { return openapi_document(); });
}

App& App::mount(const std::string& prefix, Blueprint& blueprint) {
  if (&blueprint.app_ != this) {
    problems_.push_back("mount(\"" + prefix + "\", " + blueprint.name() +
                        "): the blueprint was built with another app");
    return *this;
  }
  if (!prefix.empty() && (prefix.front() != '/' || prefix.back() == '/')) {
    problems_.push_back("mount(\"" + prefix + "\", " + blueprint.name() +
                        "): a prefix starts with '/' and does not end with one (or is \"\")");
    return *this;
  }
  blueprint.mounts_.push_back(prefix);
  for (const auto& route : blueprint.routes_) blueprint.mount_route(prefix, route);
  return *this;
}

App& App::get_user_pass(std::function<std::optional<std::string>(const std::string&)> hook) {
  security_->set_user_pass(std::move(hook));
  return *this;
}

App& App::group_check(const std::string& group, std::function<bool(const std::string&)> hook) {
  security_->add_group(group, std::move(hook));
  return *this;
}

App& App::object_perms(const std::string& domain, PermissionCheck hook) {
  security_->add_domain(domain, std::move(hook));
  return *this;
}

std::string App::create_token(const std::string& user) const {
  return security_->create_token(user);
}

std::string App::create_token(const std::string& user, const TokenOptions& options) const {
  return security_->create_token(user, options);
}

std::string App::hash_password(std::string_view password) const {
  return security_->hash_password(password);
}

void App::clear_caches() const {
  // Within a request, the data changes in a transaction that commits later: the cache is
  // cleared now, and again after the commit (security.hpp).
  security_->clear_caches(detail::in_request());
}

void App::start_security(std::vector<std::string>& problems) {
  std::vector<std::pair<std::string, const Authz*>> routes;
  for (const auto& route : routes_->list) routes.emplace_back(route.where, &route.authz);
  security_->start(config_, name_, database_url(), routes, problems);
}

Response App::error_response(int status, const std::string& message) const {
  if (error_key_.empty()) return Response::text(status, message + "\n");
  return Response(status, json{{error_key_, message}});
}

App& App::before(std::function<void(Request&)> hook) {
  before_.push_back(std::move(hook));
  return *this;
}

App& App::after(std::function<void(const Request&, Response&)> hook) {
  after_.push_back(std::move(hook));
  return *this;
}

App& App::on_init(std::function<void()> hook) {
  init_.push_back(std::move(hook));
  return *this;
}

App& App::on_config(std::function<void()> hook) {
  on_config_.push_back(std::move(hook));
  return *this;
}

Response App::dispatch(Request& request, const detail::BlueprintHooks*& hooks) const {
  auto segments = detail::split_path(request.path());
  if (!segments) throw Error(400, "malformed path: " + request.path());

  // The most specific pattern that matches and has the method; else 404 or 405.
  const Routes::Route* best = nullptr;
  bool path_known = false;
  detail::Captures captures;
  // HEAD is answered as GET.
  std::string_view method = request.method() == "HEAD" ? "GET" : std::string_view(request.method());
  for (const auto& route : routes_->list) {
    if (!route.pattern.matches(*segments)) continue;
    path_known = true;
    // One or two methods per route: comparing them is cheaper than searching the set.
    if (std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end() &&
        (!best || route.pattern.specificity() > best->pattern.specificity())) {
      best = &route;
    }
  }
  if (!path_known) throw Error(404, "not found: " + request.path());
  if (!best) {
    std::set<std::string> allowed;  // every method of the patterns that match
    for (const auto& route : routes_->list) {
      if (route.pattern.matches(*segments))
        allowed.insert(route.methods.begin(), route.methods.end());
    }
    if (allowed.count("GET")) allowed.insert("HEAD");
    allowed.insert("OPTIONS");
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    if (request.method() == "OPTIONS") return Response(204).header("Allow", allow);
    return error_response(405, "method " + request.method() + " not allowed on " + request.path())
        .header("Allow", allow);
  }
  captures = best->pattern.capture(*segments);
  request.set_route(best->pattern.text());
  hooks = best->hooks.get();

  auto max_body = max_body_.get<std::size_t>();
  if (request.body().size() > max_body) {
    throw Error(413, "request body too large: " + std::to_string(request.body().size()) +
                         " bytes, the limit is " + std::to_string(max_body));
  }
  // Decoded now, since the param scheme reads USER and PASS; a malformed body is reported
  // after authentication and groups, as the Python course's stack does.
  std::optional<Error> bad_parameters;
  try {
    detail::decode_parameters(request, captures);
  } catch (const Error& e) {
    bad_parameters = e;
  }

  // The Python course's order: 401, 403 groups, 400 parameters, object permissions, hooks, handler.
  const Authz& authz = best->authz;
  if (authz.kind() == Authz::Kind::closed) throw Error(403, "route is closed");
  if (authz.kind() == Authz::Kind::todo) todo(authz.todo());
  if (authz.kind() == Authz::Kind::auth) {
    security_->authenticate(request, authz);
    security_->check_groups(request, authz);
    security_->check_scopes(request, authz);
  } else if (authz.kind() == Authz::Kind::open) {
    // As FlaskSimpleAuth's get_user(required=False): credentials sent are checked all the same.
    security_->authenticate_if_sent(request, authz);
  }
  if (bad_parameters) throw *bad_parameters;
  return best->handler(request, [&](Request& req) {
    if (authz.kind() == Authz::Kind::auth) security_->check_permissions(req, authz);
    for (const auto& hook : before_) hook(req);
    if (best->hooks) {
      for (const auto& hook : best->hooks->before) hook(req);
    }
  });
}

Response App::handle(Request& request) const {
  detail::RequestScope scope;
  Response response;
  auto where = [&] {
    return request.method() + " " + (request.route().empty() ? request.path() : request.route());
  };
  auto guarded = [&](auto&& step) {
    try {
      step();
    } catch (const Error& e) {
      response = error_response(e.status(), e.what());
      for (const auto& [name, value] : e.headers()) response.header(name, value);
    } catch (const DbError& e) {
      // The details (constraint names, SQL) are logged, not sent.
      detail::log_line("database error: " + where() + ": " + e.what());
      if (e.kind() == DbError::Kind::constraint) {
        response = error_response(409, "conflict with the data already stored");
      } else if (e.kind() == DbError::Kind::invalid) {
        response = error_response(400, "invalid data for the database");
      } else {
        response = error_response(500, "internal server error");
      }
    } catch (const std::exception& e) {
      // Logged for the developer; the client never sees what() (it may hold internals).
      detail::log_line("error: " + where() + ": exception: " + e.what());
      response = error_response(500, "internal server error");
    } catch (...) {
      detail::log_line("error: " + where() + ": exception of unknown type");
      response = error_response(500, "internal server error");
    }
  };
  const detail::BlueprintHooks* hooks = nullptr;
  guarded([&] { response = dispatch(request, hooks); });
  // A change of what the cache holds commits only once every instance sees it (or a 503).
  guarded([&] { security_->before_commit(response.status() < 400); });
  finish_transaction(response);
  security_->after_commit();
  if (hooks) {
    for (const auto& hook : hooks->after) guarded([&] { hook(request, response); });
  }
  for (const auto& hook : after_) guarded([&] { hook(request, response); });
  if (security_->dev()) {
    // FlaskSimpleAuth's FSA_MODE="dev" headers, for a developer, off by default. FSA-User is
    // on every response, "None (None)" without a user, as FSA 35.5 prints Python's None
    // (FlaskTester's test_hello reads it); FSA says "None (none)" once a route looked for a
    // user in vain, which no test reads and common does not tell apart.
    response.header("FSA-User", request.user().value_or("None") + " (" +
                                    (request.user() ? request.auth_scheme() : "None") + ")");
    response.header("FSA-Request", request.method() + " " + request.path());
    char delay[32];
    std::snprintf(
        delay, sizeof delay, "%.6f",
        std::chrono::duration<double>(std::chrono::steady_clock::now() - request.start()).count());
    response.header("FSA-Delay", delay);
  }

  if (access_log_.get<bool>()) {
    auto elapsed = std::chrono::steady_clock::now() - request.start();
    char line[64];
    std::snprintf(line, sizeof line, " %d %.3fms", response.status(),
                  std::chrono::duration<double, std::milli>(elapsed).count());
    // Also the audit trail: from where, who did what, with which status; the query string is
    // left out since it may carry a token or a password.
    detail::log_line(detail::client_address(request, detail::current_peer,
                                            trusted_proxy_.get_ref<const std::string&>()) +
                     " " + request.user().value_or("-") + " " + request.method() + " " +
                     request.path() + line);
  }
  return response;
}

}  // namespace web
