// starter: // Lab 04 (typed routes), starter: every route is declared; replace each web::todo(...) (a 501
// starter: // answer) by the real handler, with its parameter names and typed arguments (see
// starter: // common/README.md, "Parameters").
// begin solution
// Lab 04 (typed routes), reference solution: the parameters' types are declared by the
// handlers' arguments, and common checks them before any handler runs.
// end solution
#include "app.hpp"
// begin solution

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <vector>
// end solution

using web::json, web::OPEN;

// begin solution
namespace {

// Every integer up to 2^53 is exactly a double: beyond it, a sum stays a double.
constexpr double exact_integers = 0x1p53;

}  // namespace

// end solution
RoutesApp::RoutesApp() : web::App("routes") {
  // slide: routes-after-hook
  // starter: // GET /version: which app answers (done, as an example)
  // begin solution
  // Every response, errors included, counted by status class just before it is sent.
  after([this](const web::Request&, web::Response& res) { ++responses_[res.status() / 100]; });
  // end slide

  // GET /version: which app answers
  // end solution
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // slide: routes-users-name
  // POST /users/<name>: 201, a greeting
  // starter: post("/users/<name>", OPEN, [] { web::todo("lab 04: POST /users/<name>"); });
  // begin solution
  post("/users/<name>", OPEN, [](std::string name) {
    return web::reply(201, {{"name", name}, {"msg", "hello " + name + "!"}});
  });
  // end solution
  // end slide

  // slide: routes-add
  // GET /add/<i>: i + j + k, three integers, k 0 when it is missing; 400 naming a bad one
  // starter: get("/add/<i>", OPEN, [] { web::todo("lab 04: GET /add/<i>"); });
  // begin solution
  get("/add/<i>", OPEN, {"i", "j", "k"},
      [](std::int64_t i, std::int64_t j, std::optional<std::int64_t> k) {
        return i + j + k.value_or(0);
      });
  // end solution
  // end slide

  // slide: routes-msg
  // GET /msg/<path:p>: a greeting to the rest of the path, slashes included
  // starter: get("/msg/<path:p>", OPEN, [] { web::todo("lab 04: GET /msg/<path:p>"); });
  // begin solution
  get("/msg/<path:p>", OPEN, [](std::string p) { return "hello " + p + "!"; });
  // end solution
  // end slide

  // GET /sum: the sum of the numbers n, an integer when they all are whole; 400 naming n
  // starter: // Hint: a std::vector<double> argument reads ?n=1&n=2 and a JSON array {"n": [1, 2]}.
  // starter: get("/sum", OPEN, [] { web::todo("lab 04: GET /sum"); });
  // begin solution
  get("/sum", OPEN, {"n"}, [](std::vector<double> n) {
    double sum = std::accumulate(n.begin(), n.end(), 0.0);
    bool whole = std::all_of(n.begin(), n.end(), [](double x) { return x == std::trunc(x); });
    return whole && std::abs(sum) <= exact_integers ? json(static_cast<std::int64_t>(sum))
                                                    : json(sum);
  });
  // end solution

  // GET /stats/requests: the responses sent before this one, by status class
  // starter: // Hint: count every response, errors included, in an after() hook.
  // starter: get("/stats/requests", OPEN, [] { web::todo("lab 04: GET /stats/requests"); });
  // begin solution
  get("/stats/requests", OPEN, [this] {
    return json{{"2xx", responses_[2].load()},
                {"4xx", responses_[4].load()},
                {"5xx", responses_[5].load()}};
  });
  // end solution
}
