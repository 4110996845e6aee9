// The grader's commands; each returns the process exit code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

struct Settings {
  fs::path root;       // the repository
  fs::path toolchain;  // toolchain.json from the build
  std::string lab;
  std::optional<std::string> db;  // sqlite | postgres
  std::optional<fs::path> json_out, junit_out, csv_out, out_dir;
  std::string hidden_visibility = "after_due_date";
  bool public_only = false;
  std::string only_test;  // grade --test NAME: one public test file
  std::string until;      // export --until NN: the labs up to NN
  int jobs = 2;
  std::vector<fs::path> submissions;
};

int grade_command(const Settings& settings);   // grade one submission
int batch_command(const Settings& settings);   // a class, in parallel, to a CSV gradebook
int check_command(const Settings& settings);   // solutions 100%, starters fail their tests
int export_command(const Settings& settings);  // the student distribution
// Adversarial submissions graded alone and beside the reference: 0 when each gets what it
// deserves and nothing escapes, 1 otherwise, 77 when not root (nothing to sandbox).
int selftest_command(const Settings& settings);

}  // namespace grader
