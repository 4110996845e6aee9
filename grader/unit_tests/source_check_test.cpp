// Source checks grade code, not text: a C++ file is tokenized before a rule reads it. The
// course's own rules (labs/*/lab.json) are checked on correct variants, which must pass, and
// wrong ones, which must fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bounded_search.hpp"
#include "cpp_source.hpp"
#include "lab.hpp"
#include "source_check.hpp"

namespace fs = std::filesystem;
using grader::SourceCheck;

namespace {

TEST(CppSource, DropsCommentsAndCollapsesWhiteSpace) {
  grader::CppSource cpp = grader::read_cpp(
      "// GET /stuff: every stuff\nget(\n    \"/stuff\",  /* OPEN? */ OPEN, [this] {\n"
      "  return x; // done\n});\n");
  EXPECT_EQ(cpp.code, R"(get( "/stuff", OPEN, [this] { return x; });)");
  EXPECT_EQ(cpp.line_of(cpp.code.find("\"/stuff\"")), 3);
  EXPECT_EQ(cpp.line_of(cpp.code.find("return")), 4);
}

TEST(CppSource, KeepsLiteralsThatLookLikeComments) {
  grader::CppSource cpp =
      grader::read_cpp("auto a = \"// not a comment\"; char q = '\"'; auto b = \"/* nor */\";\n");
  EXPECT_EQ(cpp.code, R"(auto a = "// not a comment"; char q = '"'; auto b = "/* nor */";)");
  ASSERT_EQ(cpp.strings.size(), 2u);
  EXPECT_EQ(cpp.strings[0].value, "// not a comment");
  EXPECT_EQ(cpp.strings[1].value, "/* nor */");
}

TEST(CppSource, JoinsAdjacentLiteralsAndReadsRawStrings) {
  grader::CppSource cpp = grader::read_cpp(
      "auto q = \"SELECT a \" // the columns\n  \"FROM b\";\n"
      "auto r = R\"sql(\nDELETE \"x\" FROM y)\"\n)sql\";\n"
      "auto s = u8\"tab\\there\\\"\"sv;\n"
      "int n = 1'000'000; char c = 'x';\n");
  ASSERT_EQ(cpp.strings.size(), 3u);
  EXPECT_EQ(cpp.strings[0].value, "SELECT a FROM b");
  EXPECT_EQ(cpp.strings[0].line, 1);
  EXPECT_EQ(cpp.strings[1].value, "\nDELETE \"x\" FROM y)\"\n");
  EXPECT_EQ(cpp.strings[1].line, 3);
  EXPECT_EQ(cpp.strings[2].value, "tab\there\"");
  EXPECT_EQ(cpp.strings[2].line, 6);
  // A digit separator is not a character literal: what follows is still code.
  EXPECT_NE(cpp.code.find("int n = 1'000'000; char c = 'x';"), std::string::npos) << cpp.code;
  EXPECT_EQ(cpp.line_of(cpp.code.find("int n")), 7);
}

TEST(CppSource, SurvivesWhatDoesNotCompile) {
  for (const char* text : {"\"unterminated\nget(\"/x\")", "/* open", "R\"abc(never closed", "'",
                           "\\", "R\"", "x = 0x1e+2;"}) {
    grader::CppSource cpp = grader::read_cpp(text);
    EXPECT_LE(cpp.token_starts.size(), std::string(text).size()) << text;
  }
  EXPECT_NE(grader::read_cpp("\"unterminated\nget(\"/x\")").code.find("get(\"/x\")"),
            std::string::npos);
}

TEST(BoundedSearch, FindsAMatchFarInALongTextWithoutOverflowingTheStack) {
  std::regex route(R"(\b(get|post)\s*\((\s*\{[^}]*\}\s*,)?\s*"/)", std::regex::icase);
  // One 60 KiB line of this crashed std::regex_search (SIGSEGV) and the grader with it.
  std::string hostile = "get({" + std::string(200000, 'a');
  EXPECT_FALSE(grader::bounded_search(hostile, route));
  std::string far = std::string(100000, ' ') + "x; post( \"/stuff\"";
  EXPECT_EQ(grader::bounded_search(far, route), 100003u);
  // `^` is the text's start only; `\b` sees the character before a window.
  std::regex start("^select", std::regex::icase), word(R"(\bselect)", std::regex::icase);
  EXPECT_FALSE(grader::bounded_search(std::string(2047, 'x') + "select", start));
  EXPECT_FALSE(grader::bounded_search(std::string(2048, 'x') + "select", word));
  EXPECT_EQ(grader::bounded_search(std::string(2048, 'x') + " select", word), 2049u);
}

// The course's labs, and a submission of a few files in a scratch folder.
class CourseRules : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("source-check-" + std::to_string(getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  static SourceCheck rule(const std::string& lab, const std::string& name_start) {
    for (const auto& check : grader::load_lab(COURSE_SOURCE_DIR, lab).source_checks) {
      if (check.name.rfind(name_start, 0) == 0) return check;
    }
    throw std::runtime_error("no source check \"" + name_start + "...\" in lab " + lab);
  }

  // The failure of `check` on one file holding `text` as the check's first file.
  std::string failure(SourceCheck check, const std::string& text) {
    check.files.resize(1);
    std::ofstream(dir / check.files[0]) << text;
    return grader::source_check_failure(check, dir).value_or("");
  }

  fs::path dir;
};

TEST_F(CourseRules, NoSqlInCppIgnoresMessagesStubsAndComments) {
  for (const char* lab : {"03-yesql", "06-aaa", "07-blueprints"}) {
    SourceCheck no_sql = rule(lab, "no SQL in the C++ files");
    for (const char* correct : {
             "throw Error(409, \"cannot delete an owner who owns things\");",
             "web::todo(\"lab 05: DELETE /stuff/<sid>\");",
             "web::todo_authz(\"lab 06: who may DELETE /stuff\");",
             "// db().fetch_value(\"SELECT * FROM Stuff\") would be wrong\nquery(\"now\");",
             "/* INSERT INTO Stuff VALUES (1) */ query(\"add_stuff\", name);",
             "throw Error(400, \"update failed: select another name\");",
             "log(\"DELETE /stuff/1 204\"); char q = '\"'; int select = 1;",
         }) {
      EXPECT_EQ(failure(no_sql, correct), "") << lab << ": " << correct;
    }
    for (const char* wrong : {
             "return db().fetch_value(\"SELECT CURRENT_TIMESTAMP\");",
             "db().fetch_all(\"select sid, name from stuff\");",
             "db().execute(\"INSERT \"\n   \"INTO Stuff(name) VALUES (:n)\");",
             "db().execute(R\"sql(\n  UPDATE Stuff SET name = 'x'\n)sql\");",
             "std::string sql = \"DELETE FROM Stuff WHERE sid = \" + id;",
         }) {
      EXPECT_NE(failure(no_sql, wrong), "") << lab << ": " << wrong;
    }
  }
}

TEST_F(CourseRules, AFailureNamesTheFileLineAndCode) {
  SourceCheck no_sql = rule("03-yesql", "no SQL in the C++ files");
  EXPECT_EQ(failure(no_sql, "// the version\n\n    return db().fetch_value(\"SELECT 1\");\n"),
            "app.hpp:3: return db().fetch_value(\"SELECT 1\");\n" + no_sql.message);
}

TEST_F(CourseRules, AppDeclaresNoRouteButVersionReadsCodeNotComments) {
  SourceCheck app_routes = rule("07-blueprints", "app.cpp declares no route but /version");
  for (const char* correct : {
           "get(\"/version\", OPEN, [this] { return json{{\"app\", name()}}; });",
           "// get(\"/stuff\", OPEN, ...) moved to stuff.cpp\nmount(\"/stuff\", stuff_);",
           "/* del(\"/things/<tid>\", AUTH, ...) */",
           "web::todo(\"move get(\\\"/stuff\\\") into stuff.cpp\");",
       }) {
    EXPECT_EQ(failure(app_routes, correct), "") << correct;
  }
  for (const char* wrong : {
           "get(\"/stuff\", OPEN, [this] { return query(\"get_stuff_all\"); });",
           "del(\n    \"/things/<tid>\",\n    AUTH, [this](std::int64_t tid) {});",
           "route({\"PUT\", \"PATCH\"}, \"/stuff/<sid>\", AUTH, {\"name\"}, handler);",
       }) {
    EXPECT_NE(failure(app_routes, wrong), "") << wrong;
  }
}

TEST_F(CourseRules, EachBlueprintDeclaresRoutesInCodeNotInComments) {
  SourceCheck split = rule("07-blueprints", "one file per blueprint");
  EXPECT_EQ(failure(split,
                    "Cmp::Cmp(web::App& app) : Blueprint(app, \"cmp\") {\n  get(\n"
                    "      \"/add\", AUTH, {\"i\", \"j\"}, add);\n}\n"),
            "");
  EXPECT_NE(failure(split, "// get(\"/add\", AUTH, {\"i\", \"j\"}, add);\n"), "");
  EXPECT_NE(failure(split, "auto s = \"get(\\\"/add\\\")\";\n"), "");
}

TEST_F(CourseRules, OtherFilesAreReadLineByLine) {
  SourceCheck check{"listens", 1, {"site.conf"}, "", "listen on 443", "^\\s*listen 443;$"};
  EXPECT_EQ(failure(check, "server {\n  listen 443;\n}\n"), "");
  EXPECT_NE(failure(check, "# listen 443; server {\n  listen 80;\n}\n"), "");
  fs::create_directories(dir / "labs/01-x");
  std::ofstream(dir / "labs/01-x/lab.json")
      << R"({"title": "x", "student_files": ["a.conf"], "source_checks": [{"name": "n",
            "files": ["a.conf"], "in": "strings", "forbid": "x"}]})";
  try {
    grader::load_lab(dir, "01-x");
    ADD_FAILURE() << "a strings check on a .conf file was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("reads C++ files only, not a.conf"), std::string::npos)
        << e.what();
  }
}

}  // namespace
