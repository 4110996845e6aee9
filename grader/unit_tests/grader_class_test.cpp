// Grading beyond one machine, as instructors run it: a class graded in slices (batch --shard)
// and the slices merged; Gradescope's autograder written by `package`, then its run_autograder
// run on a folder laid out like Gradescope's /autograder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli.hpp"

using nlohmann::json;

namespace {

class GraderClass : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("grader-class-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override { fs::remove_all(root); }

  std::string grader(const std::string& args) const { return std::string(GRADER) + " " + args; }
  // Quoted for the shell; appended piece by piece, as "'" + std::string gives GCC 12 a false
  // -Wrestrict at -O3 (bug 105329).
  std::string path(const std::string& name) const {
    std::string quoted = "'";
    for (char c : (root / name).string()) {
      if (c == '\'') {
        quoted += "'\\''";
      } else {
        quoted += c;
      }
    }
    quoted += '\'';
    return quoted;
  }

  // A lab made up for the test, and a class of empty folders: a submission without its file
  // scores 0 at once (nothing to build), which is all slicing and merging need.
  std::string make_class(const std::string& lab, const std::vector<std::string>& names) const {
    write(root / "labs" / lab / "lab.json",
          R"({"lab": ")" + lab + R"(", "title": "t", "student_files": ["app.cpp"]})");
    write(root / "labs" / lab / "tests" / (lab + ".hurl"),
          "# name: ok\nGET {{base_url}}/ok\nHTTP 200\n");
    std::string list;
    for (const auto& name : names) {
      fs::create_directories(root / "class" / name);
      list += ' ';
      list += path("class/" + name);
    }
    return list;
  }
  Outcome batch(const std::string& lab, const std::string& shard, const std::string& out,
                const std::string& list) const {
    return run(grader("batch --root " + root.string() + " --lab " + lab +
                      (shard.empty() ? "" : " --shard " + shard) + " --csv " + path(out + ".csv") +
                      " --json " + path(out + ".json") + list));
  }

  fs::path root;
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_F(GraderClass, ShardsGradeEverySubmissionOnceWhateverTheOrderAndMergeJoinsThem) {
  std::vector<std::string> names = {"smith, jr"};  // a name CSV must quote
  for (int i = 1; i <= 12; ++i) names.push_back("student" + std::to_string(100 + i));
  std::string list = make_class("99-probe", names);
  std::vector<std::string> reversed_names(names.rbegin(), names.rend());
  std::string reversed = make_class("99-probe", reversed_names);

  std::multiset<std::string> graded;
  std::string slices_csv, slices_json;
  for (int i = 0; i < 3; ++i) {
    std::string slice = "slice-" + std::to_string(i);
    Outcome r = batch("99-probe", std::to_string(i) + "/3", slice, i == 1 ? reversed : list);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("of 13)"), std::string::npos) << r.output;
    json book = json::parse(read(root / (slice + ".json")));
    EXPECT_EQ(book["lab"], "99-probe");
    EXPECT_EQ(book["shard"], json({{"index", i}, {"count", 3}}));
    EXPECT_LT(book["submissions"].size(), names.size()) << "a slice holds the whole class";
    for (const auto& s : book["submissions"]) {
      graded.insert(s["submission"].get<std::string>());
      EXPECT_EQ(s["results"]["score"], 0) << s;
    }
    slices_csv += " " + path(slice + ".csv");
    slices_json += " " + path(slice + ".json");
  }
  EXPECT_EQ(graded, std::multiset<std::string>(names.begin(), names.end()));

  Outcome m = run(grader("merge --expect 3 --out-csv " + path("class.csv") + " --out-json " +
                         path("class.json") + slices_csv + slices_json));
  ASSERT_EQ(m.exit_code, 0) << m.output;
  std::string expected = "submission,score,max,99-probe.hurl\n\"smith, jr\",0,1,0\n";
  for (int i = 1; i <= 12; ++i) expected += "student" + std::to_string(100 + i) + ",0,1,0\n";
  EXPECT_EQ(read(root / "class.csv"), expected);
  json merged = json::parse(read(root / "class.json"));
  EXPECT_EQ(merged["lab"], "99-probe");
  ASSERT_EQ(merged["submissions"].size(), names.size());
  EXPECT_EQ(merged["submissions"][0]["submission"], "smith, jr");
  EXPECT_TRUE(merged["submissions"][0]["results"].contains("tests"));

  Outcome bad = run(grader("batch --root " + root.string() + " --lab 99-probe --shard 3/3 --csv " +
                           path("x.csv") + list));
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--shard takes I/N"), std::string::npos) << bad.output;
}

TEST_F(GraderClass, MergeRefusesSlicesThatDoNotFitAndWritesNothing) {
  std::string list = make_class("99-probe", {"alice", "bob", "carol", "dave", "erin", "frank"});
  for (std::string i : {"0", "1"})
    ASSERT_EQ(batch("99-probe", i + "/2", "s" + i, list).exit_code, 0);
  ASSERT_EQ(batch("98-other", "", "other", make_class("98-other", {"zed"})).exit_code, 0);
  for (std::string i : {"0", "1"}) {
    ASSERT_FALSE(json::parse(read(root / ("s" + i + ".json")))["submissions"].empty())
        << "choose names that fill both slices";
  }
  fs::copy_file(root / "s0.csv", root / "s0-again.csv");
  fs::copy_file(root / "s0.json", root / "s0-again.json");
  auto merge = [&](const std::string& args) {
    return run(grader("merge --out-csv " + path("out.csv") + " " + args));
  };
  struct Case {
    std::string args, message;
  };
  for (const Case& c : std::vector<Case>{
           {"--expect 2 " + path("s0.csv"), "a slice is missing"},
           {"--expect 2 --out-json " + path("out.json") + " " + path("s0.csv") + " " +
                path("s1.csv") + " " + path("s0.json") + " " + path("s0-again.json"),
            "slice 0/2 is there twice"},
           {path("s0.csv") + " " + path("s0-again.csv") + " " + path("s1.csv"), "is in two slices"},
           {path("s0.csv") + " " + path("other.csv"), "slices of different labs or test files"},
           {"--out-json " + path("out.json") + " " + path("s0.csv") + " " + path("s1.csv") + " " +
                path("s0.json") + " " + path("other.json"),
            "slices of different labs: "},
       }) {
    Outcome r = merge(c.args);
    EXPECT_EQ(r.exit_code, 1) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find("grader merge: refused: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_FALSE(fs::exists(root / "out.csv")) << c.args;
    EXPECT_FALSE(fs::exists(root / "out.json")) << c.args;
  }
}

// A submission's name is free text: a spreadsheet must not run it (OWASP's CSV injection).
TEST_F(GraderClass, GradebooksNeutralizeCellsASpreadsheetWouldEvaluate) {
  std::vector<std::string> names = {"@SUM(1+1)", "-2+3",    "=HYPERLINK(\"http:evil\",\"x\")",
                                    "+1",        "'quoted", "alice"};
  std::string list = make_class("99-probe", names);
  ASSERT_EQ(batch("99-probe", "", "book", list).exit_code, 0);
  std::vector<std::string> expected = {"submission,score,max,99-probe.hurl",
                                       "'@SUM(1+1),0,1,0",
                                       "'-2+3,0,1,0",
                                       "\"'=HYPERLINK(\"\"http:evil\"\",\"\"x\"\")\",0,1,0",
                                       "'+1,0,1,0",
                                       "''quoted,0,1,0",
                                       "alice,0,1,0"};
  EXPECT_EQ(lines(read(root / "book.csv")), expected);
  // merge reads the names back, finds them in the JSON slice as they are, and writes them so.
  Outcome m = run(grader("merge --out-csv " + path("class.csv") + " --out-json " +
                         path("class.json") + " " + path("book.csv") + " " + path("book.json")));
  ASSERT_EQ(m.exit_code, 0) << m.output;
  std::vector<std::string> merged = lines(read(root / "class.csv"));
  std::sort(expected.begin() + 1, expected.end());
  std::sort(merged.begin() + 1, merged.end());
  EXPECT_EQ(merged, expected);
  std::set<std::string> in_json;
  json book = json::parse(read(root / "class.json"));
  for (const auto& entry : book["submissions"]) in_json.insert(entry["submission"]);
  EXPECT_EQ(in_json, std::set<std::string>(names.begin(), names.end()));
}

// A slice is a file anyone could have edited on its way from a grading machine: merge refuses
// what batch never writes, naming the slice and its line (or submission), and writes nothing.
TEST_F(GraderClass, MergeRefusesTamperedSlicesNamingTheSliceAndLine) {
  std::string list = make_class("99-probe", {"alice", "bob"});
  write(root / "labs/99-probe/tests/99-probe.hurl",
        "# name: ok\n# points: 50\nGET {{base_url}}/ok\nHTTP 200\n");
  ASSERT_EQ(batch("99-probe", "", "book", list).exit_code, 0);
  ASSERT_EQ(read(root / "book.csv"),
            "submission,score,max,99-probe.hurl\nalice,0,50,0\nbob,0,50,0\n");
  make_class("98-other", {"alice", "bob"});  // the same class, graded in another lab
  ASSERT_EQ(batch("98-other", "", "other", list).exit_code, 0);
  write(root / "deep.json", R"({"lab": "99-probe", "submissions": [{"submission": "alice",
      "results": )" + std::string(200000, '[') +
                                std::string(200000, ']') + "}]}");
  struct Case {
    std::string alice;  // alice's row in the CSV slice
    std::string json;   // the JSON slice given with it, if any
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"alice,999,50,999", "", "tampered.csv line 2: alice: it scores 999 of 50"},
           {"alice,-5,50,-5", "", "tampered.csv line 2: alice: its score \"-5\" is not a number"},
           {"alice,A+,50,A+", "", "tampered.csv line 2: alice: its score \"A+\" is not a number"},
           {"alice,50,50,0", "",
            "tampered.csv line 2: alice: its score 50 is not the sum of its columns (0)"},
           {"alice,0,50", "", "tampered.csv line 2: a row of 3 fields, its header has 4"},
           {",0,50,0", "", "tampered.csv line 2: a row without a submission name"},
           {"alice,0,50,0", "other.json",
            "the CSV's columns are 99-probe.hurl, the JSON's tests 98-other.hurl"},
           {"alice,50,50,50", "book.json",
            "tampered.csv line 2 and " + (root / "book.json").string() +
                ", submission 1 (alice): not the same points"},
           {"alice,0,50,0", "deep.json",
            "deep.json is not a JSON gradebook of grader batch "
            "--json: it nests arrays or objects more than 32 deep"},
       }) {
    write(root / "tampered.csv",
          "submission,score,max,99-probe.hurl\n" + c.alice + "\nbob,0,50,0\n");
    std::string args = path("tampered.csv");
    if (!c.json.empty()) args = "--out-json " + path("out.json") + " " + args + " " + path(c.json);
    Outcome r = run(grader("merge --out-csv " + path("out.csv") + " " + args));
    EXPECT_EQ(r.exit_code, 1) << c.alice << " " << c.json << "\n" << r.output;
    EXPECT_NE(r.output.find("grader merge: refused: "), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(c.message), std::string::npos) << c.message << "\n" << r.output;
    EXPECT_FALSE(fs::exists(root / "out.csv")) << c.alice;
    EXPECT_FALSE(fs::exists(root / "out.json")) << c.alice;
  }
}

