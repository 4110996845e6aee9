#include "submission/submission_files.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

#include "course/file_patterns.hpp"

namespace grader {

namespace {

constexpr std::size_t max_file_bytes = 1 << 20;  // a source file; a zip bomb stops here
constexpr std::size_t max_pattern_files = 64;    // files taken by patterns ("*.cpp")

std::string too_many() {
  return "more than " + std::to_string(max_pattern_files) +
         " files of the submission match its patterns: hand in only your lab's files";
}

std::string names_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string missing(const std::string& name, const std::vector<std::string>& names) {
  return "missing file: " + name + " (the submission must hold each of: " + names_list(names) + ")";
}

std::string ambiguous(const std::string& name) {
  return "more than one file named " + name + " in the submission: keep only the one to grade";
}

// Whether `path` ends with `name`'s components: a name may hold folders ("deploy/nginx.conf").
bool ends_with(const fs::path& path, const std::string& name) {
  fs::path tail(name);
  auto p = std::distance(path.begin(), path.end());
  auto n = std::distance(tail.begin(), tail.end());
  return p >= n && std::equal(tail.begin(), tail.end(), std::next(path.begin(), p - n));
}

std::optional<fs::path> find_in_folder(const fs::path& folder, const std::string& name,
                                       bool& twice) {
  if (fs::is_regular_file(folder / name)) return folder / name;
  std::optional<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && ends_with(entry.path(), name)) {
      twice = found.has_value();
      if (twice) return std::nullopt;
      found = entry.path();
    }
  }
  return found;
}

std::string take_from_folder(const fs::path& folder, const std::vector<std::string>& names,
                             const std::vector<std::string>& except, const fs::path& into) {
  std::optional<fs::path> base;  // where the first named file is: the patterns' folder
  for (const auto& name : names) {
    if (is_pattern(name)) continue;
    bool twice = false;
    auto file = find_in_folder(folder, name, twice);
    if (!file) return twice ? ambiguous(name) : missing(name, names);
    if (fs::file_size(*file) > max_file_bytes) return name + " is over 1 MiB";
    fs::create_directories((into / name).parent_path());
    fs::copy_file(*file, into / name, fs::copy_options::overwrite_existing);
    if (!base) {
      base = file->parent_path();
      for (auto n = std::distance(fs::path(name).begin(), fs::path(name).end()); n > 1; --n)
        base = base->parent_path();
    }
  }
  std::size_t taken = 0;
  for (const auto& entry : fs::directory_iterator(base.value_or(folder))) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !taken_by_pattern(names, name, except)) continue;
    if (++taken > max_pattern_files) return too_many();
    if (entry.file_size() > max_file_bytes) return name + " is over 1 MiB";
    fs::copy_file(entry.path(), into / name, fs::copy_options::overwrite_existing);
  }
  return "";
}

struct Found {
  std::string content;
  int depth = 0;    // folders above it in the archive: the shallowest one wins
  int count = 0;    // how many at that depth
  fs::path folder;  // where it is in the archive (a named file's, without the name's folders)
};

std::string take_from_zip(const fs::path& zip, const std::vector<std::string>& names,
                          const std::vector<std::string>& except, const fs::path& into) {
  std::unique_ptr<archive, int (*)(archive*)> reader(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(reader.get());
  if (archive_read_open_filename(reader.get(), zip.c_str(), 16384) != ARCHIVE_OK) {
    return "the submission " + zip.filename().string() +
           " is not a readable zip: " + archive_error_string(reader.get());
  }
  std::map<std::string, Found> found;
  std::map<fs::path, Found> patterned;  // by path: files a pattern may take, in any folder
  archive_entry* entry = nullptr;
  int status;
  while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    fs::path path = archive_entry_pathname(entry);
    auto wanted = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
      return !is_pattern(name) && ends_with(path, name);
    });
    if (wanted == names.end()) {
      if (!taken_by_pattern(names, path.filename().string(), except)) continue;
      if (archive_entry_size(entry) > static_cast<la_int64_t>(max_file_bytes)) {
        return path.filename().string() + " is over 1 MiB";
      }
      if (patterned.size() >= 4 * max_pattern_files) return too_many();
      Found& file = patterned[path.lexically_normal()];
      file.content.assign(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
      la_ssize_t n = archive_read_data(reader.get(), file.content.data(), file.content.size());
      if (n < 0 || static_cast<std::size_t>(n) != file.content.size()) {
        return "cannot read " + path.string() +
               " from the zip: " + archive_error_string(reader.get());
      }
      ++file.count;
      continue;
    }
    const std::string& name = *wanted;
    if (archive_entry_size(entry) > static_cast<la_int64_t>(max_file_bytes)) {
      return name + " is over 1 MiB";
    }
    int depth = static_cast<int>(std::distance(path.begin(), path.end()) -
                                 std::distance(fs::path(name).begin(), fs::path(name).end()));
    auto it = found.find(name);
    if (it != found.end() && it->second.depth < depth) continue;
    if (it != found.end() && it->second.depth == depth) {
      ++it->second.count;
      continue;
    }
    std::string content(static_cast<std::size_t>(archive_entry_size(entry)), '\0');
    la_ssize_t n = archive_read_data(reader.get(), content.data(), content.size());
    if (n < 0 || static_cast<std::size_t>(n) != content.size()) {
      return "cannot read " + name + " from the zip: " + archive_error_string(reader.get());
    }
    fs::path folder = path.lexically_normal();
    for (const auto& part : fs::path(name)) {
      (void)part;
      folder = folder.parent_path();
    }
    found[name] = {std::move(content), depth, 1, folder};
  }
  if (status != ARCHIVE_EOF) {
    return "the zip " + zip.filename().string() +
           " is damaged: " + archive_error_string(reader.get());
  }
  std::optional<fs::path> base;  // where the first named file is: the patterns' folder
  for (const auto& name : names) {
    if (is_pattern(name)) continue;
    auto it = found.find(name);
    if (it == found.end()) return missing(name, names);
    if (it->second.count > 1) return ambiguous(name);
    if (!base) base = it->second.folder;
    fs::create_directories((into / name).parent_path());
    std::ofstream out(into / name, std::ios::binary);
    out << it->second.content;
  }
  std::size_t taken = 0;
  for (const auto& [path, file] : patterned) {
    if (path.parent_path() != base.value_or(fs::path())) continue;
    std::string name = path.filename().string();
    if (file.count > 1) return ambiguous(name);
    if (++taken > max_pattern_files) return too_many();
    std::ofstream out(into / name, std::ios::binary);
    out << file.content;
  }
  return "";
}

}  // namespace

bool is_zip(const fs::path& submission) {
  return fs::is_regular_file(submission) && submission.extension() == ".zip";
}

std::string submission_name(const fs::path& submission) {
  fs::path path = fs::absolute(submission).lexically_normal();
  if (path.filename().empty()) path = path.parent_path();  // "alice/"
  return (is_zip(path) ? path.stem() : path.filename()).string();
}

std::string take_student_files(const fs::path& submission, const std::vector<std::string>& names,
                               const fs::path& into, const std::vector<std::string>& except) {
  if (is_zip(submission)) return take_from_zip(submission, names, except, into);
  if (!fs::is_directory(submission)) {
    return "the submission " + submission.string() + " is neither a folder nor a .zip";
  }
  return take_from_folder(submission, names, except, into);
}

}  // namespace grader
