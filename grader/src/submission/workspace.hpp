// Where submissions are built and run: a private scratch folder, a copy of common's headers
// and library that the sandbox user can read, and the sandbox itself.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/process.hpp"
#include "submission/build_cache.hpp"

namespace grader {

namespace fs = std::filesystem;

// How to compile against the already-built common (written by CMake: toolchain.json).
struct Toolchain {
  std::string compiler;
  std::vector<std::string> flags;
  std::vector<std::string> include_dirs;
  std::vector<std::string> libraries;
  std::vector<std::string> link_flags;
  // A header every source includes first, its precompiled .gch (GCC) or .pch (clang) beside
  // it (empty: none).
  std::string precompiled_header;
  std::string precompiled_suffix;  // ".gch" or ".pch"
  // clang's: a file that shows the workspace's copies of the headers under the names the .pch
  // was built from (-ivfsoverlay); then the sources read the .pch with -include-pch.
  std::string overlay;
  fs::path source_dir;  // the repository root
  bool sanitized = false;
};

Toolchain load_toolchain(const fs::path& file);

// One submission's place: its scratch folder, and the sandbox its processes run in.
struct Slot {
  fs::path dir;
  Sandbox sandbox;
};

class Workspace {
 public:
  // As root, each submission runs as a user of its own (its processes and their limits are its
  // own), isolated by bubblewrap (see Sandbox: it sees its folder, the toolchain and the
  // system's folders, reaches nothing but its own loopback). Otherwise, as a student's
  // `make check` runs it, as the current user with limits only.
  explicit Workspace(const Toolchain& toolchain);
  ~Workspace();  // removes every scratch folder
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // A new empty folder, and a sandbox that may use it and only it.
  Slot new_slot(const std::string& name);
  // Makes the slot's folder and what it holds its user's (after copying files in).
  void hand_over(const Slot& slot) const;

  // `text` without the workspace's paths, for feedback: a submission's files by their names,
  // common's headers as web/..., anything else in the scratch folder as <scratch>.
  std::string scrub(std::string text) const;

  const Toolchain& toolchain() const { return toolchain_; }  // paths inside the workspace
  bool sandboxed() const { return sandboxed_; }
  const fs::path& root() const { return root_; }   // every scratch folder is under it
  BuildCache& builds() const { return *builds_; }  // shared by the gradings of this process
  const std::string& toolchain_key() const { return toolchain_key_; }  // BuildCache::key's
  // Whether `uid` is one this workspace's submissions run as, or their services (none when not
  // sandboxed).
  bool sandbox_user(uid_t uid) const;
  // The slot's second user, which its code may drive but not be: a deployment's PostgreSQL and
  // Redis run as it (the same number in a range of its own); none when not sandboxed.
  std::optional<uid_t> service_user(const Slot& slot) const;

 private:
  fs::path root_;
  Toolchain toolchain_;
  bool sandboxed_ = false;
  static constexpr uid_t users = 100;  // a range of user ids per grader process
  // Services' users: the sandbox users' range moved past every grader process's.
  static constexpr uid_t service_offset = 20'000'000;
  uid_t first_uid_ = 0;
  std::atomic<int> counter_ = 0;  // batch grading creates folders from several threads
  std::unique_ptr<BuildCache> builds_;
  std::string toolchain_key_;
  // Folders of common's headers, as compiler messages may name them (the precompiled header
  // keeps the paths it was built from): scrub() removes them.
  std::vector<std::string> header_dirs_;
};

}  // namespace grader
