#include "grading/grade.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <system_error>
#include <thread>

#include "grading/deployment.hpp"
#include "grading/interface_report.hpp"
#include "grading/scratch_database.hpp"
#include "grading/server_process.hpp"
#include "grading/source_check.hpp"
#include "hurl/parser.hpp"
#include "hurl/runner.hpp"
#include "submission/build.hpp"
#include "submission/submission_files.hpp"

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
  static const std::regex restart(R"(#\s*server:\s*restart\s*)");
  std::ifstream in(file);
  for (std::string line; std::getline(in, line) && line.rfind("#", 0) == 0;) {
    if (std::regex_match(line, restart)) return true;
  }
  return false;
}

// What the servers logged, by the test file that ran meanwhile.
struct LogSegment {
  bool hidden = false;
  std::string text;
};

// Fails on the first line logged that matches the rule, shown with the match masked (it may be
// a secret of the grader's); a line logged during a hidden test is not shown at all: feedback
// seen before the due date never holds what hidden tests sent, so it is shown at once. Hidden,
// as its rule is (grader.json): a student's `make check` does not run it.
TestResult log_check(const LogCheck& check, const std::vector<LogSegment>& log, bool any_passed,
                     Language l) {
  TestResult r;
  r.file = "server log";
  r.name = check.name;
  r.max_points = check.points;
  r.hidden = true;
  r.feedback_at_once = true;
  if (!any_passed) {
    r.output = say(l, "not checked: no test passed, so the log shows nothing worth checking",
                   "non vérifié : aucun test n'a réussi, le journal ne montre donc rien à "
                   "vérifier");
    return r;
  }
  std::regex forbid(check.forbid, std::regex::ECMAScript);
  for (const auto& segment : log) {
    std::istringstream lines(segment.text);
    for (std::string line; std::getline(lines, line);) {
      if (!std::regex_search(line, forbid)) continue;
      r.output = segment.hidden
                     ? say(l,
                           "while a hidden test ran, the server logged a line that breaks "
                           "this rule (not shown: it may hold the test's data)\n",
                           "pendant un test caché, le serveur a journalisé une ligne qui enfreint "
                           "cette règle (non montrée : elle peut contenir les données du test)\n")
                     : say(l, "the server logged: ", "le serveur a journalisé : ") +
                           std::regex_replace(line, forbid, "***") + "\n";
      r.output += check.message;
      return r;
    }
  }
  r.passed = true;
  r.points = r.max_points;
  return r;
}

// A deployment harness's check, earned once a test file passed through nginx: before that, the
// starter's provided scripts would earn points for installing nothing of the student's.
TestResult deployment_check(TestResult check, bool any_passed, Language l) {
  if (check.passed && !any_passed) {
    check.passed = false;
    check.output = say(l,
                       "not earned yet: no test passed through nginx, so nothing of yours is "
                       "deployed",
                       "pas encore acquis : aucun test n'a réussi à travers nginx, rien de votre "
                       "code n'est donc déployé");
  }
  check.points = check.passed ? check.max_points : 0;
  return check;
}

// Runs one test file against a ready server, into `result`: passed, or what failed, with the
// server's log for a 5xx and how it died if it did.
void run_test_file(const hurl::TestFile& file, const Lab& lab, ServerProcess& server,
                   Clock::time_point file_start, Language l, TestResult& result) {
  std::size_t request_mark = 0;
  hurl::RunOptions run;
  run.variables["base_url"] = server.base_url();
  run.request_timeout = std::chrono::milliseconds(lab.request_ms);
  run.deadline = file_start + std::chrono::milliseconds(lab.file_ms);
  run.replay_base_url = "http://127.0.0.1:5000";
  run.replay_start = "make serve LAB=" + lab.name.substr(0, 2);
  run.before_send = [&] {
    request_mark = server.log_mark();
  };
  run.netns = server.netns();
  run.language = l;
  hurl::FileResult outcome = hurl::run_file(file, run);
  result.passed = outcome.passed;
  result.output = outcome.failure;
  if (outcome.failed_status >= 500 && outcome.failed_status != 501) {
    // What the server logged while that request ran: the exception is there. (A 501 is the
    // labs' stub idiom: its body already says what is missing.)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::string logged = server.log_since(request_mark);
    result.output +=
        say(l, "the server's log while it answered ", "le journal du serveur pendant sa réponse ") +
        std::to_string(outcome.failed_status) + say(l, ":\n", " :\n") +
        (logged.empty() ? say(l, "(nothing)\n", "(rien)\n") : logged);
  }
  if (!outcome.passed && (outcome.connection_failed || outcome.timed_out)) {
    std::string crash =
        server.failure(std::chrono::milliseconds(outcome.connection_failed ? 2000 : 0));
    if (!crash.empty()) result.output += "\n" + crash;
    if (outcome.timed_out && crash.empty()) {
      result.output += say(l, "\n(the test file has ", "\n(le fichier de test dispose de ") +
                       std::to_string(lab.file_ms / 1000) +
                       say(l, " s and each request ", " s, et chaque requête de ") +
                       std::to_string(lab.request_ms / 1000) + " s)";
    }
  }
}

