// Where submissions are built and run: a private scratch folder, a copy of common's headers
// and library that the sandbox user can read, and the sandbox itself.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "process.hpp"

namespace grader {

namespace fs = std::filesystem;

// How to compile against the already-built common (written by CMake: toolchain.json).
struct Toolchain {
  std::string compiler;
  std::vector<std::string> flags;
  std::vector<std::string> include_dirs;
  std::vector<std::string> libraries;
  fs::path source_dir;  // the repository root
  bool sanitized = false;
};

Toolchain load_toolchain(const fs::path& file);

class Workspace {
 public:
  // As root, submissions run as `nobody`; otherwise as the current user, with limits only.
  explicit Workspace(const Toolchain& toolchain);
  ~Workspace();  // removes every scratch folder
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // A new empty folder that the sandbox user owns.
  fs::path new_dir(const std::string& name);
  // Makes `path` and what it holds owned by the sandbox user (after copying files in).
  void hand_over(const fs::path& path) const;

  // `text` without the workspace's paths, for feedback: a submission's files by their names,
  // common's headers as web/..., anything else in the scratch folder as <scratch>.
  std::string scrub(std::string text) const;

  const Toolchain& toolchain() const { return toolchain_; }  // paths inside the workspace
  const Sandbox& sandbox() const { return sandbox_; }
  bool sandboxed() const { return sandbox_.uid.has_value(); }

 private:
  fs::path root_;
  Toolchain toolchain_;
  Sandbox sandbox_;
  std::atomic<int> counter_ = 0;  // batch grading creates folders from several threads
};

}  // namespace grader
