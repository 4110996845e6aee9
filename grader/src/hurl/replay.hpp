// Shell commands that replay a test file, up to a failing entry, against a student's own
// server: one curl per entry; a value an entry captures is kept in a shell variable that the
// later commands use, so that the replay works on the student's data, not the grader's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "hurl/ast.hpp"
#include "hurl/template.hpp"

namespace grader::hurl {

// Entries 0 to `last` of `file`, rendered with `variables` (base_url: the student's server).
// Captures by jsonpath read the body with jq; by header, with curl's -w '%header{...}'. The
// last entry, the one that failed, shows its whole response (curl -si).
std::vector<std::string> replay_commands(const TestFile& file, std::size_t last,
                                         const Variables& variables);

}  // namespace grader::hurl
