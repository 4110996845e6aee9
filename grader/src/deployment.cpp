#include "deployment.hpp"

#include <sys/wait.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "hurl/runner.hpp"

namespace grader {

namespace {

constexpr const char* ready_prefix = "deployed ";
constexpr const char* pause_file = "deployment.continue";

// The harness and what it runs, laid out under dir/kit as under the course root (the harness
// finds the scripts it needs by their place there).
fs::path copy_kit(const Lab& lab, const fs::path& dir) {
  std::vector<fs::path> files = lab.deployment->kit;
  files.push_back(lab.deployment->harness);
  for (const auto& file : files) {
    fs::path to = dir / "kit" / file;
    fs::create_directories(to.parent_path());
    fs::copy_file(lab.root / file, to, fs::copy_options::overwrite_existing);
  }
  return dir / "kit" / lab.deployment->harness;
}

// The harness's check lines: "  ok    NAME" or "  FAIL  NAME", each followed by its reasons,
// indented further.
std::vector<TestResult> parse_checks(const std::string& output, int points) {
  static const std::regex check_line(R"(^  (ok|FAIL)  +(.+)$)");
  std::vector<TestResult> out;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, check_line)) {
      TestResult r;
      r.file = "deployment";
      r.name = m[2];
      r.max_points = points;
      r.passed = m[1] == "ok";
      out.push_back(r);
    } else if (!out.empty() && line.rfind("          ", 0) == 0) {
      out.back().output += line.substr(10) + "\n";
    }
  }
  return out;
}

}  // namespace

std::vector<TestResult> grade_deployment(const Lab& lab, const Slot& slot, const fs::path& server,
                                         const std::vector<hurl::TestFile>& files,
                                         const Workspace& workspace,
                                         std::vector<TestResult>& results) {
  const fs::path& dir = slot.dir;
  fs::path harness = copy_kit(lab, dir);
  workspace.hand_over(slot);
  auto limit = std::chrono::milliseconds(lab.deployment->limit_ms);
  auto deadline = Clock::now() + limit;
  std::vector<std::string> env{
      "PATH=/usr/bin:/bin:/usr/sbin:/sbin",
      "HOME=" + dir.string(),
      "TMPDIR=" + dir.string(),  // PostgreSQL's data and two copies of the server: not a tmpfs
      "LANG=C.UTF-8",
      "CHECK_DEPLOY_SERVER=" + server.string(),
      "CHECK_DEPLOY_SQL=" + (dir / "sql" / "postgres").string(),
      "CHECK_DEPLOY_PAUSE=" + (dir / pause_file).string(),
      "CHECK_DEPLOY_LIMIT=" + std::to_string(lab.deployment->limit_ms / 1000),
  };
  Sandbox sandbox = slot.sandbox;
  if (sandbox.isolated && sandbox.uid) {  // initdb needs a name for its user
    fs::path passwd = dir / "kit" / "passwd";
    fs::copy_file("/etc/passwd", passwd, fs::copy_options::overwrite_existing);
    std::ofstream(passwd, std::ios::app) << "sandbox:x:" << *sandbox.uid << ":" << *sandbox.gid
                                         << ":sandbox:" << dir.string() << ":/usr/sbin/nologin\n";
    sandbox.files.emplace_back(passwd.string(), "/etc/passwd");
    sandbox.tmpfs.push_back("/run");
  }
  sandbox.limits.cpu_seconds = 120;  // each process
  sandbox.limits.memory_bytes = 0;   // PostgreSQL's shared memory, sanitized servers
  sandbox.limits.resident_bytes = 2L << 30;
  sandbox.limits.file_bytes = 1L << 30;  // a sanitized server is copied
  Process harness_process({"/bin/bash", harness.string(), dir.string()}, dir.string(), env, sandbox,
                          256 * 1024, ready_prefix);

  auto ready = harness_process.wait_for_ready_line(deadline);
  std::vector<std::string> urls;
  if (ready) {
    std::istringstream words(ready->substr(std::string(ready_prefix).size()));
    for (std::string w; words >> w;) urls.push_back(w);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    TestResult& result = results[i];
    auto file_start = Clock::now();
    if (urls.size() != 3) {
      result.output = "not run: the deployment did not come up (see the deployment checks)";
      continue;
    }
    hurl::RunOptions run;
    run.variables = {{"base_url", urls[0]}, {"instance_1", urls[1]}, {"instance_2", urls[2]}};
    run.request_timeout = std::chrono::milliseconds(lab.request_ms);
    run.deadline = std::min(deadline, file_start + std::chrono::milliseconds(lab.file_ms));
    run.netns = harness_process.netns();
    run.insecure_tls = true;
    hurl::FileResult outcome = hurl::run_file(files[i], run);
    result.passed = outcome.passed;
    result.output = outcome.failure;
    result.points = result.passed ? result.max_points : 0;
    result.seconds = std::chrono::duration<double>(Clock::now() - file_start).count();
  }
  std::ofstream(dir / pause_file).close();

  auto status = harness_process.wait(deadline);
  harness_process.wait_for_eof(Clock::now() + std::chrono::seconds(1));
  std::string output = harness_process.output();
  if (status && WIFEXITED(*status) && WEXITSTATUS(*status) == 2) {
    throw std::runtime_error("the deployment harness could not run:\n" +
                             workspace.scrub(harness_process.last_lines(10)));
  }
  std::vector<TestResult> checks = parse_checks(output, lab.deployment->points_per_check);
  if (!status) {
    TestResult r;
    r.file = "deployment";
    r.name =
        "the deployment and its checks end within " + std::to_string(limit.count() / 1000) + " s";
    r.max_points = lab.deployment->points_per_check;
    r.output = "stopped at the limit; the harness's last lines:\n" + harness_process.last_lines(10);
    checks.push_back(r);
  }
  return checks;
}

}  // namespace grader
