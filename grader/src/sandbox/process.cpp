#include "sandbox/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

namespace grader {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t tail_lines = 200;
constexpr std::size_t max_line = 4096;  // bytes kept of a line
constexpr int pipe_bytes = 1 << 20;     // of the output pipe, and read at once

void set_limit(int resource, rlim_t value) {
  rlimit limit{value, value};
  setrlimit(resource, &limit);
}

constexpr int info_fd = 3;
constexpr const char* tmp_bytes = "268435456";  // the private /tmp: 256 MiB  // where bubblewrap
                                                // writes the sandboxed process's pid

// bubblewrap's command line around argv: see Sandbox. --die-with-parent and a PID namespace:
// when the grader kills it, every process it started dies, double fork and setsid included.
std::vector<std::string> isolated_argv(const std::vector<std::string>& argv, const std::string& cwd,
                                       const Sandbox& sandbox) {
  std::vector<std::string> out{"/usr/bin/bwrap"};
  if (sandbox.capabilities.empty()) {
    out.push_back("--unshare-all");
  } else {  // every namespace but the user one: its users are the machine's
    out.insert(out.end(), {"--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                           "--unshare-cgroup-try", "--cap-drop", "ALL"});
    for (const auto& c : sandbox.capabilities) out.insert(out.end(), {"--cap-add", c});
  }
  out.insert(out.end(), {"--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr",
                         "--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev"});
  // A /tmp of every user's, as a machine's, when they are several; else the user's own.
  if (!sandbox.capabilities.empty()) out.insert(out.end(), {"--perms", "01777"});
  out.insert(out.end(),
             {"--size", tmp_bytes, "--tmpfs", "/tmp", "--info-fd", std::to_string(info_fd)});
  for (const char* link : {"bin", "lib", "lib64", "sbin"}) {  // Debian's merged /usr
    out.insert(out.end(), {"--symlink", std::string("usr/") + link, std::string("/") + link});
  }
  if (!sandbox.capabilities.empty()) {
    // bubblewrap makes the folders above a bind root's, 0700: traversable, for the other users.
    std::vector<std::string> inside = sandbox.read_only;
    inside.insert(inside.end(), sandbox.read_write.begin(), sandbox.read_write.end());
    for (const auto& pairs : {sandbox.sockets, sandbox.files}) {
      for (const auto& pair : pairs) inside.push_back(pair.second);
    }
    static const std::set<fs::path> mounted = {"/usr", "/etc", "/proc", "/dev", "/tmp"};
    for (const auto& path : inside) {
      std::vector<fs::path> above;  // the deepest first
      for (fs::path p = fs::path(path).parent_path(); p.has_relative_path(); p = p.parent_path()) {
        if (!mounted.count(p)) above.push_back(p);
      }
      for (auto p = above.rbegin(); p != above.rend(); ++p) {
        out.insert(out.end(), {"--perms", "0711", "--dir", p->string()});
      }
    }
  }
  for (const auto& dir : sandbox.read_only) out.insert(out.end(), {"--ro-bind", dir, dir});
  for (const auto& dir : sandbox.read_write) out.insert(out.end(), {"--bind", dir, dir});
  for (const auto& [outside, inside] : sandbox.sockets) {
    out.insert(out.end(), {"--bind", outside, inside});
  }
  for (const auto& [outside, inside] : sandbox.files) {
    out.insert(out.end(), {"--ro-bind", outside, inside});
  }
  for (const auto& dir : sandbox.tmpfs) out.insert(out.end(), {"--tmpfs", dir});
  out.insert(out.end(), {"--chdir", cwd, "--"});
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

// The sandboxed process's pid, from bubblewrap's info ({"child-pid": N, ...}), or 0.
pid_t read_child_pid(int fd, std::chrono::milliseconds timeout) {
  std::string info;
  auto deadline = Clock::now() + timeout;
  while (info.find('}') == std::string::npos && Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
    char buffer[512];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    info.append(buffer, static_cast<std::size_t>(n));
  }
  std::size_t at = info.find("\"child-pid\":");
  return at == std::string::npos ? 0 : static_cast<pid_t>(std::atol(info.c_str() + at + 12));
}

// Runs in the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(char* const* argv, char* const* envp, const char* cwd,
                             const Sandbox& sandbox, int out_fd, int info_write, int cgroup_fd,
                             pid_t grader) {
  setpgid(0, 0);
  if (cgroup_fd >= 0 && !MemoryCgroup::join(cgroup_fd)) {
    const char message[] = "grader: cannot bound the memory of the sandbox\n";
    (void)!write(out_fd, message, sizeof message - 1);
    _exit(126);
  }
  int null_fd = open("/dev/null", O_RDONLY);
  dup2(null_fd, 0);
  dup2(out_fd, 1);
  dup2(out_fd, 2);
  if (info_write >= 0) dup2(info_write, info_fd);
  for (int fd = info_write >= 0 ? info_fd + 1 : 3; fd < 1024; ++fd) close(fd);
  const Limits& l = sandbox.limits;
  set_limit(RLIMIT_CPU, static_cast<rlim_t>(l.cpu_seconds));
  if (l.memory_bytes > 0) set_limit(RLIMIT_AS, static_cast<rlim_t>(l.memory_bytes));
  set_limit(RLIMIT_NOFILE, static_cast<rlim_t>(l.open_files));
  set_limit(RLIMIT_FSIZE, static_cast<rlim_t>(l.file_bytes));
  set_limit(RLIMIT_CORE, 0);
  if (sandbox.uid) {
    if (setgroups(0, nullptr) != 0 || setgid(*sandbox.gid) != 0 || setuid(*sandbox.uid) != 0) {
      const char message[] = "grader: cannot drop privileges\n";
      (void)!write(2, message, sizeof message - 1);
      _exit(126);
    }
  }
  // Per user, so only for the sandbox user: a student's own desktop has more processes.
  if (sandbox.uid) set_limit(RLIMIT_NPROC, static_cast<rlim_t>(l.processes));
  // Never outlive the grader (the thread that started it): set after setuid, which clears it;
  // a grader that died before that is no longer the parent.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != grader) _exit(126);
  if (chdir(cwd) != 0) _exit(126);
  execve(argv[0], argv, envp);
  const char message[] = "grader: cannot execute the program\n";
  (void)!write(2, message, sizeof message - 1);
  _exit(127);
}

// A memory cgroup for the sandbox; without one (a machine with cgroup v2 only), the address
// space limit alone bounds it, as said once on stderr.
std::unique_ptr<MemoryCgroup> bounded_memory(long bytes) {
  try {
    return std::make_unique<MemoryCgroup>(bytes);
  } catch (const std::runtime_error& e) {
    static std::once_flag said;
    std::call_once(said, [&] { std::cerr << "grader: " << e.what() << "; memory bounded less\n"; });
    return nullptr;
  }
}

// Returns when the child exits or at the deadline, whichever comes first: a pidfd wakes at the
// exit itself (sleeping 5 ms between checks cost every server stopped 3 ms on average).
void await_exit(pid_t pid, Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  int timeout = static_cast<int>(std::clamp<long>(left, 0, 1000));
  // The system call itself: glibc 2.36's <sys/pidfd.h> lacks extern "C" for C++.
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) {  // a kernel before 5.3
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(timeout, 1)));
    return;
  }
  pollfd p{fd, POLLIN, 0};
  poll(&p, 1, timeout);
  close(fd);
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const std::string& cwd,
                 const std::vector<std::string>& env, const Sandbox& sandbox,
                 std::size_t output_cap, std::string ready_prefix)
    : cap_(output_cap), ready_prefix_(std::move(ready_prefix)) {
  int fds[2], info[2] = {-1, -1};
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(strerror(errno)));
  if (sandbox.isolated && pipe2(info, O_CLOEXEC) != 0) {
    close(fds[0]);
    close(fds[1]);
    throw std::runtime_error("pipe: " + std::string(strerror(errno)));
  }
  const std::vector<std::string> command =
      sandbox.isolated ? isolated_argv(argv, cwd, sandbox) : argv;
  if (sandbox.isolated && sandbox.limits.resident_bytes > 0)
    cgroup_ = bounded_memory(sandbox.limits.resident_bytes);
  auto args = c_strings(command);
  auto envp = c_strings(env);
  pid_t grader = getpid();
  pid_ = fork();
  if (pid_ < 0) {
    for (int fd : {fds[0], fds[1], info[0], info[1]}) {
      if (fd >= 0) close(fd);
    }
    throw std::runtime_error("fork: " + std::string(strerror(errno)));
  }
  if (pid_ == 0)
    exec_child(args.data(), envp.data(), cwd.c_str(), sandbox, fds[1], info[1],
               cgroup_ ? cgroup_->procs_fd() : -1, grader);
  setpgid(pid_, pid_);  // also from the parent, so killpg works at once
  close(fds[1]);
  // 1 MiB instead of 64 KiB: a process that prints without end wakes the reader 16 times less
  // often, which matters on a loaded machine (best effort).
  fcntl(fds[0], F_SETPIPE_SZ, pipe_bytes);
  try {
    reader_ = std::thread([this, fd = fds[0]] { read_output(fd); });
  } catch (const std::system_error& e) {  // no thread to drain it: the child must not run
    killpg(pid_, SIGKILL);
    reap(true);
    for (int fd : {fds[0], info[0], info[1]}) {
      if (fd >= 0) close(fd);
    }
    throw std::runtime_error("thread: " + std::string(e.what()));
  }
  isolated_ = sandbox.isolated;
  if (sandbox.isolated) {
    close(info[1]);
    if (pid_t inner = read_child_pid(info[0], std::chrono::seconds(10))) {
      netns_ = "/proc/" + std::to_string(inner) + "/ns/net";
    }
    close(info[0]);
  }
}

