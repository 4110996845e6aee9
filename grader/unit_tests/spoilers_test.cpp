// What an export must not hold while a lab is open: the regions of its reference solution, in
// any file a student gets, as a reader sees it (a deck's highlighted HTML included).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "course/lab.hpp"
#include "course/spoilers.hpp"

namespace fs = std::filesystem;

namespace {

class Spoilers : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("spoilers-" + std::to_string(getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    lab.name = "07-blueprints";
    lab.student_files = {"cmp.cpp", "app.cpp"};
    lab.solution_dir = dir / "solutions/07-blueprints";
    write(lab.solution_dir / "cmp.cpp",
          "#include \"cmp.hpp\"\n#include <string>\n\n"
          "// slide: bp-cmp\n"
          "Cmp::Cmp(StuffApp& app) : web::Blueprint(app, \"cmp\") {\n"
          "  // GET /cmp/add: i + j\n"
          "  get(\"/add\", AUTH, {\"i\", \"j\"}, [](std::int64_t i, std::int64_t j) {\n"
          "    return i + j;\n"
          "  });\n}\n// end slide\n");
    write(lab.solution_dir / "app.cpp",
          "StuffApp::StuffApp() : web::App(\"stuff\") {\n  queries(\"queries.sql\");\n"
          "  on_init([this] { init_database(); });\n}\n");
    // The starter holds the app's first lines: students have them.
    write(dir / "labs/07-blueprints/app.cpp",
          "StuffApp::StuffApp() : web::App(\"stuff\") {\n  queries(\"queries.sql\");\n"
          "  on_init([this] { init_database(); });\n  mount(\"/cmp\", cmp_);\n}\n");
  }
  void TearDown() override { fs::remove_all(dir); }

  static void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  grader::SolutionRegions regions() const {
    return grader::SolutionRegions(lab, {dir / "labs/07-blueprints"});
  }

  fs::path dir;
  grader::Lab lab;
};

TEST_F(Spoilers, FindsThreeLinesOfTheSolutionWhateverTheIndentation) {
  auto found = regions().found_in(
      "A slide\n\n```cpp\nCmp::Cmp(StuffApp& app) : web::Blueprint(app, \"cmp\") {\n"
      "// GET /cmp/add: i + j\n\nget(\"/add\", AUTH, {\"i\", \"j\"}, [](std::int64_t i, "
      "std::int64_t    j) {\n```\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, "cmp.cpp, lines 5 to 7");
}

TEST_F(Spoilers, FindsTheSolutionAcrossTheMarkersOfScriptsStarters) {
  // The markers split the solution's lines; a deck shows them joined, as the solution compiles.
  write(lab.solution_dir / "cmp.cpp",
        "  // GET /cmp/hash: a bcrypt hash of apass\n"
        "  // starter: get(\"/hash\", AUTH, [] { web::todo(\"lab 07: GET /cmp/hash\"); });\n"
        "  // begin solution\n"
        "  get(\"/hash\", AUTH, {\"apass\"},\n"
        "      [this](std::string apass) { return hash_password(apass); });\n"
        "  // end solution\n");
  auto found = regions().found_in(
      "// GET /cmp/hash: a bcrypt hash of apass\nget(\"/hash\", AUTH, {\"apass\"},\n"
      "[this](std::string apass) { return hash_password(apass); });\n");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, "cmp.cpp, lines 1 to 5");
}

TEST_F(Spoilers, ReadsADeckAsItsReaderDoes) {
  // Marp's HTML: highlighted span by span, quotes and angle brackets as entities.
  write(
      dir / "deck.html",
      "<pre><code class=\"language-cpp\"><span class=\"hljs-title\">Cmp::Cmp</span>(StuffApp&amp; "
      "app) : web::<span>Blueprint</span>(app, <span class=\"hljs-string\">&quot;cmp&quot;</span>) "
      "{\n  <span class=\"hljs-comment\">// GET /cmp/add: i + j</span>\n  <span>get</span>("
      "&quot;/add&quot;, AUTH, {&#34;i&#34;, &#x22;j&#x22;}, [](std::<span>int64_t</span> i, "
      "std::int64_t j) {\n</code></pre>\n");
  EXPECT_TRUE(regions().found_in(grader::readable_text(dir / "deck.html")));
}

TEST_F(Spoilers, IgnoresWhatTheReleasedLabsHoldAndLinesThatSayNothing) {
  auto r = regions();
  // The starter's lines, and 3 lines of the solution only through includes and braces.
  EXPECT_FALSE(
      r.found_in("StuffApp::StuffApp() : web::App(\"stuff\") {\nqueries(\"queries.sql\");\n"
                 "on_init([this] { init_database(); });\n"));
  EXPECT_FALSE(r.found_in("#include \"cmp.hpp\"\n#include <string>\n});\n}\n"));
  // Two lines of the solution are not a region; nor are its slide markers.
  EXPECT_FALSE(
      r.found_in("// slide: bp-cmp\nCmp::Cmp(StuffApp& app) : web::Blueprint(app, "
                 "\"cmp\") {\n// GET /cmp/add: i + j\n// end slide\n"));
}

}  // namespace
