// The grader when the machine fails it: fork, pipe2 or a thread refused while test files run on
// their lanes (a fork bomb beside it, a large class). That is the grader's error, exit 2 with
// the reason, never std::terminate (which also left sandboxed servers running, orphaned).
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "cli.hpp"

namespace {

constexpr const char* ok_cpp = R"(#include <web/app.hpp>
struct Ok : web::App {
  Ok() : web::App("ok") {
    get("/version", web::OPEN, [this] { return web::json{{"app", name()}}; });
    get("/ok", web::OPEN, [] { return web::json{{"ok", true}}; });
  }
};
int main(int argc, char** argv) { return Ok().run(argc, argv); }
)";

class GraderLanes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "only root can confine the grader in a pids cgroup";
    root = fs::temp_directory_path() /
           ("grader-lanes-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    // Four files, each on a fresh server: two lanes run them at once.
    write(root / "labs/96-lanes/lab.json",
          R"({"lab": "96-lanes", "title": "lanes", "student_files": ["app.cpp"],
              "between_files": "reinit"})");
    for (int i = 1; i <= 4; ++i) {
      write(root / "labs/96-lanes/tests" / ("0" + std::to_string(i) + "-ok.hurl"),
            "# name: ok\nGET {{base_url}}/ok\nHTTP 200\n");
    }
    write(root / "labs/96-lanes/app.cpp", "int main() { return 1; }\n");  // a starter
    write(root / "solutions/96-lanes/app.cpp", ok_cpp);
  }
  void TearDown() override { fs::remove_all(root); }

  // Builds kept here, so that the confined run forks nothing before its lanes.
  std::string grader(const std::string& args) const {
    return "env GRADER_BUILD_CACHE=" + (root / "builds").string() + " " + GRADER + " " + args +
           " --root " + root.string();
  }

  fs::path root;
};

}  // namespace

TEST_F(GraderLanes, ForkOrThreadRefusedOnALaneIsTheGradersErrorNeverAnAbort) {
  std::string solution = (root / "solutions/96-lanes").string();
  Outcome free = run(grader("grade --lab 96-lanes " + solution));
  ASSERT_EQ(free.exit_code, 0) << free.output;
  ASSERT_NE(free.output.find("Score 4/4"), std::string::npos) << free.output;
  // 2 tasks: the grader and its second lane, whose forks fail; 3 to 5: a server forked, then a
  // fork or the thread that reads a server's output refused.
  for (int tasks = 2; tasks <= 5; ++tasks) {
    for (const std::string& command :
         {"grade --lab 96-lanes " + solution, std::string("check --lab 96-lanes")}) {
      TaskLimit limit(tasks);
      Outcome r = run(limit.wrap(grader(command)));
      EXPECT_EQ(r.exit_code, 2) << tasks << " tasks, " << command << "\n" << r.output;
      EXPECT_NE(r.output.find("grader: error: the grader failed while it ran the tests: "),
                std::string::npos)
          << tasks << " tasks, " << command << "\n"
          << r.output;
      EXPECT_EQ(r.output.find("terminate"), std::string::npos) << r.output;
    }
  }
}
