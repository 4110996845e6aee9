// The selftest's adversarial submissions (grader/tests/adversarial/cases/NAME/): each a folder of
// student files that misbehave, and case.json, what it deserves.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "course/lab.hpp"

namespace grader {

namespace fs = std::filesystem;

struct AdversarialCase {
  std::string name;
  fs::path dir;
  std::string lab;           // a lab of the selftest: grader/tests/adversarial/labs/<lab>
  int score = 0;             // the score it deserves: the tests it passes before misbehaving
  double run_seconds = 0;    // its grading ends within this, after the build
  double build_seconds = 0;  // its build ends within this (0: the lab's build timeout)
  // Also graded beside the reference solution (a deployment whose worst is for itself: no)
  bool beside = true;
  std::string why;  // what it does, and why it deserves its score
};

// Every case under `dir`, sorted by name; throws std::runtime_error naming a broken case.json.
std::vector<AdversarialCase> load_cases(const fs::path& dir);

// Writes the case as a submission in `into`: its own student files, the reference solution's
// for those it leaves out, with @ROOT@ (the repository) and @HIDDEN@ (the lab's hidden tests)
// replaced, as an attacker who guessed the grader's paths would write them.
void write_submission(const AdversarialCase& adversary, const Lab& lab, const fs::path& into);

}  // namespace grader
