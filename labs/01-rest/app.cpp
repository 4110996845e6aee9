// Lab 01 (REST), starter: the key-value store of the course, kept in memory.
// Every route is declared; replace each web::todo(...) (a 501 answer) by the real handler,
// with its parameter names and typed arguments (see common/README.md, "Parameters").
#include "app.hpp"

using web::json, web::OPEN;

Kiva::Kiva() : web::App("kiva") {
  // Provided: the initial data, loaded when the server starts with --init.
  on_init([this] { store_ = {{"calvin", "hobbes"}, {"hobbes", "susie"}, {"susie", "derkins"}}; });

  // GET /version: which app answers (done, as an example)
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: every pair sorted by key, or those whose key is LIKE the optional filter
  // Hint: web::like(text, pattern) from <web/like.hpp> is SQL's LIKE ('%' and '_');
  // an std::optional<std::string> argument is std::nullopt when the parameter is missing.
  get("/store", OPEN, [] { web::todo("lab 01: GET /store"); });

  // POST /store: add a pair (key and val non-empty), 201 with its Location; 400; 409 if the
  // key exists
  post("/store", OPEN, [] { web::todo("lab 01: POST /store"); });

  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, [] { web::todo("lab 01: GET /store/<key>"); });

  // PUT or PATCH /store/<key>: replace the value (non-empty), 204; 400; 404 if there is no
  // such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN,
        [] { web::todo("lab 01: PUT or PATCH /store/<key>"); });

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, [] { web::todo("lab 01: DELETE /store/<key>"); });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [] { web::todo("lab 01: DELETE /store"); });
}
