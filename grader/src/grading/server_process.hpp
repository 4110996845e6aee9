// A submission's server, started the way every lab's server is: --port 0, then the ready
// line "listening on http://HOST:PORT" read back within a deadline.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/process.hpp"
#include "submission/workspace.hpp"

namespace grader {

class ServerProcess {
 public:
  // Starts `executable` in the slot; check ready() / failure() afterwards.
  ServerProcess(const std::filesystem::path& executable, const Slot& slot, bool init,
                std::chrono::milliseconds start_timeout, const Workspace& workspace,
                const std::vector<std::string>& extra_env = {});
  ~ServerProcess();  // SIGTERM, then SIGKILL

  bool ready() const { return !base_url_.empty(); }
  // A mark in the server's log, then the lines written since (at most `max`, as far as they
  // were kept): what it logged while one request, or one test file, ran.
  std::size_t log_mark() const { return process_->line_count(); }
  std::string log_since(std::size_t mark, std::size_t max = 20) const {
    return process_->lines_since(mark, max);
  }
  const std::string& base_url() const { return base_url_; }
  // Where to connect to base_url from: its network namespace when sandboxed, else "".
  const std::string& netns() const { return process_->netns(); }
  // Why it is not ready, or "server exited with signal 11 (...)" and its last log lines once
  // it has died; empty while it runs. `grace`: how long to wait for a dying server to exit
  // (after a dropped connection it may still be writing its last words).
  std::string failure(std::chrono::milliseconds grace = {});
  // Stops the server and waits until its last words are read.
  void stop();

 private:
  std::unique_ptr<Process> process_;
  std::string base_url_;
  std::string start_failure_;
};

}  // namespace grader
