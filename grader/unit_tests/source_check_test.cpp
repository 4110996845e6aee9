// Source checks grade code, not text: a C++ file is tokenized before a rule reads it. The
// course's own rules (labs/*/lab.json) are checked on correct variants, which must pass, and
// wrong ones, which must fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "course/cpp_source.hpp"
#include "course/file_patterns.hpp"
#include "course/lab.hpp"
#include "grading/bounded_search.hpp"
#include "grading/source_check.hpp"

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

  // The failure of `check` on one file holding `text` as the check's first file (a pattern's
  // file is named "app" + its extension: "*.hpp" reads app.hpp).
  std::string failure(SourceCheck check, const std::string& text) {
    check.files.resize(1);
    std::string name = check.files[0];
    if (grader::is_pattern(name)) name = "app" + fs::path(name).extension().string();
    std::ofstream(dir / name) << text;
    return grader::source_check_failure(check, dir).value_or("");
  }

  // A copy of a folder of the repository (a solution, a starter) in `dir`, with `changes`:
  // a file's new text, or "" to remove it.
  void submission(const std::string& from, const std::map<std::string, std::string>& changes) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(fs::path(COURSE_SOURCE_DIR) / from)) {
      if (entry.is_regular_file()) fs::copy_file(entry.path(), dir / entry.path().filename());
    }
    for (const auto& [name, text] : changes) {
      if (text.empty()) {
        fs::remove(dir / name);
      } else {
        std::ofstream(dir / name) << text;
      }
    }
  }

  // Lab 07's checks that the files of `dir` fail, by the start of their names.
  static std::vector<std::string> failed_lab07_checks(const fs::path& folder) {
    std::vector<std::string> failed;
    for (const auto& check : grader::load_lab(COURSE_SOURCE_DIR, "07-blueprints").source_checks) {
      // The name's first three words: "app.cpp mounts the", "at least four", "no SQL in".
      std::size_t end = 0;
      for (int words = 0; words < 3 && end != std::string::npos; ++words)
        end = check.name.find(' ', end + 1);
      if (grader::source_check_failure(check, folder)) failed.push_back(check.name.substr(0, end));
    }
    return failed;
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
  SourceCheck app_routes = rule("07-blueprints", "app.cpp mounts the blueprints");
  app_routes.require.clear();  // AppMustMountItsBlueprints tests it
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

TEST_F(CourseRules, AppMustMountItsBlueprints) {
  SourceCheck app_routes = rule("07-blueprints", "app.cpp mounts the blueprints");
  EXPECT_EQ(failure(app_routes, "mount(\"/stuff\", stuff_.before(counter(stuff_)));"), "");
  EXPECT_NE(failure(app_routes, "// mount(\"/stuff\", stuff_);\nqueries(\"queries.sql\");"), "");
}

// Lab 07 leaves the split to the student: the reference solution keeps every rule, and so do
// other sound designs, whatever their files' names; the starter and unsound ones do not.
using Failed = std::vector<std::string>;

TEST_F(CourseRules, Lab07ReferenceKeepsEveryRuleAndTheStarterBreaksTheSplit) {
  submission("solutions/07-blueprints", {});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{});
  submission("labs/07-blueprints", {});
  EXPECT_EQ(failed_lab07_checks(dir), (Failed{"app.cpp mounts the", "at least four"}));
}

// The Blueprint word with routes: a derived class, its constructor in the .cpp or inline in a
// header, or a web::Blueprint used as it is.
constexpr const char* other_names_cpp = R"(#include "people.hpp"
People::People(web::App& app) : web::Blueprint(app, "people") {
  // POST /register: anyone may create an account
  post("/register", OPEN, {"login", "pword"}, register_user);
  post("/users-mgt", web::group("ADMIN"), {"u"}, add_user);
})";
constexpr const char* header_only_hpp = R"(#pragma once
#include <web/blueprint.hpp>
class Owners : public web::Blueprint {
 public:
  explicit Owners(web::App& app) : Blueprint(app, "owners") {
    get("/owners", web::OPEN, [this] { return query("get_owners_all"); });
  }
};)";
constexpr const char* plain_blueprint_cpp = R"(#include "admin.hpp"
web::Blueprint& admin(web::App& app) {
  static web::Blueprint bp{app, "admin", web::group("ADMIN")};
  bp.get("/admin", web::group("ADMIN"), hello_admin);
  return bp;
})";

