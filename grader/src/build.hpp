// Building one submission: the student's files and the lab's provided files, compiled
// against the already-built common, in the sandbox.
#pragma once

#include <filesystem>
#include <string>

#include "lab.hpp"
#include "workspace.hpp"

namespace grader {

struct BuildResult {
  bool ok = false;
  std::string feedback;  // on failure: what is missing, or the compiler's first errors
  fs::path server;       // the executable, when ok
  double seconds = 0;
};

// Copies lab.student_files from `submission` (found at its root or, if unique, in a
// subfolder) and the lab's provided sources into `dir`, then compiles them there.
BuildResult build_submission(const Lab& lab, const fs::path& submission, const fs::path& dir,
                             const Workspace& workspace);

}  // namespace grader
