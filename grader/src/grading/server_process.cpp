#include "grading/server_process.hpp"

#include <cctype>

namespace grader {

namespace {

constexpr std::size_t log_lines = 20;
constexpr const char* ready_prefix = "listening on http://";

}  // namespace

ServerProcess::ServerProcess(const std::filesystem::path& executable, const Slot& slot, bool init,
                             std::chrono::milliseconds start_timeout, const Workspace& workspace,
                             const std::vector<std::string>& extra_env) {
  const std::filesystem::path& dir = slot.dir;
  std::vector<std::string> argv{executable.string(), "--host", "127.0.0.1", "--port", "0",
                                "--threads",         "2"};
  if (init) argv.push_back("--init");
  std::vector<std::string> env{"PATH=/usr/bin:/bin", "HOME=" + dir.string(),
                               "TMPDIR=" + dir.string(), "LC_ALL=C.UTF-8"};
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  Sandbox sandbox = slot.sandbox;
  sandbox.limits.cpu_seconds = 120;
  sandbox.limits.memory_bytes = workspace.toolchain().sanitized ? 0 : 1L << 30;
  sandbox.limits.resident_bytes = 1L << 30;
  process_ = std::make_unique<Process>(argv, dir.string(), env, sandbox, 256 * 1024, ready_prefix);
  auto deadline = Clock::now() + start_timeout;
  auto line = process_->wait_for_ready_line(deadline);
  if (line) {
    // Only the port is taken: the host is the one the grader gave, never a name the
    // submission chose (a DNS lookup would carry what it wants out of the sandbox).
    std::size_t colon = line->rfind(':');
    std::size_t end = colon + 1;
    while (end < line->size() && std::isdigit(static_cast<unsigned char>((*line)[end]))) ++end;
    std::string port = line->substr(colon + 1, end - colon - 1);
    if (colon != std::string::npos && !port.empty() && port.size() <= 5) {
      base_url_ = "http://127.0.0.1:" + port;
      return;
    }
    start_failure_ = "the server's ready line has no port: \"" + *line + "\"";
    return;
  }
  // Its output ended before the deadline: it is exiting; give it a moment to be reaped.
  auto status = process_->exited(Clock::now() < deadline ? Clock::now() + std::chrono::seconds(2)
                                                         : Clock::now());
  std::string printed = process_->last_lines(log_lines);
  if (printed.empty()) printed = "(nothing)\n";
  if (status) {
    start_failure_ = "the server " + describe_status(*status, process_->isolated()) +
                     " at start-up, before it listened; what it printed:\n" + printed;
  } else {
    start_failure_ = "the server did not print \"listening on http://...\" within " +
                     std::to_string(start_timeout.count() / 1000) + " s; what it printed:\n" +
                     printed;
  }
}

ServerProcess::~ServerProcess() {
  process_->stop(std::chrono::milliseconds(2000));
}

void ServerProcess::stop() {
  process_->stop(std::chrono::milliseconds(2000));
  process_->wait_for_eof(Clock::now() + std::chrono::milliseconds(1000));
}

std::string ServerProcess::failure(std::chrono::milliseconds grace) {
  if (!start_failure_.empty()) return start_failure_;
  if (auto status = process_->exited(Clock::now() + grace)) {
    return "server " + describe_status(*status, process_->isolated()) + "; its last log lines:\n" +
           process_->last_lines(log_lines);
  }
  return "";
}

}  // namespace grader
