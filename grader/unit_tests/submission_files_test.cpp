// A submission's files: the named ones, and those a pattern takes ("*.cpp", lab 07's own
// blueprint files), from a folder or a zip, beside the named ones only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "course/course_files.hpp"
#include "course/zip_writer.hpp"
#include "submission/submission_files.hpp"

namespace fs = std::filesystem;

namespace {

class SubmissionFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("submission-files-" + std::to_string(getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir / "into");
  }
  void TearDown() override { fs::remove_all(dir); }

  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << text;
  }
  std::set<std::string> taken() const {
    std::set<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir / "into"))
      files.insert(entry.path().filename().string());
    return files;
  }

  const std::vector<std::string> names{"app.hpp", "app.cpp", "*.hpp", "*.cpp", "*.sql"};
  const std::vector<std::string> provided{"main.cpp"};
  fs::path dir;
};

using Names = std::set<std::string>;

TEST_F(SubmissionFiles, PatternsTakeTheFilesBesideTheNamedOnesButProvidedAndTests) {
  // Uploaded inside a folder: the patterns read the named files' folder, nothing above or below.
  for (const char* name :
       {"lab/app.hpp", "lab/app.cpp", "lab/people.hpp", "lab/people.cpp", "lab/stuff.sql",
        "lab/main.cpp", "lab/people_test.cpp", "lab/notes.txt", "lab/tests/x.cpp", "other.cpp"}) {
    write("sub/" + std::string(name), name);
  }
  EXPECT_EQ(grader::take_student_files(dir / "sub", names, dir / "into", provided), "");
  EXPECT_EQ(taken(), (Names{"app.hpp", "app.cpp", "people.hpp", "people.cpp", "stuff.sql"}));
  EXPECT_EQ(grader::read_all(dir / "into/people.cpp"), "lab/people.cpp");
}

TEST_F(SubmissionFiles, AZipIsReadTheSameWay) {
  {
    grader::ZipWriter zip(dir / "alice.zip");
    for (const char* name :
         {"alice/app.hpp", "alice/app.cpp", "alice/people.cpp", "alice/queries.sql",
          "alice/main.cpp", "alice/tests/x.cpp", "other.cpp", "alice/people_test.cpp"}) {
      zip.add(name, name, 0644);
    }
    zip.close();
  }
  EXPECT_EQ(grader::take_student_files(dir / "alice.zip", names, dir / "into", provided), "");
  EXPECT_EQ(taken(), (Names{"app.hpp", "app.cpp", "people.cpp", "queries.sql"}));
  EXPECT_EQ(grader::read_all(dir / "into/people.cpp"), "alice/people.cpp");
}

TEST_F(SubmissionFiles, NamedFilesAreStillRequired) {
  write("sub/app.cpp", "x");
  write("sub/people.cpp", "x");
  EXPECT_EQ(grader::take_student_files(dir / "sub", names, dir / "into", provided),
            "missing file: app.hpp (the submission must hold each of: app.hpp, app.cpp, *.hpp, "
            "*.cpp, *.sql)");
}

TEST_F(SubmissionFiles, TooManyFilesForAPatternAreRefused) {
  write("sub/app.hpp", "x");
  write("sub/app.cpp", "x");
  for (int i = 0; i < 65; ++i) write("sub/f" + std::to_string(i) + ".cpp", "x");
  EXPECT_NE(grader::take_student_files(dir / "sub", names, dir / "into", provided)
                .find("more than 64 files"),
            std::string::npos);
}

}  // namespace
