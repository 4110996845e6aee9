// A memory bound for a sandboxed process and everything it starts: a cgroup (v1 memory
// controller). Unlike an address-space limit it counts what is really used, so it also holds
// servers built with sanitizers (which reserve terabytes) and the files they write into tmpfs
// folders; over the bound, the kernel kills the greediest process of the group.
#pragma once

#include <sys/types.h>
#include <string>

namespace grader {

class MemoryCgroup {
 public:
  // A new group of at most `bytes` (memory and swap); throws std::runtime_error when the
  // machine has no writable memory controller.
  explicit MemoryCgroup(long bytes);
  ~MemoryCgroup();  // kills what is left in it, then removes it
  MemoryCgroup(const MemoryCgroup&) = delete;
  MemoryCgroup& operator=(const MemoryCgroup&) = delete;

  // Opened for the child to write its own pid into, between fork and exec (join()).
  int procs_fd() const { return procs_fd_; }
  // Async-signal-safe: moves the calling process into the group; false if it could not.
  static bool join(int procs_fd);

 private:
  std::string dir_;
  int procs_fd_ = -1;
};

}  // namespace grader
