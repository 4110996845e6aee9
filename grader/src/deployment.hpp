// Grading a deployed submission (a lab with a Deployment: lab 08). The lab's harness runs in the
// submission's sandbox, as its user, with a PostgreSQL, a Redis, two instances and an nginx of
// its own on the sandbox's loopback:
//   harness SUBMISSION_DIR   with CHECK_DEPLOY_SERVER (the built server), CHECK_DEPLOY_SQL (the
//                            lab's schema) and CHECK_DEPLOY_PAUSE (a file the grader makes)
// It prints one line per check, "  ok    NAME" or "  FAIL  NAME" then indented reasons; once
// nginx is up, "deployed BASE_URL INSTANCE_1_URL INSTANCE_2_URL". The grader then runs the
// test files (base_url: nginx over HTTPS, its self-signed certificate unchecked; instance_1 and
// instance_2: each instance over HTTP), makes the pause file, and reads the remaining checks.
// Exit code 2: the harness could not run (a tool is missing), the grader's failure.
#pragma once

#include <vector>

#include "grade.hpp"
#include "hurl/ast.hpp"

namespace grader {

// Runs the test files `files` into `results` (one each, in order) and returns one result per
// check of the harness, passed or not as it said (grade() decides whether it is earned).
std::vector<TestResult> grade_deployment(const Lab& lab, const Slot& slot, const fs::path& server,
                                         const std::vector<hurl::TestFile>& files,
                                         const Workspace& workspace,
                                         std::vector<TestResult>& results);

}  // namespace grader
