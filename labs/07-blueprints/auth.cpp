// Lab 07, starter: the auth blueprint, still empty.
#include "auth.hpp"

Auth::Auth(web::App& app) : web::Blueprint(app, "auth") {
  // Lab 07: move here the AAA routes (/register, /login, /whoami, /qui-suis-je, /hello, /admin),
  // and maybe the security hooks, from app.cpp.
}
