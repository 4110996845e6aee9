// Lab 07, starter: the compute blueprint; its paths are relative to its prefix, /cmp. Who may
// call each route is still to declare (web::todo_authz), and what it does (web::todo).
#include "cmp.hpp"

Cmp::Cmp(web::App& app) : web::Blueprint(app, "cmp") {
  // GET /cmp/add: i + j (integers), for an authenticated user
  get("/add", web::todo_authz("lab 07: who may GET /cmp/add"),
      [] { web::todo("lab 07: GET /cmp/add"); });

  // GET /cmp/hash: a bcrypt hash of apass, made as the app hashes passwords; for a user
  get("/hash", web::todo_authz("lab 07: who may GET /cmp/hash"),
      [] { web::todo("lab 07: GET /cmp/hash"); });

  // GET /cmp/stats: the calls of each blueprint's routes, counted by before hooks; for admins
  get("/stats", web::todo_authz("lab 07: who may GET /cmp/stats"),
      [] { web::todo("lab 07: GET /cmp/stats"); });
}
