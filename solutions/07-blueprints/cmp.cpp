// starter: // Lab 07, starter: the compute blueprint; its paths are relative to its prefix, /cmp. Who may
// starter: // call each route is still to declare (web::todo_authz), and what it does (web::todo).
// begin solution
// The compute routes, as a blueprint: its paths are relative to its prefix, /cmp.
// end solution
#include "cmp.hpp"

// starter: Cmp::Cmp(web::App& app) : web::Blueprint(app, "cmp") {
// starter:   // GET /cmp/add: i + j (integers), for an authenticated user
// starter:   get("/add", web::todo_authz("lab 07: who may GET /cmp/add"),
// starter:       [] { web::todo("lab 07: GET /cmp/add"); });
// starter:
// starter:   // GET /cmp/hash: a bcrypt hash of apass, made as the app hashes passwords; for a user
// starter:   get("/hash", web::todo_authz("lab 07: who may GET /cmp/hash"),
// starter:       [] { web::todo("lab 07: GET /cmp/hash"); });
// starter:
// starter:   // GET /cmp/stats: the calls of each blueprint's routes, counted by before hooks; for admins
// starter:   get("/stats", web::todo_authz("lab 07: who may GET /cmp/stats"),
// starter:       [] { web::todo("lab 07: GET /cmp/stats"); });
// begin solution
#include <cstdint>
#include <string>

#include "app.hpp"

using web::AUTH;

// slide: bp-cmp
// Every compute route needs a user: AUTH for the whole blueprint, besides each route's own.
Cmp::Cmp(StuffApp& app) : web::Blueprint(app, "cmp", AUTH) {
  // GET /cmp/add: i + j
  get("/add", AUTH, {"i", "j"}, [](std::int64_t i, std::int64_t j) { return i + j; });

  // GET /cmp/hash: a bcrypt hash of apass, made as the app hashes passwords
  get("/hash", AUTH, {"apass"}, [this](std::string apass) { return hash_password(apass); });

  // GET /cmp/stats: the calls of each blueprint's routes, for admins
  get("/stats", web::group("ADMIN"), [&app] { return app.calls(); });
  // end solution
}
// end slide
