#include <cstdlib>
#include <iostream>
#include <optional>

#include "commands/commands.hpp"
#include "commands/setup.hpp"
#include "grading/grading_postgres.hpp"
#include "reports/report.hpp"

namespace grader {

namespace {

// What is wrong with a lab: tests its solution fails, tests its starter passes.
std::vector<std::string> problems(const Grade& solution,
                                  const std::optional<Grade>& starter_grade) {
  std::vector<std::string> out;
  if (solution.tests.empty()) out.push_back("the lab has no tests");
  for (const auto& t : solution.tests) {
    if (!t.passed) out.push_back("solution fails " + t.file + ":\n" + t.output);
  }
  for (const auto& line : solution.interface) {
    out.push_back("the solution's routes differ from its statement's interface table: " + line);
  }
  if (!starter_grade) return out;
  const Grade& starter = *starter_grade;
  for (const auto& t : starter.tests) {
    if (t.passed) out.push_back("starter passes " + t.file + " (a test must fail on the starter)");
  }
  if (starter.max_score() > 0 && starter.score() * 2 >= starter.max_score()) {
    out.push_back("starter scores " + std::to_string(starter.score()) + "/" +
                  std::to_string(starter.max_score()) + " (must be under 50%)");
  }
  if (!starter.built) out.push_back("the starter does not build:\n" + starter.build_feedback);
  return out;
}

}  // namespace

int check_command(const Settings& given) {
  Settings s = given;
  Toolchain toolchain = prepare(s);
  std::vector<std::string> labs = s.lab.empty() ? lab_names(s.root) : std::vector{s.lab};
  if (labs.empty()) throw std::runtime_error("no lab found under " + (s.root / "labs").string());
  Workspace workspace(toolchain);

  bool all_good = true;
  std::cout << "lab                      solution   starter    tests  problems\n";
  for (const auto& name : labs) {
    Lab lab = load_lab(s.root, name);
    for (const auto& engine : lab.engines) {
      GradeOptions options = grade_options(s, lab, engine);
      options.public_only = false;
      // A deployed lab's regression run is on one server, as in the earlier lab.
      if (engine == "postgres") options.postgres_url = postgres_admin_url();
      std::string label = engine == "none" ? name : name + "/" + engine;
      if (engine == "postgres" && options.postgres_url.empty()) {
        bool required = std::getenv("REQUIRE_POSTGRES") != nullptr;
        all_good &= !required;
        std::cout << label
                  << ": not checked, no PostgreSQL (install the server, package postgresql, or "
                     "set GRADER_POSTGRES_URL)"
                  << (required ? " — required here" : "") << std::endl;
        continue;
      }
      Grade solution = grade(lab, lab.solution_dir, options, workspace);
      // The starter on the first engine only: its stubs answer 501 whatever the database.
      std::optional<Grade> starter;
      if (engine == lab.engines.front()) starter = grade(lab, lab.dir, options, workspace);
      auto found = problems(solution, starter);
      std::string regression;
      if (!lab.regression.empty()) {
        Grade again =
            grade(with_regression_tests(s.root, lab), lab.solution_dir, options, workspace);
        for (const auto& t : again.tests) {
          if (!t.passed) {
            found.push_back("solution fails " + lab.regression + "'s " + t.file + ":\n" + t.output);
          }
        }
        regression = "  (" + lab.regression + "'s tests: " + std::to_string(again.score()) + "/" +
                     std::to_string(again.max_score()) + ", not counted)";
      }
      all_good &= found.empty();
      char starter_score[16] = "   -   ";
      if (starter) {
        std::snprintf(starter_score, sizeof starter_score, "%3d/%-3d", starter->score(),
                      starter->max_score());
      }
      char line[160];
      std::snprintf(line, sizeof line, "%-24s %3d/%-3d    %s    %5zu  %zu", label.c_str(),
                    solution.score(), solution.max_score(), starter_score, solution.tests.size(),
                    found.size());
      std::cout << line << regression << std::endl;
      for (const auto& p : found) std::cout << "  - " << p << "\n";
    }
  }
  std::cout << (all_good ? "check: every solution scores 100% and every starter fails its tests\n"
                         : "check: FAILED\n");
  return all_good ? 0 : 1;
}

}  // namespace grader