TEST_F(GraderClass, PackageHoldsTheLabsHiddenTestsAndNoSolution) {
  // A repository made up for the test: two labs, their hidden tests, their solutions.
  fs::path repo = root / "repo";
  for (std::string lab : {"98-other", "99-probe"}) {
    write(repo / "labs" / lab / "lab.json",
          R"({"lab": ")" + lab + R"(", "title": "t", "student_files": ["app.cpp"]})");
    write(repo / "labs" / lab / "tests/01-ok.hurl", "# name: ok\nGET {{base_url}}/" + lab + "\n");
    write(repo / "grader/tests" / lab / "02-hidden.hurl", "GET {{base_url}}/hidden/" + lab + "\n");
    write(repo / "solutions" / lab / "app.cpp", "// the solution of " + lab + "\n");
  }
  write(repo / "grader/tests/99-probe/grader.json", R"({"env": {"SECRET": "s"}})");
  // Lab 99's starter holds lab 98's solution: students get it with lab 99.
  fs::copy_file(repo / "solutions/98-other/app.cpp", repo / "labs/99-probe/app.cpp");
  write(repo / "common/include/web/app.hpp", "// common\n");
  write(repo / "bench/run", "not for Gradescope\n");
  for (const char* script : {"setup.sh", "run_autograder"}) {
    write(repo / "grader/gradescope" / script,
          read(fs::path(COURSE_SOURCE_DIR) / "grader/gradescope" / script));
  }
  ASSERT_EQ(
      run("git -C " + repo.string() + " init -q && git -C " + repo.string() + " add -A").exit_code,
      0);
  Outcome r = run(grader("package --root " + repo.string() + " --lab 99 --out " + path("ag.zip")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Outcome list = run("cmake -E tar tf " + path("ag.zip"));
  ASSERT_EQ(list.exit_code, 0) << list.output;
  std::vector<std::string> entries = lines(list.output);
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{
                         "course/common/include/web/app.hpp",
                         "course/grader/tests/99-probe/02-hidden.hurl",
                         "course/grader/tests/99-probe/grader.json",
                         "course/labs/99-probe/app.cpp",
                         "course/labs/99-probe/lab.json",
                         "course/labs/99-probe/tests/01-ok.hurl",
                         "run_autograder",
                         "setup.sh",
                     }));

  // Its own solution copied into the lab's folder is refused, and no zip is left.
  fs::remove(root / "ag.zip");
  fs::copy_file(repo / "solutions/99-probe/app.cpp", repo / "labs/99-probe/hint.cpp");
  run("git -C " + repo.string() + " add -A");
  Outcome leak =
      run(grader("package --root " + repo.string() + " --lab 99 --out " + path("ag.zip")));
  EXPECT_EQ(leak.exit_code, 2) << leak.output;
  EXPECT_NE(leak.output.find("labs/99-probe/hint.cpp"), std::string::npos) << leak.output;
  EXPECT_FALSE(fs::exists(root / "ag.zip"));
}

