// The users routes of lab 06, as a blueprint mounted at the root.
#include "users.hpp"

#include <cstdint>

using web::json;

Users::Users(web::App& app) : web::Blueprint(app, "users") {
  // POST /users-mgt: a new user from the model u, its password hashed; 201 and its id; 409
  post("/users-mgt", web::group("ADMIN"), {"u"}, [this](User u) {
    return web::reply(201, query("add_user", {{"login", u.login},
                                              {"pword", hash_password(u.password)},
                                              {"isadmin", u.isAdmin}}));
  });

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
}
