#include "reports/gradebook_slice.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "course/course_files.hpp"
#include "reports/csv.hpp"
#include "reports/report.hpp"

namespace grader {

namespace {

using nlohmann::json;

constexpr int max_depth = 32;

std::string read_slice(const fs::path& path) {
  std::error_code error;
  if (!fs::is_regular_file(path)) throw Refused("no such slice: " + path.string());
  if (fs::file_size(path, error) > max_slice_bytes) {
    throw Refused(path.string() + " is larger than " + std::to_string(max_slice_bytes >> 20) +
                  " MiB: not a slice of batch");
  }
  return read_all(path);
}

double number(const std::string& cell) {
  return std::strtod(cell.c_str(), nullptr);
}

// Points add up exactly when they are integers; decimals within a rounding error.
bool same(double a, double b) {
  return std::fabs(a - b) < 1e-6;
}

std::string shown(double points) {
  std::string text = std::to_string(points);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

// The deepest nesting of arrays and objects in a JSON text, outside its strings.
int depth(const std::string& text) {
  int deepest = 0, level = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++level);
      if (deepest > max_depth) return deepest;
    } else if (c == ']' || c == '}') {
      --level;
    }
  }
  return deepest;
}

// A graded submission's results.json, checked, as the CSV would show it; `why` says what is
// wrong otherwise.
std::optional<JsonResults> results_of(const json& results, std::string& why) {
  auto points = [](const json& j, const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_number() && j[key] >= 0;
  };
  if (!points(results, "score") || !results.contains("tests") || !results["tests"].is_array() ||
      !results.contains("extra_data") || !points(results["extra_data"], "max_score")) {
    why = "its results have no score, max_score or tests";
    return std::nullopt;
  }
  JsonResults r;
  r.score = results["score"];
  r.max = results["extra_data"]["max_score"];
  double score = 0, max = 0;
  for (const auto& test : results["tests"]) {
    if (!points(test, "score") || !points(test, "max_score") || !test.contains("name") ||
        !test["name"].is_string() || !test.contains("extra_data") ||
        !test["extra_data"].is_object() || !test["extra_data"].value("file", json()).is_string()) {
      why = "a test without its name, file, score or max_score";
      return std::nullopt;
    }
    double earned = test["score"], worth = test["max_score"];
    std::string name = test["name"];
    if (earned > worth) {
      why = "its test \"" + name + "\" scores " + shown(earned) + " of " + shown(worth);
      return std::nullopt;
    }
    r.columns.push_back(gradebook_column(test["extra_data"]["file"], name));
    r.points.push_back(earned);
    r.max_points.push_back(worth);
    score += earned;
    max += worth;
  }
  if (!same(score, r.score) || !same(max, r.max)) {
    why = "its score " + shown(r.score) + " of " + shown(r.max) + " is not its tests' (" +
          shown(score) + " of " + shown(max) + ")";
    return std::nullopt;
  }
  return r;
}

}  // namespace

bool is_points(const std::string& cell) {
  std::size_t digits = cell.find_first_not_of("0123456789");
  if (digits == 0 || cell.size() > 16) return false;
  if (digits == std::string::npos) return true;
  return cell[digits] == '.' && digits + 1 < cell.size() &&
         cell.find_first_not_of("0123456789", digits + 1) == std::string::npos;
}

