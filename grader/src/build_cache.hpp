// Builds already made by this grader process, by the content they were made from: the same
// sources (the solution graded on SQLite then PostgreSQL, a reference graded beside several
// submissions, identical copies in a class) compile once. Kept in the workspace, so nothing
// outlives the process and no submission can plant an entry.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

struct CachedBuild {
  fs::path server;       // a copy, owned by the grader
  std::string warnings;  // the compiler's, as shown
};

class BuildCache {
 public:
  explicit BuildCache(fs::path dir) : dir_(std::move(dir)) {}

  // SHA-256 of the compiler's command and of every file under `folder` (names and bytes).
  static std::string key(const std::vector<std::string>& command, const fs::path& folder);

  std::optional<CachedBuild> find(const std::string& key) const;
  void store(const std::string& key, const fs::path& server, const std::string& warnings);

 private:
  fs::path dir_;
  mutable std::mutex mutex_;  // batch builds from several threads
  std::map<std::string, CachedBuild> builds_;
};

}  // namespace grader
