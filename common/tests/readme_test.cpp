// common/README.md is the students' reference: its table lists every header they may include
// (its examples are compiled by the build: readme_examples.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

TEST(Readme, ItsHeaderTableListsEveryPublicHeader) {
  std::ifstream in(std::string(COMMON_DIR) + "/README.md");
  ASSERT_TRUE(in) << COMMON_DIR << "/README.md";
  std::stringstream text;
  text << in.rdbuf();
  int headers = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(COMMON_DIR) + "/include/web")) {
    std::string row = "| `web/" + entry.path().filename().string() + "` |";
    EXPECT_NE(text.str().find(row), std::string::npos) << row << " is not in README.md's table";
    ++headers;
  }
  EXPECT_GT(headers, 20);
}
