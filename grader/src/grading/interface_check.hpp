// A lab statement's interface table against a student's OpenAPI document (server --openapi
// FILE, issue 27 item 9): a route the table lists that the document lacks, a method it does
// not have, a parameter it does not name. Visible feedback only, never a grade: the HTTP tests
// grade; this says early what they will find missing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "course/language.hpp"

namespace grader {

// One row of a statement's table: | method | path | parameters | answers |.
struct InterfaceRow {
  std::vector<std::string> methods;  // "PUT", "PATCH"
  std::string path;                  // "/stuff/<sid>"
  std::vector<std::string> params;   // the backquoted names before the cell's first ':'
};

// The rows of the first table of a README whose header starts "| method | path | parameters".
std::vector<InterfaceRow> interface_table(const std::string& markdown);

// One line per difference ("POST /stuff: missing from your document"); empty when none.
std::vector<std::string> compare_interface(const std::vector<InterfaceRow>& rows,
                                           const nlohmann::ordered_json& document,
                                           Language language = Language::en);

}  // namespace grader
