// Lab 08 (deployment): lab 07's reference solution, unchanged: the app loads its queries and
// mounts its blueprints; its only own route is /version, the deployment's health check.
#include "app.hpp"

using web::json, web::OPEN;

StuffApp::StuffApp() : web::App("stuff") {
  queries("queries.sql");
  on_init([this] { init_database(); });

  // Each blueprint under its prefix, counting its calls in a before hook of its own.
  mount("", auth_.before(counter(auth_)));
  mount("", users_.before(counter(users_)));
  mount("/stuff", stuff_.before(counter(stuff_)));
  mount("", things_.before(counter(things_)));
  mount("/cmp", cmp_.before(counter(cmp_)));

  // GET /version: the app, the database's time (read through a table: the health check fails
  // when the tables cannot be read), and who asks: null, or the user whose credentials the
  // request carries (checked: a wrong password is a 401)
  get("/version", OPEN, [this](web::Request& req) {
    return json{{"app", name()}, {"now", query("now")}, {"user", req.user()}};
  });
}

std::function<void(web::Request&)> StuffApp::counter(const web::Blueprint& blueprint) {
  calls_[blueprint.name()] = 0;  // listed from the start
  return [this, name = blueprint.name()](web::Request&) {
    std::lock_guard lock(calls_mutex_);
    ++calls_[name];
  };
}

json StuffApp::calls() const {
  std::lock_guard lock(calls_mutex_);
  return calls_;
}
