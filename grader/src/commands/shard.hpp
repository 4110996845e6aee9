// Slices of a class, so that it is graded on several machines at once (a Kubernetes Indexed Job,
// a Slurm array): `batch --shard I/N` grades the submissions of slice I only.
#pragma once

#include <string>

namespace grader {

struct Shard {
  int index = 0;  // 0 to count - 1: Kubernetes' JOB_COMPLETION_INDEX counts from 0
  int count = 1;
};

// "I/N" with 0 <= I < N; std::invalid_argument otherwise.
Shard parse_shard(const std::string& text);

// The slice of a submission, from its name alone (the folder's name, the zip's without .zip):
// the first 8 bytes of the name's SHA-256, as a big-endian number, modulo `count`. Machines
// given the same class in any order, or a class that grew in between, still put every
// submission in exactly one slice; slices are as even as a hash makes them.
int slice_of(const std::string& submission, int count);

}  // namespace grader
