// Lab 06 (AAA), starter: lab 05's stuff app, done, and what lab 06 adds, each a web::todo
// (a 501 naming it): the security hooks in security(), the new routes, and who may call each of
// lab 05's writes (web::todo_authz until you declare it). Their SQL goes in queries.sql.
#include "app.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::AUTH, web::Error, web::found;

StuffApp::StuffApp() : web::App("stuff") {
  // Provided: the app's queries, loaded and checked at start-up; with --init, the tables and
  // the initial data (drop.sql, create.sql, data.sql of the database's engine).
  queries("queries.sql");
  on_init([this] { init_database(); });
  security();

  // The new routes: who may call each one is declared; write what it does.

  // POST /register: anyone may create an account, without admin rights; 400 bad login or weak
  // password (a login with ':' could neither log in with Basic nor hold a token); 409
  post("/register", OPEN, [] { web::todo("lab 06: POST /register"); });

  // GET /login: a token for the user, who proves who they are with a password
  get("/login", AUTH.scheme("basic"), [] { web::todo("lab 06: GET /login"); });

  // GET /whoami: the user, authenticated by a password or a token
  get("/whoami", AUTH, [] { web::todo("lab 06: GET /whoami"); });

  // GET /qui-suis-je: the user, authenticated by a token only
  get("/qui-suis-je", AUTH.scheme("token"), [] { web::todo("lab 06: GET /qui-suis-je"); });

  // GET /hello: any authenticated user
  get("/hello", AUTH, [] { web::todo("lab 06: GET /hello"); });

  // GET /admin: admins only
  get("/admin", web::group("ADMIN"), [] { web::todo("lab 06: GET /admin"); });

  // GET /owned: every owned object, for admins
  get("/owned", web::group("ADMIN"), [] { web::todo("lab 06: GET /owned"); });

  // GET /owned/<uid>: a user's objects, for that user only
  get("/owned/<uid>", web::perm("user", "uid", "read"),
      [] { web::todo("lab 06: GET /owned/<uid>"); });

  // GET /object/<oid>: an object, for its owner only
  get("/object/<oid>", web::perm("owned", "oid", "read"),
      [] { web::todo("lab 06: GET /object/<oid>"); });

  // Lab 05's routes, done. Reads stay OPEN; who may call each write is yours to declare.

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
  post("/stuff", web::todo_authz("lab 06: who may POST /stuff"), {"stuff"},
       [this](std::string stuff) {
         return web::reply(201, {{"sid", query("add_stuff", {{"stuff", stuff}})}});
       });

  // PUT or PATCH /stuff/<sid>: rename it; 404; 409 if the new name exists
  route({"PUT", "PATCH"}, "/stuff/<sid>",
        web::todo_authz("lab 06: who may PUT or PATCH /stuff/<sid>"), {"sid", "stuff"},
        [this](std::int64_t sid, std::string stuff) {
          found(query("upd_stuff_sid", {{"sid", sid}, {"stuff", stuff}}), "stuff", sid);
        });

  // DELETE /stuff/<sid>: 204; 404
  del("/stuff/<sid>", web::todo_authz("lab 06: who may DELETE /stuff/<sid>"),
      [this](std::int64_t sid) {
        found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
      });

  // POST /users-mgt: a new user from the model u, its password hashed; 201 and its id; 409
  post("/users-mgt", web::todo_authz("lab 06: who may POST /users-mgt"), {"u"}, [this](User u) {
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
  post(
      "/owners", web::todo_authz("lab 06: who may POST /owners"), {"oname", "omail"},
      [this](std::string oname, std::string omail) {
        return web::reply(201, {{"oid", query("add_owner", {{"oname", oname}, {"omail", omail}})}});
      });

  // DELETE /owners/<oid>: 204; 404; 409 while it owns things (the foreign key)
  del("/owners/<oid>", web::todo_authz("lab 06: who may DELETE /owners/<oid>"),
      [this](std::int64_t oid) {
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
  post("/things", web::todo_authz("lab 06: who may POST /things"),
       {"tname", "oid", {"tprice", web::minimum(0)}},
       [this](std::string tname, std::int64_t oid, double tprice) {
         owner(oid);
         return web::reply(
             201,
             {{"tid", query("add_thing", {{"tname", tname}, {"oid", oid}, {"tprice", tprice}})}});
       });

  // PATCH /things/<tid>: a new name, a new price or both; 400 if neither; 404
  patch("/things/<tid>", web::todo_authz("lab 06: who may PATCH /things/<tid>"),
        {"tid", "tname", {"tprice", web::minimum(0)}},
        [this](std::int64_t tid, std::optional<std::string> tname, std::optional<double> tprice) {
          if (!tname && !tprice) throw Error(400, "give tname, tprice or both");
          found(query("upd_thing_tid", {{"tid", tid}, {"tname", tname}, {"tprice", tprice}}),
                "thing", tid);
        });

  // DELETE /things/<tid>: 204; 404
  del("/things/<tid>", web::todo_authz("lab 06: who may DELETE /things/<tid>"),
      [this](std::int64_t tid) {
        found(query("del_thing_tid", {{"tid", tid}}), "thing", tid);
      });

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [this] { return query("get_stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  del("/things", web::todo_authz("lab 06: who may DELETE /things"),
      [this] { query("del_things_all"); });
}

// The security hooks. common calls them to check the authorization a route declares: the
// password of a login on every route that is not OPEN, a group on group("ADMIN"), the owner of
// an object on perm(...). Each answers 501 until you write it, with a query of queries.sql.
void StuffApp::security() {
  // The bcrypt hash of the password of a login, std::nullopt when there is no such user.
  get_user_pass([](const std::string&) -> std::optional<std::string> {
    web::todo("lab 06: get_user_pass, select the password hash of a login");
  });
  // Whether a login is an admin.
  group_check("ADMIN", [](const std::string&) -> bool {
    web::todo("lab 06: group_check(\"ADMIN\"), whether a login is an admin");
  });
  // The user uid: only that user. true, false, or std::nullopt when there is no such user (404).
  object_perms("user",
               [](const std::string&, const json&, const std::string&) -> std::optional<bool> {
                 web::todo("lab 06: object_perms(\"user\"), whether a login is the user uid");
               });
  // The owned object oid: only its owner. true, false, or std::nullopt when there is none (404).
  object_perms("owned",
               [](const std::string&, const json&, const std::string&) -> std::optional<bool> {
                 web::todo("lab 06: object_perms(\"owned\"), whether a login owns the object oid");
               });
}

json StuffApp::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
