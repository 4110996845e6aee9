// The server that run_test.cpp starts to see how declaration mistakes are reported: one of each
// mistake a student makes, which App::run must report at once, one line each, with exit code 2.
#include <cstdint>
#include <string>

#include <web/app.hpp>
#include <web/blueprint.hpp>

int main(int argc, char** argv) {
  web::App app("bad");
  // A name that is not the path's.
  app.get("/stuff/<sid>", web::OPEN, {"id"}, [](std::int64_t id) { return id; });
  // More names than arguments.
  app.get("/add/<i>", web::OPEN, {"i", "j"}, [](std::int64_t i) { return i; });
  // A group without its group_check, a route needing authentication without get_user_pass.
  app.get("/admin", web::group("ADMIN"), [] { return "hello"; });
  // A rule on numbers for a string.
  app.post("/things", web::OPEN, {{"tname", web::minimum(0)}},
           [](std::string tname) { return tname; });
  // A route a blueprint declares again, in another file.
  web::Blueprint cmp(app, "cmp");
  cmp.get("/add/<n>", web::OPEN, [](std::int64_t n) { return n; });
  app.mount("", cmp);
  return app.run(argc, argv);
}
