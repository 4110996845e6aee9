// demo/oauth.py: the current user's data, by the scopes of a JWT (authn="oauth").
#include "demo.hpp"

using web::json;

Oauth::Oauth(web::App& app) : web::Blueprint(app, "oauth") {
  // GET /oauth: one's data, for scope read
  get("/oauth", web::scope("read"), [this](web::Request& req) {
    return tuple(query("get_user_data", {{"login", *req.user()}}));
  });

  // PATCH /oauth (email): 204, for scope write
  patch("/oauth", web::scope("write"), {"email"}, [this](web::Request& req, std::string email) {
    query("upd_user_email", {{"login", *req.user()}, {"email", email}});
  });

  // DELETE /oauth: unregister, 204, for scope delete
  del("/oauth", web::scope("delete"), [this](web::Request& req) {
    query("del_user_login", {{"login", *req.user()}});
    clear_caches();
  });
}
