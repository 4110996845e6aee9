// What every command that grades needs first: the toolchain, the repository, the hidden tests
// out of the sandbox user's reach.
#pragma once

#include "commands.hpp"
#include "workspace.hpp"

namespace grader {

// Fills settings.root from the toolchain when not given.
Toolchain prepare(Settings& settings);

// As root: grader/tests becomes readable by its owner only, so that a submission (run as
// `nobody`) cannot read the hidden tests.
void protect_hidden_tests(const fs::path& root);

}  // namespace grader
