#include "course/lab.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "course/cpp_source.hpp"
#include "course/file_patterns.hpp"

namespace grader {

namespace {

using nlohmann::json;

std::vector<fs::path> hurl_files(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".hurl") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::vector<TestCase> Lab::tests(bool public_only, const std::string& only) const {
  std::vector<TestCase> out;
  std::vector<fs::path> public_files = hurl_files(tests_dir);
  if (!only.empty()) {
    for (const auto& path : public_files) {
      std::string file = path.filename().string();
      if (file == only || path.stem() == only || file.rfind(only, 0) == 0) {
        out.push_back({path, false});
      }
    }
    if (out.empty()) {
      std::string names;
      for (const auto& path : public_files) names.append(" ").append(path.filename().string());
      throw std::invalid_argument("no public test of lab " + name + " is named " + only +
                                  "; its tests:" + names);
    }
    return out;
  }
  for (const auto& path : public_files) out.push_back({path, false});
  if (!public_only) {
    for (const auto& path : hurl_files(hidden_dir)) out.push_back({path, true});
  }
  return out;
}

namespace {

// What only the grader knows: the server's environment and the log checks.
void read_hidden(Lab& lab, const json& j) {
  for (const auto& c : j.value("log_checks", json::array())) {
    lab.log_checks.push_back(
        {c.at("name"), c.value("points", 1), c.at("forbid"), c.value("message", "")});
  }
  const json env = j.value("env", json::object());  // items() refers to it: keep it alive
  for (const auto& [key, value] : env.items()) {
    lab.env.push_back(key + "=" + value.get<std::string>());
  }
}

// How the lab is run, as far as `j` says: what a variant may change too.
void read_run_settings(Lab& lab, const json& j) {
  if (j.contains("between_files")) {
    std::string between = j.at("between_files").get<std::string>();
    if (between == "reinit")
      lab.between_files = BetweenFiles::reinit;
    else if (between == "restart")
      lab.between_files = BetweenFiles::restart;
    else if (between == "none")
      lab.between_files = BetweenFiles::none;
    else
      throw std::runtime_error("between_files must be reinit, restart or none");
  }
  lab.engines = j.value("engines", lab.engines);
  auto timeouts = j.value("timeouts_ms", json::object());
  lab.build_ms = timeouts.value("build", lab.build_ms);
  lab.start_ms = timeouts.value("start", lab.start_ms);
  lab.request_ms = timeouts.value("request", lab.request_ms);
  lab.file_ms = timeouts.value("file", lab.file_ms);
}

void read_manifest(Lab& lab, const json& j) {
  lab.title = j.at("title").get<std::string>();
  lab.title_fr = j.value("title_fr", "");
  lab.chapter = j.value("chapter", "");
  lab.student_files = j.at("student_files").get<std::vector<std::string>>();
  lab.provided_files = j.value("provided_files", std::vector<std::string>{});
  lab.engines = {"none"};
  read_run_settings(lab, j);
  lab.sql_model = j.value("sql", "");
  bool named = false;
  for (const auto& name : lab.student_files) {
    if (!is_pattern(name)) {
      named = true;
    } else if (name.find('/') != std::string::npos) {
      throw std::runtime_error("student file " + name + ": a pattern is a file name, no folder");
    }
  }
  if (!named && !lab.student_files.empty()) {
    throw std::runtime_error("student_files: a pattern needs a named file beside it (app.cpp)");
  }
  for (const auto& c : j.value("source_checks", json::array())) {
    std::vector<std::string> require;
    if (c.contains("require") && c.at("require").is_array()) {
      require = c.at("require").get<std::vector<std::string>>();
    } else if (c.contains("require")) {
      require.push_back(c.at("require").get<std::string>());
    }
    SourceCheck check{c.at("name"),
                      c.value("points", 1),
                      c.at("files").get<std::vector<std::string>>(),
                      c.value("forbid", ""),
                      c.value("message", ""),
                      require.empty() ? "" : require.front()};
    auto fail = [&](const std::string& why) {
      throw std::runtime_error("source check \"" + check.name + "\": " + why);
    };
    if (check.forbid.empty() && check.require.empty()) fail("give forbid, require or both");
    if (require.size() > 1) check.require_too.assign(require.begin() + 1, require.end());
    check.at_least = c.value("at_least", 0);
    if (check.at_least < 0 || (check.at_least > 0 && check.require.empty())) {
      fail("\"at_least\" is a number of files that match \"require\"");
    }
    check.except = lab.provided_files;
    std::string in = c.value("in", "code");
    if (in != "code" && in != "strings") fail("\"in\" is \"code\" or \"strings\"");
    if (in == "strings") {
      check.reads = SourceCheck::Reads::strings;
      for (const auto& file : check.files) {
        if (!is_cpp_file(file)) fail("\"in\": \"strings\" reads C++ files only, not " + file);
      }
    }
    lab.source_checks.push_back(check);
  }
  lab.regression = j.value("regression", "");
  if (j.contains("deployment")) {
    const json& d = j.at("deployment");
    Deployment deployment;
    deployment.harness = d.at("harness").get<std::string>();
    for (const auto& file : d.value("kit", std::vector<std::string>{})) {
      deployment.kit.emplace_back(file);
    }
    std::set<std::string> ids;
    for (const auto& c : d.at("checks")) {
      deployment.checks.push_back({c.at("id"), c.at("name")});
      if (deployment.checks.back().id.empty() || !ids.insert(deployment.checks.back().id).second) {
        throw std::runtime_error("deployment check \"" + deployment.checks.back().id +
                                 "\": an id of its own, not empty");
      }
    }
    deployment.points_per_check = d.value("points_per_check", deployment.points_per_check);
    deployment.limit_ms = d.value("limit_ms", deployment.limit_ms);
    lab.deployment = deployment;
  }
  for (const char* secret : {"env", "log_checks"}) {
    if (j.contains(secret)) {
      throw std::runtime_error(std::string(secret) + " belongs in grader/tests/" + lab.name +
                               "/grader.json (never exported)");
    }
  }
}

json read_json(const fs::path& file) {
  std::ifstream in(file);
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
}

}  // namespace

Lab load_lab(const fs::path& root, const std::string& name) {
  Lab lab;
  lab.name = name;
  lab.root = root;
  lab.dir = root / "labs" / name;
  lab.tests_dir = lab.dir / "tests";
  lab.solution_dir = root / "solutions" / name;
  lab.hidden_dir = root / "grader" / "tests" / name;
  fs::path manifest = lab.dir / "lab.json";
  if (!fs::exists(manifest)) {
    throw std::runtime_error("no such lab: " + name + " (no " + manifest.string() + ")");
  }
  try {
    read_manifest(lab, read_json(manifest));
    if (fs::exists(lab.hidden_dir / "grader.json"))
      read_hidden(lab, read_json(lab.hidden_dir / "grader.json"));
  } catch (const json::exception& e) {
    throw std::runtime_error(manifest.string() + ": " + e.what());
  }
  if (lab.student_files.empty()) throw std::runtime_error(manifest.string() + ": no student_files");
  for (const auto& file : lab.provided_files) {
    if (!fs::exists(lab.dir / file)) {
      throw std::runtime_error(manifest.string() + ": provided file " + file + " is missing");
    }
  }
  if (!lab.sql_model.empty() && !fs::is_directory(root / "sql" / lab.sql_model)) {
    throw std::runtime_error(manifest.string() + ": no folder sql/" + lab.sql_model);
  }
  if (lab.deployment && !lab.log_checks.empty()) {
    throw std::runtime_error(manifest.string() +
                             ": a deployed lab has no log checks (its servers log in the harness)");
  }
  if (lab.deployment) {
    std::vector<fs::path> files = lab.deployment->kit;
    files.push_back(lab.deployment->harness);
    for (const auto& file : files) {
      if (!fs::is_regular_file(root / file)) {
        throw std::runtime_error(manifest.string() + ": deployment file " + file.string() +
                                 " is missing");
      }
    }
  }
  return lab;
}

Lab with_regression_tests(const fs::path& root, const Lab& lab) {
  if (lab.regression.empty()) {
    throw std::invalid_argument(lab.name + " has no regression lab (lab.json \"regression\")");
  }
  Lab earlier = load_lab(root, lab.regression);
  Lab out = lab;
  out.tests_dir = earlier.tests_dir;
  out.hidden_dir = earlier.hidden_dir;
  out.env = earlier.env;
  out.log_checks = earlier.log_checks;
  out.source_checks.clear();
  out.between_files = earlier.between_files;
  out.deployment.reset();  // the earlier lab's tests run on one server, as there
  return out;
}

Lab load_lab_variant(const fs::path& root, const fs::path& dir) {
  Lab lab = load_lab(root, dir.filename().string());
  lab.tests_dir = dir / "tests";
  lab.hidden_dir = dir / "hidden";
  lab.log_checks.clear();
  lab.env.clear();
  fs::path manifest = dir / "lab.json";
  try {
    json j = read_json(manifest);
    lab.title = j.value("title", lab.title);
    read_run_settings(lab, j);
  } catch (const json::exception& e) {
    throw std::runtime_error(manifest.string() + ": " + e.what());
  }
  if (fs::exists(dir / "grader.json")) read_hidden(lab, read_json(dir / "grader.json"));
  return lab;
}

std::vector<std::string> lab_names(const fs::path& root) {
  std::vector<std::string> names;
  if (!fs::is_directory(root / "labs")) return names;
  for (const auto& entry : fs::directory_iterator(root / "labs")) {
    if (fs::exists(entry.path() / "lab.json")) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string find_lab(const fs::path& root, const std::string& given) {
  std::vector<std::string> names = lab_names(root);
  bool number = !given.empty() && given.find_first_not_of("0123456789") == std::string::npos;
  for (const auto& name : names) {
    if (name == given || (number && std::atoi(name.c_str()) == std::atoi(given.c_str()))) {
      return name;
    }
  }
  std::string list;
  for (const auto& name : names) list += " " + name;
  throw std::invalid_argument("no lab " + given + "; the labs:" + list);
}

}  // namespace grader
