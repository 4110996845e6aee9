// Lab 08 (deployment): lab 07's reference solution, unchanged: the app loads its queries and
// mounts its blueprints; its only own route is /version, the deployment's health check.
#include "app.hpp"

using web::json, web::OPEN;

StuffApp::StuffApp() : web::App("stuff") {
  queries("queries.sql");
  on_init([this] { init_database(); });

  // Each blueprint under its prefix, counting its calls in a before hook of its own.
  mount("", auth_.before(counter("auth")));
  mount("", users_.before(counter("users")));
  mount("/stuff", stuff_.before(counter("stuff")));
  mount("", things_.before(counter("things")));
  mount("/cmp", cmp_.before(counter("cmp")));

  // GET /version: the app, the database's time (read through a table: the health check fails
  // when the tables cannot be read), and who asks: null, or the user whose credentials the
  // request carries (checked: a wrong password is a 401)
  get("/version", OPEN, [this](web::Request& req) {
    return json{{"app", name()}, {"now", query("now")}, {"user", req.user()}};
  });
}

std::function<void(web::Request&)> StuffApp::counter(const std::string& blueprint) {
  calls_[blueprint] = 0;
  return [this, blueprint](web::Request&) {
    std::lock_guard lock(calls_mutex_);
    ++calls_[blueprint];
  };
}

json StuffApp::calls() const {
  std::lock_guard lock(calls_mutex_);
  return calls_;
}
