#include "setup.hpp"

#include <unistd.h>

namespace grader {

Toolchain prepare(Settings& settings) {
  Toolchain toolchain = load_toolchain(settings.toolchain);
  if (settings.root.empty()) settings.root = toolchain.source_dir;
  protect_hidden_tests(settings.root);
  return toolchain;
}

void protect_hidden_tests(const fs::path& root) {
  fs::path hidden = root / "grader" / "tests";
  if (geteuid() != 0 || !fs::exists(hidden)) return;
  fs::permissions(hidden, fs::perms::owner_all);
}

}  // namespace grader