Process::~Process() {
  if (!status_) {
    killpg(pid_, SIGKILL);
    reap(true);
  } else {
    killpg(pid_, SIGKILL);  // helpers it may have left in its group
  }
  if (reader_.joinable()) reader_.join();
}

// Reads in large chunks, splits lines with find (memchr) and only counts the lines that the
// tail would drop before anyone could read them: a server that prints 1 GiB is drained in
// seconds, its head and last lines kept.
void Process::read_output(int fd) {
  std::vector<char> buffer(pipe_bytes);
  std::vector<std::size_t> ends;  // where the lines of a chunk end
  auto keep = [this](std::string_view piece) {
    std::size_t room = max_line - std::min(max_line, partial_.size());
    partial_.append(piece.substr(0, room));
  };
  while (true) {
    ssize_t n = read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    std::string_view data(buffer.data(), static_cast<std::size_t>(n));
    ends.clear();
    for (std::size_t at = 0; (at = data.find('\n', at)) != std::string_view::npos; ++at) {
      ends.push_back(at);
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i < ends.size(); start = ends[i++] + 1) {
      std::string_view line = data.substr(start, ends[i] - start);
      if (partial_.empty() && head_full_ && ends.size() - i > tail_lines) {
        ++lines_;
        dropped_ += std::min(line.size(), max_line) + 1;
        watch(line);
        continue;
      }
      keep(line);
      complete_line();
    }
    keep(data.substr(start));
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mutex_);
  if (!partial_.empty()) complete_line();
  eof_ = true;
  changed_.notify_all();
}

