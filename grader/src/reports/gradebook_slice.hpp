// A slice of a class's gradebook, as `batch --shard` wrote it on another machine, read by `merge`
// and checked before it is trusted: a slice is a file anyone could have edited on its way.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace grader {

namespace fs = std::filesystem;

// A slice that is not what batch writes, or slices that do not fit together: merge says why,
// naming the slice and its line (or its submission), and exits 1.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Slices are read whole: a class's, with every feedback, is megabytes, not this.
constexpr std::uintmax_t max_slice_bytes = 256u << 20;

struct CsvSlice {
  struct Row {
    int line = 0;
    std::string submission;  // its text, not its cell (csv_text)
    std::string score, max;  // as written: integers or decimals
    std::vector<std::string> cells;
    bool graded = true;  // false: the grader failed on it (score and max 0, every cell empty)
  };
  std::string file;
  std::vector<std::string> columns;  // the tests, after submission,score,max
  std::vector<Row> rows;
};

// Refused unless every row has the header's fields, a name of its own, numbers where points go
// (or nothing at all, graded by no one), a score within 0..max and equal to its columns' sum.
CsvSlice read_csv_slice(const fs::path& path);

// A JSON slice's graded submission, as the CSV shows it: its score, max and cells.
struct JsonResults {
  double score = 0, max = 0;
  std::vector<std::string> columns;  // gradebook_column() of each test
  std::vector<double> points, max_points;
};

struct JsonSlice {
  std::string file;
  nlohmann::json book;
  std::vector<std::optional<JsonResults>> results;  // as book["submissions"]; none: an error
};

// Refused unless it nests at most a few levels (a gradebook has 7; nlohmann's JSON copies and
// writes a value recursively: 200,000 levels overflow the stack), and each submission has a
// name and either an error or results whose tests score within 0..max_score and add up to its
// score.
JsonSlice read_json_slice(const fs::path& path);

// Points as a CSV cell holds them: an integer or a decimal (digits, a point, digits).
bool is_points(const std::string& cell);

}  // namespace grader
