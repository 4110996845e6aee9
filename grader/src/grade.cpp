#include "grade.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include <web/db.hpp>

#include "build.hpp"
#include "hurl/parser.hpp"
#include "hurl/runner.hpp"
#include "server_process.hpp"
#include "submission_files.hpp"

namespace grader {

int Grade::score() const {
  int total = 0;
  for (const auto& t : tests) total += t.points;
  return total;
}

int Grade::max_score() const {
  int total = 0;
  for (const auto& t : tests) total += t.max_points;
  return total;
}

namespace {

// "# server: restart" among a test file's header comments: restart without --init before it,
// so that it sees what the previous file wrote (persistence).
bool restarts_keeping_data(const fs::path& file) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line) && line.rfind("#", 0) == 0;) {
    if (std::regex_match(line, std::regex(R"(#\s*server:\s*restart\s*)"))) return true;
  }
  return false;
}

// A fresh PostgreSQL database for one submission, dropped afterwards.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& admin_url) : admin_url_(admin_url) {
    static std::atomic<int> counter = 0;
    name_ = "grade_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
    web::Connection::open(admin_url_)->script("CREATE DATABASE " + name_);
  }
  ~ScratchDatabase() {
    try {
      web::Connection::open(admin_url_)
          ->script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {  // the server is gone: nothing left to clean
    }
  }
  std::string url() const {
    return admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") + "dbname=" + name_;
  }

 private:
  std::string admin_url_;
  std::string name_;
};

// Not earned without a passing HTTP test: an empty program keeps every rule.
TestResult source_check(const SourceCheck& check, const fs::path& dir, bool any_passed) {
  TestResult r;
  r.file = "source check";
  r.name = check.name;
  r.max_points = check.points;
  if (!any_passed) {
    r.output = "not checked: no test passed, so there is no working code to check yet";
    return r;
  }
  const auto flags = std::regex::ECMAScript | std::regex::icase;
  std::optional<std::regex> forbid, require;
  if (!check.forbid.empty()) forbid.emplace(check.forbid, flags);
  if (!check.require.empty()) require.emplace(check.require, flags);
  for (const auto& name : check.files) {
    std::ifstream in(dir / name);
    int number = 0;
    bool required_found = false;
    for (std::string line; std::getline(in, line);) {
      ++number;
      if (forbid && std::regex_search(line, *forbid)) {
        r.output = name + ":" + std::to_string(number) + ": " + line + "\n" + check.message;
        return r;
      }
      required_found = required_found || (require && std::regex_search(line, *require));
    }
    if (require && !required_found) {
      r.output = name + ": nothing matches " + check.require + "\n" + check.message;
      return r;
    }
  }
  r.passed = true;
  r.points = r.max_points;
  return r;
}

// Fails on the first line of `log` that matches the rule, shown with the match masked (it may
// be a secret of the grader's).
TestResult log_check(const LogCheck& check, const std::string& log, bool any_passed) {
  TestResult r;
  r.file = "server log";
  r.name = check.name;
  r.max_points = check.points;
  if (!any_passed) {
    r.output = "not checked: no test passed, so the log shows nothing worth checking";
    return r;
  }
  std::regex forbid(check.forbid, std::regex::ECMAScript);
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, forbid)) {
      r.output =
          "the server logged: " + std::regex_replace(line, forbid, "***") + "\n" + check.message;
      return r;
    }
  }
  r.passed = true;
  r.points = r.max_points;
  return r;
}

}  // namespace

