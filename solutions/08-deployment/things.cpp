// The owners and things routes of lab 06, as a blueprint mounted at the root.
#include "things.hpp"

#include <optional>
#include <string>

using web::OPEN, web::AUTH, web::Error, web::found;

Things::Things(web::App& app) : web::Blueprint(app, "things") {
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

web::json Things::owner(std::int64_t oid) {
  return found(query("get_owner_oid", {{"oid", oid}}), "owner", oid);
}
