// Runs a parsed Hurl file against a server, entry after entry, and tells a student what failed.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "hurl/ast.hpp"

namespace grader::hurl {

struct RunOptions {
  std::map<std::string, std::string> variables;  // e.g. base_url
  std::chrono::milliseconds request_timeout{5000};
  // For the whole file: past it, the file fails as timed out. No limit by default.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct FileResult {
  bool passed = false;
  bool timed_out = false;          // a request or the file's deadline expired
  bool connection_failed = false;  // no connection, or it broke: the server may have crashed
  int entries_run = 0;             // the failing entry included
  int entries_total = 0;
  // Empty when passed. Otherwise which entry failed and where, the request, the first failing
  // check as written with expected and actual values, the response, and a curl command.
  std::string failure;
};

// Stops at the first failing entry: later entries usually depend on it. Never throws for what
// a server does; one HTTP connection is kept alive across the file's entries.
FileResult run_file(const TestFile& file, const RunOptions& options);

}  // namespace grader::hurl
