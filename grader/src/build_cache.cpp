#include "build_cache.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace grader {

std::string BuildCache::key(const std::vector<std::string>& command, const fs::path& folder) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 is not available");
  }
  // Each piece with its length first: no two different inputs hash the same bytes.
  auto add = [&](const std::string& piece) {
    std::string length = std::to_string(piece.size()) + ":";
    EVP_DigestUpdate(ctx.get(), length.data(), length.size());
    EVP_DigestUpdate(ctx.get(), piece.data(), piece.size());
  };
  for (const auto& arg : command) add(arg);
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    add(fs::relative(file, folder).string());
    add(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

std::optional<CachedBuild> BuildCache::find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = builds_.find(key);
  if (it == builds_.end()) return std::nullopt;
  return it->second;
}

void BuildCache::store(const std::string& key, const fs::path& server,
                       const std::string& warnings) {
  fs::create_directories(dir_);
  fs::path copy = dir_ / key;
  fs::copy_file(server, copy, fs::copy_options::overwrite_existing);
  std::lock_guard lock(mutex_);
  builds_[key] = {copy, warnings};
}

}  // namespace grader
