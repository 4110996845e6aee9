// Grading a deployed submission (a lab with a Deployment: lab 08). The lab's harness deploys the
// built server in the submission's sandbox, with a PostgreSQL, a Redis, two instances and an
// nginx of its own on the sandbox's loopback, and runs the checks the lab declares.
//
// Who may write what (as root; the threat model is in grader/README.md, "Isolation"): the
// harness runs as root in the sandbox, in no user namespace, with only the capabilities to start
// processes as other users and to stop them. It runs the student's code (role.sql's psql, nginx,
// the instances) as the slot's user, PostgreSQL and Redis as the slot's service user (a
// superuser's SQL can run programs as it), each unable to gain privileges. The harness, its kit
// and the submission's files are a root-owned copy, bound read-only; its scratch folder is root's
// (the results and the pause file are there), its subfolders those users'.
//
// The protocol: `bash HARNESS SUBMISSION_DIR` with
//   CHECK_DEPLOY_SERVER, CHECK_DEPLOY_SQL   the built server, the lab's schema
//   CHECK_DEPLOY_USER, CHECK_DEPLOY_SERVICE_USER   the two users (numbers)
//   CHECK_DEPLOY_RESULTS  a file where only the harness writes, one JSON object a line:
//                         {"check": ID, "ok": BOOL, "reasons": TEXT} for each check;
//                         {"deployed": [BASE_URL, INSTANCE_1_URL, INSTANCE_2_URL]} once nginx
//                         and the instances are up; {"unavailable": WHY} before anything of the
//                         submission ran, when a tool is missing (the grader's failure)
//   CHECK_DEPLOY_PAUSE    a file the grader makes once its test files ran (base_url: nginx over
//                         HTTPS, its certificate unchecked; instance_1 and instance_2: each
//                         instance over HTTP); the harness then runs the checks that change the
//                         deployment
// The harness's output is never read as results: the submission's processes can write into it.
#pragma once

#include <vector>

#include "course/lab.hpp"
#include "course/language.hpp"
#include "grading/test_result.hpp"
#include "hurl/ast.hpp"
#include "submission/workspace.hpp"

namespace grader {

// Runs the test files `files` (of `tests`) into `results` (one each, in order) and returns one
// result per check the lab declares, passed or not as the harness reported it once (grade()
// decides whether it is earned). A test file whose header says `# requires: ID` is earned only if
// that check passed. Throws std::runtime_error when the harness could not run at all.
std::vector<TestResult> grade_deployment(const Lab& lab, const Slot& slot, const fs::path& server,
                                         const std::vector<TestCase>& tests,
                                         const std::vector<hurl::TestFile>& files,
                                         const Workspace& workspace,
                                         std::vector<TestResult>& results,
                                         Language language = Language::en);

}  // namespace grader
