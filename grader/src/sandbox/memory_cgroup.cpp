#include "sandbox/memory_cgroup.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace grader {

namespace {

constexpr const char* root = "/sys/fs/cgroup/memory/course-grader";

void write_file(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

MemoryCgroup::MemoryCgroup(long bytes) {
  static std::atomic<int> counter = 0;
  if (mkdir(root, 0755) != 0 && errno != EEXIST) {
    throw std::runtime_error(std::string("no memory cgroup: ") + root + ": " + strerror(errno));
  }
  dir_ = std::string(root) + "/" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  if (mkdir(dir_.c_str(), 0755) != 0) {
    throw std::runtime_error("cannot create the cgroup " + dir_ + ": " + strerror(errno));
  }
  try {
    write_file(dir_ + "/memory.limit_in_bytes", std::to_string(bytes));
    // Without swap accounting the file is missing: the limit above is then the bound.
    if (access((dir_ + "/memory.memsw.limit_in_bytes").c_str(), F_OK) == 0) {
      write_file(dir_ + "/memory.memsw.limit_in_bytes", std::to_string(bytes));
    }
  } catch (...) {
    rmdir(dir_.c_str());
    throw;
  }
  procs_fd_ = open((dir_ + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (procs_fd_ < 0) {
    rmdir(dir_.c_str());
    throw std::runtime_error("cannot open " + dir_ + "/cgroup.procs");
  }
}

MemoryCgroup::~MemoryCgroup() {
  close(procs_fd_);
  // A PID namespace empties asynchronously (a quarter of the servers stopped still had a
  // process here at the first try): kill stragglers and retry every 2 ms for up to 2 s.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (rmdir(dir_.c_str()) != 0 && errno == EBUSY &&
         std::chrono::steady_clock::now() < deadline) {
    std::ifstream procs(dir_ + "/cgroup.procs");
    for (pid_t pid; procs >> pid;) kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

bool MemoryCgroup::join(int procs_fd) {
  char digits[16];
  int n = 0;
  for (pid_t pid = getpid(); pid > 0 && n < 16; pid /= 10) digits[n++] = '0' + pid % 10;
  char text[16];
  for (int i = 0; i < n; ++i) text[i] = digits[n - 1 - i];
  return write(procs_fd, text, static_cast<std::size_t>(n)) == n;
}

}  // namespace grader
