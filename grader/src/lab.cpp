#include "lab.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace grader {

namespace {

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

std::vector<TestCase> Lab::tests(bool public_only) const {
  std::vector<TestCase> out;
  for (const auto& path : hurl_files(dir / "tests")) out.push_back({path, false});
  if (!public_only) {
    for (const auto& path : hurl_files(hidden_dir)) out.push_back({path, true});
  }
  return out;
}

Lab load_lab(const fs::path& root, const std::string& name) {
  Lab lab;
  lab.name = name;
  lab.root = root;
  lab.dir = root / "labs" / name;
  lab.solution_dir = root / "solutions" / name;
  lab.hidden_dir = root / "grader" / "tests" / name;
  fs::path manifest = lab.dir / "lab.json";
  std::ifstream in(manifest);
  if (!in) throw std::runtime_error("no such lab: " + name + " (no " + manifest.string() + ")");
  try {
    auto j = nlohmann::json::parse(in);
    lab.title = j.at("title").get<std::string>();
    lab.student_files = j.at("student_files").get<std::vector<std::string>>();
    std::string between = j.value("between_files", "reinit");
    if (between == "reinit")
      lab.between_files = BetweenFiles::reinit;
    else if (between == "restart")
      lab.between_files = BetweenFiles::restart;
    else if (between == "none")
      lab.between_files = BetweenFiles::none;
    else
      throw std::runtime_error("between_files must be reinit, restart or none");
    lab.engines = j.value("engines", std::vector<std::string>{"none"});
    lab.sql_model = j.value("sql", "");
    for (const auto& c : j.value("source_checks", nlohmann::json::array())) {
      lab.source_checks.push_back({c.at("name"), c.value("points", 1),
                                   c.at("files").get<std::vector<std::string>>(), c.at("forbid"),
                                   c.value("message", "")});
    }
    for (const auto& c : j.value("log_checks", nlohmann::json::array())) {
      lab.log_checks.push_back(
          {c.at("name"), c.value("points", 1), c.at("forbid"), c.value("message", "")});
    }
    const auto env = j.value("env", nlohmann::json::object());
    for (const auto& [key, value] : env.items()) {
      lab.env.push_back(key + "=" + value.get<std::string>());
    }
    auto timeouts = j.value("timeouts_ms", nlohmann::json::object());
    lab.build_ms = timeouts.value("build", lab.build_ms);
    lab.start_ms = timeouts.value("start", lab.start_ms);
    lab.request_ms = timeouts.value("request", lab.request_ms);
    lab.file_ms = timeouts.value("file", lab.file_ms);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(manifest.string() + ": " + e.what());
  }
  if (lab.student_files.empty()) throw std::runtime_error(manifest.string() + ": no student_files");
  if (!lab.sql_model.empty() && !fs::is_directory(root / "sql" / lab.sql_model)) {
    throw std::runtime_error(manifest.string() + ": no folder sql/" + lab.sql_model);
  }
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

}  // namespace grader
