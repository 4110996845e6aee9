// Lab 03 (YeSQL), reference solution: owners and their things; every query is in queries.sql.
#include "app.hpp"

#include <optional>
#include <string>

using web::json, web::OPEN, web::found;

// slide: yesql-app
Things::Things() : web::App("things") {
  queries("queries.sql");
  on_init([this] { init_database(); });

  // GET /version: which app answers, and the database's time
  get("/version", OPEN, [this] { return json{{"app", name()}, {"now", query("now")}}; });

  // GET /owners: every owner by oid
  get("/owners", OPEN, [this] { return query("get_owners_all"); });
  // end slide

  // GET /owners/<oid>: one owner; 404
  get("/owners/<oid>", OPEN, [this](std::int64_t oid) { return owner(oid); });

  // GET /owners/<oid>/things: that owner's things by tid; 404 if there is no such owner
  get("/owners/<oid>/things", OPEN, [this](std::int64_t oid) {
    owner(oid);
    return query("get_things_oid", {{"oid", oid}});
  });

  // slide: yesql-things-route
  // GET /things: every thing by tid with its owner's name, or those costing at most max_price
  get("/things", OPEN, {"max_price"}, [this](std::optional<double> max_price) {
    if (!max_price) return query("get_things_all");
    return query("get_things_max_price", {{"max_price", *max_price}});
  });
  // end slide

  // GET /things/<tid>: one thing with its owner's name; 404
  get("/things/<tid>", OPEN, [this](std::int64_t tid) {
    return found(query("get_thing_tid", {{"tid", tid}}), "thing", tid);
  });

  // GET /stats: how many owners and things there are
  get("/stats", OPEN, [this] { return query("get_stats"); });

  // DELETE /things: remove every thing, the owners stay; 204
  del("/things", OPEN, [this] { query("del_things_all"); });
}

// slide: yesql-owner-helper
json Things::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
// end slide
