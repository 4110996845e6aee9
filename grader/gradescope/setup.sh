#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (written by
# `grader package --lab @LAB@`, see grader/README.md): the packages that building common and
# grading need, then common and the grader in Release, next to the course's files in course/.
set -euo pipefail
course="$(cd "$(dirname "$0")" && pwd)/course"
"$course/scripts/setup" --grading
cmake -S "$course" -B "$course/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCOURSE_LABS=@LAB@ -DBUILD_TESTING=OFF
cmake --build "$course/build" --target grader
echo "setup: built $course/build/grader/grader for lab @LAB@"
