// Rewrites SQL's parameters for an engine: `:name` and `?` become `$1`... (PostgreSQL) or
// `?1`... (SQLite), outside strings, quoted names and comments; `::cast` is left alone. A name
// may have attributes, `:a.login`, named so.
#pragma once

#include <string_view>

#include "web/db.hpp"

namespace web::detail {

// `dollar` is true for PostgreSQL ($1), false for SQLite (?1). Mixing :name and ? throws
// std::invalid_argument.
Placeholders rewrite_placeholders(std::string_view sql, bool dollar);

// The value of parameter `name` in the object `params`: its member of that name, else, for a
// name with attributes (a.login), the member "login" of the object "a"; nullptr if none.
const json* parameter(const json& params, std::string_view name);

}  // namespace web::detail
