// Provided: the server's entry point (flags, config, listening). Do not edit.
#include "app.hpp"

int main(int argc, char** argv) {
  StuffApp app;
  // FlaskSimpleAuth's words for a failed login, which lab 06's tests expect: `no such user: L`,
  // `invalid password for L`. A deployed server says one thing for both (lab 08).
  app.config().set("login_detail", true);
  return app.run(argc, argv);
}
