// expect: query parameters are a JSON object: write query\("q", \{\{"sid", sid\}\}\) with double
// braces query(name, {"sid", sid}) builds the array ["sid", sid]: refused when compiled.
#include <cstdint>

#include <web/app.hpp>

class Stuff : public web::App {
 public:
  Stuff() : App("stuff") {
    get("/stuff/<sid>", web::OPEN, [this](std::int64_t sid) {
      return query("get_stuff_sid", {"sid", sid});
    });
  }
};

int main() {
  Stuff app;
}
