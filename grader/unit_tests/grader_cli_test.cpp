// The grader as instructors run it: a subprocess grading small labs made up for the test, so
// each behaviour (crash, timeout, compile error, reports, batch, export) is checked for real.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A lab made up for the test: routes that answer, crash or hang on demand.
constexpr const char* app_cpp = R"(#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <web/app.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
struct Probe : web::App {
  Probe() : web::App("probe") {
    get("/version", web::OPEN, [this] { return web::json{{"app", name()}}; });
    get("/ok", web::OPEN, [] { return web::json{{"ok", true}}; });
    get("/crash", web::OPEN, []() -> web::json { std::abort(); });
    get("/boom", web::OPEN, []() -> web::json { throw std::runtime_error("boom: no such table"); });
    // What the sandbox lets a submission do: who it runs as, what it can read.
    get("/sandbox", web::OPEN, {"path"}, [](std::string path) {
      return web::json{{"uid", getuid()}, {"readable", std::ifstream(path).good()}};
    });
    // What it may reach: a TCP port on its loopback, which it shares with no one.
    get("/connect", web::OPEN, {"port"}, [](std::int64_t port) {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<std::uint16_t>(port));
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      close(fd);
      return web::json{{"connected", ok}};
    });
    // A process that tries to outlive the grading: double fork, new session.
    get("/daemon", web::OPEN, [] {
      if (fork() == 0) {
        setsid();
        if (fork() == 0) execl("/bin/sleep", "sleep", "3141", nullptr);
        _exit(0);
      }
      return web::json{{"forked", true}};
    });
    // Whether a file an earlier grading left in /tmp is there; then leaves one.
    get("/tmpfile", web::OPEN, [] {
      bool found = std::filesystem::exists("/tmp/probe-left");
      std::ofstream("/tmp/probe-left") << "left";
      return web::json{{"found", found}};
    });
    get("/hang", web::OPEN, [] {
      std::this_thread::sleep_for(std::chrono::seconds(30));
      return web::json{};
    });
  }
};
int main(int argc, char** argv) { return Probe().run(argc, argv); }
)";

class GraderCli : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("grader-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    write(root / "labs/99-probe/lab.json",
          R"({"lab": "99-probe", "title": "probe", "student_files": ["app.cpp"],
              "between_files": "none",
              "timeouts_ms": {"build": 240000, "start": 20000, "request": 1500, "file": 4000}})");
    write(root / "labs/99-probe/tests/01-ok.hurl",
          "# name: ok answers\n# points: 2\nGET {{base_url}}/ok\nHTTP 200\n[Asserts]\n"
          "jsonpath \"$.ok\" == true\n");
    write(root / "grader/tests/99-probe/02-hang.hurl",
          "# name: hang times out\n# points: 3\nGET {{base_url}}/hang\nHTTP 200\n");
    write(root / "grader/tests/99-probe/03-crash.hurl",
          "# name: crash kills it\n# points: 4\nGET {{base_url}}/crash\nHTTP 200\n");
    write(root / "grader/tests/99-probe/04-ok-again.hurl",
          "# name: a new server after the crash\n# points: 1\nGET {{base_url}}/ok\nHTTP 200\n");
    if (geteuid() == 0) {  // only root can sandbox a submission
      write(root / "grader/tests/99-probe/05-sandbox.hurl",
            "# name: runs as a user of its own, sees neither the tests nor the repository\n"
            "# points: 5\nGET {{base_url}}/sandbox\n[QueryStringParams]\npath: " +
                (root / "grader/tests/99-probe/02-hang.hurl").string() +
                "\nHTTP 200\n[Asserts]\njsonpath \"$.uid\" != 0\n"
                "jsonpath \"$.readable\" == false\n"
                "GET {{base_url}}/sandbox\n[QueryStringParams]\npath: " +
                (fs::path(GRADER).parent_path() / "toolchain.json").string() +
                "\nHTTP 200\n[Asserts]\njsonpath \"$.readable\" == false\n");
    }
    write(root / "submissions/alice/app.cpp", app_cpp);
    write(root / "submissions/bob/nested/app.cpp", "int main() { return undeclared; }\n");
  }
  void TearDown() override { fs::remove_all(root); }

  std::string grader(const std::string& args) {
    return std::string(GRADER) + " " + args + " --root " + root.string();
  }

  fs::path root;
};

}  // namespace

