#include "grading/source_check.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include "course/course_files.hpp"
#include "course/cpp_source.hpp"
#include "course/file_patterns.hpp"
#include "grading/bounded_search.hpp"

namespace grader {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first line where `rule` matches in the file, as the check reads it.
std::optional<int> first_match(const std::regex& rule, const std::string& file,
                               const std::string& text, SourceCheck::Reads reads) {
  if (!is_cpp_file(file)) {
    std::vector<std::string> lines = lines_of(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (bounded_search(lines[i], rule)) return static_cast<int>(i + 1);
    }
    return std::nullopt;
  }
  CppSource cpp = read_cpp(text);
  if (reads == SourceCheck::Reads::strings) {
    for (const auto& literal : cpp.strings) {
      if (bounded_search(literal.value, rule)) return literal.line;
    }
    return std::nullopt;
  }
  std::optional<std::size_t> at = bounded_search(cpp.code, rule);
  if (!at) return std::nullopt;
  return cpp.line_of(*at);
}

}  // namespace

std::optional<std::string> source_check_failure(const SourceCheck& check,
                                                const std::filesystem::path& dir) {
  const auto flags = std::regex::ECMAScript | std::regex::icase;
  std::optional<std::regex> forbid;
  std::vector<std::regex> require;
  if (!check.forbid.empty()) forbid.emplace(check.forbid, flags);
  if (!check.require.empty()) require.emplace_back(check.require, flags);
  for (const auto& rule : check.require_too) require.emplace_back(rule, flags);
  std::vector<std::string> matching;  // the files that hold a match of every required regex
  std::string unmatched;              // the first file that does not
  std::vector<std::string> names = expand_names(check.files, dir, check.except);
  for (const auto& name : names) {
    std::string text = read_all(dir / name);
    if (forbid) {
      if (std::optional<int> line = first_match(*forbid, name, text, check.reads)) {
        std::vector<std::string> lines = lines_of(text);
        std::string shown = *line <= static_cast<int>(lines.size()) ? lines[*line - 1] : "";
        shown.erase(0, shown.find_first_not_of(" \t"));
        return name + ":" + std::to_string(*line) + ": " + shown + "\n" + check.message;
      }
    }
    if (require.empty()) continue;
    bool all = std::all_of(require.begin(), require.end(), [&](const std::regex& rule) {
      return first_match(rule, name, text, check.reads).has_value();
    });
    if (all) {
      matching.push_back(name);
    } else if (unmatched.empty()) {
      unmatched = name;
    }
  }
  std::string rules = check.require;
  for (const auto& rule : check.require_too) rules += " and " + rule;
  if (check.at_least > 0 && static_cast<int>(matching.size()) < check.at_least) {
    std::string which;
    for (const auto& name : matching) which += (which.empty() ? "" : ", ") + name;
    return "only " + std::to_string(matching.size()) + " of the files match " + rules + " (" +
           (which.empty() ? "none" : which) + "): at least " + std::to_string(check.at_least) +
           " must\n" + check.message;
  }
  if (check.at_least == 0 && !unmatched.empty()) {
    return unmatched + ": nothing matches " + rules + "\n" + check.message;
  }
  return std::nullopt;
}

TestResult source_check(const SourceCheck& check, const std::filesystem::path& dir,
                        bool any_passed) {
  TestResult r;
  r.file = "source check";
  r.name = check.name;
  r.max_points = check.points;
  if (!any_passed) {
    r.output = "not checked: no test passed, so there is no working code to check yet";
    return r;
  }
  if (std::optional<std::string> failure = source_check_failure(check, dir)) {
    r.output = *failure;
    return r;
  }
  r.passed = true;
  r.points = r.max_points;
  return r;
}

}  // namespace grader
