// A submission's server, started the way every lab's server is: --port 0, then the ready
// line "listening on http://HOST:PORT" read back within a deadline.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "process.hpp"
#include "workspace.hpp"

namespace grader {

class ServerProcess {
 public:
  // Starts `executable` in `dir`; check ready() / failure() afterwards.
  ServerProcess(const std::filesystem::path& executable, const std::filesystem::path& dir,
                bool init, std::chrono::milliseconds start_timeout, const Workspace& workspace,
                const std::vector<std::string>& extra_env = {});
  ~ServerProcess();  // SIGTERM, then SIGKILL

  bool ready() const { return !base_url_.empty(); }
  // A mark in the server's log, then the lines written since (at most 20): what it logged
  // while one request ran.
  std::size_t log_mark() const { return process_->line_count(); }
  std::string log_since(std::size_t mark) const { return process_->lines_since(mark, 20); }
  const std::string& base_url() const { return base_url_; }
  // Why it is not ready, or "server exited with signal 11 (...)" and its last log lines once
  // it has died; empty while it runs. `grace`: how long to wait for a dying server to exit
  // (after a dropped connection it may still be writing its last words).
  std::string failure(std::chrono::milliseconds grace = {});
  // Stops the server and returns everything it wrote (capped: the first and last lines).
  std::string stop_and_log();

 private:
  std::unique_ptr<Process> process_;
  std::string base_url_;
  std::string start_failure_;
};

}  // namespace grader