// A database lab: a counter in a table, a source check, a persistence test.
constexpr const char* counter_cpp = R"(#include <web/app.hpp>
struct Counter : web::App {
  Counter() : web::App("counter") {
    on_init([this] { init_database(); });
    get("/version", web::OPEN, [this] { return web::json{{"app", name()}}; });
    get("/n", web::OPEN, [this] { return db().fetch_value("SELECT n FROM counter"); });
    post("/n", web::OPEN, [this] { db().execute("UPDATE counter SET n = n + 1"); });
  }
};
int main(int argc, char** argv) { return Counter().run(argc, argv); }
)";

void write_counter_lab(const fs::path& root) {
  write(root / "labs/98-counter/lab.json",
        R"({"lab": "98-counter", "title": "counter", "student_files": ["app.cpp"],
            "sql": "counter", "engines": ["sqlite", "postgres"],
            "source_checks": [{"name": "no UPDATE in app.cpp", "points": 2, "files": ["app.cpp"],
                               "forbid": "\\bupdate\\b", "message": "use queries.sql"}]})");
  for (const char* engine : {"sqlite", "postgres"}) {
    write(root / "sql/counter" / engine / "drop.sql", "DROP TABLE IF EXISTS counter;\n");
    write(root / "sql/counter" / engine / "create.sql",
          "CREATE TABLE counter(n INTEGER NOT NULL);\n");
    write(root / "sql/counter" / engine / "data.sql", "INSERT INTO counter VALUES (0);\n");
  }
  write(root / "labs/98-counter/tests/01-write.hurl",
        "# name: write\nPOST {{base_url}}/n\nHTTP 204\nGET {{base_url}}/n\nHTTP 200\n"
        "[Asserts]\nbody == \"1\\n\"\n");
  write(root / "labs/98-counter/tests/02-persist.hurl",
        "# name: persisted\n# server: restart\nGET {{base_url}}/n\nHTTP 200\n[Asserts]\n"
        "body == \"1\\n\"\n");
  write(root / "labs/98-counter/tests/03-fresh.hurl",
        "# name: fresh data\nGET {{base_url}}/n\nHTTP 200\n[Asserts]\nbody == \"0\\n\"\n");
  write(root / "submissions/dana/app.cpp", counter_cpp);
}

