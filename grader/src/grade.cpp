#include "grade.hpp"

#include <memory>

#include "build.hpp"
#include "hurl/parser.hpp"
#include "hurl/runner.hpp"
#include "server_process.hpp"

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

Grade grade(const Lab& lab, const fs::path& submission, const GradeOptions& options,
            Workspace& workspace) {
  auto start = Clock::now();
  Grade grade;
  fs::path folder = fs::absolute(submission).lexically_normal();
  if (folder.filename().empty()) folder = folder.parent_path();  // "alice/"
  grade.submission = folder.filename().string();
  grade.lab = lab.name;

  // Test files are checked before anything runs: a broken one is the grader's failure.
  std::vector<hurl::TestFile> files;
  for (const auto& test : lab.tests(options.public_only)) {
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
  grade.build_seconds = build.seconds;
  if (!build.ok) {
    for (auto& t : grade.tests) t.output = "not run: " + build.feedback;
    grade.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return grade;
  }

  std::unique_ptr<ServerProcess> server;
  for (std::size_t i = 0; i < files.size(); ++i) {
    TestResult& result = grade.tests[i];
    auto file_start = Clock::now();
    bool first = !server;
    if (first || lab.between_files != BetweenFiles::none || !server->failure().empty()) {
      bool init = first || lab.between_files != BetweenFiles::restart;
      server.reset();  // stop the previous one first: it may hold files the next one opens
      server = std::make_unique<ServerProcess>(build.server, dir, init,
                                               std::chrono::milliseconds(lab.start_ms), workspace);
    }
    if (!server->ready()) {
      result.output = server->failure();
    } else {
      hurl::RunOptions run;
      run.variables["base_url"] = server->base_url();
      run.request_timeout = std::chrono::milliseconds(lab.request_ms);
      run.deadline = file_start + std::chrono::milliseconds(lab.file_ms);
      hurl::FileResult outcome = hurl::run_file(files[i], run);
      result.passed = outcome.passed;
      result.output = outcome.failure;
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
  server.reset();
  grade.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return grade;
}

}  // namespace grader
