// starter: // Lab 06 (AAA), starter: lab 05's stuff app, done, and what lab 06 adds, each a web::todo
// starter: // (a 501 naming it): the security hooks in security(), the new routes, and who may call each of
// starter: // lab 05's writes (web::todo_authz until you declare it). Their SQL goes in queries.sql.
// begin solution
// starter 07: // Lab 07 (blueprints), starter: lab 06's reference solution, every route still here. Move them
// starter 07: // into blueprints of your own, one .hpp/.cpp pair each, until only /version is left here.
// begin solution 07
// Lab 06 (AAA), reference solution: who may call each route is declared with it; common checks
// it before the handler runs (401, 403, 400, 404 / 403, then the handler).
// end solution 07
// end solution
#include "app.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::AUTH, web::Error, web::found;

StuffApp::StuffApp() : web::App("stuff") {
  // starter: // Provided: the app's queries, loaded and checked at start-up; with --init, the tables and
  // starter: // the initial data (drop.sql, create.sql, data.sql of the database's engine).
  queries("queries.sql");
  on_init([this] { init_database(); });
  security();
  // starter 07:
  // starter 07: // The compute blueprint under its prefix: its "/add" is /cmp/add.
  // starter 07: mount("/cmp", cmp_);

  // slide: aaa-register
  // starter: // The new routes: who may call each one is declared; write what it does.
  // starter:
  // POST /register: anyone may create an account, without admin rights; 400 bad login or weak
  // password (a login with ':' could neither log in with Basic nor hold a token); 409
  // starter: post("/register", OPEN, [] { web::todo("lab 06: POST /register"); });
  // begin solution
  post("/register", OPEN,
       {{"login", web::pattern("[^:]+", "must be non-empty, without ':'")},
        {"pword", web::min_length(4)}},
       [this](std::string login, std::string pword) {
         return web::reply(
             201, query("add_new_user", {{"login", login}, {"pword", hash_password(pword)}}));
       });
  // end solution
  // end slide

  // slide: aaa-login
  // GET /login: a token for the user, who proves who they are with a password
  // starter: get("/login", AUTH.scheme("basic"), [] { web::todo("lab 06: GET /login"); });
  // begin solution
  get("/login", AUTH.scheme("basic"),
      [this](web::Request& req) { return create_token(*req.user()); });
  // end solution
  // end slide

  // slide: aaa-whoami
  // GET /whoami: the user, authenticated by a password or a token
  // starter: get("/whoami", AUTH, [] { web::todo("lab 06: GET /whoami"); });
  // begin solution
  get("/whoami", AUTH, [](web::Request& req) { return *req.user(); });
  // end solution

  // GET /qui-suis-je: the user, authenticated by a token only
  // starter: get("/qui-suis-je", AUTH.scheme("token"), [] { web::todo("lab 06: GET /qui-suis-je"); });
  // begin solution
  get("/qui-suis-je", AUTH.scheme("token"), [](web::Request& req) { return *req.user(); });
  // end solution
  // end slide

  // slide: aaa-hello
  // GET /hello: any authenticated user
  // starter: get("/hello", AUTH, [] { web::todo("lab 06: GET /hello"); });
  // begin solution
  get("/hello", AUTH, [](web::Request& req) { return "hello " + *req.user() + "!"; });
  // end solution

  // GET /admin: admins only
  // starter: get("/admin", web::group("ADMIN"), [] { web::todo("lab 06: GET /admin"); });
  // begin solution
  get("/admin", web::group("ADMIN"),
      [](web::Request& req) { return "hello admin " + *req.user() + "!"; });
  // end solution
  // end slide

  // slide: aaa-owned
  // GET /owned: every owned object, for admins
  // starter: get("/owned", web::group("ADMIN"), [] { web::todo("lab 06: GET /owned"); });
  // begin solution
  get("/owned", web::group("ADMIN"), [this] { return query("get_owned"); });
  // end solution
  // end slide

  // slide: aaa-owned-uid
  // GET /owned/<uid>: a user's objects, for that user only
  // starter: get("/owned/<uid>", web::perm("user", "uid", "read"),
  // starter:     [] { web::todo("lab 06: GET /owned/<uid>"); });
  // begin solution
  get("/owned/<uid>", web::perm("user", "uid", "read"), [this](std::int64_t uid) {
    return query("get_owned_uid", {{"uid", uid}});
  });
  // end solution
  // end slide

  // slide: aaa-object
  // GET /object/<oid>: an object, for its owner only
  // starter: get("/object/<oid>", web::perm("owned", "oid", "read"),
  // starter:     [] { web::todo("lab 06: GET /object/<oid>"); });
  // begin solution
  get("/object/<oid>", web::perm("owned", "oid", "read"), [this](std::int64_t oid) {
    return query("get_object_oid", {{"oid", oid}});
  });
  // end solution
  // end slide
  // starter:
  // starter: // Lab 05's routes, done. Reads stay OPEN; who may call each write is yours to declare.

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

  // slide: aaa-writes
  // POST /stuff: 201 and the new sid; 409 if it exists
  // starter: post("/stuff", web::todo_authz("lab 06: who may POST /stuff"), {"stuff"},
  // starter:      [this](std::string stuff) {
  // starter:        return web::reply(201, {{"sid", query("add_stuff", {{"stuff", stuff}})}});
  // starter:      });
  // begin solution
  post("/stuff", AUTH, {"stuff"}, [this](std::string stuff) {
    return web::reply(201, {{"sid", query("add_stuff", {{"stuff", stuff}})}});
  });
  // end solution
  // end slide

  // PUT or PATCH /stuff/<sid>: rename it; 404; 409 if the new name exists
  // starter: route({"PUT", "PATCH"}, "/stuff/<sid>",
  // starter:       web::todo_authz("lab 06: who may PUT or PATCH /stuff/<sid>"), {"sid", "stuff"},
  // begin solution
  route({"PUT", "PATCH"}, "/stuff/<sid>", AUTH, {"sid", "stuff"},
        // end solution
        [this](std::int64_t sid, std::string stuff) {
          found(query("upd_stuff_sid", {{"sid", sid}, {"stuff", stuff}}), "stuff", sid);
        });

  // DELETE /stuff/<sid>: 204; 404
  // starter: del("/stuff/<sid>", web::todo_authz("lab 06: who may DELETE /stuff/<sid>"),
  // starter:     [this](std::int64_t sid) {
  // starter:       found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
  // starter:     });
  // begin solution
  del("/stuff/<sid>", AUTH, [this](std::int64_t sid) {
    found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });
  // end solution

  // POST /users-mgt: a new user from the model u, its password hashed; 201 and its id; 409
  // starter: post("/users-mgt", web::todo_authz("lab 06: who may POST /users-mgt"), {"u"}, [this](User u) {
  // begin solution
  post("/users-mgt", web::group("ADMIN"), {"u"}, [this](User u) {
    // end solution
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
  // starter: post(
  // starter:     "/owners", web::todo_authz("lab 06: who may POST /owners"), {"oname", "omail"},
  // starter:     [this](std::string oname, std::string omail) {
  // starter:       return web::reply(201, {{"oid", query("add_owner", {{"oname", oname}, {"omail", omail}})}});
  // starter:     });
  // begin solution
  post("/owners", AUTH, {"oname", "omail"}, [this](std::string oname, std::string omail) {
    return web::reply(201, {{"oid", query("add_owner", {{"oname", oname}, {"omail", omail}})}});
  });
  // end solution

  // DELETE /owners/<oid>: 204; 404; 409 while it owns things (the foreign key)
  // starter: del("/owners/<oid>", web::todo_authz("lab 06: who may DELETE /owners/<oid>"),
  // starter:     [this](std::int64_t oid) {
  // starter:       found(query("del_owner_oid", {{"oid", oid}}), "owner", oid);
  // starter:     });
  // begin solution
  del("/owners/<oid>", AUTH, [this](std::int64_t oid) {
    found(query("del_owner_oid", {{"oid", oid}}), "owner", oid);
  });
  // end solution

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
  // starter: post("/things", web::todo_authz("lab 06: who may POST /things"),
  // starter:      {"tname", "oid", {"tprice", web::minimum(0)}},
  // begin solution
  post("/things", AUTH, {"tname", "oid", {"tprice", web::minimum(0)}},
       // end solution
       [this](std::string tname, std::int64_t oid, double tprice) {
         owner(oid);
         return web::reply(
             201,
             {{"tid", query("add_thing", {{"tname", tname}, {"oid", oid}, {"tprice", tprice}})}});
       });

  // PATCH /things/<tid>: a new name, a new price or both; 400 if neither; 404
  // starter: patch("/things/<tid>", web::todo_authz("lab 06: who may PATCH /things/<tid>"),
  // starter:       {"tid", "tname", {"tprice", web::minimum(0)}},
  // begin solution
  patch("/things/<tid>", AUTH, {"tid", "tname", {"tprice", web::minimum(0)}},
        // end solution
        [this](std::int64_t tid, std::optional<std::string> tname, std::optional<double> tprice) {
          if (!tname && !tprice) throw Error(400, "give tname, tprice or both");
          found(query("upd_thing_tid", {{"tid", tid}, {"tname", tname}, {"tprice", tprice}}),
                "thing", tid);
        });

  // DELETE /things/<tid>: 204; 404
  // starter: del("/things/<tid>", web::todo_authz("lab 06: who may DELETE /things/<tid>"),
  // starter:     [this](std::int64_t tid) {
  // starter:       found(query("del_thing_tid", {{"tid", tid}}), "thing", tid);
  // starter:     });
  // begin solution
  del("/things/<tid>", AUTH, [this](std::int64_t tid) {
    found(query("del_thing_tid", {{"tid", tid}}), "thing", tid);
  });
  // end solution

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [this] { return query("get_stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  // starter: del("/things", web::todo_authz("lab 06: who may DELETE /things"),
  // starter:     [this] { query("del_things_all"); });
  // begin solution
  del("/things", web::group("ADMIN"), [this] { query("del_things_all"); });
  // end solution
}

// starter: // The security hooks. common calls them to check the authorization a route declares: the
// starter: // password of a login on every route that is not OPEN, a group on group("ADMIN"), the owner of
// starter: // an object on perm(...). Each answers 501 until you write it, with a query of queries.sql.
void StuffApp::security() {
  // slide: aaa-security
  // starter: // The bcrypt hash of the password of a login, std::nullopt when there is no such user.
  // starter: get_user_pass([](const std::string&) -> std::optional<std::string> {
  // starter:   web::todo("lab 06: get_user_pass, select the password hash of a login");
  // starter: });
  // starter: // Whether a login is an admin.
  // starter: group_check("ADMIN", [](const std::string&) -> bool {
  // starter:   web::todo("lab 06: group_check(\"ADMIN\"), whether a login is an admin");
  // starter: });
  // starter: // The user uid: only that user. true, false, or std::nullopt when there is no such user (404).
  // starter: object_perms("user",
  // starter:              [](const std::string&, const json&, const std::string&) -> std::optional<bool> {
  // starter:                web::todo("lab 06: object_perms(\"user\"), whether a login is the user uid");
  // starter:              });
  // starter: // The owned object oid: only its owner. true, false, or std::nullopt when there is none (404).
  // starter: object_perms("owned",
  // starter:              [](const std::string&, const json&, const std::string&) -> std::optional<bool> {
  // starter:                web::todo("lab 06: object_perms(\"owned\"), whether a login owns the object oid");
  // starter:              });
  // begin solution
  // The bcrypt hash of a login, or std::nullopt (a JSON null) when there is no such user.
  get_user_pass([this](const std::string& login) {
    return query("get_user_pass", {{"login", login}}).get<std::optional<std::string>>();
  });
  group_check("ADMIN", [this](const std::string& login) {
    return query("is_admin", {{"login", login}}) == 1;
  });
  // end slide
  // slide: aaa-perms
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
  // end solution
  // end slide
}

json StuffApp::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
