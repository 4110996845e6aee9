// Building one submission: the student's files and the lab's provided files, compiled
// against the already-built common, in the sandbox.
#pragma once

#include <filesystem>
#include <string>

#include "course/lab.hpp"
#include "submission/workspace.hpp"

namespace grader {

struct BuildResult {
  bool ok = false;
  std::string feedback;  // on failure: what is missing, or the compiler's first errors
  std::string warnings;  // on success: the compiler's warnings, which never fail a build
  fs::path server;       // the executable, when ok
  double seconds = 0;
  int sources = 0, compiled = 0;  // .cpp files, and those not found compiled already
};

// Copies lab.student_files from `submission` (found at its root or, if unique, in a
// subfolder) and lab.provided_files from the lab folder into the slot, then compiles them there
// with the toolchain's flags (the CMake build's warnings, never -Werror). Compiler messages name
// files relative to the submission, and common's headers as web/....
BuildResult build_submission(const Lab& lab, const fs::path& submission, const Slot& slot,
                             const Workspace& workspace);

}  // namespace grader