void Process::watch(std::string_view line) {
  if (!ready_line_ && !ready_prefix_.empty() && line.starts_with(ready_prefix_)) {
    ready_line_ = std::string(line.substr(0, max_line));
  }
}

void Process::complete_line() {
  ++lines_;
  watch(partial_);
  if (!head_full_ && head_.size() + partial_.size() + 1 <= cap_ / 2) {
    head_.append(partial_).push_back('\n');
    ++head_lines_;
    partial_.clear();
    return;
  }
  head_full_ = true;
  std::string oldest;  // dropped once the tail is full; its buffer holds the next line
  if (tail_.size() == tail_lines) {
    dropped_ += tail_.front().size() + 1;
    oldest = std::move(tail_.front());
    tail_.pop_front();
  }
  tail_.push_back(std::move(partial_));
  partial_ = std::move(oldest);
  partial_.clear();
}

bool Process::reap(bool block) {
  if (status_) return true;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) status_ = status;
  return status_.has_value();
}

std::optional<int> Process::exited(Clock::time_point deadline) {
  while (!reap(false) && Clock::now() < deadline) await_exit(pid_, deadline);
  return status_;
}

std::optional<std::string> Process::wait_for_ready_line(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [this] { return ready_line_ || eof_; });
  return ready_line_;
}

std::optional<int> Process::wait(Clock::time_point deadline) {
  while (!reap(false)) {
    if (Clock::now() >= deadline) {
      killpg(pid_, SIGKILL);
      reap(true);
      return std::nullopt;
    }
    await_exit(pid_, deadline);
  }
  return status_;
}

void Process::stop(std::chrono::milliseconds grace, int signal) {
  if (reap(false)) return;
  kill(pid_, signal);
  wait(Clock::now() + grace);
}

void Process::wait_for_eof(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [this] { return eof_; });
}

std::string Process::output() const {
  std::lock_guard lock(mutex_);
  std::string out = head_;
  if (dropped_ > 0) out += "[... " + std::to_string(dropped_) + " bytes of output cut ...]\n";
  for (const auto& line : tail_) out += line + '\n';
  return out;
}

std::string Process::last_lines(std::size_t n) const {
  std::string all = output();
  std::size_t pos = all.size();
  if (pos > 0 && all.back() == '\n') --pos;
  for (std::size_t count = 0; pos > 0 && count < n;) {
    if (all[--pos] == '\n') ++count;
  }
  return all.substr(pos == 0 ? 0 : pos + 1);
}

std::size_t Process::line_count() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::string Process::lines_since(std::size_t mark, std::size_t max) const {
  std::lock_guard lock(mutex_);
  std::string out;
  std::size_t taken = 0;
  auto take = [&](std::string_view line) {
    if (taken++ < max) out.append(line).append("\n");
  };
  std::size_t index = 0;
  for (std::size_t start = 0; index < head_lines_; ++index) {
    std::size_t end = head_.find('\n', start);
    if (index >= mark) take(std::string_view(head_).substr(start, end - start));
    start = end + 1;
  }
  std::size_t first_tail = lines_ - std::min(lines_, tail_.size());
  for (std::size_t i = 0; i < tail_.size(); ++i) {
    if (first_tail + i >= mark) take(tail_[i]);
  }
  if (!partial_.empty()) take(partial_);
  if (taken > max) out += "[... " + std::to_string(taken - max) + " more lines ...]\n";
  return out;
}

std::string describe_status(int status, bool isolated) {
  auto signal_name = [](int sig) {
    return "exited with signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  };
  if (WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    if (isolated && code > 128 && code < 128 + NSIG) return signal_name(code - 128);
    return "exited with code " + std::to_string(code);
  }
  if (WIFSIGNALED(status)) return signal_name(WTERMSIG(status));
  return "stopped (status " + std::to_string(status) + ")";
}

}  // namespace grader
