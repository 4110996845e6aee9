// The stuff routes of lab 06, as a blueprint: its paths are relative to its prefix, /stuff.
#include "stuff.hpp"

#include <cstdint>
#include <optional>
#include <string>

using web::OPEN, web::AUTH, web::found;

Stuff::Stuff(web::App& app) : web::Blueprint(app, "stuff") {
  // GET /stuff: all stuff by sid, or those LIKE filter
  get("/", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    if (!filter) return query("get_stuff_all");
    return query("get_stuff_like", {{"filter", *filter}});
  });

  // GET /stuff/<sid>: one stuff; 404
  get("/<sid>", OPEN, [this](std::int64_t sid) {
    return found(query("get_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });

  // POST /stuff: 201 and the new sid; 409 if it exists
  post("/", AUTH, {"stuff"}, [this](std::string stuff) {
    return web::reply(201, {{"sid", query("add_stuff", {{"stuff", stuff}})}});
  });

  // PUT or PATCH /stuff/<sid>: rename it; 404; 409 if the new name exists
  route({"PUT", "PATCH"}, "/<sid>", AUTH, {"sid", "stuff"},
        [this](std::int64_t sid, std::string stuff) {
          found(query("upd_stuff_sid", {{"sid", sid}, {"stuff", stuff}}), "stuff", sid);
        });

  // DELETE /stuff/<sid>: 204; 404
  del("/<sid>", AUTH, [this](std::int64_t sid) {
    found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
  });
}
