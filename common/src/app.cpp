#include "web/app.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "log.hpp"
#include "request_decoding.hpp"
#include "request_scope.hpp"
#include "router.hpp"

namespace web {

struct App::Routes {
  struct Route {
    detail::Pattern pattern;
    std::set<std::string> methods;
    Authz authz;
    Handler handler;
  };
  std::vector<Route> list;
};

App::App(std::string name) : name_(std::move(name)), routes_(std::make_unique<Routes>()) {}
App::~App() = default;

void App::add_route(const Methods& methods, const std::string& path, Authz authz, Handler handler) {
  detail::Pattern pattern(path);
  std::set<std::string> method_set(methods.begin(), methods.end());
  for (const auto& route : routes_->list) {
    if (!route.pattern.same_shape(pattern)) continue;
    for (const auto& m : method_set) {
      if (route.methods.count(m)) {
        throw std::logic_error("route " + m + " " + path + " is declared twice (as " +
                               route.pattern.text() + ")");
      }
    }
  }
  routes_->list.push_back({std::move(pattern), std::move(method_set), authz, std::move(handler)});
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

Response App::dispatch(Request& request) const {
  auto segments = detail::split_path(request.path());
  if (!segments) throw Error(400, "malformed path: " + request.path());

  // The most specific pattern that matches and has the method; else 404 or 405.
  const Routes::Route* best = nullptr;
  bool path_known = false;
  detail::Captures captures;
  const std::string& method = request.method() == "HEAD" ? "GET" : request.method();
  for (const auto& route : routes_->list) {
    auto matched = route.pattern.match(*segments);
    if (!matched) continue;
    path_known = true;
    if (route.methods.count(method) &&
        (!best || route.pattern.specificity() > best->pattern.specificity())) {
      best = &route;
      captures = std::move(*matched);
    }
  }
  if (!path_known) throw Error(404, "not found: " + request.path());
  if (!best) {
    std::set<std::string> allowed;  // every method of the patterns that match
    for (const auto& route : routes_->list) {
      if (route.pattern.match(*segments))
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
  request.set_route(best->pattern.text());

  auto max_body = config_.get<std::size_t>("max_body");
  if (request.body().size() > max_body) {
    throw Error(413, "request body too large: " + std::to_string(request.body().size()) +
                         " bytes, the limit is " + std::to_string(max_body));
  }
  detail::decode_parameters(request, captures);

  if (best->authz.kind() == Authz::Kind::closed) throw Error(403, "route is closed");
  for (const auto& hook : before_) hook(request);
  return best->handler(request);
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
  guarded([&] { response = dispatch(request); });
  finish_transaction(response);
  for (const auto& hook : after_) guarded([&] { hook(request, response); });

  if (config_.get<bool>("access_log")) {
    auto elapsed = std::chrono::steady_clock::now() - request.start();
    char line[64];
    std::snprintf(line, sizeof line, " %d %.3fms", response.status(),
                  std::chrono::duration<double, std::milli>(elapsed).count());
    detail::log_line(request.method() + " " + request.path() + line);
  }
  return response;
}

}  // namespace web
