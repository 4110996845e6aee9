// expect: a parameter's type is one of: std::string, bool, a number
// A handler argument of a type that is not a parameter type: one static_assert names the types.
#include <string_view>

#include <web/app.hpp>

int main() {
  web::App app("types");
  app.get("/stuff/<sid>", web::OPEN, [](std::string_view sid) { return sid.size(); });
}
