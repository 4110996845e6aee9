// Lab 07, starter: the things blueprint, still empty.
#include "things.hpp"

Things::Things(web::App& app) : web::Blueprint(app, "things") {
  // Lab 07: move here the owners and things routes (/owners..., /things..., /stats), from app.cpp.
}
