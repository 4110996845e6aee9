// grader selftest: the adversarial submissions of grader/tests/adversarial/cases/, graded one by
// one, then each beside its lab's reference solution (see grader/README.md, "The selftest").
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>
#include <thread>

#include "commands/commands.hpp"
#include "commands/setup.hpp"
#include "selftest/selftest_cases.hpp"
#include "selftest/selftest_checks.hpp"

namespace grader {

namespace {

constexpr int skipped = 77;  // CTest's SKIP_RETURN_CODE: without root there is no sandbox

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string seconds(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

// The first `lines` lines of `text`.
std::string head(const std::string& text, int lines) {
  std::size_t end = 0;
  for (int i = 0; i < lines && end != std::string::npos; ++i) end = text.find('\n', end + 1);
  return end == std::string::npos ? text : text.substr(0, end) + "\n[...]";
}

// The selftest's own honesty: every hidden test holds the canary, no case does (a case that
// printed it would not have read it).
std::vector<std::string> canary_problems(const std::vector<AdversarialCase>& cases,
                                         const std::map<std::string, Lab>& labs) {
  std::vector<std::string> out;
  for (const auto& [name, lab] : labs) {
    for (const auto& test : lab.tests(false)) {
      if (test.hidden && read_all(test.path).find(canary) == std::string::npos) {
        out.push_back(test.path.string() + " holds no canary (" + canary + ")");
      }
    }
  }
  for (const auto& c : cases) {
    for (const auto& entry : fs::recursive_directory_iterator(c.dir)) {
      if (entry.is_regular_file() && read_all(entry.path()).find(canary) != std::string::npos) {
        out.push_back(entry.path().string() + " holds the canary: it would leak without reading");
      }
    }
  }
  return out;
}

// How a grading of a case went against what it deserves; one line, then its problems.
std::vector<std::string> check_case(const AdversarialCase& c, const Lab& lab, const Grade& g,
                                    std::string& line) {
  std::vector<std::string> problems;
  double run = g.seconds - g.build_seconds;
  double build_bound = c.build_seconds > 0 ? c.build_seconds : lab.build_ms / 1000.0;
  line += std::to_string(g.score()) + "/" + std::to_string(g.max_score()) + " (deserves " +
          std::to_string(c.score) + "), build " + seconds(g.build_seconds) + ", run " +
          seconds(run) + " (bound " + seconds(c.run_seconds) + ")";
  if (g.score() != c.score) {
    // Each failure's first lines: which one the case did not deserve is not known here.
    std::string failed, why;
    for (const auto& t : g.tests) {
      if (t.passed) continue;
      std::string name = t.file == "deployment" ? "deployment (" + t.name + ")" : t.file;
      failed += " " + name;
      why += "\n      " + name + ": " + head(t.output, 6);
    }
    problems.push_back(c.name + " scored " + std::to_string(g.score()) + ", deserves " +
                       std::to_string(c.score) + " (failed:" + failed + ")" +
                       (g.built ? why : "; the build: " + head(g.build_feedback, 12)));
  }
  if (g.build_seconds > build_bound) {
    problems.push_back(c.name + "'s build took " + seconds(g.build_seconds) + ", over its bound " +
                       seconds(build_bound));
  }
  if (run > c.run_seconds) {
    problems.push_back(c.name + "'s grading ran " + seconds(run) + " after its build, over its " +
                       "bound " + seconds(c.run_seconds));
  }
  if (visible_text(g).find(canary) != std::string::npos) {
    problems.push_back(c.name + ": a hidden test's content reached what the student sees:\n" +
                       visible_text(g));
  }
  return problems;
}

std::vector<std::string> check_reference(const Grade& g, std::string& line) {
  std::vector<std::string> problems;
  line += "; reference " + std::to_string(g.score()) + "/" + std::to_string(g.max_score());
  if (g.score() != g.max_score()) {
    std::string failures;
    for (const auto& t : g.tests) failures += t.passed ? "" : t.file + ":\n" + t.output + "\n";
    problems.push_back("the reference solution beside it lost points:\n" + failures);
  }
  if (visible_text(g).find(canary) != std::string::npos) {
    problems.push_back("a hidden test's content reached the reference's visible feedback");
  }
  return problems;
}

void report(const std::string& line, const std::vector<std::string>& problems) {
  std::cout << line << (problems.empty() ? ": ok" : ": FAILED") << std::endl;
  for (const auto& p : problems) std::cout << "    - " << p << "\n";
}

}  // namespace

int selftest_command(const Settings& given) {
  Settings s = given;
  if (geteuid() != 0) {
    std::cout << "selftest: skipped: only root sandboxes submissions (CI runs it as root)\n";
    return skipped;
  }
  auto start = Clock::now();
  Toolchain toolchain = prepare(s);
  fs::path adversarial = s.root / "grader" / "tests" / "adversarial";
  std::vector<AdversarialCase> cases = load_cases(adversarial / "cases");
  if (!s.only_test.empty()) {  // --test NAME: that case only (every test file of its lab)
    std::erase_if(cases, [&](const AdversarialCase& c) { return c.name != s.only_test; });
    if (cases.empty()) throw std::invalid_argument("no adversarial case is named " + s.only_test);
    s.only_test.clear();
  }
  std::map<std::string, Lab> labs;
  for (const auto& c : cases) {
    if (!labs.count(c.lab))
      labs.emplace(c.lab, load_lab_variant(s.root, adversarial / "labs" / c.lab));
  }
  std::vector<std::string> problems = canary_problems(cases, labs);
  std::map<std::string, GradeOptions> options;
  for (const auto& [name, lab] : labs) options[name] = grade_options(s, lab);
  bool postgres_required = std::getenv("REQUIRE_POSTGRES") != nullptr;

  OutsideService outside;
  Workspace workspace(toolchain);
  char pattern[] = "/tmp/grader-selftest-XXXXXX";
  if (!mkdtemp(pattern)) throw std::runtime_error("cannot create a folder for the submissions");
  fs::path submissions = pattern;
  std::vector<const AdversarialCase*> runnable;
  for (const auto& c : cases) {
    const GradeOptions& o = options[c.lab];
    if (o.engine == "postgres" && o.postgres_url.empty() && !labs.at(c.lab).deployment) {
      std::cout << c.name << ": not graded, no PostgreSQL (install the server or set "
                << "GRADER_POSTGRES_URL)" << (postgres_required ? " - required here" : "")
                << std::endl;
      if (postgres_required) problems.push_back(c.name + " needs PostgreSQL (REQUIRE_POSTGRES)");
      continue;
    }
    write_submission(c, labs.at(c.lab), submissions / c.name);
    runnable.push_back(&c);
  }

  bool canary_seen = false;  // in a hidden test's output: the leak check would see a leak
  auto after_grading = [&](std::vector<std::string>& found) {
    for (const auto& survivor : survivors(workspace, std::chrono::seconds(3))) {
      found.push_back("still running after its grading: " + survivor);
    }
  };
  for (const auto* c : runnable) {  // one by one
    const Lab& lab = labs.at(c->lab);
    Grade g = grade(lab, submissions / c->name, options[c->lab], workspace);
    std::string line = "alone   " + c->name + ": ";
    auto found = check_case(*c, lab, g, line);
    after_grading(found);
    canary_seen |= hidden_text(g).find(canary) != std::string::npos;
    report(line, found);
    problems.insert(problems.end(), found.begin(), found.end());
  }
  // Two at a time: the reference solution is built and graded while the adversary's servers
  // run (from the end of its build), when they do their worst.
  for (const auto* c : runnable) {
    if (!c->beside) continue;
    const Lab& lab = labs.at(c->lab);
    Grade g, reference;
    std::thread neighbour;
    std::string neighbour_error;
    GradeOptions adversary_options = options[c->lab];
    adversary_options.on_built = [&] {
      neighbour = std::thread([&] {
        try {
          reference = grade(lab, lab.solution_dir, options[c->lab], workspace);
        } catch (const std::exception& e) {
          neighbour_error = e.what();
        }
      });
    };
    g = grade(lab, submissions / c->name, adversary_options, workspace);
    if (neighbour.joinable()) neighbour.join();
    if (!neighbour_error.empty()) throw std::runtime_error(neighbour_error);
    std::string line = "beside  " + c->name + ": ";
    auto found = check_case(*c, lab, g, line);
    auto reference_found = check_reference(reference, line);
    found.insert(found.end(), reference_found.begin(), reference_found.end());
    after_grading(found);
    report(line, found);
    problems.insert(problems.end(), found.begin(), found.end());
  }

  // What must hold over the whole run.
  std::vector<std::string> found;
  if (!canary_seen && given.only_test.empty()) {
    found.push_back("no hidden test's output held the canary: the leak check could not fail");
  }
  if (outside.connections() > 0) {
    found.push_back(std::to_string(outside.connections()) +
                    " connections reached a service outside the sandbox (port " +
                    std::to_string(outside.port()) + ")");
  }
  for (const auto& file : files_of_sandbox_users(
           workspace, {"/tmp", "/var/tmp", "/dev/shm", s.root}, std::numeric_limits<int>::max())) {
    found.push_back("written outside its folder: " + file);
  }
  for (const auto& file : files_of_sandbox_users(workspace, {"/", "/etc", "/usr"}, 0)) {
    found.push_back("written outside its folder: " + file);
  }
  report("whole run", found);
  problems.insert(problems.end(), found.begin(), found.end());
  fs::remove_all(submissions);

  auto beside = std::count_if(runnable.begin(), runnable.end(), [](auto* c) { return c->beside; });
  std::cout << "selftest: " << runnable.size() << " adversarial submissions graded alone, "
            << beside << " of them also beside the reference, in "
            << seconds(std::chrono::duration<double>(Clock::now() - start).count()) << ": "
            << (problems.empty() ? "every one got what it deserves, and nothing more\n"
                                 : std::to_string(problems.size()) + " problem(s)\n");
  return problems.empty() ? 0 : 1;
}

}  // namespace grader
