// grader merge: the gradebooks of a class graded in slices (batch --shard I/N on N machines)
// joined into one, sorted by submission. Nothing is written unless every slice fits.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "course_files.hpp"
#include "report.hpp"

namespace grader {

namespace {

using nlohmann::json;
using Row = std::vector<std::string>;

// Slices that do not fit together: merge says why and exits 1.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// CSV as batch writes it: fields separated by commas, quoted when they hold a comma, a quote
// or a newline (a quote doubled inside).
std::vector<Row> parse_csv(const std::string& text, const std::string& file) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false, pending = false;  // pending: a row has begun
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
      continue;
    }
    pending = true;
    if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      if (c == '\n') {
        rows.push_back(std::move(row));
        row.clear();
        pending = false;
      }
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) throw Refused(file + " is not a CSV gradebook: a quoted field is never closed");
  if (pending) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out.empty() ? "(none)" : out;
}

struct CsvSlice {
  std::string file;
  Row columns;  // the test files, after submission,score,max
  std::vector<Row> rows;
};

CsvSlice read_csv_slice(const fs::path& path) {
  CsvSlice slice{path.string(), {}, {}};
  if (!fs::is_regular_file(path)) throw Refused("no such slice: " + slice.file);
  std::vector<Row> rows = parse_csv(read_all(path), slice.file);
  if (rows.empty() || rows[0].size() < 3 || rows[0][0] != "submission" || rows[0][1] != "score" ||
      rows[0][2] != "max") {
    throw Refused(slice.file +
                  " is not a gradebook of grader batch (its first line starts with "
                  "submission,score,max)");
  }
  slice.columns.assign(rows[0].begin() + 3, rows[0].end());
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() < 3 || rows[i].size() > rows[0].size()) {
      throw Refused(slice.file + ": row " + std::to_string(i + 1) + " has " +
                    std::to_string(rows[i].size()) + " fields, its header " +
                    std::to_string(rows[0].size()));
    }
    slice.rows.push_back(std::move(rows[i]));
  }
  return slice;
}

// One CSV gradebook: the slices' columns must be the same (a slice without any, empty or
// holding only submissions the grader failed on, fits any); each submission once.
std::string merge_csv(const std::vector<CsvSlice>& slices, std::set<std::string>& names) {
  Row columns;
  std::string columns_from;
  for (const auto& slice : slices) {
    if (slice.columns.empty()) continue;
    if (columns_from.empty()) {
      columns = slice.columns;
      columns_from = slice.file;
    } else if (slice.columns != columns) {
      throw Refused("slices of different labs or test files: " + columns_from + " has columns " +
                    join(columns) + ", " + slice.file + " has " + join(slice.columns));
    }
  }
  std::map<std::string, std::pair<Row, std::string>> rows;  // by submission: row, slice
  for (const auto& slice : slices) {
    for (const auto& row : slice.rows) {
      auto [it, added] = rows.emplace(row[0], std::pair{row, slice.file});
      if (!added) {
        throw Refused("submission " + row[0] + " is in two slices: " + it->second.second + " and " +
                      slice.file);
      }
    }
  }
  std::string out = "submission,score,max";
  // Appended piece by piece: GCC 12 at -O3 sees a false overlap in "," + std::string
  // (-Wrestrict, bug 105329).
  for (const auto& c : columns) {
    out += ',';
    out += csv_field(c);
  }
  out += "\n";
  for (auto& [name, entry] : rows) {
    Row& row = entry.first;
    row.resize(3 + columns.size());
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      out += csv_field(row[i]);
    }
    out += "\n";
    names.insert(name);
  }
  return out;
}

struct JsonSlice {
  std::string file;
  json book;
};

