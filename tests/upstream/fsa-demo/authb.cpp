// demo/authb.py: users as a model (the Python demo's pydantic dataclass User), for admins.
#include "demo.hpp"

using web::json;

AuthB::AuthB(web::App& app) : web::Blueprint(app, "auth") {
  // GET /auth: every user, as objects
  get("/auth", web::group("ADMIN"), [this] { return query("get_auth_all"); });

  // GET /auth/<login>: one user; 404
  get("/auth/<login>", web::group("ADMIN"), [this](std::string login) {
    return web::found(query("get_auth_login", {{"login", login}}), "login", login);
  });

  // POST /auth (user): 201 and {"aid": ...}
  post("/auth", web::group("ADMIN"), {"user"}, [this](AuthUser user) {
    user.upass = hash_password(user.upass);
    json aid = query("add_auth", {{"a", user}});
    clear_caches();
    return web::reply(201, {{"aid", aid}});
  });

  // PUT /auth/<aid> (user): 204; 400 if the aids differ; 404
  put("/auth/<aid>", web::group("ADMIN"), {"aid", "user"}, [this](std::int64_t aid, AuthUser user) {
    if (user.aid != aid) throw web::Error(400, "inconsistent aid");
    user.upass = hash_password(user.upass);
    web::found(query("get_auth_aid", {{"aid", aid}}), "aid", aid);
    query("change_auth", {{"a", user}});
    clear_caches();
  });

  // DELETE /auth/<login>: 204; 404
  del("/auth/<login>", web::group("ADMIN"), [this](std::string login) {
    web::found(query("del_user_login", {{"login", login}}), "login", login);
    clear_caches();
  });
}
