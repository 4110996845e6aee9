// What every command that grades needs first: the toolchain, the repository, the hidden tests
// out of the sandbox user's reach.
#pragma once

#include "commands/commands.hpp"
#include "grading/grade.hpp"
#include "submission/workspace.hpp"

namespace grader {

// Fills settings.root from the toolchain when not given.
Toolchain prepare(Settings& settings);

// The options to grade `lab` with: the engine (--db, else the lab's first; "none" for a lab
// without a database) and on PostgreSQL, unless the lab is deployed, the admin URL
// (postgres_admin_url(): GRADER_POSTGRES_URL, else a server of the grader's own; "" when no
// server is installed). Call it from the main thread.
GradeOptions grade_options(const Settings& settings, const Lab& lab,
                           const std::string& engine = "");

// The language of the reports: --lang, else the course's (the first word of grader/lang, which a
// French export writes), else English. Needs settings.root (prepare()).
Language course_language(const Settings& settings);

// As root: grader/tests becomes readable by its owner only, so that a submission (run as
// `nobody`) cannot read the hidden tests.
void protect_hidden_tests(const fs::path& root);

}  // namespace grader
