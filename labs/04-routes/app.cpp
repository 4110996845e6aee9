// Lab 04 (typed routes), starter: every route is declared; replace each web::todo(...) (a 501
// answer) by the real handler, with its parameter names and typed arguments (see
// common/README.md, "Parameters").
#include "app.hpp"

using web::json, web::OPEN;

RoutesApp::RoutesApp() : web::App("routes") {
  // GET /version: which app answers (done, as an example)
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // POST /users/<name>: 201, a greeting
  post("/users/<name>", OPEN, [] { web::todo("lab 04: POST /users/<name>"); });

  // GET /add/<i>: i + j + k, three integers, k 0 when it is missing; 400 naming a bad one
  get("/add/<i>", OPEN, [] { web::todo("lab 04: GET /add/<i>"); });

  // GET /msg/<path:p>: a greeting to the rest of the path, slashes included
  get("/msg/<path:p>", OPEN, [] { web::todo("lab 04: GET /msg/<path:p>"); });

  // GET /sum: the sum of the numbers n, an integer when they all are whole; 400 naming n
  // Hint: a std::vector<double> argument reads ?n=1&n=2 and a JSON array {"n": [1, 2]}.
  get("/sum", OPEN, [] { web::todo("lab 04: GET /sum"); });

  // GET /stats/requests: the responses sent before this one, by status class
  // Hint: count every response, errors included, in an after() hook.
  get("/stats/requests", OPEN, [] { web::todo("lab 04: GET /stats/requests"); });
}
