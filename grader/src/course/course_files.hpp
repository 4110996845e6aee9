// The repository's files that may leave it, listed file by file or folder by folder (never
// "everything but"): a new folder stays private until someone decides who needs it. `export`
// (the students' course) and `package` (Gradescope's autograder) both start from this list.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

// The repository's tracked files (git ls-files), relative to root.
std::vector<std::string> tracked_files(const fs::path& root);

// The build, common, the grader without its tests and its own tests, the SQL, the scripts a
// student runs. Labs (labs/NN-name/) are chosen by each command.
bool is_course_file(const std::string& file);

bool starts_with(const std::string& text, const std::string& prefix);
std::string read_all(const fs::path& path);  // a file's bytes

}  // namespace grader