// The test files as chains run one after the other on the same data, in file order: with
// between_files reinit, each file is a chain of its own, but a file that keeps the data
// (# server: restart) joins the chain of the file before it; otherwise all form one chain.
std::vector<std::vector<std::size_t>> file_chains(const Lab& lab,
                                                  const std::vector<TestCase>& tests) {
  std::vector<std::vector<std::size_t>> chains;
  for (std::size_t i = 0; i < tests.size(); ++i) {
    bool joins = !chains.empty() && (lab.between_files != BetweenFiles::reinit ||
                                     restarts_keeping_data(tests[i].path));
    if (joins) {
      chains.back().push_back(i);
    } else {
      chains.push_back({i});
    }
  }
  return chains;
}

// The test files run in lanes, each with a server and a database of its own: the chains of
// files that share their data (file_chains) are taken one at a time by the lane that is free,
// and their results stay in file order.
class Lanes {
 public:
  Lanes(const Lab& lab, const GradeOptions& options, const fs::path& server, Slot& slot,
        Workspace& workspace, const std::vector<TestCase>& tests,
        const std::vector<hurl::TestFile>& files, std::vector<TestResult>& results)
      : lab_(lab),
        options_(options),
        server_(server),
        slot_(slot),
        workspace_(workspace),
        tests_(tests),
        files_(files),
        results_(results),
        chains_(file_chains(lab, tests)),
        lanes_(std::min<std::size_t>(std::max(options.jobs, 1), chains_.size())),
        env_(lanes_, lab.env),
        log_(files.size()) {}

  // Runs every chain, then returns what the servers logged, by test file. An exception on a
  // lane ends the lanes, then the grading, as the grader's failure (exit 2), never a score the
  // submission did not earn.
  std::vector<LogSegment> run() {
    open_databases();
    std::vector<std::thread> threads;
    for (std::size_t l = 1; l < lanes_; ++l) {
      try {
        threads.emplace_back(&Lanes::run_lane, this, l);
      } catch (const std::system_error&) {  // no thread: the lanes running take its chains
        break;
      }
    }
    run_lane(0);
    for (auto& t : threads) t.join();
    databases_.clear();
    if (!lane_error_.empty()) {
      throw std::runtime_error("the grader failed while it ran the tests: " + lane_error_);
    }
    return std::move(log_);
  }

 private:
  // A lane's server, restarted as the lab's between_files says, and its log by test file.
  struct Server {
    std::unique_ptr<ServerProcess> process;
    std::size_t log_mark = 0, last_file = 0;
  };

  // Each lane's database, named to its server by DATABASE_URL.
  void open_databases() {
    for (std::size_t l = 0; l < lanes_; ++l) {
      if (options_.engine == "postgres") {
        databases_.push_back(std::make_unique<ScratchDatabase>(options_.postgres_url));
        env_[l].push_back("DATABASE_URL=" + databases_.back()->url(slot_.sandbox.isolated));
      } else if (options_.engine == "sqlite") {
        std::string file = l == 0 ? "app.db" : "app-" + std::to_string(l) + ".db";
        env_[l].push_back("DATABASE_URL=sqlite:" + (slot_.dir / file).string());
      }
    }
    if (!databases_.empty() && slot_.sandbox.isolated) {
      slot_.sandbox.sockets.emplace_back(databases_[0]->socket(), databases_[0]->sandbox_socket());
    }
  }

