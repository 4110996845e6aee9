#include <unistd.h>

#include <fstream>
#include <iostream>

#include "commands/commands.hpp"
#include "commands/setup.hpp"
#include "reports/report.hpp"
#include "submission/submission_files.hpp"

namespace grader {

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int grade_command(const Settings& given) {
  Settings s = given;
  if (s.lab.empty()) throw std::invalid_argument("grade needs --lab");
  if (s.submissions.size() != 1) throw std::invalid_argument("grade takes one submission");
  if (!fs::is_directory(s.submissions[0]) && !is_zip(s.submissions[0])) {
    throw std::invalid_argument("no such folder or zip: " + s.submissions[0].string());
  }
  Toolchain toolchain = prepare(s);
  Lab lab = load_lab(s.root, s.lab);
  if (s.regression) lab = with_regression_tests(s.root, lab);
  // One test file (make check TEST=03) is a step of the work: the checks of the whole lab
  // (sources, log) wait for a full run instead of failing there as "not checked".
  if (!s.only_test.empty()) {
    lab.source_checks.clear();
    lab.log_checks.clear();
  }
  Workspace workspace(toolchain);
  Grade g = grade(lab, s.submissions[0], grade_options(s, lab), workspace);
  print_grade(std::cout, g, isatty(1) != 0);
  if (s.json_out) write_file(*s.json_out, gradescope_json(g, s.hidden_visibility).dump(2) + "\n");
  if (s.junit_out) write_file(*s.junit_out, junit_xml(g));
  return 0;
}

}  // namespace grader
