// What the selftest checks around each grading, from outside the sandbox: no hidden byte in what
// a student sees, nothing of a submission left running, nothing written outside its folder, no
// service of the machine reached.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "grading/grade.hpp"
#include "submission/workspace.hpp"

namespace grader {

namespace fs = std::filesystem;

// Planted in every hidden test of the selftest's labs, and in nothing a submission holds.
constexpr const char* canary = "k4n4ry";

// What a student sees of a grade before the due date: the Gradescope summary, and the name and
// output of every visible test.
std::string visible_text(const Grade& grade);
// What only instructors see before the due date: the outputs of the other tests.
std::string hidden_text(const Grade& grade);

// Processes running (zombies aside) as one of the workspace's sandbox users, as "pid N (name)";
// waits up to `grace` for them to end (a PID namespace is emptied asynchronously).
std::vector<std::string> survivors(const Workspace& workspace, std::chrono::milliseconds grace);

// Files under `roots`, down to `max_depth` folders below them, owned by one of the workspace's
// sandbox users, outside the workspace's own folder (their scratch folders).
std::vector<std::string> files_of_sandbox_users(const Workspace& workspace,
                                                const std::vector<fs::path>& roots, int max_depth);

// A TCP listener on the machine's loopback, standing for a service outside the course: no
// submission may reach it.
class OutsideService {
 public:
  OutsideService();  // throws std::runtime_error if it cannot listen
  ~OutsideService();
  OutsideService(const OutsideService&) = delete;
  OutsideService& operator=(const OutsideService&) = delete;

  int port() const { return port_; }
  int connections() const { return connections_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_ = 0;
  std::atomic<bool> stop_ = false;
  std::thread acceptor_;
};

}  // namespace grader
