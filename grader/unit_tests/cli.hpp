// What the grader's CLI tests share: running a command, writing and reading files.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;

struct Outcome {
  int exit_code;
  std::string output;
};

// Runs a shell command, bounded in time by `timeout`, output (stdout and stderr) captured.
inline Outcome run(const std::string& command) {
  std::string line = "timeout 300 " + command + " 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(line.c_str(), "r"), pclose);
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe.get())) {
    output.append(buffer.data(), n);
  }
  int status = pclose(pipe.release());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

inline void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

inline std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A pids cgroup that lets at most `max` tasks (processes and threads) run in it: a grader
// started there finds fork and std::thread failing, as on a machine out of processes. Root
// only; cgroup v1's pids hierarchy, or v2's with the controller enabled.
class TaskLimit {
 public:
  explicit TaskLimit(int max) {
    fs::path v1 = "/sys/fs/cgroup/pids";
    bool v2 = read("/sys/fs/cgroup/cgroup.subtree_control").find("pids") != std::string::npos;
    fs::path parent = fs::exists(v1 / "cgroup.procs") ? v1 : v2 ? "/sys/fs/cgroup" : "";
    if (parent.empty()) throw std::runtime_error("no pids cgroup controller here");
    dir_ = parent / ("grader-test-" + std::to_string(getpid()) + "-" + std::to_string(++count_));
    fs::create_directory(dir_);
    std::ofstream(dir_ / "pids.max") << max;
  }
  ~TaskLimit() {  // its tasks have exited by now, or will in a moment
    for (int i = 0; i < 100 && fs::exists(dir_) && rmdir(dir_.c_str()) != 0; ++i) usleep(20000);
  }
  TaskLimit(const TaskLimit&) = delete;
  TaskLimit& operator=(const TaskLimit&) = delete;

  // Where a process writes its pid to enter the cgroup.
  std::string procs() const { return (dir_ / "cgroup.procs").string(); }
  // `command` (a program and its arguments) as a shell command that runs it in the cgroup.
  std::string wrap(const std::string& command) const {
    return "sh -c 'echo $$ >" + procs() + " && exec \"$0\" \"$@\"' " + command;
  }

 private:
  fs::path dir_;
  static inline int count_ = 0;
};
