#include "selftest/selftest_cases.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "course/file_patterns.hpp"

namespace grader {

namespace {

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::vector<AdversarialCase> load_cases(const fs::path& dir) {
  std::vector<AdversarialCase> cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    fs::path manifest = entry.path() / "case.json";
    if (!fs::exists(manifest)) continue;
    AdversarialCase c;
    c.name = entry.path().filename().string();
    c.dir = entry.path();
    try {
      auto j = nlohmann::json::parse(read_all(manifest));
      c.lab = j.at("lab").get<std::string>();
      c.score = j.at("score").get<int>();
      c.run_seconds = j.at("run_seconds").get<double>();
      c.build_seconds = j.value("build_seconds", 0.0);
      c.beside = j.value("beside", true);
      c.why = j.at("why").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(manifest.string() + ": " + e.what());
    }
    cases.push_back(c);
  }
  std::sort(cases.begin(), cases.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return cases;
}

void write_submission(const AdversarialCase& adversary, const Lab& lab, const fs::path& into) {
  fs::create_directories(into);
  for (const auto& name : expand_names(lab.student_files, lab.solution_dir, lab.provided_files)) {
    bool own = fs::exists(adversary.dir / name);
    std::string text = read_all((own ? adversary.dir : lab.solution_dir) / name);
    replace_all(text, "@ROOT@", lab.root.string());
    replace_all(text, "@HIDDEN@", lab.hidden_dir.string());
    fs::create_directories((into / name).parent_path());  // deploy/nginx.conf
    std::ofstream(into / name, std::ios::binary) << text;
  }
}

}  // namespace grader
