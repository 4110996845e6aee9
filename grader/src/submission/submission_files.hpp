// A submission's files: a folder, or the zip that `make submit` writes. Only the lab's student
// files are taken from it, each by its name.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

// Copies each of `names` from `submission` into `into`: from the submission's root or, when it
// was uploaded inside a folder, the one file of that name below it. A pattern among `names`
// ("*.cpp", file_patterns.hpp) takes the files beside the first named one that it matches, but
// `except` (the lab's provided files) and *_test.cpp (64 at most). A .zip is read the same way,
// without extracting anything else (no path from the archive is ever written). Returns what is
// wrong (a missing or ambiguous file, an unreadable archive, a file over 1 MiB), or "".
std::string take_student_files(const fs::path& submission, const std::vector<std::string>& names,
                               const fs::path& into, const std::vector<std::string>& except = {});

// Whether a submission is a zip file rather than a folder.
bool is_zip(const fs::path& submission);

// A submission's name in reports and gradebooks: the folder's name, or the zip's without .zip.
std::string submission_name(const fs::path& submission);

}  // namespace grader
