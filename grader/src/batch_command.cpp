#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "commands.hpp"
#include "report.hpp"
#include "setup.hpp"

namespace grader {

int batch_command(const Settings& given) {
  Settings s = given;
  if (s.lab.empty()) throw std::invalid_argument("batch needs --lab");
  if (!s.csv_out) throw std::invalid_argument("batch needs --csv FILE");
  if (s.submissions.empty()) throw std::invalid_argument("batch needs submission folders");
  if (s.jobs < 1) throw std::invalid_argument("-j needs at least 1");
  Toolchain toolchain = prepare(s);
  Lab lab = load_lab(s.root, s.lab);
  Workspace workspace(toolchain);
  GradeOptions options = grade_options(s, lab);
  options.jobs = 1;  // -j grades that many submissions at a time, each file after the other

  std::vector<Grade> grades(s.submissions.size());
  std::vector<std::string> failures;  // the grader's own, never a silent zero
  std::atomic<std::size_t> next = 0, done = 0;
  std::mutex output;
  bool terminal = isatty(2) != 0;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < s.submissions.size();) {
      try {
        grades[i] = grade(lab, s.submissions[i], options, workspace);
      } catch (const std::exception& e) {  // the grader's failure for this one: say so, go on
        grades[i].submission = s.submissions[i].filename().string();
        std::lock_guard lock(output);
        failures.push_back(grades[i].submission + ": " + e.what());
      }
      std::lock_guard lock(output);
      ++done;
      std::cerr << (terminal ? "\r\033[K" : "") << "[" << done << "/" << s.submissions.size()
                << "] " << grades[i].submission << ": " << grades[i].score() << "/"
                << grades[i].max_score() << (terminal ? "" : "\n") << std::flush;
    }
  };
  std::vector<std::thread> threads;
  for (int j = 0; j < s.jobs; ++j) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  if (terminal) std::cerr << "\n";

  std::ofstream out(*s.csv_out);
  out << csv_gradebook(grades);
  if (!out) throw std::runtime_error("cannot write " + s.csv_out->string());
  std::cout << "graded " << grades.size() << " submissions of " << lab.name << " into "
            << s.csv_out->string() << "\n";
  for (const auto& f : failures) std::cerr << "grader error, not graded: " << f << "\n";
  return failures.empty() ? 0 : 2;
}

}  // namespace grader
