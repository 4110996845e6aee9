// Reports of a grade: the terminal, Gradescope's results.json, JUnit XML, a CSV gradebook.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grading/grade.hpp"

namespace grader {

// One line per test (PASS/FAIL, points, name); under a failure, what to fix.
void print_grade(std::ostream& out, const Grade& grade, bool color);

// Gradescope's results.json. Hidden tests' details get `hidden_visibility` (after_due_date by
// default), but for a check whose feedback holds nothing hidden (TestResult::feedback_at_once),
// as do a public check's that may hold what hidden tests sent (feedback_after_due_date); how many
// hidden tests passed is always in the visible summary.
nlohmann::json gradescope_json(const Grade& grade, const std::string& hidden_visibility);

std::string junit_xml(const Grade& grade);

// A gradebook's column for a test: its file ("03-post.hurl"), or for a check, which shares its
// file with the lab's other checks, the file and the name ("source check: no SQL in C++").
std::string gradebook_column(const std::string& file, const std::string& name);

// submission, score, max, then one column per test (points earned); a submission the grader
// could not grade has 0, 0 and empty cells. Cells are neutralized (csv_field).
std::string csv_gradebook(const std::vector<Grade>& grades);

// Every submission's results.json, for `merge`: {"lab": ..., "submissions": [{"submission":
// "alice", "results": {...}}, ...]}; a submission the grader could not grade (errors[i] not
// empty) has "error" instead of "results".
nlohmann::json json_gradebook(const std::string& lab, const std::vector<Grade>& grades,
                              const std::vector<std::string>& errors,
                              const std::string& hidden_visibility);

}  // namespace grader
