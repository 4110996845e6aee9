// Small helpers shared by the suites: what an exception said, a temporary text file, what an
// app's start-up refused.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>
#include <web/app.hpp>

namespace test {

// The message of the exception of type E that `f` throws; "" if it throws none.
template <class E, class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A file holding `text` in the test's temporary folder, removed when the test ends.
class TextFile {
 public:
  explicit TextFile(const std::string& text, const std::string& suffix = ".sql") {
    static int count = 0;
    path_ = ::testing::TempDir() + "common_test_" + std::to_string(::getpid()) + "_" +
            std::to_string(++count) + suffix;
    std::ofstream(path_) << text;
  }
  ~TextFile() { std::remove(path_.c_str()); }
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The problems start() reports for `app` (its access log off); empty when it starts.
inline std::vector<std::string> startup_problems(web::App& app) {
  app.config().set("access_log", false);
  try {
    app.start(false);
  } catch (const web::StartupError& e) {
    return e.problems();
  }
  return {};
}

}  // namespace test
