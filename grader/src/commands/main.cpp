// grader: grades lab submissions with HTTP test files (see grader/README.md).
#include <unistd.h>

#include <climits>
#include <iostream>
#include <string_view>

#include "commands/commands.hpp"
#include "course/language.hpp"

namespace {

constexpr const char* usage = R"(usage:
  grader grade --lab LAB [--db sqlite|postgres] [--json FILE] [--junit FILE]
               [--public-only | --test NAME] [--regression] SUBMISSION
  grader batch --lab LAB [-j N] [--shard I/N] --csv FILE [--json FILE] SUBMISSION...
  grader merge --out-csv FILE [--out-json FILE] [--expect N] SLICE...
  grader package --lab NN --out autograder.zip [--lang fr]
  grader check [--lab LAB]
  grader export --out DIR [--until NN] [--lang en|fr]
  grader selftest [--test CASE]   (as root) adversarial submissions against the sandbox
A SUBMISSION is a folder or a zip (make submit) holding the lab's student files.
grade --regression runs the tests of the lab this one must still pass (lab 07: lab 06's).
batch --shard I/N grades slice I (0 to N-1) of N: a submission's slice is the SHA-256 of its
name modulo N, so N machines given the same class grade each submission once; --json writes
every submission's results.json. merge joins the slices' CSV (and JSON) files, sorted by
submission; it refuses slices of different labs or test files, a submission twice, a slice
edited since (points out of range or that do not add up, CSV and JSON that differ), and with
--expect N fewer than N slices. package writes a Gradescope autograder (setup.sh,
run_autograder, the course's files and that lab's hidden tests; see grader/README.md).
On PostgreSQL, the grader starts a throwaway server of its own for the run, unless
GRADER_POSTGRES_URL names one (an admin URL).
options:
  --root DIR             the course repository (default: the one this grader was built from)
  --hidden-visibility V  Gradescope visibility of hidden tests' details (default after_due_date)
  --lang en|fr           export: the course's language (default en); grade, batch, check: the
                         report's (default: the course's: a French export's grader/lang says fr);
                         package: the report's on Gradescope
Exit code 0 whenever a grade was produced, whatever the score; 1 when `check` or
`selftest` finds a problem (`selftest` skips with 77 when not root) or `merge` refuses its
slices; 2 for a usage error or a failure of the grader itself.
)";

grader::fs::path own_dir() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return grader::fs::current_path();
  path[n] = '\0';
  return grader::fs::path(path).parent_path();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << usage;
    return 2;
  }
  std::string_view command = argv[1];
  grader::Settings s;
  s.toolchain = own_dir() / "toolchain.json";
  try {
    for (int i = 2; i < argc; ++i) {
      std::string_view arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
        return argv[++i];
      };
      if (arg == "--lab")
        s.lab = value();
      else if (arg == "--db")
        s.db = value();
      else if (arg == "--json")
        s.json_out = value();
      else if (arg == "--junit")
        s.junit_out = value();
      else if (arg == "--csv")
        s.csv_out = value();
      else if (arg == "--out")
        s.out = value();
      else if (arg == "--out-csv")
        s.out_csv = value();
      else if (arg == "--out-json")
        s.out_json = value();
      else if (arg == "--shard")
        s.shard = value();
      else if (arg == "--expect")
        s.expect = std::stoi(value());
      else if (arg == "--root")
        s.root = value();
      else if (arg == "--hidden-visibility")
        s.hidden_visibility = value();
      else if (arg == "--public-only")
        s.public_only = true;
      else if (arg == "--regression")
        s.regression = true;
      else if (arg == "--test")
        s.only_test = value();
      else if (arg == "--until")
        s.until = value();
      else if (arg == "--lang")
        s.lang = value();
      else if (arg == "-j" || arg == "--jobs")
        s.jobs = std::stoi(value());
      else if (arg.rfind("-", 0) == 0)
        throw std::invalid_argument("unknown option " + std::string(arg));
      else
        s.submissions.emplace_back(arg);
    }
    if (s.db && *s.db != "sqlite" && *s.db != "postgres") {
      throw std::invalid_argument("--db is sqlite or postgres");
    }
    if (s.lang) grader::language_named(*s.lang);  // en or fr
    if (command == "grade") return grader::grade_command(s);
    if (command == "batch") return grader::batch_command(s);
    if (command == "check") return grader::check_command(s);
    if (command == "merge") return grader::merge_command(s);
    if (command == "package") return grader::package_command(s);
    if (command == "export") return grader::export_command(s);
    if (command == "selftest") return grader::selftest_command(s);
    if (command == "--help" || command == "help") {
      std::cout << usage;
      return 0;
    }
    throw std::invalid_argument("unknown command " + std::string(command));
  } catch (const std::invalid_argument& e) {
    std::cerr << "grader: " << e.what() << "\n" << usage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "grader: error: " << e.what() << "\n";
    return 2;
  }
}
