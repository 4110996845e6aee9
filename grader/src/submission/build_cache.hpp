// Builds already made, by the content they were made from: the same sources (the solution
// graded on SQLite then PostgreSQL, a reference graded beside several submissions, identical
// copies in a class) compile once. Kept in the workspace, so nothing outlives the process and
// no submission can plant an entry; or, when GRADER_BUILD_CACHE names a folder (one only the
// grader's user may write: the test suite's, a class re-graded after a fix to a hidden test),
// kept there across grader processes.
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

struct CachedObject {
  fs::path object;
  std::string warnings;
};

class BuildCache {
 public:
  // `dir`: the process's own folder; `shared`: the folder kept across processes, if any.
  BuildCache(fs::path dir, std::optional<fs::path> shared);

  // SHA-256 of what a build depends on besides the submission: the compiler's name and
  // flags, the bytes of every header, and the name, size and date of every library and
  // precompiled header it is given (not their folders: each workspace has its own copies).
  static std::string toolchain_key(const std::string& compiler,
                                   const std::vector<std::string>& flags,
                                   const std::vector<std::string>& include_dirs,
                                   const std::vector<std::string>& libraries);
  // SHA-256 of the toolchain's key and of every file under `folder` (names and bytes).
  static std::string key(const std::string& toolchain_key, const fs::path& folder);

  std::optional<CachedBuild> find(const std::string& key) const;
  void store(const std::string& key, const fs::path& server, const std::string& warnings);

  // One object file, by what it was compiled from: the toolchain, its source's name and bytes
  // in `folder`, and the bytes of the folder's files it included (the compiler's -MMD list,
  // kept with it). A student who edits app.cpp compiles app.cpp alone; a class's copies of
  // main.cpp compile once. `source` is a file name in `folder`.
  std::optional<CachedObject> find_object(const std::string& toolchain_key, const fs::path& folder,
                                          const std::string& source) const;
  // `depfile`: the compiler's make rule for the object; an object that includes a file neither
  // in `folder` nor under `covered` (the toolchain's headers) is not kept.
  void store_object(const std::string& toolchain_key, const fs::path& folder,
                    const std::string& source, const fs::path& depfile,
                    const std::vector<std::string>& covered, const fs::path& object,
                    const std::string& warnings);

 private:
  std::optional<CachedBuild> find_shared(const std::string& key) const;
  void store_shared(const std::string& key, const fs::path& server,
                    const std::string& warnings) const;

  fs::path objects() const { return (shared_ ? *shared_ : dir_) / "objects"; }

  fs::path dir_;
  std::optional<fs::path> shared_;
  mutable std::mutex mutex_;  // batch builds from several threads
  std::map<std::string, CachedBuild> builds_;
};

}  // namespace grader