CsvSlice read_csv_slice(const fs::path& path) {
  CsvSlice slice{path.string(), {}, {}};
  std::vector<CsvRow> rows;
  try {
    rows = parse_csv(read_slice(path));
  } catch (const std::runtime_error& e) {
    throw Refused(slice.file + " is not a CSV gradebook: " + e.what());
  }
  if (rows.empty() || rows[0].fields.size() < 3 || rows[0].fields[0] != "submission" ||
      rows[0].fields[1] != "score" || rows[0].fields[2] != "max") {
    throw Refused(slice.file +
                  " is not a gradebook of grader batch (its first line starts with "
                  "submission,score,max)");
  }
  const std::vector<std::string>& header = rows[0].fields;
  std::map<std::string, int> seen;  // column or submission: its line
  for (std::size_t i = 3; i < header.size(); ++i) {
    slice.columns.push_back(csv_text(header[i]));
    if (slice.columns.back().empty() || !seen.emplace(slice.columns.back(), 1).second) {
      throw Refused(slice.file + " line 1: a column is empty or there twice: \"" + header[i] +
                    "\"");
    }
  }
  seen.clear();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& in = rows[r];
    std::string at = slice.file + " line " + std::to_string(in.line) + ": ";
    if (in.fields.size() != header.size()) {
      throw Refused(at + "a row of " + std::to_string(in.fields.size()) +
                    " fields, its header has " + std::to_string(header.size()));
    }
    CsvSlice::Row row{in.line, csv_text(in.fields[0]), in.fields[1], in.fields[2],
                      std::vector<std::string>(in.fields.begin() + 3, in.fields.end())};
    if (row.submission.empty()) throw Refused(at + "a row without a submission name");
    if (auto [it, added] = seen.emplace(row.submission, in.line); !added) {
      throw Refused(at + row.submission + " is there twice (line " + std::to_string(it->second) +
                    ")");
    }
    at += row.submission + ": ";
    for (const auto* cell : {&row.score, &row.max}) {
      if (!is_points(*cell)) {
        throw Refused(at + "its " + (cell == &row.score ? "score" : "max") + " \"" + *cell +
                      "\" is not a number of points");
      }
    }
    row.graded = !(row.score == "0" && row.max == "0" &&
                   std::all_of(row.cells.begin(), row.cells.end(),
                               [](const std::string& cell) { return cell.empty(); }));
    double sum = 0;
    for (std::size_t c = 0; row.graded && c < row.cells.size(); ++c) {
      if (!is_points(row.cells[c])) {
        throw Refused(at + "its points for " + slice.columns[c] + ", \"" + row.cells[c] +
                      "\", are not a number");
      }
      sum += number(row.cells[c]);
    }
    if (number(row.score) > number(row.max)) {
      throw Refused(at + "it scores " + row.score + " of " + row.max);
    }
    if (!same(sum, number(row.score))) {
      throw Refused(at + "its score " + row.score + " is not the sum of its columns (" +
                    shown(sum) + ")");
    }
    slice.rows.push_back(std::move(row));
  }
  return slice;
}

JsonSlice read_json_slice(const fs::path& path) {
  JsonSlice slice{path.string(), {}, {}};
  std::string text = read_slice(path);
  std::string why;
  if (depth(text) > max_depth) {
    why = "it nests arrays or objects more than " + std::to_string(max_depth) + " deep";
  } else {
    try {
      slice.book = json::parse(text);
    } catch (const json::exception& e) {
      why = e.what();
    }
  }
  const json& b = slice.book;
  if (why.empty() && !(b.is_object() && b.contains("lab") && b["lab"].is_string() &&
                       !b["lab"].get<std::string>().empty() && b.contains("submissions") &&
                       b["submissions"].is_array())) {
    why = "no lab or no submissions";
  }
  if (why.empty() && b.contains("shard") &&
      !(b["shard"].is_object() && b["shard"].value("index", json()).is_number_integer() &&
        b["shard"].value("count", json()).is_number_integer() && b["shard"]["index"] >= 0 &&
        b["shard"]["index"] < b["shard"]["count"])) {
    why = "its shard is not {index, count} with 0 <= index < count";
  }
  if (!why.empty()) {
    throw Refused(slice.file + " is not a JSON gradebook of grader batch --json: " + why);
  }
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < b["submissions"].size(); ++i) {
    const json& entry = b["submissions"][i];
    std::string at = slice.file + ", submission " + std::to_string(i + 1);
    if (!entry.is_object() || !entry.contains("submission") || !entry["submission"].is_string() ||
        entry["submission"].get<std::string>().empty()) {
      throw Refused(at + ": it has no name");
    }
    std::string name = entry["submission"];
    at += " (" + name + "): ";
    if (auto [it, added] = seen.emplace(name, i + 1); !added) {
      throw Refused(at + "there twice (submission " + std::to_string(it->second) + ")");
    }
    bool error = entry.contains("error") && entry["error"].is_string();
    if (error == entry.contains("results")) throw Refused(at + "neither an error nor results");
    if (error) {
      slice.results.emplace_back();
      continue;
    }
    slice.results.push_back(results_of(entry["results"], why));
    if (!slice.results.back()) throw Refused(at + why);
  }
  return slice;
}

}  // namespace grader
