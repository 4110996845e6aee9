#include "course/file_patterns.hpp"

#include <algorithm>

namespace grader {

bool is_pattern(const std::string& name) {
  return name.find('*') != std::string::npos;
}

bool matches_pattern(const std::string& pattern, const std::string& name) {
  // Greedy match with backtracking to the last '*': linear enough for file names.
  std::size_t p = 0, n = 0, star = std::string::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool taken_by_pattern(const std::vector<std::string>& names, const std::string& name,
                      const std::vector<std::string>& except) {
  auto is = [&](const std::string& other) {
    return other == name;
  };
  if (std::any_of(names.begin(), names.end(), is)) return false;
  if (std::any_of(except.begin(), except.end(), is)) return false;
  const std::string test = "_test.cpp";
  if (name.size() >= test.size() && name.compare(name.size() - test.size(), test.size(), test) == 0)
    return false;
  return std::any_of(names.begin(), names.end(), [&](const std::string& pattern) {
    return is_pattern(pattern) && matches_pattern(pattern, name);
  });
}

std::vector<std::string> expand_names(const std::vector<std::string>& names, const fs::path& dir,
                                      const std::vector<std::string>& except) {
  std::vector<std::string> out, taken;
  for (const auto& name : names) {
    if (!is_pattern(name)) out.push_back(name);
  }
  if (out.size() == names.size()) return out;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && taken_by_pattern(names, name, except)) taken.push_back(name);
  }
  std::sort(taken.begin(), taken.end());
  out.insert(out.end(), taken.begin(), taken.end());
  return out;
}

}  // namespace grader
