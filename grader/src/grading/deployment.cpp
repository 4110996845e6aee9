#include "grading/deployment.hpp"

#include <fstream>
#include <map>
#include <optional>
#include <regex>

#include <nlohmann/json.hpp>

#include "course/file_patterns.hpp"
#include "hurl/runner.hpp"

namespace grader {

namespace {

constexpr std::size_t max_results_bytes = 1 << 20;  // the harness's reasons are short
constexpr std::size_t max_reasons_bytes = 4096;
// What the harness needs to start the student's code as other users, chown their folders and
// stop their processes; not to read or write what they own.
const std::vector<std::string> harness_capabilities = {"CAP_SETUID", "CAP_SETGID", "CAP_CHOWN",
                                                       "CAP_KILL"};

// The deployment's folders, beside the slot's: `in` (read-only to the sandbox: the harness and
// its kit laid out as in the course, the submission's files, the server) and `run` (the
// harness's scratch folder, its results, the pause file), both root's when the grader is.
struct Layout {
  fs::path in, run;
  fs::path harness, submission, passwd;
  fs::path results, pause;
};

// A regular file of the submission's folder, never what a link there points to.
void copy_regular(const fs::path& from, const fs::path& to) {
  if (!fs::is_regular_file(fs::symlink_status(from))) return;
  fs::create_directories(to.parent_path());
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

// Readable by every user, executable where it was, writable by the grader only.
void open_to_read(const fs::path& dir) {
  using fs::perms;
  const perms all = perms::owner_all | perms::group_read | perms::group_exec | perms::others_read |
                    perms::others_exec;
  const perms read =
      perms::owner_read | perms::owner_write | perms::group_read | perms::others_read;
  fs::permissions(dir, all);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    bool exec = (entry.status().permissions() & perms::owner_exec) != perms::none;
    fs::permissions(entry.path(), entry.is_directory() || exec ? all : read);
  }
}

Layout lay_out(const Lab& lab, const Slot& slot, const fs::path& server) {
  Layout l;
  fs::path base = slot.dir.string() + ".deploy";
  l.in = base / "in";
  l.run = base / "run";
  fs::create_directories(l.in);
  fs::create_directories(l.run);
  std::vector<fs::path> kit = lab.deployment->kit;
  kit.push_back(lab.deployment->harness);
  for (const auto& file : kit) copy_regular(lab.root / file, l.in / "kit" / file);
  l.harness = l.in / "kit" / lab.deployment->harness;
  l.submission = l.in / "submission";
  for (const auto& name : expand_names(lab.student_files, slot.dir, lab.provided_files)) {
    std::string ext = fs::path(name).extension().string();
    if (ext != ".cpp" && ext != ".hpp") copy_regular(slot.dir / name, l.submission / name);
  }
  copy_regular(server, l.submission / "server");
  if (!lab.sql_model.empty()) {
    for (const auto& entry :
         fs::directory_iterator(lab.root / "sql" / lab.sql_model / "postgres")) {
      copy_regular(entry.path(), l.submission / "sql" / "postgres" / entry.path().filename());
    }
  }
  open_to_read(l.in);
  // Root's, traversable: the users' folders are made inside by the harness.
  fs::permissions(base, fs::perms::owner_all | fs::perms::others_exec);
  fs::permissions(l.run, fs::perms::owner_all | fs::perms::others_exec);
  l.results = l.run / "results";
  l.pause = l.run / "continue";
  std::ofstream(l.results).close();
  fs::permissions(l.results, fs::perms::owner_read | fs::perms::owner_write);
  return l;
}

// /etc/passwd with names for the two users: initdb refuses a user without one.
void name_users(Layout& l, uid_t student, uid_t service) {
  l.passwd = l.in / "passwd";
  fs::copy_file("/etc/passwd", l.passwd, fs::copy_options::overwrite_existing);
  std::ofstream out(l.passwd, std::ios::app);
  for (auto [name, uid] : {std::pair{"student", student}, std::pair{"service", service}}) {
    out << name << ":x:" << uid << ":" << uid << ":" << name << ":/nonexistent:/usr/sbin/nologin\n";
  }
}

// What the harness reported, read from its results file as it grows.
struct Results {
  struct Check {
    bool ok = false;
    std::string reasons;
    bool after_tests = false;  // reported once the test files had run
  };
  fs::path file;
  std::size_t read_bytes = 0;
  bool tests_ran = false;
  std::multimap<std::string, Check> checks;
  std::string last_check;
  std::optional<std::vector<std::string>> deployed;
  std::optional<std::string> unavailable;

