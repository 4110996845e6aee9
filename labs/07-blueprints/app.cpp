// Lab 07 (blueprints), starter: lab 06's reference solution, every route still here. Move them
// into blueprints of your own, one .hpp/.cpp pair each, until only /version is left here.
#include "app.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::AUTH, web::Error, web::found;

StuffApp::StuffApp() : web::App("stuff") {
  queries("queries.sql");
  on_init([this] { init_database(); });
  security();

  // The compute blueprint under its prefix: its "/add" is /cmp/add.
  mount("/cmp", cmp_);

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

  // GET /whoami: the user, authenticated by a password or a token
  get("/whoami", AUTH, [](web::Request& req) { return *req.user(); });

  // GET /qui-suis-je: the user, authenticated by a token only
  get("/qui-suis-je", AUTH.scheme("token"), [](web::Request& req) { return *req.user(); });

  // GET /hello: any authenticated user
  get("/hello", AUTH, [](web::Request& req) { return "hello " + *req.user() + "!"; });

  // GET /admin: admins only
  get("/admin", web::group("ADMIN"),
      [](web::Request& req) { return "hello admin " + *req.user() + "!"; });

  // GET /owned: every owned object, for admins
  get("/owned", web::group("ADMIN"), [this] { return query("get_owned"); });

  // GET /owned/<uid>: a user's objects, for that user only
  get("/owned/<uid>", web::perm("user", "uid", "read"), [this](std::int64_t uid) {
    return query("get_owned_uid", {{"uid", uid}});
  });

  // GET /object/<oid>: an object, for its owner only
  get("/object/<oid>", web::perm("owned", "oid", "read"), [this](std::int64_t oid) {
    return query("get_object_oid", {{"oid", oid}});
  });

  // GET /version: the app, the database's time, and who asks: null, or the user whose
  // credentials the request carries (checked: a wrong password is a 401)
  get("/version", OPEN, [this](web::Request& req) {
    return json{{"app", name()}, {"now", query("now")}, {"user", req.user()}};
  });

  // GET /stuff: all stuff by sid, or those LIKE filter
  get("/stuff", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    if (!filter) return query("get_stuff_all");
    return query("get_stuff_like", {{"filter", *filter}});
  });

  // GET /stuff/<sid>: one stuff; 404
  get("/stuff/<sid>", OPEN, [this](std::int64_t sid) {
    return found(query("get_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });

  // POST /stuff: 201 and the new sid; 409 if it exists
  post("/stuff", AUTH, {"stuff"}, [this](std::string stuff) {
    return web::reply(201, {{"sid", query("add_stuff", {{"stuff", stuff}})}});
  });

  // PUT or PATCH /stuff/<sid>: rename it; 404; 409 if the new name exists
  route({"PUT", "PATCH"}, "/stuff/<sid>", AUTH, {"sid", "stuff"},
        [this](std::int64_t sid, std::string stuff) {
          found(query("upd_stuff_sid", {{"sid", sid}, {"stuff", stuff}}), "stuff", sid);
        });

  // DELETE /stuff/<sid>: 204; 404
  del("/stuff/<sid>", AUTH, [this](std::int64_t sid) {
    found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });

  // POST /users-mgt: a new user from the model u, its password hashed; 201 and its id; 409
  post("/users-mgt", web::group("ADMIN"), {"u"}, [this](User u) {
    return web::reply(201, query("add_user", {{"login", u.login},
                                              {"pword", hash_password(u.password)},
                                              {"isadmin", u.isAdmin}}));
  });

  // GET /owners: every owner by oid
  get("/owners", OPEN, [this] { return query("get_owners_all"); });

  // GET /owners/<oid>: one owner; 404
  get("/owners/<oid>", OPEN, [this](std::int64_t oid) { return owner(oid); });

  // GET /owners/<oid>/things: that owner's things by tid; 404 if there is no such owner
  get("/owners/<oid>/things", OPEN, [this](std::int64_t oid) {
    owner(oid);
    return query("get_things_oid", {{"oid", oid}});
  });

  // POST /owners: 201 and the new oid; 409 if the name exists
  post("/owners", AUTH, {"oname", "omail"}, [this](std::string oname, std::string omail) {
    return web::reply(201, {{"oid", query("add_owner", {{"oname", oname}, {"omail", omail}})}});
  });

  // DELETE /owners/<oid>: 204; 404; 409 while it owns things (the foreign key)
  del("/owners/<oid>", AUTH, [this](std::int64_t oid) {
    found(query("del_owner_oid", {{"oid", oid}}), "owner", oid);
  });

  // GET /things: every thing by tid with its owner's name, or those costing at most max_price
  get("/things", OPEN, {"max_price"}, [this](std::optional<double> max_price) {
    if (!max_price) return query("get_things_all");
    return query("get_things_max_price", {{"max_price", *max_price}});
  });

  // GET /things/<tid>: one thing with its owner's name; 404
  get("/things/<tid>", OPEN, [this](std::int64_t tid) {
    return found(query("get_thing_tid", {{"tid", tid}}), "thing", tid);
  });

  // POST /things: 201 and the new tid; 400 if the price is negative; 404 if no such owner
  post("/things", AUTH, {"tname", "oid", {"tprice", web::minimum(0)}},
       [this](std::string tname, std::int64_t oid, double tprice) {
         owner(oid);
         return web::reply(
             201,
             {{"tid", query("add_thing", {{"tname", tname}, {"oid", oid}, {"tprice", tprice}})}});
       });

  // PATCH /things/<tid>: a new name, a new price or both; 400 if neither; 404
  patch("/things/<tid>", AUTH, {"tid", "tname", {"tprice", web::minimum(0)}},
        [this](std::int64_t tid, std::optional<std::string> tname, std::optional<double> tprice) {
          if (!tname && !tprice) throw Error(400, "give tname, tprice or both");
          found(query("upd_thing_tid", {{"tid", tid}, {"tname", tname}, {"tprice", tprice}}),
                "thing", tid);
        });

  // DELETE /things/<tid>: 204; 404
  del("/things/<tid>", AUTH, [this](std::int64_t tid) {
    found(query("del_thing_tid", {{"tid", tid}}), "thing", tid);
  });

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [this] { return query("get_stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  del("/things", web::group("ADMIN"), [this] { query("del_things_all"); });
}

void StuffApp::security() {
  // The bcrypt hash of a login, or std::nullopt (a JSON null) when there is no such user.
  get_user_pass([this](const std::string& login) {
    return query("get_user_pass", {{"login", login}}).get<std::optional<std::string>>();
  });
  group_check("ADMIN", [this](const std::string& login) {
    return query("is_admin", {{"login", login}}) == 1;
  });
  // The user uid: only that user.
  object_perms(
      "user",
      [this](const std::string& login, const json& uid, const std::string&) -> std::optional<bool> {
        json user = query("get_login_uid", {{"uid", uid}});
        if (user.is_null()) return std::nullopt;
        return user == login;
      });
  // An owned object: only its owner.
  object_perms(
      "owned",
      [this](const std::string& login, const json& oid, const std::string&) -> std::optional<bool> {
        json owner = query("get_owner_login_oid", {{"oid", oid}});
        if (owner.is_null()) return std::nullopt;
        return owner == login;
      });
}

json StuffApp::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
