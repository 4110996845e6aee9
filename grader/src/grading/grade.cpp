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
  std::ifstream in(file);
  for (std::string line; std::getline(in, line) && line.rfind("#", 0) == 0;) {
    if (std::regex_match(line, std::regex(R"(#\s*server:\s*restart\s*)"))) return true;
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

}  // namespace

Grade grade(const Lab& lab, const fs::path& submission, const GradeOptions& options,
            Workspace& workspace) {
  auto start = Clock::now();
  if (options.engine == "postgres" && options.postgres_url.empty() && !lab.deployment) {
    throw std::runtime_error(
        "grading on PostgreSQL needs its server installed (package postgresql) or an admin URL "
        "(GRADER_POSTGRES_URL)");
  }
  Grade grade;
  grade.submission = submission_name(submission);
  grade.lab = lab.name;
  grade.lab_title =
      options.language == Language::fr && !lab.title_fr.empty() ? lab.title_fr : lab.title;
  grade.engine = options.engine;
  grade.language = options.language;
  Language language = options.language;

  // Test files are checked before anything runs: a broken one is the grader's failure.
  std::vector<hurl::TestFile> files;
  const std::vector<TestCase> tests = lab.tests(options.public_only, options.only_test);
  for (const auto& test : tests) {
    files.push_back(hurl::parse_file(test.path.string()));
    TestResult r;
    r.file = test.path.filename().string();
    r.name = language == Language::fr && !files.back().name_fr.empty() ? files.back().name_fr
                                                                       : files.back().name;
    r.max_points = files.back().points;
    r.hidden = test.hidden;
    grade.tests.push_back(r);
  }

  Slot slot = workspace.new_slot(grade.submission);
  const fs::path& dir = slot.dir;
  BuildResult build = build_submission(lab, submission, slot, workspace);
  if (options.on_built) options.on_built();
  grade.built = build.ok;
  grade.build_feedback = build.feedback;
  // build.cpp's first line, in the report's language (the compiler's output stays as it is).
  const std::string failed = "the build failed:\n";
  if (language == Language::fr && grade.build_feedback.starts_with(failed)) {
    grade.build_feedback.replace(0, failed.size(), "la compilation a échoué :\n");
  }
  grade.build_warnings = build.warnings;
  grade.build_seconds = build.seconds;
  grade.build_sources = build.sources;
  grade.build_compiled = build.compiled;
  // The test files' results come first; the deployment's, source and log checks after them
  // are earned only once one of those passed.
  auto finish = [&](const std::vector<LogSegment>& log, std::vector<TestResult> deployed) {
    bool any_passed = std::any_of(grade.tests.begin(), grade.tests.begin() + files.size(),
                                  [](const TestResult& t) { return t.passed; });
    for (auto& check : deployed)
      grade.tests.push_back(deployment_check(check, any_passed, language));
    for (const auto& check : lab.source_checks) {
      grade.tests.push_back(source_check(check, dir, any_passed));
    }
    for (const auto& check : lab.log_checks) {
      grade.tests.push_back(log_check(check, log, any_passed, language));
    }
    for (auto& t : grade.tests) t.output = workspace.scrub(t.output);
    grade.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return grade;
  };
  if (!build.ok) {
    for (auto& t : grade.tests) {
      t.output = say(language, "not run: the build failed (see above)",
                     "non exécuté : la compilation a échoué (voir plus haut)");
    }
    return finish({}, {});
  }
  for (const auto& line : interface_feedback(lab, build.server, slot, workspace, language)) {
    grade.interface.push_back(workspace.scrub(line));
  }
  if (lab.deployment) {  // its own database, cache and servers, in the sandbox
    return finish({}, grade_deployment(lab, slot, build.server, tests, files, workspace,
                                       grade.tests, language));
  }

  // Chains of files that share their data run in lanes, each with its server and database.
  std::vector<std::vector<std::size_t>> chains = file_chains(lab, tests);
  std::size_t lanes = std::min<std::size_t>(std::max(options.jobs, 1), chains.size());
  std::vector<std::unique_ptr<ScratchDatabase>> databases;
  std::vector<std::vector<std::string>> lane_env(lanes, lab.env);
  for (std::size_t l = 0; l < lanes; ++l) {
    if (options.engine == "postgres") {
      databases.push_back(std::make_unique<ScratchDatabase>(options.postgres_url));
      lane_env[l].push_back("DATABASE_URL=" + databases.back()->url(slot.sandbox.isolated));
    } else if (options.engine == "sqlite") {
      std::string file = l == 0 ? "app.db" : "app-" + std::to_string(l) + ".db";
      lane_env[l].push_back("DATABASE_URL=sqlite:" + (dir / file).string());
    }
  }
  if (!databases.empty() && slot.sandbox.isolated) {
    slot.sandbox.sockets.emplace_back(databases[0]->socket(), databases[0]->sandbox_socket());
  }

  std::vector<LogSegment> log(files.size());  // what the servers logged, by test file
  std::mutex mutex;
  std::string start_failure;  // set once a server could not start: no other is tried
  std::string lane_error;     // the grader's own failure on a lane (no fork, no pipe): no grade
  std::atomic<std::size_t> next_chain = 0;
  auto run_chains = [&](std::size_t lane) {
    std::unique_ptr<ServerProcess> server;
    std::size_t log_mark = 0, last_file = 0;  // the server's log, by file
    auto stop_server = [&] {
      if (!server) return;
      server->stop();
      log[last_file].text += server->log_since(log_mark, SIZE_MAX);
      server.reset();
    };
    for (std::size_t c; (c = next_chain++) < chains.size();) {
      for (std::size_t k = 0; k < chains[c].size(); ++k) {
        std::size_t i = chains[c][k];
        TestResult& result = grade.tests[i];
        auto file_start = Clock::now();
        {
          std::lock_guard lock(mutex);
          if (!start_failure.empty()) {
            result.output = start_failure;
            continue;
          }
        }
        bool keep_data = k > 0 && restarts_keeping_data(tests[i].path);
        if (!server || keep_data || lab.between_files != BetweenFiles::none ||
            !server->failure().empty()) {
          bool init = !server || (!keep_data && lab.between_files != BetweenFiles::restart);
          stop_server();  // first: it may hold files the next one opens
          server = std::make_unique<ServerProcess>(build.server, slot, init,
                                                   std::chrono::milliseconds(lab.start_ms),
                                                   workspace, lane_env[lane]);
          log_mark = 0;
        }
        last_file = i;
        log[i].hidden = tests[i].hidden;
        if (!server->ready()) {
          std::lock_guard lock(mutex);
          result.output = start_failure.empty() ? server->failure() : start_failure;
          if (start_failure.empty()) {
            start_failure = say(language, "not run: the server could not start (see ",
                                "non exécuté : le serveur n'a pas pu démarrer (voir ") +
                            result.file + ")";
          }
        } else {
          run_test_file(files[i], lab, *server, file_start, language, result);
          log[i].text += server->log_since(log_mark, SIZE_MAX);
          log_mark = server->log_mark();
        }
        result.points = result.passed ? result.max_points : 0;
        result.seconds = std::chrono::duration<double>(Clock::now() - file_start).count();
      }
    }
    stop_server();
  };
  // An exception must not leave a lane's thread (std::terminate): it ends the lanes, then the
  // grading, as the grader's failure (exit 2), never a score the submission did not earn.
  auto run_lane = [&](std::size_t lane) {
    try {
      run_chains(lane);
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex);
      if (lane_error.empty()) lane_error = e.what();
      next_chain = chains.size();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t l = 1; l < lanes; ++l) {
    try {
      threads.emplace_back(run_lane, l);
    } catch (const std::system_error&) {  // no thread: the lanes running take its chains
      break;
    }
  }
  run_lane(0);
  for (auto& t : threads) t.join();
  databases.clear();
  if (!lane_error.empty()) {
    throw std::runtime_error("the grader failed while it ran the tests: " + lane_error);
  }
  return finish(log, {});
}

}  // namespace grader
