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
}
