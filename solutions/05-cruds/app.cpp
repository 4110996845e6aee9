// starter: // Lab 05 (CRUDS), starter: stuff, users, owners and things, kept in a database. The read routes
// starter: // of owners and things are lab 03's, done. Replace each web::todo(...) (a 501 answer) by the
// starter: // real handler, with its parameter names and typed arguments, and write its SQL in queries.sql.
// begin solution
// Lab 05 (CRUDS), reference solution: every write is one query; a failed request changes
// nothing (the request's transaction), a duplicate is a 409 (the database's unique constraint).
// end solution
#include "app.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::Error, web::found;

StuffApp::StuffApp() : web::App("stuff") {
  // starter: // Provided: the app's queries, loaded and checked at start-up; with --init, the tables and
  // starter: // the initial data (drop.sql, create.sql, data.sql of the database's engine).
  queries("queries.sql");
  on_init([this] { init_database(); });

  // slide: cruds-version
  // GET /version: the app, the database's time, who asks (nobody: no authentication yet)
  get("/version", OPEN, [this](web::Request& req) {
    return json{{"app", name()}, {"now", query("now")}, {"user", req.user()}};
  });
  // end slide

  // slide: get-stuff
  // GET /stuff: all stuff by sid, or those LIKE filter
  // starter: get("/stuff", OPEN, [] { web::todo("lab 05: GET /stuff"); });
  // begin solution
  get("/stuff", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    if (!filter) return query("get_stuff_all");
    return query("get_stuff_like", {{"filter", *filter}});
  });
  // end solution
  // end slide

  // slide: get-stuff-sid
  // GET /stuff/<sid>: one stuff; 404
  // starter: get("/stuff/<sid>", OPEN, [] { web::todo("lab 05: GET /stuff/<sid>"); });
  // begin solution
  get("/stuff/<sid>", OPEN, [this](std::int64_t sid) {
    return found(query("get_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });
  // end solution
  // end slide

  // slide: post-stuff
  // POST /stuff: 201 and the new sid; 409 if it exists
  // starter: post("/stuff", OPEN, [] { web::todo("lab 05: POST /stuff"); });
  // begin solution
  post("/stuff", OPEN, {"stuff"}, [this](std::string stuff) {
    return web::reply(201, {{"sid", query("add_stuff", {{"stuff", stuff}})}});
  });
  // end solution
  // end slide

  // slide: put-stuff
  // PUT or PATCH /stuff/<sid>: rename it; 404; 409 if the new name exists
  // starter: route({"PUT", "PATCH"}, "/stuff/<sid>", OPEN,
  // starter:       [] { web::todo("lab 05: PUT or PATCH /stuff/<sid>"); });
  // begin solution
  route({"PUT", "PATCH"}, "/stuff/<sid>", OPEN, {"sid", "stuff"},
        [this](std::int64_t sid, std::string stuff) {
          found(query("upd_stuff_sid", {{"sid", sid}, {"stuff", stuff}}), "stuff", sid);
        });
  // end solution
  // end slide

  // slide: del-stuff
  // DELETE /stuff/<sid>: 204; 404
  // starter: del("/stuff/<sid>", OPEN, [] { web::todo("lab 05: DELETE /stuff/<sid>"); });
  // begin solution
  del("/stuff/<sid>", OPEN, [this](std::int64_t sid) {
    found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });
  // end solution
  // end slide

  // slide: post-users-mgt
  // POST /users-mgt: a new user from the model u, its password hashed; 201 and its id; 409
  // (OPEN until lab 06 brings authentication: it must not stay so.)
  // starter: post("/users-mgt", OPEN, [] { web::todo("lab 05: POST /users-mgt"); });
  // begin solution
  post("/users-mgt", OPEN, {"u"}, [this](User u) {
    return web::reply(201, query("add_user", {{"login", u.login},
                                              {"pword", hash_password(u.password)},
                                              {"isadmin", u.isAdmin}}));
  });
  // end solution
  // end slide

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
  // starter: post("/owners", OPEN, [] { web::todo("lab 05: POST /owners"); });
  // starter:
  // starter: // DELETE /owners/<oid>: 204; 404; 409 while it owns things
  // starter: del("/owners/<oid>", OPEN, [] { web::todo("lab 05: DELETE /owners/<oid>"); });
  // begin solution
  post("/owners", OPEN, {"oname", "omail"}, [this](std::string oname, std::string omail) {
    return web::reply(201, {{"oid", query("add_owner", {{"oname", oname}, {"omail", omail}})}});
  });

  // DELETE /owners/<oid>: 204; 404; 409 while it owns things (the foreign key)
  del("/owners/<oid>", OPEN, [this](std::int64_t oid) {
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
  // starter: post("/things", OPEN, [] { web::todo("lab 05: POST /things"); });
  // begin solution
  post("/things", OPEN, {"tname", "oid", {"tprice", web::minimum(0)}},
       [this](std::string tname, std::int64_t oid, double tprice) {
         owner(oid);
         return web::reply(
             201,
             {{"tid", query("add_thing", {{"tname", tname}, {"oid", oid}, {"tprice", tprice}})}});
       });
  // end solution

  // PATCH /things/<tid>: a new name, a new price or both; 400 if neither; 404
  // starter: patch("/things/<tid>", OPEN, [] { web::todo("lab 05: PATCH /things/<tid>"); });
  // begin solution
  patch("/things/<tid>", OPEN, {"tid", "tname", {"tprice", web::minimum(0)}},
        [this](std::int64_t tid, std::optional<std::string> tname, std::optional<double> tprice) {
          if (!tname && !tprice) throw Error(400, "give tname, tprice or both");
          found(query("upd_thing_tid", {{"tid", tid}, {"tname", tname}, {"tprice", tprice}}),
                "thing", tid);
        });
  // end solution

  // DELETE /things/<tid>: 204; 404
  // starter: del("/things/<tid>", OPEN, [] { web::todo("lab 05: DELETE /things/<tid>"); });
  // begin solution
  del("/things/<tid>", OPEN, [this](std::int64_t tid) {
    found(query("del_thing_tid", {{"tid", tid}}), "thing", tid);
  });
  // end solution

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [this] { return query("get_stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  del("/things", OPEN, [this] { query("del_things_all"); });
}

json StuffApp::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
