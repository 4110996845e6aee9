// The server that run_test.cpp starts as a child process: App::run's contract (flags, the ready
// line, signals, exit codes) on an app of its own, so that common's tests need no lab.
#include <map>
#include <string>

#include <web/app.hpp>

int main(int argc, char** argv) {
  web::App app("kiva");
  std::map<std::string, std::string> store;  // filled before listening, read-only after
  app.on_init([&] { store = {{"calvin", "tiger"}, {"hobbes", "tiger"}, {"susie", "girl"}}; });
  app.get("/version", web::OPEN, [&] { return web::json{{"app", app.name()}}; });
  app.get("/store", web::OPEN, [&] { return web::json(store); });
  // Declared once the config is known, as an app choosing what to mount from it would.
  app.on_config(
      [&] { app.get("/mode", web::OPEN, [&] { return app.config().get<std::string>("mode"); }); });
  return app.run(argc, argv);
}
