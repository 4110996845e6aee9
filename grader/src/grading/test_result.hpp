// One graded item of a report: a test file, a deployment check, a source or a log check. What
// grade() returns holds a list of them; each step that grades items (deployment.hpp,
// source_check.hpp) returns them without knowing grade() itself.
#pragma once

#include <string>

namespace grader {

struct TestResult {
  std::string file;  // "03-post-conflict.hurl"
  std::string name;  // from "# name:" (a French report: "# name-fr:"), else the file stem
  int points = 0;    // earned: all or nothing
  int max_points = 0;
  bool passed = false;
  bool hidden = false;
  // A hidden check whose feedback never holds what hidden tests sent (the log check): shown
  // at once on Gradescope, not after the due date.
  bool feedback_at_once = false;
  // A public check whose feedback may hold what hidden tests sent (a deployment check run
  // after them): counted as public, shown after the due date.
  bool feedback_after_due_date = false;
  std::string output;  // what to fix, when failed
  double seconds = 0;
};

}  // namespace grader