  // An exception must not leave a lane's thread (std::terminate).
  void run_lane(std::size_t lane) {
    try {
      run_chains(lane);
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex_);
      if (lane_error_.empty()) lane_error_ = e.what();
      next_chain_ = chains_.size();
    }
  }

  void run_chains(std::size_t lane) {
    Server server;
    for (std::size_t c; (c = next_chain_++) < chains_.size();) {
      for (std::size_t k = 0; k < chains_[c].size(); ++k) run_file(lane, server, chains_[c][k], k);
    }
    stop(server);
  }

  // Test file i, the k-th of its chain, on the lane's server (started or restarted first).
  void run_file(std::size_t lane, Server& server, std::size_t i, std::size_t k) {
    TestResult& result = results_[i];
    auto file_start = Clock::now();
    {
      std::lock_guard lock(mutex_);
      if (!start_failure_.empty()) {
        result.output = start_failure_;
        return;
      }
    }
    bool keep_data = k > 0 && restarts_keeping_data(tests_[i].path);
    if (!server.process || keep_data || lab_.between_files != BetweenFiles::none ||
        !server.process->failure().empty()) {
      bool init = !server.process || (!keep_data && lab_.between_files != BetweenFiles::restart);
      stop(server);  // first: it may hold files the next one opens
      server.process = std::make_unique<ServerProcess>(
          server_, slot_, init, std::chrono::milliseconds(lab_.start_ms), workspace_, env_[lane]);
      server.log_mark = 0;
    }
    server.last_file = i;
    log_[i].hidden = tests_[i].hidden;
    if (!server.process->ready()) {
      not_started(*server.process, result);
    } else {
      run_test_file(files_[i], lab_, *server.process, file_start, options_.language, result);
      log_[i].text += server.process->log_since(server.log_mark, SIZE_MAX);
      server.log_mark = server.process->log_mark();
    }
    result.points = result.passed ? result.max_points : 0;
    result.seconds = std::chrono::duration<double>(Clock::now() - file_start).count();
  }

  // The first server that could not start says why; no other is tried.
  void not_started(ServerProcess& process, TestResult& result) {
    std::lock_guard lock(mutex_);
    result.output = start_failure_.empty() ? process.failure() : start_failure_;
    if (start_failure_.empty()) {
      start_failure_ = say(options_.language, "not run: the server could not start (see ",
                           "non exécuté : le serveur n'a pas pu démarrer (voir ") +
                       result.file + ")";
    }
  }

  void stop(Server& server) {
    if (!server.process) return;
    server.process->stop();
    log_[server.last_file].text += server.process->log_since(server.log_mark, SIZE_MAX);
    server.process.reset();
  }

  const Lab& lab_;
  const GradeOptions& options_;
  const fs::path& server_;  // the built executable
  Slot& slot_;
  Workspace& workspace_;
  const std::vector<TestCase>& tests_;
  const std::vector<hurl::TestFile>& files_;
  std::vector<TestResult>& results_;  // one per test file, in file order
  const std::vector<std::vector<std::size_t>> chains_;
  const std::size_t lanes_;
  std::vector<std::vector<std::string>> env_;  // each lane's server's
  std::vector<std::unique_ptr<ScratchDatabase>> databases_;
  std::vector<LogSegment> log_;  // what the servers logged, by test file
  std::mutex mutex_;
  std::string start_failure_;  // set once a server could not start: no other is tried
  std::string lane_error_;     // the grader's own failure on a lane (no fork, no pipe): no grade
  std::atomic<std::size_t> next_chain_ = 0;
};

// Grading one submission, one method per step: its test files read, its build, the interface
// its server declares, its test files run (or its deployment checked), the checks after them.
class Grading {
 public:
  Grading(const Lab& lab, const fs::path& submission, const GradeOptions& options,
          Workspace& workspace)
      : lab_(lab), submission_(submission), options_(options), workspace_(workspace) {}