JsonSlice read_json_slice(const fs::path& path) {
  JsonSlice slice{path.string(), {}};
  if (!fs::is_regular_file(path)) throw Refused("no such slice: " + slice.file);
  std::string why;
  try {
    slice.book = json::parse(read_all(path));
  } catch (const json::exception& e) {
    why = e.what();
  }
  const json& b = slice.book;
  if (why.empty() && !(b.is_object() && b.contains("lab") && b["lab"].is_string() &&
                       b.contains("submissions") && b["submissions"].is_array())) {
    why = "no lab or no submissions";
  }
  for (std::size_t i = 0; why.empty() && i < b["submissions"].size(); ++i) {
    const json& entry = b["submissions"][i];
    if (!entry.is_object() || !entry.contains("submission") || !entry["submission"].is_string()) {
      why = "a submission without its name";
    }
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
  return slice;
}

std::string slice_name(const json& shard) {
  return std::to_string(shard["index"].get<int>()) + "/" +
         std::to_string(shard["count"].get<int>());
}

// The slices' shards: one split (the same N), each slice once, and with `expect` all of them.
void check_shards(const std::vector<JsonSlice>& slices, std::optional<int> expect) {
  std::map<int, std::string> seen;  // index: file
  std::string first;                // the file of the first shard seen
  int count = expect.value_or(0);
  for (const auto& slice : slices) {
    if (!slice.book.contains("shard")) {
      if (expect) {
        throw Refused(slice.file + " is not a slice: it was written without batch --shard");
      }
      continue;
    }
    const json& shard = slice.book["shard"];
    if (count == 0) {
      count = shard["count"];
      first = slice.file;
    }
    if (shard["count"] != count) {
      throw Refused("slices of different splits: " + slice.file + " is slice " + slice_name(shard) +
                    ", not one of " + std::to_string(count) +
                    (first.empty() ? " (--expect)" : " like " + first));
    }
    auto [it, added] = seen.emplace(shard["index"].get<int>(), slice.file);
    if (!added) {
      throw Refused("slice " + slice_name(shard) + " is there twice: " + it->second + " and " +
                    slice.file);
    }
  }
  for (int i = 0; expect && i < *expect; ++i) {
    if (!seen.count(i)) {
      throw Refused("slice " + std::to_string(i) + "/" + std::to_string(*expect) +
                    " is missing from the JSON slices");
    }
  }
}

// One JSON gradebook: one lab, each submission once, sorted.
json merge_json(const std::vector<JsonSlice>& slices, std::set<std::string>& names) {
  std::string lab = slices.front().book["lab"];
  std::map<std::string, std::pair<json, std::string>> entries;  // by submission: entry, slice
  for (const auto& slice : slices) {
    if (slice.book["lab"] != lab) {
      throw Refused("slices of different labs: " + slices.front().file + " is " + lab + ", " +
                    slice.file + " is " + slice.book["lab"].get<std::string>());
    }
    for (const auto& entry : slice.book["submissions"]) {
      std::string name = entry["submission"];
      auto [it, added] = entries.emplace(name, std::pair{entry, slice.file});
      if (!added) {
        throw Refused("submission " + name + " is in two slices: " + it->second.second + " and " +
                      slice.file);
      }
    }
  }
  json submissions = json::array();
  for (auto& [name, entry] : entries) {
    submissions.push_back(entry.first);
    names.insert(name);
  }
  return {{"lab", lab}, {"slices", slices.size()}, {"submissions", submissions}};
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

int merge(const Settings& s) {
  if (!s.out_csv) throw std::invalid_argument("merge needs --out-csv FILE");
  if (s.expect && *s.expect < 1) throw std::invalid_argument("--expect needs at least 1");
  std::vector<fs::path> csv_files, json_files;
  std::set<std::string> given;
  for (const auto& file : s.submissions) {
    std::string ext = file.extension().string();
    if (ext != ".csv" && ext != ".json") {
      throw std::invalid_argument("a slice is the .csv or .json file of a batch: " + file.string());
    }
    if (!given.insert(fs::weakly_canonical(file).string()).second) {
      throw Refused("slice " + file.string() + " is given twice");
    }
    (ext == ".csv" ? csv_files : json_files).push_back(file);
  }
  if (csv_files.empty()) throw std::invalid_argument("merge needs the slices' CSV files");
  if (s.out_json && json_files.empty()) {
    throw std::invalid_argument("--out-json needs the slices' JSON files");
  }
  if (!s.out_json && !json_files.empty()) {
    throw std::invalid_argument("JSON slices given: name their merged file with --out-json FILE");
  }
  if (s.expect) {
    for (const auto* files : {&csv_files, &json_files}) {
      if (files->empty() || static_cast<int>(files->size()) == *s.expect) continue;
      throw Refused("--expect " + std::to_string(*s.expect) + " slices, but " +
                    std::to_string(files->size()) + (files == &csv_files ? " CSV" : " JSON") +
                    " files are given" +
                    (static_cast<int>(files->size()) < *s.expect ? ": a slice is missing" : ""));
    }
  }

  std::vector<CsvSlice> csv_slices;
  for (const auto& file : csv_files) csv_slices.push_back(read_csv_slice(file));
  std::set<std::string> csv_names, json_names;
  std::string csv = merge_csv(csv_slices, csv_names);
  json book;
  if (s.out_json) {
    std::vector<JsonSlice> json_slices;
    for (const auto& file : json_files) json_slices.push_back(read_json_slice(file));
    check_shards(json_slices, s.expect);
    book = merge_json(json_slices, json_names);
    for (const auto* side : {&csv_names, &json_names}) {
      const auto& other = side == &csv_names ? json_names : csv_names;
      for (const auto& name : *side) {
        if (other.count(name)) continue;
        throw Refused("the CSV and JSON slices do not hold the same submissions: " + name +
                      " is only in the " + (side == &csv_names ? "CSV" : "JSON") + " ones");
      }
    }
  }

  write_file(*s.out_csv, csv);
  if (s.out_json) write_file(*s.out_json, book.dump(2) + "\n");
  std::cout << "merged " << csv_slices.size() << " slices"
            << (s.out_json ? " of " + book["lab"].get<std::string>() : "") << ": "
            << csv_names.size() << " submissions into " << s.out_csv->string()
            << (s.out_json ? " and " + s.out_json->string() : "") << "\n";
  return 0;
}

}  // namespace

int merge_command(const Settings& settings) {
  try {
    return merge(settings);
  } catch (const Refused& e) {
    std::cerr << "grader merge: refused: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace grader
