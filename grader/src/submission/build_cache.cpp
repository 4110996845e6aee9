#include "submission/build_cache.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
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
  // As add() of its bytes, read in blocks: common's library is ~100 MB.
  void add_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code error;
    auto size = fs::file_size(file, error);
    std::string length = std::to_string(error ? 0 : size) + ":";
    EVP_DigestUpdate(ctx_.get(), length.data(), length.size());
    std::vector<char> block(1 << 20);
    while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
      EVP_DigestUpdate(ctx_.get(), block.data(), static_cast<std::size_t>(in.gcount()));
    }
  }
  // Its size and modification time, as make and ninja tell a changed file: reading common's
  // library and precompiled header (~95 MB) cost every grader run 0.1 s.
  void add_stamp(const fs::path& file) {
    std::error_code error;
    auto size = fs::file_size(file, error);
    auto time = fs::last_write_time(file, error);
    add(error ? "missing"
              : std::to_string(size) + "@" + std::to_string(time.time_since_epoch().count()));
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

std::string file_sha(const fs::path& file) {
  Sha256 sha;
  sha.add_file(file);
  return sha.hex();
}

bool is_under(const fs::path& path, const fs::path& dir) {
  fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

// The files a compiler's make rule names after its target, as the folder's own names; nothing
// if one is neither in `folder` nor under a `covered` folder, or if the rule escapes a space.
std::optional<std::vector<std::string>> local_files(const fs::path& depfile, const fs::path& folder,
                                                    const std::vector<std::string>& covered) {
  std::string rule = read_text(depfile);
  std::size_t colon = rule.find(": ");
  if (colon == std::string::npos || rule.find("\\ ") != std::string::npos) return std::nullopt;
  std::vector<std::string> files;
  std::istringstream words(rule.substr(colon + 1));
  for (std::string word; words >> word;) {
    if (word == "\\") continue;
    fs::path path = fs::path(word).is_absolute() ? fs::path(word) : folder / word;
    path = path.lexically_normal();
    if (std::any_of(covered.begin(), covered.end(),
                    [&](const std::string& dir) { return is_under(path, dir); })) {
      continue;
    }
    if (!is_under(path, folder) || !fs::is_regular_file(path)) return std::nullopt;
    files.push_back(path.lexically_relative(folder).string());
  }
  return files;
}

std::string object_base(const std::string& toolchain_key, const fs::path& folder,
                        const std::string& source) {
  Sha256 sha;
  sha.add(toolchain_key);
  sha.add(source);
  sha.add_file(folder / source);
  return sha.hex();
}

constexpr std::size_t kept_objects = 256;  // the most recently used, in the objects folder

// Keeps the `keep` most recently used entries of `folder`: an entry is a file ending in `marker`
// (touched when used) and every file whose name starts with its stem (the build or the objects
// it describes).
void prune(const fs::path& folder, const std::string& marker, std::size_t keep) {
  std::vector<std::pair<fs::file_time_type, std::string>> entries;
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    names.push_back(entry.path().filename().string());
    if (entry.path().extension() != marker) continue;
    entries.emplace_back(fs::last_write_time(entry.path(), error), entry.path().stem().string());
  }
  if (entries.size() <= keep) return;
  std::sort(entries.begin(), entries.end());
  entries.resize(entries.size() - keep);  // the oldest
  for (const auto& name : names) {
    for (const auto& [time, stem] : entries) {
      if (name.rfind(stem, 0) == 0) fs::remove(folder / name, error);
    }
  }
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
    sha.add_stamp(library);
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
  prune(*shared_, ".warnings", shared_entries);
}

// objects/BASE.deps: the deps' hash, then one "SHA-256 name" line per file the object
// included; objects/BASE-DEPS.o and .warnings: the object compiled with them (never rewritten:
// a reader that checked BASE.deps finds the object it describes).
std::optional<CachedObject> BuildCache::find_object(const std::string& toolchain_key,
                                                    const fs::path& folder,
                                                    const std::string& source) const {
  std::string base = object_base(toolchain_key, folder, source);
  std::ifstream deps(objects() / (base + ".deps"));
  std::string deps_hash;
  if (!std::getline(deps, deps_hash)) return std::nullopt;
  for (std::string line; std::getline(deps, line);) {
    if (line.size() < 66) return std::nullopt;
    fs::path file = folder / line.substr(65);
    if (!fs::is_regular_file(file) || file_sha(file) != line.substr(0, 64)) return std::nullopt;
  }
  fs::path object = objects() / (base + "-" + deps_hash + ".o");
  fs::path warnings = objects() / (base + "-" + deps_hash + ".warnings");
  std::error_code error;
  if (!fs::is_regular_file(object, error) || !fs::is_regular_file(warnings, error)) {
    return std::nullopt;
  }
  fs::last_write_time(objects() / (base + ".deps"), fs::file_time_type::clock::now(), error);
  return CachedObject{object, read_text(warnings)};
}

void BuildCache::store_object(const std::string& toolchain_key, const fs::path& folder,
                              const std::string& source, const fs::path& depfile,
                              const std::vector<std::string>& covered, const fs::path& object,
                              const std::string& warnings) {
  auto files = local_files(depfile, folder, covered);
  if (!files) return;
  std::string listed;
  for (const auto& file : *files) listed += file_sha(folder / file) + " " + file + "\n";
  Sha256 sha;
  sha.add(listed);
  std::string deps_hash = sha.hex(), base = object_base(toolchain_key, folder, source);
  fs::create_directories(objects());
  std::string entry = base + "-" + deps_hash;
  write_atomically(objects() / (entry + ".o"),
                   [&](const fs::path& to) { fs::copy_file(object, to); });
  write_atomically(objects() / (entry + ".warnings"),
                   [&](const fs::path& to) { std::ofstream(to, std::ios::binary) << warnings; });
  write_atomically(objects() / (base + ".deps"), [&](const fs::path& to) {
    std::ofstream(to, std::ios::binary) << deps_hash << "\n" << listed;
  });
  prune(objects(), ".deps", kept_objects);
}

}  // namespace grader