  Grade run() {
    check_options();
    grade_.submission = submission_name(submission_);
    grade_.lab = lab_.name;
    grade_.lab_title =
        language() == Language::fr && !lab_.title_fr.empty() ? lab_.title_fr : lab_.title;
    grade_.engine = options_.engine;
    grade_.language = language();
    read_test_files();
    slot_ = workspace_.new_slot(grade_.submission);
    if (!build()) return finish({}, {});
    read_interface();
    if (lab_.deployment) {  // its own database, cache and servers, in the sandbox
      return finish({}, grade_deployment(lab_, slot_, build_.server, tests_, files_, workspace_,
                                         grade_.tests, language()));
    }
    Lanes lanes(lab_, options_, build_.server, slot_, workspace_, tests_, files_, grade_.tests);
    return finish(lanes.run(), {});
  }

 private:
  Language language() const { return options_.language; }

  void check_options() const {
    if (options_.engine == "postgres" && options_.postgres_url.empty() && !lab_.deployment) {
      throw std::runtime_error(
          "grading on PostgreSQL needs its server installed (package postgresql) or an admin "
          "URL (GRADER_POSTGRES_URL)");
    }
  }

  // Test files are checked before anything runs: a broken one is the grader's failure.
  void read_test_files() {
    tests_ = lab_.tests(options_.public_only, options_.only_test);
    for (const auto& test : tests_) {
      files_.push_back(hurl::parse_file(test.path.string()));
      const hurl::TestFile& file = files_.back();
      TestResult r;
      r.file = test.path.filename().string();
      r.name = language() == Language::fr && !file.name_fr.empty() ? file.name_fr : file.name;
      r.max_points = file.points;
      r.hidden = test.hidden;
      grade_.tests.push_back(r);
    }
  }

  // Builds the submission; when it fails, every test file says it did not run.
  bool build() {
    build_ = build_submission(lab_, submission_, slot_, workspace_);
    if (options_.on_built) options_.on_built();
    grade_.built = build_.ok;
    grade_.build_feedback = build_.feedback;
    // build.cpp's first line, in the report's language (the compiler's output stays as it is).
    const std::string failed = "the build failed:\n";
    if (language() == Language::fr && grade_.build_feedback.starts_with(failed)) {
      grade_.build_feedback.replace(0, failed.size(), "la compilation a échoué :\n");
    }
    grade_.build_warnings = build_.warnings;
    grade_.build_seconds = build_.seconds;
    grade_.build_sources = build_.sources;
    grade_.build_compiled = build_.compiled;
    if (!build_.ok) {
      for (auto& t : grade_.tests) {
        t.output = say(language(), "not run: the build failed (see above)",
                       "non exécuté : la compilation a échoué (voir plus haut)");
      }
    }
    return build_.ok;
  }

  void read_interface() {
    for (const auto& line :
         interface_feedback(lab_, build_.server, slot_, workspace_, language())) {
      grade_.interface.push_back(workspace_.scrub(line));
    }
  }

  // The test files' results come first; the deployment's, source and log checks after them
  // are earned only once one of those passed.
  Grade finish(const std::vector<LogSegment>& log, const std::vector<TestResult>& deployed) {
    bool any_passed = std::any_of(grade_.tests.begin(), grade_.tests.begin() + files_.size(),
                                  [](const TestResult& t) { return t.passed; });
    for (const auto& check : deployed) {
      grade_.tests.push_back(deployment_check(check, any_passed, language()));
    }
    for (const auto& check : lab_.source_checks) {
      grade_.tests.push_back(source_check(check, slot_.dir, any_passed));
    }
    for (const auto& check : lab_.log_checks) {
      grade_.tests.push_back(log_check(check, log, any_passed, language()));
    }
    for (auto& t : grade_.tests) t.output = workspace_.scrub(t.output);
    grade_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    return std::move(grade_);
  }

  const Lab& lab_;
  const fs::path& submission_;
  const GradeOptions& options_;
  Workspace& workspace_;
  Clock::time_point start_ = Clock::now();
  Grade grade_;
  std::vector<TestCase> tests_;
  std::vector<hurl::TestFile> files_;
  Slot slot_;
  BuildResult build_;
};

}  // namespace

Grade grade(const Lab& lab, const fs::path& submission, const GradeOptions& options,
            Workspace& workspace) {
  return Grading(lab, submission, options, workspace).run();
}

}  // namespace grader
