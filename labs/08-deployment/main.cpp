// Provided: the server's entry point (flags, config, listening). Do not edit.
#include "app.hpp"

int main(int argc, char** argv) {
  return StuffApp().run(argc, argv);
}
