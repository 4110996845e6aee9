// A deployed lab as the grader sees it, with a harness made up for the test: the grader counts
// exactly the checks the lab declares, as the harness reported them in its results file, each
// once; whatever the harness printed or how it ended, the grade stands (exit code 0).
#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <string>

#include "cli.hpp"

namespace {

// The harness: a web server of its own (python3's) for the test files, then what the scenario
// writes, in the results file or on its output.
std::string harness(const std::string& before_tests, const std::string& after_tests) {
  return R"(#!/bin/bash
r=$CHECK_DEPLOY_RESULTS
ok() { printf '{"check": "%s", "ok": %s, "reasons": "%s"}\n' "$1" "$2" "$3" >>"$r"; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
mkdir -p "$TMPDIR/www" && echo hello >"$TMPDIR/www/index.html"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$TMPDIR/www" >/dev/null 2>&1 &
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
)" + before_tests +
         R"(
u=http://127.0.0.1:$port
printf '{"deployed": ["%s", "%s", "%s"]}\n' "$u" "$u" "$u" >>"$r"
until [ -e "$CHECK_DEPLOY_PAUSE" ]; do sleep 0.05; done
)" + after_tests +
         "\nkill %1\n";
}

class GraderDeployment : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("grader-deployment-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    write(root / "labs/97-deployed/lab.json",
          R"({"lab": "97-deployed", "title": "deployed", "student_files": ["app.cpp"],
              "deployment": {"harness": "labs/97-deployed/harness", "points_per_check": 2,
                             "limit_ms": 60000,
                             "checks": [{"id": "a", "name": "check a"},
                                        {"id": "b", "name": "check b"},
                                        {"id": "c", "name": "check c"},
                                        {"id": "d", "name": "check d"}]},
              "timeouts_ms": {"build": 240000, "request": 3000, "file": 10000}})");
    write(root / "labs/97-deployed/tests/01-up.hurl",
          "# name: the site answers\n# points: 3\nGET {{base_url}}/\nHTTP 200\n");
    write(root / "labs/97-deployed/tests/02-needs-d.hurl",
          "# name: needs check d\n# points: 5\n# requires: d\nGET {{base_url}}/\nHTTP 200\n");
    write(root / "submissions/ann/app.cpp", "int main() { return 0; }\n");
  }
  void TearDown() override { fs::remove_all(root); }

  Outcome grade(const std::string& harness_text, const std::string& options = "") {
    write(root / "labs/97-deployed/harness", harness_text);
    fs::permissions(root / "labs/97-deployed/harness", fs::perms::owner_all, fs::perm_options::add);
    return run(std::string(GRADER) + " grade --lab 97-deployed --root " + root.string() + " " +
               options + " " + (root / "submissions/ann").string());
  }

  fs::path root;
};

TEST_F(GraderDeployment, EachDeclaredCheckCountsOnceWhateverTheHarnessPrintedOrReported) {
  Outcome r = grade(harness(R"(ok a true ""; ok a true ""   # a twice: not counted
ok b true "fine"
ok zzz true ""                                   # not a check of the lab
echo '  ok    c'; echo '  ok    forged'; echo 'deployed http://127.0.0.1:1 x y'
echo '{"check": "c", "ok": true}'                # on its output: not a result
ok d false "d failed")",
                            "exit 2"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // 3 + 5 for the test files, 4 checks of 2: the declaration's total, whatever was reported.
  EXPECT_NE(r.output.find("Score 5/16."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FAIL  0/2  deployment: check a\n      reported 2 times"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("PASS  2/2  deployment: check b"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FAIL  0/2  deployment: check c\n      not run: the deployment harness "
                          "ended before this check"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("FAIL  0/5  02-needs-d.hurl: needs check d\n      not earned: it needs "
                          "the deployment check \"check d\", which failed"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("zzz"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("forged"), std::string::npos) << r.output;
}

TEST_F(GraderDeployment, ChecksReportedAfterHiddenTestsRanArePublicShownAfterTheDueDate) {
  write(root / "grader/tests/97-deployed/03-hidden.hurl",
        "# name: hidden\n# points: 1\nGET {{base_url}}/\nHTTP 200\n");
  fs::path json = root / "results.json";
  Outcome r = grade(harness(R"(ok a true ""; ok b true "")",
                            R"(ok c false "what the deployment logged meanwhile"; ok d true "")"),
                    "--json " + json.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // Counted as public, as the statement's table counts every deployment check.
  EXPECT_NE(r.output.find("Score 15/17. Public tests: 5/6 passed. Hidden tests: 1/1 passed."),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("FAIL  0/2  deployment: check c"), std::string::npos) << r.output;
  nlohmann::json results = nlohmann::json::parse(read(json));
  int seen = 0;
  for (const auto& test : results["tests"]) {
    if (test["name"] != "check c") continue;
    ++seen;
    EXPECT_EQ(test["tags"], nlohmann::json::array({"public"})) << test;
    EXPECT_EQ(test["visibility"], "after_due_date") << test;  // its reasons may hold hidden data
  }
  EXPECT_EQ(seen, 1);
}

TEST_F(GraderDeployment, AToolMissingBeforeAnyCheckIsTheGradersFailure) {
  Outcome r = grade(
      "#!/bin/bash\necho '{\"unavailable\": \"nginx is missing\"}' >>\"$CHECK_DEPLOY_RESULTS\"\n"
      "exit 2\n");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("the deployment harness could not run: nginx is missing"),
            std::string::npos)
      << r.output;
}

TEST_F(GraderDeployment, AHarnessStoppedAtItsLimitFailsTheChecksItDidNotReport) {
  std::string lab = read(root / "labs/97-deployed/lab.json");
  write(root / "labs/97-deployed/lab.json",
        lab.replace(lab.find("\"limit_ms\": 60000"), 17, "\"limit_ms\": 8000"));
  Outcome r = grade(harness(R"(ok a true ""; ok b true ""; ok c true "")", "sleep 600"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Score 9/16."), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("check d\n      not run: the deployment was stopped at its limit of "
                          "8 s (the last check reported: check c)"),
            std::string::npos)
      << r.output;
}

}  // namespace
