// starter: // The compute blueprint of the Python course's chapter, mounted at /cmp: a model of a blueprint
// starter: // in its own .hpp/.cpp pair. Its name, "cmp", is its key in GET /cmp/stats.
// begin solution
// The compute blueprint of the Python course's chapter, mounted at /cmp: no database, the
// app's password hashing, and the calls the app counted per blueprint.
// end solution
#pragma once

#include <web/blueprint.hpp>

// begin solution
class StuffApp;

// end solution
class Cmp : public web::Blueprint {
 public:
  // starter: explicit Cmp(web::App& app);
  // begin solution
  explicit Cmp(StuffApp& app);
  // end solution
};
