// The statement's interface table against what the student's server says it serves: its
// OpenAPI document (`server --openapi FILE`, run in the submission's sandbox). Feedback shown
// with the report, never points: the HTTP tests grade.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "course/lab.hpp"
#include "course/language.hpp"
#include "submission/workspace.hpp"

namespace grader {

// One line per difference ("POST /stuff: missing from your document"), or one line saying why
// the document could not be read; empty when the lab's statement has no interface table or
// when the server serves every route, method and parameter the table lists.
std::vector<std::string> interface_feedback(const Lab& lab, const std::filesystem::path& server,
                                            const Slot& slot, const Workspace& workspace,
                                            Language language);

}  // namespace grader
