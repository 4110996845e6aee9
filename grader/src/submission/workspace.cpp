#include "submission/workspace.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace grader {

namespace {

constexpr auto readable =
    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read;

// A large file of the build (common's library, ~60 MB; its precompiled header, ~35 MB) where
// the sandbox user can read it: a second name for it when it is already readable by all and on
// the same file system, else a copy. Copying both cost every grader run 0.1 s.
void link_or_copy(const fs::path& from, const fs::path& to) {
  std::error_code error;
  if (fs::status(from).permissions() == readable) {
    fs::create_hard_link(from, to, error);
    if (!error) return;
  }
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

}  // namespace

Toolchain load_toolchain(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string() + " (build the grader first)");
  auto j = nlohmann::json::parse(in);
  Toolchain t;
  t.compiler = j.at("compiler").get<std::string>();
  t.flags = j.at("flags").get<std::vector<std::string>>();
  t.include_dirs = j.at("include_dirs").get<std::vector<std::string>>();
  t.libraries = j.at("libraries").get<std::vector<std::string>>();
  t.link_flags = j.value("link_flags", std::vector<std::string>{});
  t.precompiled_header = j.value("precompiled_header", std::string{});
  t.precompiled_suffix = j.value("precompiled_suffix", std::string{".gch"});
  t.source_dir = j.at("source_dir").get<std::string>();
  for (const auto& flag : t.flags) t.sanitized |= flag.rfind("-fsanitize", 0) == 0;
  return t;
}

