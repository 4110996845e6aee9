// A lab as the grader sees it: its manifest (labs/NN-name/lab.json, public), what only the
// grader may know (grader/tests/NN-name/grader.json: server secrets, log checks naming hidden
// data), its folders and its test files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

// What happens to the server between two test files.
enum class BetweenFiles {
  reinit,   // a new server with fresh initial data (--init) for every file
  restart,  // a new server on the same data: checks persistence
  none,     // one server for all files, in order
};

struct TestCase {
  fs::path path;
  bool hidden = false;
};

// A graded rule on the student's files, checked without running them, with case-insensitive
// regexes: `forbid` must not match in any of `files`; `require` must match in each of them (one
// file per blueprint, each declaring its routes). One or both. A C++ file is tokenized first
// (cpp_source.hpp): the rule reads its code (comments dropped, white space one space, literals
// as written) or, with `reads` strings, the value of each string literal; other files are read
// line by line.
struct SourceCheck {
  enum class Reads { code, strings };
  std::string name;
  int points = 1;
  std::vector<std::string> files;
  std::string forbid;
  std::string message;  // what to do instead
  std::string require;
  Reads reads = Reads::code;  // lab.json's "in": "code" (the default) or "strings"
  // With `require`: more regexes, each of which a file must match too ("require" as an array).
  std::vector<std::string> require_too = {};
  // With `require`: at least this many of the files must match, instead of each (0: each).
  int at_least = 0;
  // Files a pattern in `files` never takes: the lab's provided files (main.cpp).
  std::vector<std::string> except = {};
};

// A graded rule on what the server wrote to its log over the whole run, e.g. "no password,
// hash, token or secret": no line may match `forbid`.
struct LogCheck {
  std::string name;
  int points = 1;
  std::string forbid;
  std::string message;
};

// One check of a deployment's harness: its id in the harness's results, its name in reports.
struct DeploymentCheck {
  std::string id;
  std::string name;
};

// A lab graded as deployed (lab 08): its harness, a script of the course, deploys the built
// server in the submission's sandbox (its own PostgreSQL, Redis, two instances, nginx) and runs
// the checks the lab declares; the test files run through that nginx over HTTPS meanwhile. See
// grader/src/grading/deployment.hpp for the protocol.
struct Deployment {
  fs::path harness;           // relative to the course root
  std::vector<fs::path> kit;  // what it runs, relative to the root: copied as laid out there
  // Exactly these are graded, each once, whatever the harness reports.
  std::vector<DeploymentCheck> checks;
  int points_per_check = 1;
  int limit_ms = 300000;  // the whole deployment, test files included
};

struct Lab {
  std::string name;  // "01-rest"
  std::string title;
  std::string title_fr;  // in a French report, when lab.json has one
  std::string chapter;   // its deck under slides/, e.g. "02-rest"
  fs::path root;         // the repository
  fs::path dir;          // labs/01-rest: statement, starter, provided files
  fs::path tests_dir;  // its public tests: labs/01-rest/tests (a regression run: the earlier lab's)
  fs::path solution_dir;  // solutions/01-rest
  fs::path hidden_dir;    // grader/tests/01-rest
  // Taken from a submission, and only them; a name with '*' is a pattern (file_patterns.hpp):
  // "*.cpp" takes every .cpp file beside the named ones, but provided files and *_test.cpp.
  std::vector<std::string> student_files;
  std::vector<std::string> provided_files;  // taken from the lab folder, never from a student
  BetweenFiles between_files = BetweenFiles::reinit;
  std::vector<std::string> engines;  // "none", or "sqlite" and/or "postgres"
  std::string sql_model;             // sql/<model>/ is copied next to the server
  std::vector<SourceCheck> source_checks;
  std::vector<LogCheck> log_checks;
  // A lab whose tests the solution must still pass, ungraded ("06-aaa": lab 07 splits lab 06's
  // app without changing what it answers); `grader check` runs them on the solution.
  std::string regression;
  // Environment of the server, e.g. APP_TOKEN_SECRET=... (the hidden tests hold tokens that
  // only this secret signs). From grader.json: never exported.
  std::vector<std::string> env;
  std::optional<Deployment> deployment;
  int build_ms = 180000, start_ms = 10000, request_ms = 5000, file_ms = 20000;

  // Public tests, then hidden ones (unless public_only), each sorted by file name; with
  // `only`, the public test file of that name, with or without ".hurl", or whose name starts
  // with it ("03"): std::invalid_argument listing the files when none does.
  std::vector<TestCase> tests(bool public_only, const std::string& only = "") const;
};

// Reads labs/<name>/lab.json under the repository root, and grader/tests/<name>/grader.json
// when it exists; throws std::runtime_error naming the problem.
Lab load_lab(const fs::path& root, const std::string& name);
// A variant of a course lab (the selftest's, grader/tests/adversarial/labs/<name>/): the course
// lab <name> (its student and provided files, SQL, solution) with test files of its own,
// `tests/` (public) and `hidden/`, and its own grader.json; its lab.json may set title,
// between_files, engines and timeouts_ms.
Lab load_lab_variant(const fs::path& root, const fs::path& dir);
// The lab as graded with the tests of the lab it must still pass (lab.json "regression"):
// that lab's public and hidden tests, server environment and log checks, no source check;
// the lab's own files and build. std::invalid_argument when it has none.
Lab with_regression_tests(const fs::path& root, const Lab& lab);
// Every lab that has a lab.json, sorted.
std::vector<std::string> lab_names(const fs::path& root);
// The lab named `given` ("05-cruds") or numbered so ("05", "5"); std::invalid_argument listing
// the labs when there is none.
std::string find_lab(const fs::path& root, const std::string& given);

}  // namespace grader
