// Adversary (selftest): not a web::App, a bare socket server (see app.cpp).
#pragma once

class Kiva {
 public:
  int run(int argc, char** argv);
};
