// FlaskSimpleAuth 35.5's demo app (its demo/*.py) ported to common, to be run under the demo's
// own pytest suite (demo/test_demo.py, see ../README.md): one blueprint per file of the Python
// demo, with the same routes, parameters, authorizations and answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <web/app.hpp>
#include <web/blueprint.hpp>
#include <web/model.hpp>

// The Python demo returns its rows as tuples, which its tests read by position (`t[1]`): a row
// becomes a JSON array of its columns, in the SELECT's order.
web::json tuple(const web::json& row);
web::json tuples(const web::json& rows);

// demo/model.py: a user as the Auth table holds it (aid is empty on POST).
struct AuthUser {
  std::string login, email, upass;
  bool admin = false;
  std::string secret;
  std::optional<std::int64_t> aid;
  static void model(web::Model<AuthUser>& m) {
    m.field("login", &AuthUser::login);
    m.field("email", &AuthUser::email);
    m.field("upass", &AuthUser::upass);
    m.field("admin", &AuthUser::admin);
    m.field("secret", &AuthUser::secret);
    m.field("aid", &AuthUser::aid);
  }
};

// demo/stuff.py: stuff, for any authenticated user.
class Stuff : public web::Blueprint {
 public:
  explicit Stuff(web::App& app);
};

// demo/users.py: users, managed by admins.
class Users : public web::Blueprint {
 public:
  explicit Users(web::App& app);
};

// demo/authb.py: users again, as a model (the Python demo's pydantic dataclass).
class AuthB : public web::Blueprint {
 public:
  explicit AuthB(web::App& app);
};

// demo/scare.py: self-care, relative to the current user.
class Scare : public web::Blueprint {
 public:
  explicit Scare(web::App& app);
};

// demo/types_path.py: parameter types, mounted under /types.
class Types : public web::Blueprint {
 public:
  explicit Types(web::App& app);
};

// demo/oauth.py: OAuth 2 scopes of a JWT, mounted with JWTs only.
class Oauth : public web::Blueprint {
 public:
  explicit Oauth(web::App& app);
};

// demo/mfa.py: a second factor, mounted under /mfa with FSA tokens only (PostgreSQL only).
class Mfa : public web::Blueprint {
 public:
  explicit Mfa(web::App& app);
};

// demo/app.py and demo/auth.py: the open routes, the authentication hooks, the blueprints.
class Demo : public web::App {
 public:
  Demo();

 private:
  bool is_admin(const std::string& login);

  Stuff stuff_{*this};
  Users users_{*this};
  AuthB authb_{*this};
  Scare scare_{*this};
  Types types_{*this};
  Oauth oauth_{*this};
  Mfa mfa_{*this};
};
