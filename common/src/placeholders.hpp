// Rewrites SQL's parameters for an engine: `:name` and `?` become `$1`... (PostgreSQL) or
// `?1`... (SQLite), outside strings, quoted names and comments; `::cast` is left alone.
#pragma once

#include <string_view>

#include "web/db.hpp"

namespace web::detail {

// `dollar` is true for PostgreSQL ($1), false for SQLite (?1). Mixing :name and ? throws
// std::invalid_argument.
Placeholders rewrite_placeholders(std::string_view sql, bool dollar);

}  // namespace web::detail
