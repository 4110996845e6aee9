#include "submission_files.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

namespace grader {

namespace {

constexpr std::size_t max_file_bytes = 1 << 20;  // a source file; a zip bomb stops here

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
                             const fs::path& into) {
  for (const auto& name : names) {
    bool twice = false;
    auto file = find_in_folder(folder, name, twice);
    if (!file) return twice ? ambiguous(name) : missing(name, names);
    if (fs::file_size(*file) > max_file_bytes) return name + " is over 1 MiB";
    fs::create_directories((into / name).parent_path());
    fs::copy_file(*file, into / name, fs::copy_options::overwrite_existing);
  }
  return "";
}

struct Found {
  std::string content;
  int depth = 0;  // folders above it in the archive: the shallowest one wins
  int count = 0;  // how many at that depth
};

std::string take_from_zip(const fs::path& zip, const std::vector<std::string>& names,
                          const fs::path& into) {
  std::unique_ptr<archive, int (*)(archive*)> reader(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(reader.get());
  if (archive_read_open_filename(reader.get(), zip.c_str(), 16384) != ARCHIVE_OK) {
    return "the submission " + zip.filename().string() +
           " is not a readable zip: " + archive_error_string(reader.get());
  }
  std::map<std::string, Found> found;
  archive_entry* entry = nullptr;
  int status;
  while ((status = archive_read_next_header(reader.get(), &entry)) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    fs::path path = archive_entry_pathname(entry);
    auto wanted = std::find_if(names.begin(), names.end(),
                               [&](const std::string& name) { return ends_with(path, name); });
    if (wanted == names.end()) continue;
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
    found[name] = {std::move(content), depth, 1};
  }
  if (status != ARCHIVE_EOF) {
    return "the zip " + zip.filename().string() +
           " is damaged: " + archive_error_string(reader.get());
  }
  for (const auto& name : names) {
    auto it = found.find(name);
    if (it == found.end()) return missing(name, names);
    if (it->second.count > 1) return ambiguous(name);
    fs::create_directories((into / name).parent_path());
    std::ofstream out(into / name, std::ios::binary);
    out << it->second.content;
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
                               const fs::path& into) {
  if (is_zip(submission)) return take_from_zip(submission, names, into);
  if (!fs::is_directory(submission)) {
    return "the submission " + submission.string() + " is neither a folder nor a .zip";
  }
  return take_from_folder(submission, names, into);
}

}  // namespace grader
