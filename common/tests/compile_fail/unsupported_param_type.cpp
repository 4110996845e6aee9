// expect: a parameter's type is one of: std::string, bool, a number
// req.param<T> with a type that is not a parameter type: the same one message.
#include <web/app.hpp>

int main() {
  web::App app("types");
  app.get("/x", web::OPEN, [](web::Request& req) { return *req.param<const char*>("x"); });
}
