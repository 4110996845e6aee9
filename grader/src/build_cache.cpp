#include "build_cache.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <stdexcept>

namespace grader {

namespace {

constexpr std::size_t shared_entries = 64;  // the most recently used builds kept in `shared`

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("SHA-256 is not available");
    }
  }
  // Each piece with its length first: no two different inputs hash the same bytes.
  void add(const std::string& piece) {
    std::string length = std::to_string(piece.size()) + ":";
    EVP_DigestUpdate(ctx_.get(), length.data(), length.size());
    EVP_DigestUpdate(ctx_.get(), piece.data(), piece.size());
  }
  void add_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    add(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  // The names (relative to `folder`) and bytes of every file under it, in name order.
  void add_folder(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      add(fs::relative(file, folder).string());
      add_file(file);
    }
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_.get(), digest, &size);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
      out += digits[digest[i] >> 4];
      out += digits[digest[i] & 15];
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Written under a name of its own, then renamed: another process never sees half a file.
void write_atomically(const fs::path& target, const auto& write) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  fs::path temporary = target;
  temporary += ".tmp" + std::to_string(getpid()) + "-" + std::to_string(random());
  write(temporary);
  fs::rename(temporary, target);
}

}  // namespace

BuildCache::BuildCache(fs::path dir, std::optional<fs::path> shared)
    : dir_(std::move(dir)), shared_(std::move(shared)) {
  if (shared_) fs::create_directories(*shared_);
}

std::string BuildCache::toolchain_key(const std::string& compiler,
                                      const std::vector<std::string>& flags,
                                      const std::vector<std::string>& include_dirs,
                                      const std::vector<std::string>& libraries) {
  Sha256 sha;
  sha.add(compiler);
  for (const auto& flag : flags) sha.add(flag);
  for (const auto& dir : include_dirs) sha.add_folder(dir);
  for (const auto& library : libraries) {
    sha.add(fs::path(library).filename().string());
    sha.add_file(library);
  }
  return sha.hex();
}

std::string BuildCache::key(const std::string& toolchain_key, const fs::path& folder) {
  Sha256 sha;
  sha.add(toolchain_key);
  sha.add_folder(folder);
  return sha.hex();
}

std::optional<CachedBuild> BuildCache::find(const std::string& key) const {
  {
    std::lock_guard lock(mutex_);
    auto it = builds_.find(key);
    if (it != builds_.end()) return it->second;
  }
  return shared_ ? find_shared(key) : std::nullopt;
}

void BuildCache::store(const std::string& key, const fs::path& server,
                       const std::string& warnings) {
  fs::create_directories(dir_);
  fs::path copy = dir_ / key;
  fs::copy_file(server, copy, fs::copy_options::overwrite_existing);
  if (shared_) store_shared(key, server, warnings);
  std::lock_guard lock(mutex_);
  builds_[key] = {copy, warnings};
}

std::optional<CachedBuild> BuildCache::find_shared(const std::string& key) const {
  fs::path server = *shared_ / key, warnings = *shared_ / (key + ".warnings");
  std::error_code error;
  if (!fs::is_regular_file(warnings, error) || !fs::is_regular_file(server, error)) {
    return std::nullopt;
  }
  fs::last_write_time(warnings, fs::file_time_type::clock::now(), error);  // recently used
  return CachedBuild{server, read_text(warnings)};
}

void BuildCache::store_shared(const std::string& key, const fs::path& server,
                              const std::string& warnings) const {
  // The server first: an entry is there once its warnings are.
  write_atomically(*shared_ / key, [&](const fs::path& to) { fs::copy_file(server, to); });
  write_atomically(*shared_ / (key + ".warnings"), [&](const fs::path& to) {
    std::ofstream out(to, std::ios::binary);
    out << warnings;
  });
  // The least recently used entries go beyond `shared_entries`.
  std::vector<std::pair<fs::file_time_type, std::string>> entries;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(*shared_, error)) {
    if (entry.path().extension() != ".warnings") continue;
    entries.emplace_back(fs::last_write_time(entry.path(), error), entry.path().stem().string());
  }
  if (entries.size() <= shared_entries) return;
  std::sort(entries.begin(), entries.end());
  for (std::size_t i = 0; i + shared_entries < entries.size(); ++i) {
    fs::remove(*shared_ / (entries[i].second + ".warnings"), error);
    fs::remove(*shared_ / entries[i].second, error);
  }
}

}  // namespace grader
