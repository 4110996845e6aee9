// A source check (lab.hpp's SourceCheck) on a submission's files, as the grader reports it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "course/lab.hpp"
#include "grading/test_result.hpp"

namespace grader {

// Why the files in `dir` break the rule ("app.cpp:12: the line\nwhat to do instead"), or
// nothing when they keep it. A C++ file is read as cpp_source.hpp tokenizes it; another file
// line by line. A pattern in the check's files ("*.cpp") reads every file of `dir` it takes
// (file_patterns.hpp); with `at_least`, that many files must match every required regex.
std::optional<std::string> source_check_failure(const SourceCheck& check,
                                                const std::filesystem::path& dir);

// The check as a test result, earned only once an HTTP test passed (`any_passed`): an empty
// program keeps every rule.
TestResult source_check(const SourceCheck& check, const std::filesystem::path& dir,
                        bool any_passed);

}  // namespace grader
