#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "commands.hpp"

namespace grader {

namespace {

bool excluded(const std::string& path) {
  return path.rfind("solutions/", 0) == 0 || path.rfind("grader/tests/", 0) == 0;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The repository's tracked files (git ls-files), relative to root.
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

}  // namespace

int export_command(const Settings& given) {
  Settings s = given;
  if (!s.out_dir) throw std::invalid_argument("export needs --out DIR");
  if (s.root.empty()) s.root = fs::current_path();
  if (fs::exists(*s.out_dir) && !fs::is_empty(*s.out_dir)) {
    throw std::invalid_argument(s.out_dir->string() + " exists and is not empty");
  }
  std::vector<std::string> files = tracked_files(s.root);

  // Hidden tests, by content, to prove none leaves through another path.
  std::set<std::string> hidden;
  for (const auto& f : files) {
    if (f.rfind("grader/tests/", 0) == 0) hidden.insert(read_all(s.root / f));
  }
  std::size_t copied = 0;
  for (const auto& f : files) {
    if (excluded(f)) continue;
    std::string content = read_all(s.root / f);
    if (hidden.count(content)) {
      throw std::runtime_error("export refused: " + f + " holds a hidden test's content");
    }
    fs::path target = *s.out_dir / f;
    fs::create_directories(target.parent_path());
    fs::copy_file(s.root / f, target);
    ++copied;
  }
  // The check, on what was written: no hidden file, no solution, by path or by content.
  for (const auto& entry : fs::recursive_directory_iterator(*s.out_dir)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = fs::relative(entry.path(), *s.out_dir).string();
    if (excluded(relative) || hidden.count(read_all(entry.path()))) {
      throw std::runtime_error("export check failed: " + relative + " must not be exported");
    }
  }
  std::cout << "exported " << copied << " files to " << s.out_dir->string()
            << " (without solutions/ and grader/tests/; checked)\n";
  return 0;
}

}  // namespace grader