// Lab 08 too, whose starter hands out its solution's C++ (lab 07's) and changes only deploy/.
TEST_F(GraderClass, PackageWritesEveryLabOfTheCourse) {
  fs::path course = COURSE_SOURCE_DIR;
  int labs = 0;
  for (const auto& entry : fs::directory_iterator(course / "labs")) {
    if (!fs::exists(entry.path() / "lab.json")) continue;
    ++labs;
    std::string lab = entry.path().filename().string();
    Outcome r = run(grader("package --lab " + lab + " --out " + path(lab + ".zip")));
    EXPECT_EQ(r.exit_code, 0) << lab << "\n" << r.output;
    Outcome list = run("cmake -E tar tf " + path(lab + ".zip"));
    EXPECT_NE(list.output.find("course/labs/" + lab + "/lab.json"), std::string::npos) << lab;
    EXPECT_EQ(list.output.find("solutions/"), std::string::npos) << lab;
  }
  EXPECT_GE(labs, 8);
}

TEST_F(GraderClass, RunAutograderGivesLab01sSolutionFullMarks) {
  // This repository's lab 01, packaged, unpacked where Gradescope puts it (source/), its
  // run_autograder copied to the top as Gradescope does; the submission is the solution's
  // student files. GRADER stands for the grader setup.sh would have built.
  fs::path course = COURSE_SOURCE_DIR;
  fs::path ag = root / "autograder";
  fs::create_directories(ag / "source");
  Outcome r = run(grader("package --lab 01 --out " + path("autograder.zip")));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(run("cmake -E chdir " + (ag / "source").string() + " cmake -E tar xf " +
                path("autograder.zip"))
                .exit_code,
            0);
  for (const auto& entry : fs::directory_iterator(course / "grader/tests/01-rest")) {
    EXPECT_TRUE(fs::exists(ag / "source/course/grader/tests/01-rest" / entry.path().filename()))
        << entry.path();
  }
  EXPECT_FALSE(fs::exists(ag / "source/course/solutions"));
  fs::copy_file(ag / "source/run_autograder", ag / "run_autograder");
  json lab = json::parse(read(course / "labs/01-rest/lab.json"));
  for (const auto& file : lab["student_files"]) {
    fs::create_directories(ag / "submission");
    fs::copy_file(course / "solutions/01-rest" / file.get<std::string>(),
                  ag / "submission" / file.get<std::string>());
  }
  Outcome graded = run("env AUTOGRADER_ROOT=" + ag.string() + " GRADER=" + GRADER + " " +
                       (ag / "run_autograder").string());
  ASSERT_EQ(graded.exit_code, 0) << graded.output;
  json results = json::parse(read(ag / "results/results.json"));
  EXPECT_GT(results["score"], 0) << results.dump(2);
  EXPECT_EQ(results["score"], results["extra_data"]["max_score"]) << graded.output;
  for (const auto& test : results["tests"]) EXPECT_EQ(test["status"], "passed") << test;
}

