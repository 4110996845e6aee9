// std::regex_search that a long text cannot crash: libstdc++'s matcher recurses once per
// character a repetition consumes, and one 60 KiB line overflowed an 8 MiB stack (SIGSEGV,
// the whole grader with it; `[^}]*` after `get({`, measured with GCC 12).
#pragma once

#include <cstddef>
#include <optional>
#include <regex>
#include <string>

namespace grader {

// Where `rule` first matches in `text`, searched 4 KiB at a time in windows that overlap by
// half: a match is found where it starts provided it ends (lookahead included) within 2 KiB.
// `^` and `\b` see the character before a window, as in one search.
std::optional<std::size_t> bounded_search(const std::string& text, const std::regex& rule);

}  // namespace grader
