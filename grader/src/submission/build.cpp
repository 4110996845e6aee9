#include "submission/build.hpp"

#include <sys/wait.h>

#include <memory>
#include <vector>

#include "submission/submission_files.hpp"

namespace grader {

namespace {

constexpr std::size_t feedback_lines = 40;

// The compiler's output, shortened, with scratch paths removed.
std::string shorten(const std::string& text, const Workspace& workspace) {
  std::string out;
  std::size_t lines = 0, start = 0;
  while (start < text.size() && lines < feedback_lines) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += text.substr(start, end - start) + "\n";
    start = end + 1;
    ++lines;
  }
  if (start < text.size()) out += "[... more compiler output cut ...]\n";
  return workspace.scrub(out);
}

std::vector<std::string> build_env(const fs::path& dir) {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + dir.string(), "TMPDIR=" + dir.string(),
          "LC_ALL=C"};
}

}  // namespace

BuildResult build_submission(const Lab& lab, const fs::path& submission, const Slot& slot,
                             const Workspace& workspace) {
  auto start = Clock::now();
  const fs::path& dir = slot.dir;
  BuildResult result;
  result.feedback = take_student_files(submission, lab.student_files, dir, lab.provided_files);
  if (!result.feedback.empty()) return result;
  // Provided files (main.cpp...): from the lab, never from the student.
  for (const auto& name : lab.provided_files) {
    fs::copy_file(lab.dir / name, dir / name, fs::copy_options::overwrite_existing);
  }
  if (!lab.sql_model.empty()) {
    fs::copy(lab.root / "sql" / lab.sql_model, dir / "sql", fs::copy_options::recursive);
  }
  workspace.hand_over(slot);

  std::vector<std::string> sources;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".cpp") sources.push_back(entry.path().filename().string());
  }
  result.sources = static_cast<int>(sources.size());
  const Toolchain& tc = workspace.toolchain();
  std::string key = BuildCache::key(workspace.toolchain_key(), dir);
  std::error_code copied;
  auto cached = workspace.builds().find(key);
  if (cached) fs::copy_file(cached->server, dir / "server", copied);  // pruned meanwhile: built
  if (cached && !copied) {
    workspace.hand_over(slot);
    result.ok = true;
    result.server = dir / "server";
    result.warnings = cached->warnings;
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  }
  Sandbox sandbox = slot.sandbox;
  sandbox.limits.cpu_seconds = lab.build_ms / 1000;
  // The compiler and linker themselves are never sanitized: an address-space bound is safe.
  sandbox.limits.memory_bytes = 4L << 30;
  sandbox.limits.file_bytes = 1L << 30;  // a sanitized server, common linked in: ~70 MB
  auto deadline = start + std::chrono::milliseconds(lab.build_ms);

  // One compiler per source file not compiled before (BuildCache::find_object), in parallel,
  // then the link; paths relative to the folder, so that messages name the student's files as
  // they know them. Only the compiler runs meanwhile: its outputs are the sources' alone.
  std::vector<std::string> objects;
  std::vector<std::pair<std::string, std::unique_ptr<Process>>> compilers;
  std::vector<std::string> toolchain_dirs = tc.include_dirs;  // in the toolchain's key
  if (!tc.precompiled_header.empty()) {
    toolchain_dirs.push_back(fs::path(tc.precompiled_header).parent_path().string());
  }
  std::string errors, warnings;
  for (const auto& source : sources) {
    objects.push_back(source + ".o");
    if (auto object = workspace.builds().find_object(workspace.toolchain_key(), dir, source)) {
      fs::copy_file(object->object, dir / objects.back(), fs::copy_options::overwrite_existing);
      warnings += object->warnings;
      continue;
    }
    std::vector<std::string> argv{tc.compiler};
    argv.insert(argv.end(), tc.flags.begin(), tc.flags.end());
    argv.push_back("-I.");
    if (!tc.overlay.empty()) {
      argv.insert(argv.end(),
                  {"-ivfsoverlay", tc.overlay, "-include-pch", tc.precompiled_header + ".pch"});
    } else if (!tc.precompiled_header.empty()) {
      fs::path header = tc.precompiled_header;
      argv.insert(argv.end(),
                  {"-I" + header.parent_path().string(), "-include", header.filename().string()});
    }
    for (const auto& inc : tc.include_dirs) argv.push_back("-I" + inc);
    argv.insert(argv.end(), {"-MMD", "-MF", source + ".d", "-c", source, "-o", objects.back()});
    ++result.compiled;
    compilers.emplace_back(source,
                           std::make_unique<Process>(argv, dir.string(), build_env(dir), sandbox));
  }
  for (auto& [source, compiler] : compilers) {
    auto status = compiler->wait(deadline);
    compiler->wait_for_eof(deadline);
    if (!status) {
      errors += "the build took longer than " + std::to_string(lab.build_ms / 1000) + " s\n";
    } else if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
      errors += compiler->output();
    } else {
      warnings += compiler->output();
      workspace.builds().store_object(workspace.toolchain_key(), dir, source, dir / (source + ".d"),
                                      toolchain_dirs, dir / (source + ".o"),
                                      workspace.scrub(compiler->output()));
    }
  }
  workspace.hand_over(slot);  // the objects copied from the cache, for the linker
  if (errors.empty()) {
    std::vector<std::string> argv{tc.compiler};
    argv.insert(argv.end(), tc.flags.begin(), tc.flags.end());
    argv.insert(argv.end(), objects.begin(), objects.end());
    argv.insert(argv.end(), tc.libraries.begin(), tc.libraries.end());
    argv.insert(argv.end(), tc.link_flags.begin(), tc.link_flags.end());
    argv.insert(argv.end(), {"-o", "server"});
    Process linker(argv, dir.string(), build_env(dir), sandbox);
    auto status = linker.wait(deadline);
    linker.wait_for_eof(deadline);
    if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
      errors += status ? linker.output() : "the link took too long\n";
    }
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!errors.empty()) {
    result.feedback = "the build failed:\n" + shorten(errors, workspace);
    return result;
  }
  if (!warnings.empty()) result.warnings = shorten(warnings, workspace);
  result.ok = true;
  result.server = dir / "server";
  workspace.builds().store(key, result.server, result.warnings);
  return result;
}

}  // namespace grader
