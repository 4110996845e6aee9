#include "commands/setup.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "grading/grading_postgres.hpp"

namespace grader {

Toolchain prepare(Settings& settings) {
  Toolchain toolchain = load_toolchain(settings.toolchain);
  if (settings.root.empty()) settings.root = toolchain.source_dir;
  protect_hidden_tests(settings.root);
  return toolchain;
}

Language course_language(const Settings& settings) {
  if (settings.lang) return language_named(*settings.lang);
  std::ifstream file(settings.root / "grader" / "lang");
  std::string name;
  if (!(file >> name)) return Language::en;
  try {
    return language_named(name);
  } catch (const std::invalid_argument&) {
    throw std::runtime_error((settings.root / "grader" / "lang").string() + " says " + name +
                             ": en or fr");
  }
}

GradeOptions grade_options(const Settings& settings, const Lab& lab, const std::string& engine) {
  GradeOptions options;
  options.language = course_language(settings);
  options.public_only = settings.public_only;
  options.only_test = settings.only_test;
  options.jobs = settings.jobs;
  bool has_db = !(lab.engines.size() == 1 && lab.engines[0] == "none");
  options.engine = !engine.empty() ? engine
                   : !has_db       ? "none"
                   : settings.db   ? *settings.db
                                   : lab.engines.front();
  if (has_db &&
      std::find(lab.engines.begin(), lab.engines.end(), options.engine) == lab.engines.end()) {
    throw std::invalid_argument("lab " + lab.name + " is not graded on " + options.engine);
  }
  // A deployed lab brings its own server (its harness starts one in the sandbox).
  if (options.engine == "postgres" && !lab.deployment) options.postgres_url = postgres_admin_url();
  return options;
}

void protect_hidden_tests(const fs::path& root) {
  fs::path hidden = root / "grader" / "tests";
  if (geteuid() != 0 || !fs::exists(hidden)) return;
  fs::permissions(hidden, fs::perms::owner_all);
}

}  // namespace grader
