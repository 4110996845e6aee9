// "No row" into a 404 with a message, in one line, as the Python course's `if not res: return "",
// 404`. A row, or 404 "no such stuff: 3":
//   return web::found(query("get_stuff_sid", {{"sid", sid}}), "stuff", sid);
// A count of deleted rows, or 404 when it is 0:
//   web::found(query("del_stuff_sid", {{"sid", sid}}), "stuff", sid);
#pragma once

#include <cstdint>
#include <string_view>

#include "web/json.hpp"

namespace web {

// `value` when there is something: a 404 `no such <what>: <id>` when it is null (a `^` or `$`
// query that found no row) or the number 0 (a `!` query that changed no row).
json found(json value, std::string_view what, const json& id);
// The same for a row count (Connection::execute): 0 is a 404.
std::int64_t found(std::int64_t rows, std::string_view what, const json& id);

}  // namespace web