Grade grade(const Lab& lab, const fs::path& submission, const GradeOptions& options,
            Workspace& workspace) {
  auto start = Clock::now();
  if (options.engine == "postgres" && options.postgres_url.empty()) {
    throw std::runtime_error("grading on postgres needs GRADER_POSTGRES_URL (an admin URL)");
  }
  Grade grade;
  fs::path folder = fs::absolute(submission).lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();  // "alice/"
  grade.submission = (is_zip(folder) ? folder.stem() : folder.filename()).string();
  grade.lab = lab.name;
  grade.lab_title = lab.title;
  grade.engine = options.engine;

  // Test files are checked before anything runs: a broken one is the grader's failure.
  std::vector<hurl::TestFile> files;
  const std::vector<TestCase> tests = lab.tests(options.public_only, options.only_test);
  for (const auto& test : tests) {
    files.push_back(hurl::parse_file(test.path.string()));
    TestResult r;
    r.file = test.path.filename().string();
    r.name = files.back().name;
    r.max_points = files.back().points;
    r.hidden = test.hidden;
    grade.tests.push_back(r);
  }

  fs::path dir = workspace.new_dir(grade.submission);
  BuildResult build = build_submission(lab, submission, dir, workspace);
  grade.built = build.ok;
  grade.build_feedback = build.feedback;
  grade.build_warnings = build.warnings;
  grade.build_seconds = build.seconds;
  if (!build.ok) {
    for (auto& t : grade.tests) t.output = "not run: the build failed (see above)";
    for (const auto& check : lab.source_checks) {
      grade.tests.push_back(source_check(check, dir, false));
    }
    for (const auto& check : lab.log_checks) grade.tests.push_back(log_check(check, "", false));
    grade.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return grade;
  }

  std::vector<std::string> env = lab.env;
  std::unique_ptr<ScratchDatabase> database;
  if (options.engine == "postgres") {
    database = std::make_unique<ScratchDatabase>(options.postgres_url);
    env.push_back("DATABASE_URL=" + database->url());
  } else if (options.engine == "sqlite") {
    env.push_back("DATABASE_URL=sqlite:" + (dir / "app.db").string());
  }

  std::unique_ptr<ServerProcess> server;
  std::string server_log;     // of every server of the run, for the log checks
  std::string start_failure;  // set once a server could not start: no other is tried
  for (std::size_t i = 0; i < files.size(); ++i) {
    TestResult& result = grade.tests[i];
    auto file_start = Clock::now();
    if (!start_failure.empty()) {
      result.output = start_failure;
      continue;
    }
    bool first = !server;
    bool keep_data = !first && restarts_keeping_data(tests[i].path);
    if (first || keep_data || lab.between_files != BetweenFiles::none ||
        !server->failure().empty()) {
      bool init = first || (!keep_data && lab.between_files != BetweenFiles::restart);
      if (server) server_log += server->stop_and_log();
      server.reset();  // stop the previous one first: it may hold files the next one opens
      server = std::make_unique<ServerProcess>(
          build.server, dir, init, std::chrono::milliseconds(lab.start_ms), workspace, env);
    }
    if (!server->ready()) {
      result.output = server->failure();
      start_failure = "not run: the server could not start (see " + result.file + ")";
    } else {
      std::size_t log_mark = 0;
      hurl::RunOptions run;
      run.variables["base_url"] = server->base_url();
      run.request_timeout = std::chrono::milliseconds(lab.request_ms);
      run.deadline = file_start + std::chrono::milliseconds(lab.file_ms);
      run.replay_base_url = "http://127.0.0.1:5000";
      run.replay_start = "make serve LAB=" + lab.name.substr(0, 2);
      run.before_send = [&] {
        log_mark = server->log_mark();
      };
      hurl::FileResult outcome = hurl::run_file(files[i], run);
      result.passed = outcome.passed;
      result.output = outcome.failure;
      if (outcome.failed_status >= 500 && outcome.failed_status != 501) {
        // What the server logged while that request ran: the exception is there. (A 501 is
        // the labs' stub idiom: its body already says what is missing.)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::string logged = server->log_since(log_mark);
        result.output += "the server's log while it answered " +
                         std::to_string(outcome.failed_status) + ":\n" +
                         (logged.empty() ? "(nothing)\n" : logged);
      }
      if (!outcome.passed && (outcome.connection_failed || outcome.timed_out)) {
        std::string crash =
            server->failure(std::chrono::milliseconds(outcome.connection_failed ? 2000 : 0));
        if (!crash.empty()) result.output += "\n" + crash;
        if (outcome.timed_out && crash.empty()) {
          result.output += "\n(the test file has " + std::to_string(lab.file_ms / 1000) +
                           " s and each request " + std::to_string(lab.request_ms / 1000) + " s)";
        }
      }
    }
    result.points = result.passed ? result.max_points : 0;
    result.seconds = std::chrono::duration<double>(Clock::now() - file_start).count();
  }
  if (server) server_log += server->stop_and_log();
  server.reset();
  database.reset();
  // The HTTP tests come first; the source and log checks need one of them to pass.
  bool any_passed = std::any_of(grade.tests.begin(), grade.tests.begin() + files.size(),
                                [](const TestResult& t) { return t.passed; });
  for (const auto& check : lab.source_checks) {
    grade.tests.push_back(source_check(check, dir, any_passed));
  }
  for (const auto& check : lab.log_checks) {
    grade.tests.push_back(log_check(check, server_log, any_passed));
  }
  for (auto& t : grade.tests) t.output = workspace.scrub(t.output);
  grade.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return grade;
}

}  // namespace grader