TEST_F(GraderCli, DatabaseLabPersistsAcrossARestartOnBothEngines) {
  write_counter_lab(root);
  bool postgres = run(std::string(COURSE_SOURCE_DIR) + "/scripts/postgres bindir").exit_code == 0;
  for (std::string engine : {"sqlite", "postgres"}) {
    if (engine == "postgres" && !postgres) {  // the grader starts a server of its own
      ASSERT_EQ(std::getenv("REQUIRE_POSTGRES"), nullptr) << "no PostgreSQL server installed";
      continue;
    }
    Outcome r = run(grader("grade --lab 98-counter --db " + engine + " " +
                           (root / "submissions/dana").string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("PASS  1/1  02-persist.hurl"), std::string::npos) << engine << r.output;
    EXPECT_NE(r.output.find("PASS  1/1  03-fresh.hurl"), std::string::npos) << engine << r.output;
    // The source check fails, naming the line.
    EXPECT_NE(r.output.find("FAIL  0/2  source check: no UPDATE in app.cpp"), std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("app.cpp:7:"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Score 3/5"), std::string::npos) << r.output;
  }
}

// A lab whose server gets a secret from the manifest's env, and a log check that forbids it.
constexpr const char* leak_cpp = R"(#include <cstdlib>
#include <iostream>
#include <web/app.hpp>
struct Leak : web::App {
  Leak() : web::App("leak") {
    get("/version", web::OPEN, [this] { return web::json{{"app", name()}}; });
    get("/leak", web::OPEN, [] { std::cerr << "secret=" << std::getenv("SECRET") << std::endl; });
  }
};
int main(int argc, char** argv) { return Leak().run(argc, argv); }
)";

TEST_F(GraderCli, LogChecksFindWhatTheServerLeakedAndMaskIt) {
  write(root / "labs/97-leak/lab.json",
        R"({"lab": "97-leak", "title": "leak", "student_files": ["app.cpp"]})");
  write(root / "grader/tests/97-leak/grader.json",
        R"({"env": {"SECRET": "swordfish"},
            "log_checks": [{"name": "no secret in the log", "points": 3,
                            "forbid": "swordfish", "message": "never log a secret"}]})");
  write(root / "labs/97-leak/tests/01-leak.hurl",
        "# name: leak\nGET {{base_url}}/leak\nHTTP 204\n");
  write(root / "submissions/eve/app.cpp", leak_cpp);
  Outcome r = run(grader("grade --lab 97-leak " + (root / "submissions/eve").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("PASS  1/1  01-leak.hurl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FAIL  0/3  server log (hidden): no secret in the log"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("the server logged: secret=***"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("swordfish"), std::string::npos) << r.output;
  // Its rule is the grader's (grader.json): a hidden check, as labs/README.md counts it.
  EXPECT_NE(r.output.find("Public tests: 1/1 passed. Hidden tests: 0/1 passed."), std::string::npos)
      << r.output;
}

constexpr const char* split_cpp = R"(#include <web/app.hpp>
struct Split : web::App {
  Split() : web::App("split") {
    get("/version", web::OPEN, [this] { return web::json{{"app", name()}}; });
  }
};
int main(int argc, char** argv) { return Split().run(argc, argv); }
)";

// A lab split in files, each required to declare a route: a `require` source check fails on
// the first file where nothing matches, naming it.
TEST_F(GraderCli, RequireChecksNeedAMatchInEveryFile) {
  write(root / "labs/96-split/lab.json",
        R"({"lab": "96-split", "title": "split", "student_files": ["app.cpp", "notes.txt"],
            "source_checks": [
              {"name": "routes in app.cpp", "points": 2, "files": ["app.cpp"],
               "require": "\\bget\\(", "forbid": "\\bpost\\("},
              {"name": "routes in every file", "points": 3, "files": ["app.cpp", "notes.txt"],
               "require": "\\bget\\(", "message": "declare the routes of notes.txt there"}]})");
  write(root / "labs/96-split/tests/01-version.hurl",
        "# name: version\nGET {{base_url}}/version\nHTTP 200\n");
  write(root / "submissions/fay/app.cpp", split_cpp);
  write(root / "submissions/fay/notes.txt", "no route here\n");
  Outcome r = run(grader("grade --lab 96-split " + (root / "submissions/fay").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("PASS  2/2  source check: routes in app.cpp"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("FAIL  0/3  source check: routes in every file"), std::string::npos)
      << r.output;
  // The report indents feedback lines: the two lines are looked for one by one.
  EXPECT_NE(r.output.find("notes.txt: nothing matches \\bget\\("), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("declare the routes of notes.txt there"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Public tests: 2/3 passed."), std::string::npos) << r.output;

  // One test file (make check TEST=01) is not the lab: its checks are left for a full run,
  // neither failed as "not checked" nor counted.
  Outcome one =
      run(grader("grade --lab 96-split --test 01 " + (root / "submissions/fay").string()));
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(one.output.find("source check"), std::string::npos) << one.output;
  EXPECT_NE(one.output.find("Score 1/1. Public tests: 1/1 passed."), std::string::npos)
      << one.output;
}

TEST_F(GraderCli, CrashAndTimeoutFailOnlyTheirOwnTests) {
  auto json_path = root / "results.json";
  auto junit_path = root / "junit.xml";
  Outcome r = run(grader("grade --lab 99-probe --json " + json_path.string() + " --junit " +
                         junit_path.string() + " " + (root / "submissions/alice").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("PASS  2/2  01-ok.hurl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FAIL  0/3  02-hang.hurl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("server exited with signal 6"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("PASS  1/1  04-ok-again.hurl"), std::string::npos) << r.output;
  if (geteuid() == 0) {
    EXPECT_NE(r.output.find("PASS  5/5  05-sandbox.hurl"), std::string::npos) << r.output;
  }

  json results = json::parse(read(json_path));
  EXPECT_EQ(results["score"], geteuid() == 0 ? 8 : 3);
  for (const char* key : {"score", "execution_time", "output", "output_format", "visibility",
                          "stdout_visibility", "extra_data", "tests"}) {
    EXPECT_TRUE(results.contains(key)) << key;
  }
  ASSERT_GE(results["tests"].size(), 4u);
  const json& hang = results["tests"][1];
  EXPECT_EQ(hang["status"], "failed");
  EXPECT_EQ(hang["max_score"], 3);
  EXPECT_EQ(hang["visibility"], "after_due_date");
  EXPECT_EQ(results["tests"][0]["visibility"], "visible");
  EXPECT_NE(results["output"].get<std::string>().find(geteuid() == 0 ? "Hidden tests: 2/4 passed"
                                                                     : "Hidden tests: 1/3 passed"),
            std::string::npos)
      << results["output"];
  std::string junit = read(junit_path);
  EXPECT_NE(junit.find("failures=\"2\""), std::string::npos) << junit;
}

TEST_F(GraderCli, CompileErrorScoresZeroWithTheCompilerMessage) {
  Outcome r = run(grader("grade --lab 99-probe --json " + (root / "r.json").string() + " " +
                         (root / "submissions/bob").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json results = json::parse(read(root / "r.json"));
  EXPECT_EQ(results["score"], 0);
  std::string output = results["output"];
  EXPECT_NE(output.find("the build failed"), std::string::npos) << output;
  EXPECT_NE(output.find("app.cpp:1"), std::string::npos) << output;  // relative path, line
  EXPECT_NE(output.find("undeclared"), std::string::npos) << output;
  EXPECT_EQ(output.find(root.string()), std::string::npos) << output;  // no scratch paths
}

TEST_F(GraderCli, MissingStudentFileIsNamed) {
  fs::create_directories(root / "submissions/carol");
  Outcome r = run(grader("grade --lab 99-probe " + (root / "submissions/carol").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("missing file: app.cpp"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Score 0/"), std::string::npos) << r.output;
}

TEST_F(GraderCli, BrokenTestFileIsTheGradersFailure) {
  write(root / "labs/99-probe/tests/00-broken.hurl", "GET {{base_url}}/ok\nHTTP 200\n[Nonsense]\n");
  Outcome r = run(grader("grade --lab 99-probe " + (root / "submissions/alice").string()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("00-broken.hurl:3"), std::string::npos) << r.output;
}

TEST_F(GraderCli, BatchWritesAGradebook) {
  fs::remove_all(root / "grader/tests/99-probe");  // public tests only: quicker
  auto csv = root / "grades.csv";
  Outcome r = run(grader("batch --lab 99-probe -j 2 --csv " + csv.string() + " " +
                         (root / "submissions/alice").string() + " " +
                         (root / "submissions/bob").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(csv), "submission,score,max,01-ok.hurl\nalice,2,2,2\nbob,0,2,0\n");
}

TEST_F(GraderCli, ExportLeavesOutSolutionsAndHiddenTests) {
  write(root / "CMakeLists.txt", "cmake_minimum_required(VERSION 3.25)\nproject(probe NONE)\n");
  write(root / "grader/export/README.md", "# The course\n[labs](labs/README.md)\n");
  write(root / "labs/README.md",
        "[98](98-counter/README.md), [99](99-probe/README.md), [manual](../grader/README.md)\n");
  write(root / "grader/README.md", "the instructors' manual: not for students\n");
  write_counter_lab(root);
  write(root / "labs/98-counter/README.md", "# Lab 98\n");
  write(root / "solutions/99-probe/app.cpp", app_cpp);
  write(root / "labs/99-probe/app.cpp", "// starter\n");
  write(root / "bench/run", "a benchmark: not for students\n");
  write(root / "CMakePresets.json", R"({"version": 6, "configurePresets": [{"name": "dev"},
      {"name": "clang"}], "buildPresets": [{"name": "dev", "configurePreset": "dev"},
      {"name": "clang", "configurePreset": "clang", "targets": ["solutions_99-probe"]}]})");
  ASSERT_EQ(
      run("git -C " + root.string() + " init -q && git -C " + root.string() + " add -A").exit_code,
      0);
  auto out = root / "export";
  Outcome r = run(grader("export --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "labs/99-probe/tests/01-ok.hurl"));
  EXPECT_FALSE(fs::exists(out / "solutions"));
  EXPECT_FALSE(fs::exists(out / "grader/tests"));
  EXPECT_FALSE(fs::exists(out / "bench"));  // only what is listed leaves
  EXPECT_FALSE(fs::exists(out / "grader/README.md"));
  EXPECT_EQ(read(out / "README.md"), read(root / "grader/export/README.md"));
  // The authors' preset that builds a solution stays with them.
  std::string presets = read(out / "CMakePresets.json");
  EXPECT_NE(presets.find("\"dev\""), std::string::npos) << presets;
  EXPECT_EQ(presets.find("clang"), std::string::npos) << presets;

  // --until: the later labs stay, and links to them keep their text only.
  fs::remove_all(out);
  r = run(grader("export --until 98 --out " + out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(fs::exists(out / "labs/98-counter/lab.json"));
  EXPECT_FALSE(fs::exists(out / "labs/99-probe"));
  // And so does a link to a file no export holds.
  EXPECT_EQ(read(out / "labs/README.md"),
            "[98](98-counter/README.md), 99 (not released yet), manual\n");

  // A hidden test copied under another name is refused.
  fs::remove_all(out);
  fs::copy_file(root / "grader/tests/99-probe/02-hang.hurl",
                root / "labs/99-probe/tests/leak.hurl");
  run("git -C " + root.string() + " add -A");
  Outcome leak = run(grader("export --out " + out.string()));
  EXPECT_NE(leak.exit_code, 0) << leak.output;
  EXPECT_NE(leak.output.find("leak.hurl"), std::string::npos) << leak.output;
  EXPECT_FALSE(fs::exists(out)) << "a refused export leaves nothing behind";

  // So is a file quoting 3 lines of the open lab's solution; its statement may (it is given).
  fs::remove_all(out);
  fs::remove(root / "labs/99-probe/tests/leak.hurl");
  const std::string quote =
      "    get(\"/ok\", web::OPEN, [] { return web::json{{\"ok\", true}}; });\n"
      "    get(\"/crash\", web::OPEN, []() -> web::json { std::abort(); });\n"
      "    get(\"/boom\", web::OPEN, []() -> web::json { throw "
      "std::runtime_error(\"boom: no such table\"); });\n";
  write(root / "common/README.md", "# common\n```cpp\n" + quote + "```\n");
  run("git -C " + root.string() + " add -A");
  Outcome spoiler = run(grader("export --out " + out.string()));
  EXPECT_NE(spoiler.exit_code, 0) << spoiler.output;
  EXPECT_NE(spoiler.output.find("common/README.md holds solutions/99-probe/app.cpp, lines"),
            std::string::npos)
      << spoiler.output;
  fs::remove_all(out);
  fs::rename(root / "common/README.md", root / "labs/99-probe/README.md");
  run("git -C " + root.string() + " add -A");
  Outcome given = run(grader("export --out " + out.string()));
  EXPECT_EQ(given.exit_code, 0) << given.output;
}

TEST_F(GraderCli, ManifestHoldingSecretsIsRefused) {
  write(root / "labs/99-probe/lab.json",
        R"({"lab": "99-probe", "title": "probe", "student_files": ["app.cpp"],
            "env": {"SECRET": "swordfish"}})");
  Outcome r = run(grader("grade --lab 99-probe " + (root / "submissions/alice").string()));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("grader/tests/99-probe/grader.json"), std::string::npos) << r.output;
}

TEST_F(GraderCli, ReportSaysWhichLabSubmissionAndDatabase) {
  Outcome r =
      run(grader("grade --lab 99-probe --public-only " + (root / "submissions/alice").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("lab:        99-probe (probe)\nsubmission: alice\n"
                           "database:   none in this lab\nresult:     Score 2/2.",
                           0),
            0u)
      << r.output;
}

TEST_F(GraderCli, OneTestFileByName) {
  write(root / "labs/99-probe/tests/02-boom.hurl",
        "# name: boom\nGET {{base_url}}/boom\nHTTP 200\n");
  Outcome r =
      run(grader("grade --lab 99-probe --test 02 " + (root / "submissions/alice").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("02-boom.hurl"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("01-ok.hurl"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("(hidden)"), std::string::npos) << r.output;
  Outcome none =
      run(grader("grade --lab 99-probe --test 07 " + (root / "submissions/alice").string()));
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_NE(none.output.find("01-ok.hurl 02-boom.hurl"), std::string::npos) << none.output;
}

TEST_F(GraderCli, FailureEndsWithItsReplayAndA5xxWithTheServersLog) {
  write(root / "labs/99-probe/tests/02-boom.hurl",
        "# name: boom\nGET {{base_url}}/ok\nHTTP 200\n[Captures]\nok: jsonpath \"$.ok\"\n"
        "GET {{base_url}}/boom?ok={{ok}}\nHTTP 200\n");
  Outcome r =
      run(grader("grade --lab 99-probe --test 02 " + (root / "submissions/alice").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("make serve LAB=99 in another terminal"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ok=$(curl -s -X GET 'http://127.0.0.1:5000/ok' | jq -r '.ok')"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("curl -si -X GET 'http://127.0.0.1:5000/boom?ok='\"$ok\"''"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("the server's log while it answered 500:"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("boom: no such table"), std::string::npos) << r.output;
}

TEST_F(GraderCli, ServerThatCannotStartFailsOnceAndQuickly) {
  write(root / "submissions/gus/app.cpp",
        "#include <iostream>\nint main() { std::cerr << \"queries.sql:12: no such column\\n\";"
        " return 2; }\n");
  auto start = std::chrono::steady_clock::now();
  Outcome r = run(grader("grade --lab 99-probe " + (root / "submissions/gus").string()));
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("the server exited with code 2 at start-up"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("queries.sql:12: no such column"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("not run: the server could not start (see 01-ok.hurl)"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("within"), std::string::npos) << r.output;  // no timeout waited for
  EXPECT_LT(seconds, 15 + 45) << "the build takes most of it";        // asan builds are slow
}

TEST_F(GraderCli, WarningsAreShownAndNeverFailTheBuild) {
  std::string with_warning = app_cpp;
  with_warning.replace(with_warning.find("int main(int argc, char** argv) {"),
                       std::string("int main(int argc, char** argv) {").size(),
                       "int main(int argc, char** argv) { int unused = 0;");
  write(root / "submissions/hank/app.cpp", with_warning);
  Outcome r =
      run(grader("grade --lab 99-probe --public-only " + (root / "submissions/hank").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("PASS  2/2  01-ok.hurl"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the compiler's warnings"), std::string::npos) << r.output;
  std::string main_line =
      std::to_string(1 + std::count(with_warning.begin(),
                                    with_warning.begin() + with_warning.find("int main"), '\n'));
  EXPECT_NE(r.output.find("app.cpp:" + main_line + ":"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("-Wunused-variable"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("/tmp/grader-"), std::string::npos) << r.output;
}

// The statement's interface table against the server's own OpenAPI document: what differs is
// said in the report (terminal and Gradescope), and never changes the score.
TEST_F(GraderCli, RoutesMissingFromTheStatementsTableAreShownNotGraded) {
  write(root / "labs/99-probe/README.md",
        "# Probe\n\n| method | path | parameters | answers |\n|---|---|---|---|\n"
        "| GET | `/ok` | | 200 |\n| GET | `/sandbox` | `path` | 200 |\n"
        "| GET | `/missing` | | 200 |\n| POST | `/ok` | | 201 |\n"
        "| GET | `/connect` | `port`, `host` | 200 |\n");
  Outcome r = run(grader("grade --lab 99-probe --public-only --json " + (root / "r.json").string() +
                         " " + (root / "submissions/alice").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json results = json::parse(read(root / "r.json"));
  std::string output = results["output"];
  EXPECT_NE(output.find("- GET /missing: missing from your document"), std::string::npos) << output;
  EXPECT_NE(output.find("- POST /ok: wrong method: your /ok answers GET"), std::string::npos)
      << output;
  EXPECT_NE(output.find("- GET /connect: missing parameter \"host\""), std::string::npos) << output;
  EXPECT_EQ(output.find("/sandbox"), std::string::npos) << "it has its parameter: " << output;
  EXPECT_EQ(results["score"], 2) << "feedback only: the public test's 2 points, nothing less";

  EXPECT_NE(r.output.find("your server's --openapi document"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("- GET /missing"), std::string::npos) << r.output;
}

// A submission's --openapi that leaves a link to a file only the grader reads: the grader (root)
// reads no file through it, so nothing of that file reaches the feedback.
TEST_F(GraderCli, AnOpenApiDocumentLinkedToAnotherFileIsNotRead) {
  if (geteuid() != 0) GTEST_SKIP() << "only root grades as another user";
  write(root / "labs/99-probe/README.md",
        "| method | path | parameters | answers |\n|---|---|---|---|\n| GET | `/ok` | | 200 |\n");
  write(root / "secret.json", "{\"paths\": {\"/grader-secret-route\": {}}}");
  fs::permissions(root / "secret.json", fs::perms::owner_read | fs::perms::owner_write);
  std::string linking = app_cpp;
  linking.replace(linking.find("int main(int argc, char** argv) {"),
                  std::string("int main(int argc, char** argv) {").size(),
                  "int main(int argc, char** argv) { if (argc == 3 && std::string(argv[1]) == "
                  "\"--openapi\") return symlink(\"" +
                      (root / "secret.json").string() + "\", argv[2]);");
  write(root / "submissions/mallory/app.cpp", "#include <unistd.h>\n" + linking);
  Outcome r =
      run(grader("grade --lab 99-probe --public-only " + (root / "submissions/mallory").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no regular file"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("grader-secret-route"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("GET /ok: missing"), std::string::npos) << r.output;
}

TEST_F(GraderCli, ZipSubmissionIsGradedLikeAFolder) {
  // Nested in a folder, with a file that is not the student's: only app.cpp is taken.
  write(root / "zip/alice/app.cpp", app_cpp);
  write(root / "zip/alice/notes.txt", "not graded\n");
  ASSERT_EQ(run("cmake -E chdir " + (root / "zip").string() +
                " cmake -E tar cf alice.zip --format=zip alice/app.cpp alice/notes.txt")
                .exit_code,
            0);
  Outcome r =
      run(grader("grade --lab 99-probe --public-only " + (root / "zip/alice.zip").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("submission: alice\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Score 2/2"), std::string::npos) << r.output;

  write(root / "zip/broken.zip", "this is not a zip");
  Outcome broken = run(grader("grade --lab 99-probe " + (root / "zip/broken.zip").string()));
  ASSERT_EQ(broken.exit_code, 0) << broken.output;  // the student's mistake, graded 0
  EXPECT_NE(broken.output.find("not a readable zip"), std::string::npos) << broken.output;
}

TEST_F(GraderCli, StudentFilesInAFolderAreFoundByTheirPath) {
  // Lab 08 hands in deploy/nginx.conf and such: a student file may be in a folder of its own.
  write(root / "labs/96-folders/lab.json",
        R"({"lab": "96-folders", "title": "folders",
            "student_files": ["app.cpp", "conf/site.conf"],
            "source_checks": [{"name": "the site listens", "files": ["conf/site.conf"],
                               "require": "^listen 443;$", "message": "listen on 443"}]})");
  fs::copy(root / "labs/99-probe/tests", root / "labs/96-folders/tests");
  auto graded = [&](const fs::path& submission) {
    Outcome r = run(grader("grade --lab 96-folders " + submission.string()));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  };
  const std::string listens = "PASS  1/1  source check: the site listens";
  // In a folder, and in a zip, beside a site.conf that is not in conf/ (not the one).
  for (const char* place : {"submissions/kim/work", "zip/lee"}) {
    write(root / place / "app.cpp", app_cpp);
    write(root / place / "conf/site.conf", "listen 443;\n");
    write(root / place / "../site.conf", "listen 80;\n");
  }
  std::string folder = graded(root / "submissions/kim");
  EXPECT_NE(folder.find(listens), std::string::npos) << folder;
  ASSERT_EQ(run("cmake -E chdir " + (root / "zip").string() +
                " cmake -E tar cf lee.zip --format=zip lee/app.cpp lee/conf/site.conf site.conf")
                .exit_code,
            0);
  std::string zip = graded(root / "zip/lee.zip");
  EXPECT_NE(zip.find(listens), std::string::npos) << zip;

  write(root / "submissions/max/app.cpp", app_cpp);
  write(root / "submissions/max/site.conf", "listen 443;\n");
  std::string missing = graded(root / "submissions/max");
  EXPECT_NE(missing.find("missing file: conf/site.conf"), std::string::npos) << missing;
}

TEST_F(GraderCli, OnlyTheSourcesThatChangedAreCompiledAgain) {
  // main.cpp (provided) includes app.hpp: it is compiled again when app.hpp changes, not app.cpp.
  write(root / "labs/95-split/lab.json",
        R"({"lab": "95-split", "title": "split", "student_files": ["app.hpp", "app.cpp"],
            "provided_files": ["main.cpp"]})");
  write(root / "labs/95-split/main.cpp", "#include \"app.hpp\"\nint main() { return answer(); }\n");
  fs::copy(root / "labs/99-probe/tests", root / "labs/95-split/tests");
  auto compiled = [&](const std::string& name, const std::string& header, const std::string& code,
                      const std::string& expected) {
    write(root / "submissions" / name / "app.hpp", header);
    write(root / "submissions" / name / "app.cpp", "#include \"app.hpp\"\n" + code);
    std::string cache = "env GRADER_BUILD_CACHE=" + (root / "cache").string() + " ";
    Outcome r =
        run(cache + grader("grade --lab 95-split " + (root / "submissions" / name).string()));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(expected), std::string::npos) << name << ":\n" << r.output;
  };
  const std::string header = "int answer();\n";
  compiled("ann", header, "int answer() { return 0; }\n", "2 of 2 files compiled");
  compiled("ben", header, "int answer() { return 1; }\n", "1 of 2 files compiled");
  compiled("cal", "// a comment\n" + header, "int answer() { return 1; }\n",
           "2 of 2 files compiled");
  compiled("dan", header, "int answer() { return 0; }\n", "0 of 2 files compiled");  // ann's
}

TEST_F(GraderCli, CompilerMessagesNameCommonsHeadersAsWeb) {
  // An unsupported argument type fails inside common's headers.
  write(root / "submissions/ivy/app.cpp",
        "#include <web/app.hpp>\nint main(int argc, char** argv) {\n  web::App app(\"ivy\");\n"
        "  app.get(\"/x\", web::OPEN, {\"a\"}, [](char a) { return a; });\n"
        "  return app.run(argc, argv);\n}\n");
  Outcome r = run(grader("grade --lab 99-probe " + (root / "submissions/ivy").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("the build failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("web/route_binding.hpp"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("a parameter's type is one of"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("app.cpp:4"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("/tmp/"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("toolchain"), std::string::npos) << r.output;
  // Nor the course's own paths, which the precompiled header remembers.
  EXPECT_EQ(r.output.find(COURSE_SOURCE_DIR), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("/pch/"), std::string::npos) << r.output;
}

// A listening socket on the grader's loopback, which no submission may reach.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(fd_, 8);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &size);
    port_ = ntohs(a.sin_port);
  }
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(GraderCli, SandboxReachesNoOtherPortKeepsNoProcessAndHasAPrivateTmp) {
  if (geteuid() != 0) GTEST_SKIP() << "only root sandboxes submissions";
  Listener outside;
  fs::remove_all(root / "grader/tests/99-probe");
  write(root / "labs/99-probe/tests/01-ok.hurl",
        "# name: escapes nothing\n# points: 1\n"
        "GET {{base_url}}/connect?port=" +
            std::to_string(outside.port()) +
            "\nHTTP 200\n[Asserts]\njsonpath \"$.connected\" == false\n"
            "GET {{base_url}}/daemon\nHTTP 200\n"
            "GET {{base_url}}/tmpfile\nHTTP 200\n[Asserts]\njsonpath \"$.found\" == false\n");
  for (int round = 0; round < 2; ++round) {  // the second one finds nothing of the first
    Outcome r = run(grader("grade --lab 99-probe " + (root / "submissions/alice").string()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("PASS  1/1  01-ok.hurl"), std::string::npos) << r.output;
    EXPECT_NE(run("pgrep -f 'slee[p] 3141'").exit_code, 0) << "a process survived the grading";
  }
}

TEST_F(GraderCli, LogCheckShowsNothingLoggedDuringAHiddenTest) {
  write(root / "labs/97-leak/lab.json",
        R"({"lab": "97-leak", "title": "leak", "student_files": ["app.cpp"]})");
  write(root / "grader/tests/97-leak/grader.json",
        R"({"env": {"SECRET": "swordfish"},
            "log_checks": [{"name": "no secret in the log", "points": 3,
                            "forbid": "swordfish", "message": "never log a secret"}]})");
  write(root / "labs/97-leak/tests/01-version.hurl",
        "# name: version\nGET {{base_url}}/version\nHTTP 200\n");
  write(root / "grader/tests/97-leak/02-leak.hurl",
        "# name: leak\nGET {{base_url}}/leak?hidden-data=42\nHTTP 204\n");
  write(root / "submissions/eve/app.cpp", leak_cpp);
  Outcome r = run(grader("grade --lab 97-leak --json " + (root / "r.json").string() + " " +
                         (root / "submissions/eve").string()));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  json results = json::parse(read(root / "r.json"));
  const json& check = results["tests"].back();
  EXPECT_EQ(check["name"], "no secret in the log");
  EXPECT_EQ(check["status"], "failed");
  EXPECT_EQ(check["visibility"], "visible");
  std::string shown = check["output"];
  EXPECT_NE(shown.find("while a hidden test ran"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("hidden-data"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("secret="), std::string::npos) << shown;
}