Workspace::Workspace(const Toolchain& toolchain) : toolchain_(toolchain) {
  if (geteuid() == 0) {
    if (access("/usr/bin/bwrap", X_OK) != 0) {
      throw std::runtime_error(
          "as root, the grader isolates submissions with bubblewrap: install it (scripts/setup)");
    }
    sandboxed_ = true;
    // Users of no account, a range per grader process: two graders never share one.
    first_uid_ = static_cast<uid_t>(100000 + (getpid() % 100000) * users);
  }
  std::string pattern = (fs::temp_directory_path() / "grader-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a scratch folder");
  root_ = pattern;
  // Traversable, not listable: a submission cannot look at another one.
  fs::permissions(root_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  std::optional<fs::path> shared_builds;
  if (const char* dir = std::getenv("GRADER_BUILD_CACHE"); dir && *dir) {
    shared_builds = fs::absolute(dir);
  }
  builds_ = std::make_unique<BuildCache>(root_ / "builds", shared_builds);
  std::vector<std::string> files = toolchain.libraries;  // what the build's output depends on
  // The precompiled header: GCC's .gch or clang's .pch, beside the header.
  const std::string& precompiled = toolchain.precompiled_suffix;
  if (!toolchain.precompiled_header.empty())
    files.push_back(toolchain.precompiled_header + precompiled);
  std::vector<std::string> flags = toolchain.flags;
  flags.insert(flags.end(), toolchain.link_flags.begin(), toolchain.link_flags.end());
  toolchain_key_ =
      BuildCache::toolchain_key(toolchain.compiler, flags, toolchain.include_dirs, files);

  // Headers and libraries copied where the sandbox user can read them, whatever the
  // permissions of the repository (often under /root).
  fs::path include = root_ / "toolchain" / "include";
  fs::create_directories(include);
  for (const auto& dir : toolchain.include_dirs) {
    fs::copy(dir, include, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  }
  toolchain_.include_dirs = {include.string()};
  header_dirs_ = toolchain.include_dirs;
  header_dirs_.push_back(include.string());
  toolchain_.libraries.clear();
  for (const auto& lib : toolchain.libraries) {
    fs::path target = root_ / "toolchain" / fs::path(lib).filename();
    bool system = lib.rfind("/usr/", 0) == 0 || lib.rfind("/lib", 0) == 0;
    if (!system) {
      link_or_copy(lib, target);
      toolchain_.libraries.push_back(target.string());
    } else {
      toolchain_.libraries.push_back(lib);  // a system library, readable by everyone
    }
  }
  if (!toolchain.precompiled_header.empty()) {
    fs::path header = toolchain.precompiled_header;
    fs::path copy = root_ / "toolchain" / "pch" / header.filename();
    fs::create_directories(copy.parent_path());
    fs::copy_file(header, copy);
    link_or_copy(header.string() + precompiled, copy.string() + precompiled);
    toolchain_.precompiled_header = copy.string();
    header_dirs_.push_back(header.parent_path().string());
    header_dirs_.push_back(copy.parent_path().string());
    if (precompiled == ".pch") {
      // clang knows a header of its .pch again by its name, size and date only (#pragma once
      // included): the copies keep the originals' dates, and an overlay shows them under the
      // originals' names, which the sources are then compiled with.
      auto same_date = [](const fs::path& from, const fs::path& to) {
        fs::last_write_time(to, fs::last_write_time(from));
      };
      same_date(header, copy);
      nlohmann::json roots = nlohmann::json::array();
      for (const auto& dir : toolchain.include_dirs) {
        for (const auto& entry : fs::recursive_directory_iterator(dir)) {
          if (entry.is_regular_file()) {
            same_date(entry.path(), include / fs::relative(entry.path(), dir));
          }
        }
        roots.push_back({{"name", fs::absolute(dir).string()},
                         {"type", "directory-remap"},
                         {"external-contents", include.string()}});
      }
      roots.push_back({{"name", header.parent_path().string()},
                       {"type", "directory-remap"},
                       {"external-contents", copy.parent_path().string()}});
      fs::path overlay = root_ / "toolchain" / "overlay.json";
      std::ofstream(overlay) << nlohmann::json{
          {"version", 0}, {"use-external-names", false}, {"roots", roots}};
      toolchain_.overlay = overlay.string();
      toolchain_.include_dirs = toolchain.include_dirs;
      toolchain_.precompiled_header = header.string();
    }
  }
  constexpr auto traversable =
      readable | fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
  fs::permissions(root_ / "toolchain", traversable);
  for (const auto& entry : fs::recursive_directory_iterator(root_ / "toolchain")) {
    fs::permissions(entry.path(), entry.is_directory() ? traversable : readable);
  }
}

Workspace::~Workspace() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

Slot Workspace::new_slot(const std::string& name) {
  int number = ++counter_;  // atomic
  Slot slot;
  slot.dir = root_ / (std::to_string(number) + "-" + name);
  fs::create_directories(slot.dir);
  fs::permissions(slot.dir, fs::perms::owner_all);
  if (sandboxed_) {
    slot.sandbox.uid = slot.sandbox.gid = first_uid_ + static_cast<uid_t>(number) % users;
    slot.sandbox.isolated = true;
    slot.sandbox.read_write = {slot.dir.string()};
    slot.sandbox.read_only = {(root_ / "toolchain").string()};
  }
  hand_over(slot);
  return slot;
}

bool Workspace::sandbox_user(uid_t uid) const {
  auto in_range = [this](uid_t u) {
    return u >= first_uid_ && u < first_uid_ + users;
  };
  return sandboxed_ && (in_range(uid) || (uid >= service_offset && in_range(uid - service_offset)));
}

std::optional<uid_t> Workspace::service_user(const Slot& slot) const {
  if (!slot.sandbox.uid) return std::nullopt;
  return *slot.sandbox.uid + service_offset;
}

std::string Workspace::scrub(std::string text) const {
  auto replace_all = [&text](const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
      text.replace(at, from.size(), to);
    }
  };
  for (const auto& dir : header_dirs_) replace_all(dir + "/", "");
  // A submission's folder, <root>/<n>-<name>/, then anything left of the root.
  std::string root = root_.string() + "/";
  for (std::size_t at = 0; (at = text.find(root, at)) != std::string::npos;) {
    std::size_t end = text.find('/', at + root.size());
    std::size_t stop = text.find_first_of(" \t\n:'\"", at + root.size());
    if (end != std::string::npos && (stop == std::string::npos || end < stop)) {
      text.erase(at, end + 1 - at);
    } else {
      text.replace(at, root.size(), "<scratch>/");
      at += 10;
    }
  }
  replace_all(root_.string(), "<scratch>");
  return text;
}

void Workspace::hand_over(const Slot& slot) const {
  if (!slot.sandbox.uid) return;
  auto give = [&](const fs::path& p) {
    if (lchown(p.c_str(), *slot.sandbox.uid, *slot.sandbox.gid) != 0) {
      throw std::runtime_error("cannot give " + p.string() + " to the sandbox user");
    }
  };
  give(slot.dir);
  for (const auto& entry : fs::recursive_directory_iterator(slot.dir)) give(entry.path());
}

}  // namespace grader
