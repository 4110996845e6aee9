// demo/stuff.py: stuff, for any authenticated user.
#include "demo.hpp"

using web::AUTH;

Stuff::Stuff(web::App& app) : web::Blueprint(app, "stuff") {
  // GET /stuff (pattern?): every stuff, or those LIKE pattern, as [sid, sname]
  get("/stuff", AUTH, {"pattern"}, [this](std::optional<std::string> pattern) {
    if (pattern && !pattern->empty())
      return tuples(query("get_stuff_like", {{"pattern", *pattern}}));
    return tuples(query("get_stuff_all"));
  });

  // POST /stuff (sname): 201 and the new sid
  post("/stuff", AUTH, {"sname"}, [this](std::string sname) {
    return web::reply(201, query("add_stuff", {{"sname", sname}}));
  });

  // GET /stuff/<sid>: [sname]; 404
  get("/stuff/<sid>", AUTH, [this](std::int64_t sid) {
    return tuple(web::found(query("get_stuff_sid", {{"sid", sid}}), "sid", sid));
  });

  // DELETE /stuff/<sid>: 204, whether it was there or not
  del("/stuff/<sid>", AUTH, [this](std::int64_t sid) { query("del_stuff_sid", {{"sid", sid}}); });

  // PATCH /stuff/<sid> (sname): 204; 404
  patch("/stuff/<sid>", AUTH, {"sid", "sname"}, [this](std::int64_t sid, std::string sname) {
    web::found(query("upd_stuff_sid", {{"sid", sid}, {"sname", sname}}), "sid", sid);
  });
}
