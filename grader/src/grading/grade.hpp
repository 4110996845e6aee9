// Grading one submission of one lab: build, then every test file against its server.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "course/lab.hpp"
#include "course/language.hpp"
#include "grading/test_result.hpp"
#include "submission/workspace.hpp"

namespace grader {

struct Grade {
  std::string submission;  // the folder's name, or the zip's without .zip
  std::string lab;
  std::string lab_title;
  std::string engine;
  Language language = Language::en;  // of the texts students read (GradeOptions::language)
  bool built = false;
  std::string build_feedback;
  std::string build_warnings;  // the compiler's, when it built
  double build_seconds = 0;
  int build_sources = 0, build_compiled = 0;  // .cpp files, and those compiled (not cached)
  double seconds = 0;
  // Routes the statement's interface table lists that the server's OpenAPI document lacks
  // (interface_report.hpp): shown, never graded.
  std::vector<std::string> interface;
  std::vector<TestResult> tests;

  int score() const;
  int max_score() const;
};

struct GradeOptions {
  bool public_only = false;
  std::string only_test;        // one public test file (Lab::tests)
  std::string engine = "none";  // the lab's database: none, sqlite or postgres
  std::string postgres_url;     // with postgres: an admin URL; each submission gets a database
  // The language of the report: test names (`# name-fr:`), failures, the score line.
  Language language = Language::en;
  // Test files run at the same time, each lane on a server and a database of its own (labs
  // whose files start from fresh data: between_files reinit); results stay in file order.
  int jobs = 2;
  // Called once the build has ended, whatever its outcome (the selftest then grades the
  // reference solution while this submission's servers run).
  std::function<void()> on_built;
};

// Grades a submission, a folder or a zip. Throws std::runtime_error only for the grader's own
// failures (a broken test file, no scratch space, a fork or a pipe that fails on a lane);
// everything the submission does is in the Grade, whose texts hold no scratch path.
Grade grade(const Lab& lab, const fs::path& submission, const GradeOptions& options,
            Workspace& workspace);

}  // namespace grader
