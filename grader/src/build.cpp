#include "build.hpp"

#include <sys/wait.h>

#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace grader {

namespace {

constexpr std::size_t feedback_lines = 40;

// The student's file at the root of the submission or, uploaded inside a folder, the one
// file of that name below it.
std::optional<fs::path> find_student_file(const fs::path& submission, const std::string& name) {
  if (fs::is_regular_file(submission / name)) return submission / name;
  std::optional<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(submission)) {
    if (entry.is_regular_file() && entry.path().filename() == name) {
      if (found) return std::nullopt;  // ambiguous
      found = entry.path();
    }
  }
  return found;
}

// The compiler's output, shortened and with the scratch folder's path removed.
std::string shorten(std::string text, const fs::path& dir) {
  std::string prefix = dir.string() + "/";
  for (std::size_t pos; (pos = text.find(prefix)) != std::string::npos;) {
    text.erase(pos, prefix.size());
  }
  std::string out;
  std::size_t lines = 0, start = 0;
  while (start < text.size() && lines < feedback_lines) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += text.substr(start, end - start) + "\n";
    start = end + 1;
    ++lines;
  }
  if (start < text.size()) out += "[... more compiler output cut ...]\n";
  return out;
}

std::vector<std::string> build_env(const fs::path& dir) {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir.string(), "TMPDIR=" + dir.string(),
          "LC_ALL=C"};
}

}  // namespace

BuildResult build_submission(const Lab& lab, const fs::path& submission, const fs::path& dir,
                             const Workspace& workspace) {
  auto start = Clock::now();
  BuildResult result;
  std::set<std::string> student(lab.student_files.begin(), lab.student_files.end());
  for (const auto& name : lab.student_files) {
    auto file = find_student_file(submission, name);
    if (!file) {
      result.feedback = "missing file: " + name + " (expected in the submission: each of ";
      for (const auto& n : lab.student_files) result.feedback += n + " ";
      result.feedback += ")";
      return result;
    }
    fs::copy_file(*file, dir / name, fs::copy_options::overwrite_existing);
  }
  // Provided files (main.cpp, SQL...): from the lab, never from the student.
  for (const auto& entry : fs::directory_iterator(lab.dir)) {
    std::string name = entry.path().filename().string();
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && !student.count(name) &&
        (ext == ".cpp" || ext == ".hpp" || ext == ".sql")) {
      fs::copy_file(entry.path(), dir / name, fs::copy_options::overwrite_existing);
    }
  }
  if (!lab.sql_model.empty()) {
    fs::copy(lab.root / "sql" / lab.sql_model, dir / "sql", fs::copy_options::recursive);
  }
  workspace.hand_over(dir);

  const Toolchain& tc = workspace.toolchain();
  Sandbox sandbox = workspace.sandbox();
  sandbox.limits.cpu_seconds = lab.build_ms / 1000;
  sandbox.limits.memory_bytes = tc.sanitized ? 0 : 4L << 30;  // sanitizers reserve terabytes
  auto deadline = start + std::chrono::milliseconds(lab.build_ms);

  // One compiler per source file, in parallel, then the link.
  std::vector<std::string> objects;
  std::vector<std::unique_ptr<Process>> compilers;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".cpp") continue;
    std::vector<std::string> argv{tc.compiler};
    argv.insert(argv.end(), tc.flags.begin(), tc.flags.end());
    argv.push_back("-I" + dir.string());
    for (const auto& inc : tc.include_dirs) argv.push_back("-I" + inc);
    std::string object = entry.path().string() + ".o";
    argv.insert(argv.end(), {"-c", entry.path().string(), "-o", object});
    objects.push_back(object);
    compilers.push_back(std::make_unique<Process>(argv, dir.string(), build_env(dir), sandbox));
  }
  std::string errors;
  for (auto& compiler : compilers) {
    auto status = compiler->wait(deadline);
    if (!status) {
      errors += "the build took longer than " + std::to_string(lab.build_ms / 1000) + " s\n";
    } else if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
      errors += compiler->output();
    }
  }
  if (errors.empty()) {
    std::vector<std::string> argv{tc.compiler};
    argv.insert(argv.end(), tc.flags.begin(), tc.flags.end());
    argv.insert(argv.end(), objects.begin(), objects.end());
    argv.insert(argv.end(), tc.libraries.begin(), tc.libraries.end());
    argv.insert(argv.end(), {"-o", (dir / "server").string()});
    Process linker(argv, dir.string(), build_env(dir), sandbox);
    auto status = linker.wait(deadline);
    if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
      errors += status ? linker.output() : "the link took too long\n";
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!errors.empty()) {
    result.feedback = "the build failed:\n" + shorten(errors, dir);
    return result;
  }
  result.ok = true;
  result.server = dir / "server";
  return result;
}

}  // namespace grader
