// A child process of the grader: sandboxed (unprivileged user, rlimits, own process group),
// its merged stdout/stderr captured up to a cap, waited for with deadlines, always reaped.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "sandbox/memory_cgroup.hpp"

namespace grader {

using Clock = std::chrono::steady_clock;

struct Limits {
  int cpu_seconds = 60;
  long memory_bytes = 0;  // address space; 0 = no limit (sanitizers reserve terabytes)
  // Memory really used by the process and its children, tmpfs files included (a cgroup, when
  // sandboxed and the machine has one); 0 = no limit.
  long resident_bytes = 0;
  int processes = 512;  // per user: counts threads too
  int open_files = 512;
  long file_bytes = 64L << 20;
};

struct Sandbox {
  std::optional<uid_t> uid;  // run as this user (when the grader is root)
  std::optional<gid_t> gid;
  Limits limits;
  // In namespaces of its own (bubblewrap): the system's folders read-only, nothing else of the
  // machine but `read_write` (its folder) and `read_only` (the toolchain) folders and `sockets`
  // (a unix socket outside, the path it has inside: the database's); a private /tmp, no
  // network but its own loopback, its own process tree, which dies with it.
  bool isolated = false;
  std::vector<std::string> read_write;
  std::vector<std::string> read_only;
  std::vector<std::pair<std::string, std::string>> sockets;
  // Read-only files outside, at the path they have inside (a deployment's /etc/passwd, which
  // names the sandbox user for PostgreSQL's initdb), and empty writable folders (/run for
  // systemd-analyze).
  std::vector<std::pair<std::string, std::string>> files;
  std::vector<std::string> tmpfs;
  // Without `uid`: root inside, in no user namespace, with only these capabilities (bwrap
  // --cap-add, e.g. CAP_SETUID): a deployment's harness, which starts the student's code as
  // other users and must stay out of their reach.
  std::vector<std::string> capabilities;
};

class Process {
 public:
  // Starts argv[0] (a path) in `cwd` with exactly `env`; throws std::runtime_error if the
  // fork, the pipe or the thread that reads its output fails, leaving nothing behind (an exec
  // failure shows as exit code 127 and a message). The first
  // line of output that starts with `ready_prefix` (if not empty) is kept for
  // wait_for_ready_line(), whatever comes before or after it.
  Process(const std::vector<std::string>& argv, const std::string& cwd,
          const std::vector<std::string>& env, const Sandbox& sandbox,
          std::size_t output_cap = 256 * 1024, std::string ready_prefix = "");
  ~Process();  // kills the whole process group if still running, reaps it
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Waits until a line of output starts with the ready prefix; returns that line, or nothing if
  // the process exits or the deadline passes first.
  std::optional<std::string> wait_for_ready_line(Clock::time_point deadline);
  // The wait status once the process has exited, waiting for it at most until `deadline`.
  std::optional<int> exited(Clock::time_point deadline = {});
  // Waits until the process exits or the deadline passes (then kills it); the wait status,
  // or nothing on a timeout.
  std::optional<int> wait(Clock::time_point deadline);
  // `signal`, then SIGKILL after `grace`.
  void stop(std::chrono::milliseconds grace, int signal = SIGTERM);

  // Waits until every byte of its output has been read (after it exited) or the deadline.
  void wait_for_eof(Clock::time_point deadline);
  // An isolated process's network namespace (/proc/PID/ns/net: connect to it there), else "".
  const std::string& netns() const { return netns_; }
  bool isolated() const { return isolated_; }
  std::string output() const;  // what was captured (head, then the tail)
  std::string last_lines(std::size_t n) const;
  // How many lines it has written so far: a mark for lines_since().
  std::size_t line_count() const;
  // The first `max` lines written since `mark`, those still kept, and the current partial line.
  std::string lines_since(std::size_t mark, std::size_t max) const;

 private:
  void read_output(int fd);
  void complete_line();               // partial_ is a whole line: keep it (mutex_ held)
  void watch(std::string_view line);  // keeps it if it is the first ready line
  bool reap(bool block);

  pid_t pid_ = -1;
  std::string netns_;
  bool isolated_ = false;
  std::unique_ptr<MemoryCgroup> cgroup_;  // Limits::resident_bytes
  std::optional<int> status_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string head_;              // the first output_cap / 2 bytes
  bool head_full_ = false;        // then every line goes to the tail
  std::deque<std::string> tail_;  // then the last lines
  std::size_t dropped_ = 0;       // bytes neither in head_ nor in tail_
  std::size_t head_lines_ = 0;    // lines in head_
  std::size_t lines_ = 0;         // every complete line read
  std::size_t cap_;
  std::string partial_;  // the current line, not yet complete (its first 4 KiB)
  bool eof_ = false;
  std::string ready_prefix_;
  std::optional<std::string> ready_line_;
};

// "exited with code 3", "exited with signal 11 (Segmentation fault)". `isolated`: the status is
// bubblewrap's, which exits with 128 + N when what it runs dies of signal N.
std::string describe_status(int status, bool isolated = false);

}  // namespace grader
