// Lab 07, starter: the stuff blueprint, still empty.
#include "stuff.hpp"

Stuff::Stuff(web::App& app) : web::Blueprint(app, "stuff") {
  // Lab 07: move here the stuff routes, mounted at /stuff (so GET /stuff/<sid> is get("/<sid>",
  // ...) here), from app.cpp.
}
