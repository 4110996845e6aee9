// grader package: Gradescope's autograder.zip for one lab. At its root, setup.sh (run once when
// Gradescope builds the image) and run_autograder (run for each submission), from
// grader/gradescope/; under course/, the files `export` gives students (course_files.cpp), the
// lab's folder, and what only the grader may know of that lab: its hidden tests and grader.json.
// Never a solution, another lab or another lab's hidden tests: checked by path and by content.
#include <algorithm>
#include <iostream>
#include <map>
#include <regex>
#include <set>

#include "commands/commands.hpp"
#include "commands/setup.hpp"
#include "course/course_files.hpp"
#include "course/lab.hpp"
#include "course/language.hpp"
#include "course/zip_writer.hpp"

namespace grader {

namespace {

// The packaged files of `lab`: repository path -> path in the zip.
std::map<std::string, std::string> packaged_files(const std::vector<std::string>& tracked,
                                                  const std::string& lab) {
  std::map<std::string, std::string> files;
  for (const auto& f : tracked) {
    if (is_course_file(f) || starts_with(f, "labs/" + lab + "/") ||
        starts_with(f, "grader/tests/" + lab + "/")) {
      files[f] = "course/" + f;
    }
  }
  return files;
}

// "05-cruds" for "solutions/05-cruds/app.cpp"; "" for a file elsewhere.
std::string solution_lab(const std::string& file) {
  if (!starts_with(file, "solutions/")) return "";
  std::string rest = file.substr(std::string("solutions/").size());
  return rest.substr(0, rest.find('/'));
}

// What must not leave: the solutions and the other labs' hidden tests, by path and by content
// (a copy under another name). A file of this lab's hidden tests may share another's content,
// and an earlier lab's solution may be in this lab's starter (students get it with this lab).
// So may a file of this lab's solution that its starter holds unchanged at the same place: lab
// 08 hands out its C++ (lab 07's solution) and changes only deploy/. (A starter that solves
// its lab is what `grader check` refuses: every starter fails every test.)
void check_nothing_private(const fs::path& root, const std::vector<std::string>& tracked,
                           const std::map<std::string, std::string>& files,
                           const std::string& lab) {
  std::set<std::string> private_content, released;
  const std::set<std::string> lab_files(tracked.begin(), tracked.end());
  for (const auto& f : tracked) {
    std::string solved = solution_lab(f);
    std::string starter = "labs/" + f.substr(std::min(f.size(), std::string("solutions/").size()));
    bool in_starter =
        solved == lab && lab_files.count(starter) && read_all(root / starter) == read_all(root / f);
    if (starts_with(f, "grader/tests/" + lab + "/") || (!solved.empty() && solved < lab) ||
        in_starter) {
      released.insert(read_all(root / f));
    } else if (!solved.empty() || starts_with(f, "grader/tests/")) {
      private_content.insert(read_all(root / f));
    }
  }
  for (const auto& content : released) private_content.erase(content);
  private_content.erase("");
  for (const auto& [from, to] : files) {
    bool private_path =
        starts_with(from, "solutions/") ||
        (starts_with(from, "grader/tests/") && !starts_with(from, "grader/tests/" + lab + "/"));
    if (private_path || private_content.count(read_all(root / from))) {
      throw std::runtime_error("package refused: " + from +
                               " is, or holds the content of, a solution or another lab's "
                               "hidden test");
    }
  }
}

std::string script(const fs::path& root, const std::string& name, const std::string& lab,
                   const std::string& visibility) {
  fs::path file = root / "grader/gradescope" / name;
  std::string text = read_all(file);
  if (text.empty()) throw std::runtime_error("no " + file.string());
  text = std::regex_replace(text, std::regex("@LAB@"), lab);
  return std::regex_replace(text, std::regex("@HIDDEN_VISIBILITY@"), visibility);
}

}  // namespace

int package_command(const Settings& given) {
  Settings s = given;
  if (s.lab.empty()) throw std::invalid_argument("package needs --lab NN");
  if (!s.out) throw std::invalid_argument("package needs --out FILE.zip");
  static const std::set<std::string> visibilities = {"hidden", "after_due_date", "after_published",
                                                     "visible"};
  if (!visibilities.count(s.hidden_visibility)) {
    throw std::invalid_argument(
        "--hidden-visibility is hidden, after_due_date, "
        "after_published or visible");
  }
  prepare(s);
  std::string name = find_lab(s.root, s.lab);
  Lab lab = load_lab(s.root, name);  // a broken manifest fails here, not on Gradescope
  std::vector<std::string> tracked = tracked_files(s.root);
  std::map<std::string, std::string> files = packaged_files(tracked, name);
  check_nothing_private(s.root, tracked, files, name);
  std::size_t hidden = 0;
  for (const auto& test : lab.tests(false)) {
    if (!test.hidden) continue;
    std::string path = fs::relative(test.path, s.root).string();
    if (!files.count(path)) {
      throw std::runtime_error("package refused: the hidden test " + path +
                               " is not tracked by git");
    }
    ++hidden;
  }

  fs::path out = *s.out;
  try {
    ZipWriter zip(out);
    zip.add("setup.sh", script(s.root, "setup.sh", name, s.hidden_visibility), 0755);
    zip.add("run_autograder", script(s.root, "run_autograder", name, s.hidden_visibility), 0755);
    for (const auto& [from, to] : files) {
      auto perms = fs::status(s.root / from).permissions();
      bool executable = (perms & fs::perms::owner_exec) != fs::perms::none;
      zip.add(to, read_all(s.root / from), executable ? 0755 : 0644);
    }
    // --lang fr: the students read French feedback on Gradescope (the course's language).
    if (s.lang)
      zip.add("course/grader/lang", language_named(*s.lang) == Language::fr ? "fr\n" : "en\n",
              0644);
    zip.close();
  } catch (...) {
    std::error_code ignored;
    fs::remove(out, ignored);
    throw;
  }
  std::cout << "wrote " << out.string() << ": lab " << name << ", setup.sh, run_autograder and "
            << files.size() << " files under course/ (" << hidden
            << " hidden tests; no solution, no other lab)"
            << (s.lang ? ", its reports in " + std::string(*s.lang == "fr" ? "French" : "English")
                       : "")
            << "\n";
  return 0;
}

}  // namespace grader
