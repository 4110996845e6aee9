// Writes a zip file (with libarchive, which also reads submitted zips): entries are added one
// by one, each with its bytes and its permissions.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

struct archive;

namespace grader {

namespace fs = std::filesystem;

class ZipWriter {
 public:
  explicit ZipWriter(const fs::path& file);  // std::runtime_error when it cannot be created
  ~ZipWriter();
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // A regular file at `name` (a relative path with '/'), e.g. mode 0755 for a script.
  void add(const std::string& name, const std::string& content, mode_t mode);
  void close();  // writes the zip's directory; std::runtime_error on failure

 private:
  fs::path file_;
  archive* archive_ = nullptr;
};

}  // namespace grader
