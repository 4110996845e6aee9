// The pass2csv tool, run as a subprocess on users.in samples: every row's hash verifies its
// password, logins are quoted as RFC 4180 says, a line without a password stops it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <web/password.hpp>

#include "test_support.hpp"

namespace {

struct Outcome {
  int status = -1;     // the exit status
  std::string output;  // stdout and stderr
};

Outcome pass2csv(const std::string& arguments) {
  std::string command = std::string(PASS2CSV) + " " + arguments + " 2>&1";
  Outcome run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) run.output += buffer;
  int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A row "login","hash",flags split in its three parts; the login may hold doubled quotes.
struct Row {
  std::string login, hash, flags;
};

Row parse(const std::string& line) {
  Row row;
  std::size_t at = 1;  // after the opening quote
  for (; at < line.size(); ++at) {
    if (line[at] == '"' && (at + 1 >= line.size() || line[at + 1] != '"')) break;
    if (line[at] == '"') ++at;  // a doubled quote
    row.login += line[at];
  }
  // then ,"<60 characters>",
  row.hash = line.substr(at + 3, 60);
  row.flags = line.substr(std::min(line.size(), at + 3 + 60 + 2));
  return row;
}

}  // namespace

TEST(Pass2csv, HashesEveryUserOfThePythonCourseSample) {
  test::TextFile users(
      "# login pass raw,list,of,csv,stuff\n"
      "calvin hobbes TRUE\n"
      "\n"
      "hobbes\tsusie\tFALSE\n"
      "   # an indented comment\n"
      "susie  derkins  FALSE\r\n"
      "moe secret a,b,c\n"
      "rosalyn babysits\n",
      ".in");
  Outcome run = pass2csv(users.path());
  ASSERT_EQ(run.status, 0) << run.output;
  auto lines = lines_of(run.output);
  ASSERT_EQ(lines.size(), 5u) << run.output;
  struct Expected {
    const char *login, *password, *flags;
  };
  Expected expected[] = {{"calvin", "hobbes", "TRUE"},
                         {"hobbes", "susie", "FALSE"},
                         {"susie", "derkins", "FALSE"},
                         {"moe", "secret", "a,b,c"},
                         {"rosalyn", "babysits", ""}};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Row row = parse(lines[i]);
    EXPECT_EQ(row.login, expected[i].login) << lines[i];
    EXPECT_EQ(row.hash.substr(0, 7), "$2b$04$") << lines[i];
    EXPECT_TRUE(web::verify_password(expected[i].password, row.hash)) << lines[i];
    EXPECT_EQ(row.flags, expected[i].flags) << lines[i];
  }
  EXPECT_EQ(lines[0].substr(0, 10), R"("calvin",")");
  EXPECT_EQ(lines[0].substr(lines[0].size() - 6), R"(",TRUE)");
}

TEST(Pass2csv, ReadsStdinWithACost) {
  test::TextFile users("calvin hobbes TRUE\n", ".in");
  Outcome run = pass2csv("--cost 5 < " + users.path());
  ASSERT_EQ(run.status, 0) << run.output;
  Row row = parse(lines_of(run.output).at(0));
  EXPECT_EQ(row.hash.substr(0, 7), "$2b$05$");
  EXPECT_TRUE(web::verify_password("hobbes", row.hash));
}

TEST(Pass2csv, QuotesDoubleQuotesInLogins) {
  test::TextFile users("say\"hi\" pw\n", ".in");
  Outcome run = pass2csv(users.path());
  ASSERT_EQ(run.status, 0) << run.output;
  EXPECT_EQ(run.output.substr(0, 13), R"("say""hi""",")");
  Row row = parse(lines_of(run.output).at(0));
  EXPECT_EQ(row.login, "say\"hi\"");
  EXPECT_TRUE(web::verify_password("pw", row.hash));
}

TEST(Pass2csv, LineWithoutPasswordNamesItsNumber) {
  test::TextFile users("calvin hobbes TRUE\n# comment\nhobbes\n", ".in");
  Outcome run = pass2csv(users.path());
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(test::contains(run.output, users.path() + ":3: expected")) << run.output;
}

TEST(Pass2csv, BadCostOrOptionIsAnError) {
  test::TextFile users("calvin hobbes\n", ".in");
  for (const char* arguments : {"--cost 3", "--cost 32", "--cost 4x", "--nope"}) {
    Outcome run = pass2csv(std::string(arguments) + " " + users.path());
    EXPECT_EQ(run.status, 1) << arguments;
    EXPECT_TRUE(test::contains(run.output, "pass2csv: ")) << run.output;
  }
}

TEST(Pass2csv, MissingFileIsAnError) {
  Outcome run = pass2csv("/nonexistent/users.in");
  EXPECT_EQ(run.status, 1);
  EXPECT_TRUE(test::contains(run.output, "/nonexistent/users.in: cannot open")) << run.output;
}
