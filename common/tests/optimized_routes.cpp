// Compiled at -O2 with warnings as errors (see CMakeLists.txt): routes whose argument types
// once made GCC 12 warn in common's headers when optimizing (a release build of a lab).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <web/app.hpp>

void declare_optimized_routes(web::App& app) {
  app.get("/flags", web::OPEN, {"a", "b"}, [](std::optional<bool> a, std::optional<bool> b) {
    return web::json{{"a", a.value_or(false)}, {"b", b.value_or(true)}};
  });
  app.get("/numbers", web::OPEN, {"n", "x", "v"},
          [](std::optional<std::int64_t> n, std::optional<double> x, std::vector<std::int64_t> v) {
            return web::json{{"n", n.value_or(0)}, {"x", x.value_or(0.0)}, {"v", v}};
          });
  app.get("/text", web::OPEN, {"s"},
          [](std::optional<std::string> s) { return "hello " + s.value_or("world"); });
  // Numbers of every width, rules, headers and cookies, files.
  app.get(
      "/small", web::OPEN,
      {{"n", web::minimum(1)}, web::header("X-Depth", web::maximum(9)), web::cookie("c")},
      [](std::optional<int> n, std::optional<std::uint8_t> depth, std::optional<float> c) {
        return web::json{{"n", n.value_or(0)}, {"depth", depth.value_or(0)}, {"c", c.value_or(0)}};
      });
  app.post("/file", web::OPEN, {"f", {"flag", web::rule("must be true", [](bool b) { return b; })}},
           [](std::optional<web::File> f, std::optional<bool> flag) {
             return web::json{{"size", f ? f->bytes.size() : 0}, {"flag", flag.value_or(false)}};
           });
}
