#include "course/course_files.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

namespace grader {

namespace {

const std::set<std::string> course_files = {".clang-format",
                                            ".gitignore",
                                            "CMakeLists.txt",
                                            "CMakePresets.json",
                                            "Makefile",
                                            "labs/README.md",
                                            "labs/README.fr.md",
                                            "scripts/format",
                                            "scripts/postgres",
                                            "scripts/redis",
                                            "scripts/setup",
                                            "grader/HURL.md",
                                            "grader/CMakeLists.txt",
                                            "grader/course_pch.hpp",
                                            "grader/toolchain.json.in"};
const std::vector<std::string> course_folders = {"cmake/", "common/", "grader/src/", "sql/"};

}  // namespace

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> tracked_files(const fs::path& root) {
  std::string command = "git -C '" + root.string() + "' ls-files -z";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run git ls-files");
  std::vector<std::string> files;
  std::string current;
  for (int c; (c = fgetc(pipe.get())) != EOF;) {
    if (c == '\0') {
      files.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(c);
    }
  }
  if (files.empty()) throw std::runtime_error(root.string() + " is not a git checkout with files");
  return files;
}

bool is_course_file(const std::string& file) {
  if (course_files.count(file)) return true;
  for (const auto& folder : course_folders) {
    if (starts_with(file, folder)) return true;
  }
  return false;
}

}  // namespace grader
