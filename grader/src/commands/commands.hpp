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
  std::optional<fs::path> json_out, junit_out, csv_out;
  std::optional<fs::path> out;                // export: a folder; package: the zip
  std::optional<fs::path> out_csv, out_json;  // merge: the joined gradebook
  std::optional<std::string> shard;           // batch --shard I/N
  std::optional<int> expect;                  // merge --expect N: the slices there must be
  std::string hidden_visibility = "after_due_date";
  bool public_only = false;
  bool regression = false;  // grade with the tests of lab.json's "regression" lab
  std::string only_test;    // grade --test NAME: one public test file
  std::string until;        // export --until NN: the labs up to NN
  // --lang en|fr: export: the course's language (default en); grade, batch, check: the
  // report's (default: the course's, grader/lang in a French export, else en)
  std::optional<std::string> lang;
  int jobs = 2;
  std::vector<fs::path> submissions;  // the positional arguments (merge: its slices)
};

int grade_command(const Settings& settings);   // grade one submission
int batch_command(const Settings& settings);   // a class, in parallel, to a CSV gradebook
int check_command(const Settings& settings);   // solutions 100%, starters fail their tests
int export_command(const Settings& settings);  // the student distribution
// The gradebooks of a class graded in slices (batch --shard), joined: 0, or 1 when the slices
// do not fit together (different labs or test files, a submission twice, a slice missing).
int merge_command(const Settings& settings);
// Gradescope's autograder.zip for one lab: its setup.sh, its run_autograder, the course's files
// with that lab's hidden tests, nothing else.
int package_command(const Settings& settings);
// Adversarial submissions graded alone and beside the reference: 0 when each gets what it
// deserves and nothing escapes, 1 otherwise, 77 when not root (nothing to sandbox).
int selftest_command(const Settings& settings);

}  // namespace grader
