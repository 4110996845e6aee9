#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include "commands/commands.hpp"
#include "commands/setup.hpp"
#include "commands/shard.hpp"
#include "reports/report.hpp"
#include "submission/submission_files.hpp"

namespace grader {

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The submissions of this slice, after checking that no two share a name (a gradebook row, and
// what decides a submission's slice).
std::vector<fs::path> this_slice(const std::vector<fs::path>& submissions,
                                 const std::optional<Shard>& shard) {
  std::map<std::string, fs::path> names;
  std::vector<fs::path> slice;
  for (const auto& submission : submissions) {
    std::string name = submission_name(submission);
    auto [it, added] = names.emplace(name, submission);
    if (!added) {
      throw std::invalid_argument("two submissions named " + name + ": " + it->second.string() +
                                  " and " + submission.string());
    }
    if (!shard || slice_of(name, shard->count) == shard->index) slice.push_back(submission);
  }
  return slice;
}

}  // namespace

int batch_command(const Settings& given) {
  Settings s = given;
  if (s.lab.empty()) throw std::invalid_argument("batch needs --lab");
  if (!s.csv_out) throw std::invalid_argument("batch needs --csv FILE");
  if (s.submissions.empty()) throw std::invalid_argument("batch needs submission folders");
  if (s.jobs < 1) throw std::invalid_argument("-j needs at least 1");
  std::optional<Shard> shard;
  if (s.shard) shard = parse_shard(*s.shard);
  std::size_t class_size = s.submissions.size();
  s.submissions = this_slice(s.submissions, shard);
  Toolchain toolchain = prepare(s);
  Lab lab = load_lab(s.root, s.lab);
  Workspace workspace(toolchain);
  GradeOptions options = grade_options(s, lab);
  options.jobs = 1;  // -j grades that many submissions at a time, each file after the other

  std::vector<Grade> grades(s.submissions.size());
  std::vector<std::string> errors(s.submissions.size());  // the grader's own, never a silent 0
  std::atomic<std::size_t> next = 0, done = 0;
  std::mutex output;
  bool terminal = isatty(2) != 0;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < s.submissions.size();) {
      try {
        grades[i] = grade(lab, s.submissions[i], options, workspace);
      } catch (const std::exception& e) {  // the grader's failure for this one: say so, go on
        grades[i].submission = submission_name(s.submissions[i]);
        errors[i] = e.what();
      }
      std::lock_guard lock(output);
      ++done;
      std::cerr << (terminal ? "\r\033[K" : "") << "[" << done << "/" << s.submissions.size()
                << "] " << grades[i].submission << ": " << grades[i].score() << "/"
                << grades[i].max_score() << (terminal ? "" : "\n") << std::flush;
    }
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < s.jobs; ++j) {
    try {
      threads.emplace_back(worker);
    } catch (const std::system_error&) {  // no thread: the workers running grade its share
      break;
    }
  }
  worker();
  for (auto& t : threads) t.join();
  if (terminal && !grades.empty()) std::cerr << "\n";

  write_file(*s.csv_out, csv_gradebook(grades));
  if (s.json_out) {
    nlohmann::json book = json_gradebook(lab.name, grades, errors, s.hidden_visibility);
    if (shard) book["shard"] = {{"index", shard->index}, {"count", shard->count}};
    write_file(*s.json_out, book.dump(2) + "\n");
  }
  std::cout << "graded " << grades.size() << " submissions of " << lab.name;
  if (shard) {
    std::cout << " (slice " << shard->index << "/" << shard->count << " of " << class_size << ")";
  }
  std::cout << " into " << s.csv_out->string() << (s.json_out ? " and " + s.json_out->string() : "")
            << "\n";
  bool failed = false;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (errors[i].empty()) continue;
    std::cerr << "grader error, not graded: " << grades[i].submission << ": " << errors[i] << "\n";
    failed = true;
  }
  return failed ? 2 : 0;
}

}  // namespace grader
