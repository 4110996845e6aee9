// Runs a parsed Hurl file against a server, entry after entry, and tells a student what failed.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "course/language.hpp"
#include "hurl/ast.hpp"

namespace grader::hurl {

struct RunOptions {
  std::map<std::string, std::string> variables;  // e.g. base_url
  std::chrono::milliseconds request_timeout{5000};
  // For the whole file: past it, the file fails as timed out. No limit by default.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // How a student replays a failure on their own server: its URL (base_url there) and the
  // command that starts it with fresh data. Empty: one curl command against this server.
  std::string replay_base_url;
  std::string replay_start;
  // Called just before each request is sent (the grader marks the server's log there).
  std::function<void()> before_send;
  // The server's network namespace when it is sandboxed (HttpClient), else empty.
  std::string netns;
  bool insecure_tls = false;         // HTTPS to a self-signed certificate (lab 08's nginx)
  Language language = Language::en;  // of the failure's text (its commands stay as they are)
};

struct FileResult {
  bool passed = false;
  bool timed_out = false;          // a request or the file's deadline expired
  bool connection_failed = false;  // no connection, or it broke: the server may have crashed
  int entries_run = 0;             // the failing entry included
  int entries_total = 0;
  long failed_status = 0;  // the failing entry's response status, 0 if there was none
  // Empty when passed. Otherwise which entry failed and where, the request, the first failing
  // check as written with expected and actual values, the response, and the curl commands
  // that replay the file up to that entry.
  std::string failure;
};

// Stops at the first failing entry: later entries usually depend on it. Never throws for what
// a server does; one HTTP connection is kept alive across the file's entries.
FileResult run_file(const TestFile& file, const RunOptions& options);

}  // namespace grader::hurl
