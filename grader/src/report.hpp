// Reports of a grade: the terminal, Gradescope's results.json, JUnit XML, a CSV gradebook.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "grade.hpp"

namespace grader {

// One line per test (PASS/FAIL, points, name); under a failure, what to fix.
void print_grade(std::ostream& out, const Grade& grade, bool color);

// Gradescope's results.json. Hidden tests' details get `hidden_visibility` (after_due_date by
// default); how many hidden tests passed is always in the visible summary.
nlohmann::json gradescope_json(const Grade& grade, const std::string& hidden_visibility);

std::string junit_xml(const Grade& grade);

// submission, score, max, then one column per test file (points earned).
std::string csv_gradebook(const std::vector<Grade>& grades);

}  // namespace grader
