// SQL's LIKE, for in-memory data: '%' is any sequence, '_' any one character.
#pragma once

#include <string_view>

namespace web {

// Case-sensitive (as in PostgreSQL); characters are UTF-8 code points; no escape character.
bool like(std::string_view text, std::string_view pattern);

}  // namespace web
