// Student files named by a pattern: a lab may leave some names to the student (lab 07: "*.cpp",
// the files of blueprints the student designs) beside the files it names (app.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace grader {

namespace fs = std::filesystem;

// Whether a student file's name is a pattern: a file name holding '*' (any run of characters),
// without a folder.
bool is_pattern(const std::string& name);

// Whether the file name `name` matches `pattern` ('*' matches any run of characters).
bool matches_pattern(const std::string& pattern, const std::string& name);

// Whether a file named `name` (no folder) is one a pattern of `names` takes: it matches one,
// is none of the named files, none of `except` (the lab's provided files, main.cpp) and no test
// suite (`*_test.cpp`, a solution's GoogleTest files).
bool taken_by_pattern(const std::vector<std::string>& names, const std::string& name,
                      const std::vector<std::string>& except);

// `names` with each pattern replaced by the regular files of `dir` it takes, sorted: the named
// files first, in their order.
std::vector<std::string> expand_names(const std::vector<std::string>& names, const fs::path& dir,
                                      const std::vector<std::string>& except);

}  // namespace grader