  // Reads the complete lines appended since the last call.
  void read() {
    std::ifstream in(file, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(read_bytes));
    std::string line;
    while (read_bytes < max_results_bytes && std::getline(in, line) && !in.eof()) {
      read_bytes += line.size() + 1;
      take(nlohmann::json::parse(line, nullptr, false));
    }
  }
  void take(const nlohmann::json& j) {
    if (!j.is_object()) return;
    if (j.contains("check") && j["check"].is_string() &&
        j.value("ok", nlohmann::json()).is_boolean()) {
      Check c;
      c.ok = j["ok"].get<bool>();
      if (j.contains("reasons") && j["reasons"].is_string()) {
        c.reasons = j["reasons"].get<std::string>().substr(0, max_reasons_bytes);
      }
      c.after_tests = tests_ran;
      last_check = j["check"].get<std::string>();
      checks.emplace(last_check, c);
    } else if (j.contains("deployed") && j["deployed"].is_array() && j["deployed"].size() == 3) {
      std::vector<std::string> urls;
      for (const auto& u : j["deployed"]) urls.push_back(u.is_string() ? u.get<std::string>() : "");
      deployed = urls;
    } else if (j.contains("unavailable") && j["unavailable"].is_string()) {
      unavailable = j["unavailable"].get<std::string>();
    }
  }
};

// The deployment check a test file needs (`# requires: ID` among its header comments), or "".
std::string required_check(const Lab& lab, const fs::path& file) {
  static const std::regex requires_line(R"(#\s*requires:\s*(\S+)\s*)");
  std::ifstream in(file);
  for (std::string line; std::getline(in, line) && line.rfind("#", 0) == 0;) {
    std::smatch m;
    if (!std::regex_match(line, m, requires_line)) continue;
    for (const auto& c : lab.deployment->checks) {
      if (c.id == m[1]) return c.id;
    }
    throw std::runtime_error(file.string() + ": requires " + m[1].str() +
                             ", which is not a deployment check of the lab");
  }
  return "";
}

// The declared checks, each as the harness reported it, once.
std::vector<TestResult> graded_checks(const Lab& lab, const Results& results, bool stopped,
                                      bool hidden_ran) {
  std::map<std::string, std::string> names;
  for (const auto& c : lab.deployment->checks) names[c.id] = c.name;
  std::vector<TestResult> out;
  for (const auto& declared : lab.deployment->checks) {
    TestResult r;
    r.file = "deployment";
    r.name = declared.name;
    r.max_points = lab.deployment->points_per_check;
    auto [first, last] = results.checks.equal_range(declared.id);
    auto count = std::distance(first, last);
    if (count == 1) {
      r.passed = first->second.ok;
      r.output = first->second.reasons;
      // Its reasons may hold what the deployment logged while the hidden tests ran.
      r.feedback_after_due_date = first->second.after_tests && hidden_ran;
    } else if (count > 1) {
      r.output = "reported " + std::to_string(count) + " times by the harness: not counted\n";
    } else if (stopped) {
      r.output = "not run: the deployment was stopped at its limit of " +
                 std::to_string(lab.deployment->limit_ms / 1000) + " s" +
                 (results.last_check.empty() || !names.count(results.last_check)
                      ? std::string("\n")
                      : " (the last check reported: " + names[results.last_check] + ")\n");
    } else {
      r.output = "not run: the deployment harness ended before this check\n";
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace

std::vector<TestResult> grade_deployment(const Lab& lab, const Slot& slot, const fs::path& server,
                                         const std::vector<TestCase>& tests,
                                         const std::vector<hurl::TestFile>& files,
                                         const Workspace& workspace,
                                         std::vector<TestResult>& results, Language l) {
  std::vector<std::string> required;
  for (const auto& test : tests) required.push_back(required_check(lab, test.path));
  Layout layout = lay_out(lab, slot, server);
  auto limit = std::chrono::milliseconds(lab.deployment->limit_ms);
  auto deadline = Clock::now() + limit;
  std::vector<std::string> env{
      "PATH=/usr/bin:/bin:/usr/sbin:/sbin",
      "HOME=" + layout.run.string(),
      "TMPDIR=" + layout.run.string(),  // PostgreSQL's data and two copies of the server: a disk
      "LANG=C.UTF-8",
      "CHECK_DEPLOY_SERVER=" + (layout.submission / "server").string(),
      "CHECK_DEPLOY_SQL=" + (layout.submission / "sql" / "postgres").string(),
      "CHECK_DEPLOY_RESULTS=" + layout.results.string(),
      "CHECK_DEPLOY_PAUSE=" + layout.pause.string(),
      "CHECK_DEPLOY_LIMIT=" + std::to_string(lab.deployment->limit_ms / 1000),
  };
  Sandbox sandbox = slot.sandbox;
  if (sandbox.isolated && sandbox.uid) {
    uid_t student = *sandbox.uid, service = *workspace.service_user(slot);
    env.push_back("CHECK_DEPLOY_USER=" + std::to_string(student));
    env.push_back("CHECK_DEPLOY_SERVICE_USER=" + std::to_string(service));
    name_users(layout, student, service);
    sandbox.uid.reset();
    sandbox.gid.reset();
    sandbox.capabilities = harness_capabilities;
    sandbox.read_write = {layout.run.string()};  // not the slot's folder: its user's
    sandbox.read_only.push_back(layout.in.string());
    sandbox.files.emplace_back(layout.passwd.string(), "/etc/passwd");
    sandbox.tmpfs.push_back("/run");  // systemd-analyze
  }
  sandbox.limits.cpu_seconds = 120;  // each process
  sandbox.limits.memory_bytes = 0;   // PostgreSQL's shared memory, sanitized servers
  sandbox.limits.resident_bytes = 2L << 30;
  sandbox.limits.file_bytes = 1L << 30;  // a sanitized server is copied
  Process harness({"/bin/bash", layout.harness.string(), layout.submission.string()},
                  layout.run.string(), env, sandbox);

  Results reported;
  reported.file = layout.results;
  while (!reported.deployed && !reported.unavailable) {
    reported.read();
    if (reported.deployed || Clock::now() >= deadline) break;
    if (harness.exited(std::min(deadline, Clock::now() + std::chrono::milliseconds(50)))) {
      reported.read();
      break;
    }
  }
  const std::vector<std::string> none;
  const std::vector<std::string>& urls = reported.deployed ? *reported.deployed : none;
  bool hidden_ran = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    TestResult& result = results[i];
    auto file_start = Clock::now();
    if (urls.size() != 3) {
      result.output = say(l, "not run: the deployment did not come up (see the deployment checks)",
                          "non exécuté : le déploiement n'a pas démarré (voir les vérifications "
                          "du déploiement)");
      continue;
    }
    hidden_ran |= result.hidden;
    hurl::RunOptions run;
    run.variables = {{"base_url", urls[0]}, {"instance_1", urls[1]}, {"instance_2", urls[2]}};
    run.request_timeout = std::chrono::milliseconds(lab.request_ms);
    run.deadline = std::min(deadline, file_start + std::chrono::milliseconds(lab.file_ms));
    run.netns = harness.netns();
    run.insecure_tls = true;
    run.language = l;
    hurl::FileResult outcome = hurl::run_file(files[i], run);
    result.passed = outcome.passed;
    result.output = outcome.failure;
    result.points = result.passed ? result.max_points : 0;
    result.seconds = std::chrono::duration<double>(Clock::now() - file_start).count();
  }
  reported.read();
  reported.tests_ran = true;
  std::ofstream(layout.pause).close();

  bool stopped = !harness.wait(deadline);
  harness.wait_for_eof(Clock::now() + std::chrono::seconds(1));
  reported.read();
  if (reported.checks.empty()) {  // then nothing of the submission ran: its output is the kit's
    throw std::runtime_error("the deployment harness could not run: " +
                             reported.unavailable.value_or("it reported nothing") +
                             "; its last lines:\n" + workspace.scrub(harness.last_lines(10)));
  }
  std::vector<TestResult> checks = graded_checks(lab, reported, stopped, hidden_ran);
  std::map<std::string, const TestResult*> by_id;
  for (std::size_t c = 0; c < checks.size(); ++c) by_id[lab.deployment->checks[c].id] = &checks[c];
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (required[i].empty() || !results[i].passed || by_id[required[i]]->passed) continue;
    results[i].passed = false;
    results[i].points = 0;
    results[i].output =
        say(l, "not earned: it needs the deployment check \"",
            "non acquis : il demande la vérification de déploiement « ") +
        by_id[required[i]]->name +
        say(l, "\", which failed (see it below)\n", " », qui a échoué (voir plus bas)\n");
  }
  return checks;
}

}  // namespace grader