// The grader run_autograder starts cannot fork on its lanes (a pids cgroup of 2 tasks): it
// fails, so no results.json is written (Gradescope then reports a failed autograder, never a
// 0), and the reason is in what instructors see.
TEST_F(GraderClass, RunAutograderWhoseGraderCannotForkWritesNoResult) {
  if (geteuid() != 0) GTEST_SKIP() << "only root can confine the grader in a pids cgroup";
  fs::path course = COURSE_SOURCE_DIR;
  fs::path ag = root / "autograder";
  fs::create_directories(ag / "source");
  ASSERT_EQ(run(grader("package --lab 01 --out " + path("autograder.zip"))).exit_code, 0);
  ASSERT_EQ(run("cmake -E chdir " + (ag / "source").string() + " cmake -E tar xf " +
                path("autograder.zip"))
                .exit_code,
            0);
  fs::copy_file(ag / "source/run_autograder", ag / "run_autograder");
  json lab = json::parse(read(course / "labs/01-rest/lab.json"));
  for (const auto& file : lab["student_files"]) {
    fs::create_directories(ag / "submission");
    fs::copy_file(course / "solutions/01-rest" / file.get<std::string>(),
                  ag / "submission" / file.get<std::string>());
  }
  // Its build kept (CTest's cache, else one here), so that the confined grader forks nothing
  // before its lanes.
  const char* builds = std::getenv("GRADER_BUILD_CACHE");
  std::string autograder =
      "env GRADER_BUILD_CACHE=" + (builds ? std::string(builds) : (root / "builds").string()) +
      " AUTOGRADER_ROOT=" + ag.string() + " GRADER=";
  Outcome free = run(autograder + GRADER + " " + (ag / "run_autograder").string());
  ASSERT_EQ(free.exit_code, 0) << free.output;
  fs::remove(ag / "results/results.json");

  TaskLimit limit(2);
  write(root / "confined-grader",
        "#!/bin/sh\necho $$ >" + limit.procs() + " && exec " + GRADER + " \"$@\"\n");
  fs::permissions(root / "confined-grader", fs::perms::owner_all);
  Outcome r = run(autograder + (root / "confined-grader").string() + " " +
                  (ag / "run_autograder").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("the grader failed while it ran the tests: fork: "), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(ag / "results/results.json"));
}