TEST_F(CourseRules, Lab07AcceptsOtherSoundSplits) {
  // Files of other names: auth and users in people.cpp, owners header-only beside things.cpp,
  // an admin blueprint that is a web::Blueprint object, and one queries file per blueprint.
  submission("solutions/07-blueprints", {{"auth.cpp", ""},
                                         {"users.cpp", ""},
                                         {"people.cpp", other_names_cpp},
                                         {"owners.hpp", header_only_hpp},
                                         {"admin.cpp", plain_blueprint_cpp},
                                         {"queries.sql", ""},
                                         {"stuff.sql", "-- name: get_stuff_all\nSELECT 1;\n"}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{});
}

TEST_F(CourseRules, Lab07RefusesSplitsThatAreNotBlueprints) {
  // Routes left in app.cpp, or declared in app.hpp's constructor with no mount in app.cpp.
  submission("solutions/07-blueprints",
             {{"app.cpp",
               "StuffApp::StuffApp() : web::App(\"stuff\") {\n  mount(\"\", auth_);\n"
               "  get(\"/hello\", AUTH, hello);\n}\n"}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{"app.cpp mounts the"});
  submission("solutions/07-blueprints", {{"app.cpp", "#include \"app.hpp\"\n// mount(\"\", x)\n"}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{"app.cpp mounts the"});
  // Three blueprints only: users and things removed.
  submission("solutions/07-blueprints", {{"users.cpp", ""}, {"things.cpp", ""}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{"at least four"});
  // Four files of routes, but two are the app's own methods, not blueprints.
  submission("solutions/07-blueprints", {{"users.cpp",
                                          "#include \"app.hpp\"\nvoid StuffApp::users() {\n"
                                          "  get(\"/owned\", web::group(\"ADMIN\"), owned);\n}\n"},
                                         {"things.cpp",
                                          "#include \"app.hpp\"\nvoid StuffApp::things() {\n"
                                          "  get(\"/owners\", web::OPEN, owners);\n}\n"}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{"at least four"});
  // Blueprints whose routes are only in comments or strings.
  submission("solutions/07-blueprints",
             {{"users.cpp",
               "Users::Users(web::App& app) : web::Blueprint(app, \"users\") {\n"
               "  // get(\"/owned\", web::group(\"ADMIN\"), owned);\n}\n"},
              {"things.cpp",
               "Things::Things(web::App& a) : web::Blueprint(a, \"things\") {\n"
               "  auto s = \"get(\\\"/owners\\\")\";\n}\n"}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{"at least four"});
  // SQL in a file of the student's own name.
  submission("solutions/07-blueprints",
             {{"owners.cpp", "auto q = db().fetch_all(\"SELECT * FROM Owner\");\n"}});
  EXPECT_EQ(failed_lab07_checks(dir), Failed{"no SQL in"});
}

TEST_F(CourseRules, AtLeastCountsTheFilesThatMatchEveryRequiredRegex) {
  SourceCheck check{"two", 1, {"*.cpp"}, "", "split", "\\bget\\("};
  check.require_too = {"\\bBlueprint\\b"};
  check.at_least = 2;
  check.except = {"main.cpp"};
  std::ofstream(dir / "a.cpp") << "Blueprint b; get(\"/a\");";
  std::ofstream(dir / "b.cpp") << "get(\"/b\");";
  std::ofstream(dir / "main.cpp") << "Blueprint b; get(\"/main\");";
  std::ofstream(dir / "b_test.cpp") << "Blueprint b; get(\"/test\");";
  EXPECT_EQ(grader::source_check_failure(check, dir).value_or(""),
            "only 1 of the files match \\bget\\( and \\bBlueprint\\b (a.cpp): at least 2 must\n"
            "split");
  std::ofstream(dir / "c.cpp") << "// Blueprint\nBlueprint c; get(\"/c\");";
  EXPECT_EQ(grader::source_check_failure(check, dir).value_or(""), "");
}

TEST(FilePatterns, AStarMatchesAnyRunAndTakesNeitherNamedProvidedNorTestFiles) {
  EXPECT_TRUE(grader::matches_pattern("*.cpp", "stuff.cpp"));
  EXPECT_TRUE(grader::matches_pattern("*.cpp", ".cpp"));
  EXPECT_TRUE(grader::matches_pattern("a*b*c", "aXbYbc"));
  EXPECT_FALSE(grader::matches_pattern("*.cpp", "stuff.cpp.orig"));
  EXPECT_FALSE(grader::matches_pattern("*.cpp", "stuff.hpp"));
  std::vector<std::string> names{"app.cpp", "*.cpp", "*.sql"};
  EXPECT_TRUE(grader::taken_by_pattern(names, "stuff.cpp", {"main.cpp"}));
  EXPECT_TRUE(grader::taken_by_pattern(names, "stuff.sql", {"main.cpp"}));
  EXPECT_FALSE(grader::taken_by_pattern(names, "app.cpp", {"main.cpp"}));
  EXPECT_FALSE(grader::taken_by_pattern(names, "main.cpp", {"main.cpp"}));
  EXPECT_FALSE(grader::taken_by_pattern(names, "blueprints_test.cpp", {"main.cpp"}));
  EXPECT_FALSE(grader::taken_by_pattern(names, "notes.txt", {"main.cpp"}));
  EXPECT_FALSE(grader::taken_by_pattern({"app.cpp"}, "stuff.cpp", {}));
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
