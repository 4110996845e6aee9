// demo/scare.py: self-care, relative to the current user (not quite REST, as the Python says).
#include <web/password.hpp>

#include "demo.hpp"

using web::json, web::OPEN, web::AUTH;

Scare::Scare(web::App& app) : web::Blueprint(app, "scare") {
  // GET /scare: one's data, as [login, email, upass, admin]
  get("/scare", AUTH, [this](web::Request& req) {
    return tuple(query("get_user_data", {{"login", *req.user()}}));
  });

  // GET /scare/token: a token, for a password
  get("/scare/token", AUTH.scheme("basic"),
      [this](web::Request& req) { return create_token(*req.user()); });

  // GET /scare/token2 (code): a token, for a password and the code "<login>:42"; 400
  get("/scare/token2", AUTH.scheme("basic"), {"code"}, [this](web::Request& req, std::string code) {
    if (code != *req.user() + ":42")
      throw web::Error(400, "invalid validation code for " + *req.user());
    return create_token(*req.user());
  });

  // POST /scare (login, email, pass, secret): register, 201 and the new aid
  post("/scare", OPEN, {"login", "email", "pass", "secret"},
       [this](std::string login, std::string email, std::string pass, std::string secret) {
         json aid = query("add_user", {{"login", login},
                                       {"email", email},
                                       {"upass", hash_password(pass)},
                                       {"admin", false},
                                       {"secret", secret}});
         clear_caches();
         return web::reply(201, aid);
       });

  // PATCH /scare (opass, npass): change one's password, 204; 403 if opass is not it
  patch("/scare", AUTH, {"opass", "npass"},
        [this](web::Request& req, std::string opass, std::string npass) {
          json user = query("get_user_data", {{"login", *req.user()}});
          if (!web::verify_password(opass, user["upass"].get<std::string>()))
            throw web::Error(403, "invalid password provided");
          query("upd_user_password", {{"login", *req.user()}, {"upass", hash_password(npass)}});
          clear_caches();
        });

  // DELETE /scare: unregister, 204
  del("/scare", AUTH, [this](web::Request& req) {
    query("del_user_login", {{"login", *req.user()}});
    clear_caches();
  });
}
