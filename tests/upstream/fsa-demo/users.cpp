// demo/users.py: users, managed by admins; a user may read and delete their own data. Every
// change clears the security caches (the Python demo uncaches each login and email it touched).
#include "demo.hpp"

using web::json;

Users::Users(web::App& app) : web::Blueprint(app, "users") {
  // GET /users: every user, as [login, email, upass, admin]
  get("/users", web::group("ADMIN"), [this] { return tuples(query("get_user_all")); });

  // GET /users/<login>: one user; 404
  get("/users/<login>", web::perm("users", "login", "read"), [this](std::string login) {
    return tuple(web::found(query("get_user_data", {{"login", login}}), "login", login));
  });

  // POST /users (login, email, pass, secret, admin?): 201 and the new aid
  post("/users", web::group("ADMIN"), {"login", "email", "pass", "secret", "admin"},
       [this](std::string login, std::string email, std::string pass, std::string secret,
              std::optional<bool> admin) {
         json aid = query("add_user", {{"login", login},
                                       {"email", email},
                                       {"upass", hash_password(pass)},
                                       {"admin", admin.value_or(false)},
                                       {"secret", secret}});
         clear_caches();
         return web::reply(201, aid);
       });

  // PATCH /users/<login> (email?, pass?, admin?, secret?): 204
  patch("/users/<login>", web::group("ADMIN"), {"login", "email", "pass", "admin", "secret"},
        [this](std::string login, std::optional<std::string> email, std::optional<std::string> pass,
               std::optional<bool> admin, std::optional<std::string> secret) {
          if (pass) query("upd_user_password", {{"login", login}, {"upass", hash_password(*pass)}});
          if (email) query("upd_user_email", {{"login", login}, {"email", *email}});
          if (admin) query("upd_user_admin", {{"login", login}, {"admin", *admin}});
          if (secret) query("upd_user_secret", {{"login", login}, {"secret", *secret}});
          clear_caches();
        });

  // DELETE /users/<login>: 204; 404
  del("/users/<login>", web::perm("users", "login", "delete"), [this](std::string login) {
    web::found(query("del_user_login", {{"login", login}}), "login", login);
    clear_caches();
  });
}
