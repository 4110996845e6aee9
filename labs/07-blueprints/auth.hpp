// The auth blueprint: the AAA routes (/register, /login, /whoami, /qui-suis-je, /hello, /admin),
// and maybe the security hooks.
#pragma once

#include <web/blueprint.hpp>

class Auth : public web::Blueprint {
 public:
  explicit Auth(web::App& app);
};
