// Text for failure messages: they end up in JSON reports, so they must be valid UTF-8 whatever a
// server sent, and short enough to read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace grader::hurl {

// The JSON text of a value on one line; invalid UTF-8 becomes U+FFFD instead of throwing.
std::string json_text(const nlohmann::json& value);

// `text` as valid UTF-8, cut at a character boundary after `max` bytes with a note of the size.
std::string excerpt(std::string_view text, std::size_t max = 300);

}  // namespace grader::hurl
