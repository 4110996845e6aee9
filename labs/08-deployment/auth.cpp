// The AAA routes of lab 06, as a blueprint mounted at the root, and lab 08's PATCH /password.
#include "auth.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::AUTH;

Auth::Auth(web::App& app) : web::Blueprint(app, "auth") {
  // The bcrypt hash of a login, or std::nullopt (a JSON null) when there is no such user.
  app.get_user_pass([this](const std::string& login) {
    return query("get_user_pass", {{"login", login}}).get<std::optional<std::string>>();
  });
  app.group_check("ADMIN", [this](const std::string& login) {
    return query("is_admin", {{"login", login}}) == 1;
  });
  // The user uid: only that user.
  app.object_perms(
      "user",
      [this](const std::string& login, const json& uid, const std::string&) -> std::optional<bool> {
        json user = query("get_login_uid", {{"uid", uid}});
        if (user.is_null()) return std::nullopt;
        return user == login;
      });
  // An owned object: only its owner.
  app.object_perms(
      "owned",
      [this](const std::string& login, const json& oid, const std::string&) -> std::optional<bool> {
        json owner = query("get_owner_login_oid", {{"oid", oid}});
        if (owner.is_null()) return std::nullopt;
        return owner == login;
      });

  // POST /register: anyone may create an account, without admin rights; 400 bad login or weak
  // password (a login with ':' could neither log in with Basic nor hold a token); 409
  post("/register", OPEN,
       {{"login", web::pattern("[^:]+", "must be non-empty, without ':'")},
        {"pword", web::min_length(4)}},
       [this](std::string login, std::string pword) {
         return web::reply(
             201, query("add_new_user", {{"login", login}, {"pword", hash_password(pword)}}));
       });

  // GET /login: a token for the user, who proves who they are with a password
  get("/login", AUTH.scheme("basic"),
      [this](web::Request& req) { return create_token(*req.user()); });

  // PATCH /password: the user's new password, proven by the old one (a stolen token may not
  // change it); 204; 400 weak password. clear_caches(): every instance sharing the cache
  // refuses the old password at once, not cache_ttl seconds later.
  patch("/password", AUTH.scheme("basic"), {{"pword", web::min_length(4)}},
        [this](web::Request& req, std::string pword) {
          query("set_user_pass", {{"login", *req.user()}, {"pword", hash_password(pword)}});
          clear_caches();
        });

  // GET /whoami: the user, authenticated by a password or a token
  get("/whoami", AUTH, [](web::Request& req) { return *req.user(); });

  // GET /qui-suis-je: the user, authenticated by a token only
  get("/qui-suis-je", AUTH.scheme("token"), [](web::Request& req) { return *req.user(); });

  // GET /hello: any authenticated user
  get("/hello", AUTH, [](web::Request& req) { return "hello " + *req.user() + "!"; });

  // GET /admin: admins only
  get("/admin", web::group("ADMIN"),
      [](web::Request& req) { return "hello admin " + *req.user() + "!"; });
}
