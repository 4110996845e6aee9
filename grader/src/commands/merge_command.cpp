// grader merge: the gradebooks of a class graded in slices (batch --shard I/N on N machines)
// joined into one, sorted by submission. Nothing is written unless every slice fits.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "reports/csv.hpp"
#include "reports/gradebook_slice.hpp"

namespace grader {

namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out.empty() ? "(none)" : out;
}

double number(const std::string& cell) {
  return std::strtod(cell.c_str(), nullptr);
}

// A submission's row in the CSV slices, and where it is.
struct CsvEntry {
  const CsvSlice::Row* row;
  std::string at;  // "slice-0.csv line 3"
};

// One CSV gradebook: the slices' columns must be the same (a slice without any, empty or
// holding only submissions the grader failed on, fits any), and so must every graded
// submission's max (the same tests); each submission once.
std::string merge_csv(const std::vector<CsvSlice>& slices, std::map<std::string, CsvEntry>& rows,
                      std::vector<std::string>& columns) {
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
  const CsvEntry* first_graded = nullptr;
  for (const auto& slice : slices) {
    for (const auto& row : slice.rows) {
      std::string at = slice.file + " line " + std::to_string(row.line);
      auto [it, added] = rows.emplace(row.submission, CsvEntry{&row, at});
      if (!added) {
        throw Refused("submission " + row.submission + " is in two slices: " + it->second.at +
                      " and " + at);
      }
      if (!row.graded) continue;
      if (row.cells.size() != columns.size()) {
        throw Refused(at + ": " + row.submission + " is graded without the columns " +
                      join(columns) + " of " + columns_from);
      }
      if (!first_graded) {
        first_graded = &it->second;
      } else if (number(row.max) != number(first_graded->row->max)) {
        throw Refused(at + ": " + row.submission + " is graded out of " + row.max + ", " +
                      first_graded->row->submission + " out of " + first_graded->row->max + " (" +
                      first_graded->at + "): not the same tests");
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
  for (const auto& [name, entry] : rows) {
    out += csv_field(name);
    for (const auto* cell : {&entry.row->score, &entry.row->max}) {
      out += ',';
      out += *cell;
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out += ',';
      if (i < entry.row->cells.size()) out += entry.row->cells[i];
    }
    out += "\n";
  }
  return out;
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

// A submission's entry in the JSON slices, and where it is.
struct JsonEntry {
  const json* entry;
  const std::optional<JsonResults>* results;  // none: the grader's error
  std::string at;                             // "slice-0.json, submission 3 (bob)"
};

// One JSON gradebook: one lab, the same tests (each worth the same) for every graded
// submission, each submission once, sorted.
json merge_json(const std::vector<JsonSlice>& slices, std::map<std::string, JsonEntry>& entries) {
  std::string lab = slices.front().book["lab"];
  const JsonEntry* first_graded = nullptr;
  for (const auto& slice : slices) {
    if (slice.book["lab"] != lab) {
      throw Refused("slices of different labs: " + slices.front().file + " is " + lab + ", " +
                    slice.file + " is " + slice.book["lab"].get<std::string>());
    }
    const json& submissions = slice.book["submissions"];
    for (std::size_t i = 0; i < submissions.size(); ++i) {
      std::string name = submissions[i]["submission"];
      std::string at = slice.file + ", submission " + std::to_string(i + 1) + " (" + name + ")";
      auto [it, added] = entries.emplace(name, JsonEntry{&submissions[i], &slice.results[i], at});
      if (!added) {
        throw Refused("submission " + name + " is in two slices: " + it->second.at + " and " + at);
      }
      const auto& results = slice.results[i];
      if (!results) continue;
      if (!first_graded) {
        first_graded = &it->second;
      } else if (results->columns != (*first_graded->results)->columns ||
                 results->max_points != (*first_graded->results)->max_points) {
        throw Refused(at + ": its tests (" + join(results->columns) +
                      ") or their points are not those of " + first_graded->at + " (" +
                      join((*first_graded->results)->columns) + ")");
      }
    }
  }
  json submissions = json::array();
  for (const auto& [name, entry] : entries) submissions.push_back(*entry.entry);
  return {{"lab", lab}, {"slices", slices.size()}, {"submissions", submissions}};
}

// The CSV and JSON slices of one class: the same submissions, graded alike, with the same
// points test by test (a slice edited on one side only, or slices of two labs).
void check_agree(const std::map<std::string, CsvEntry>& csv,
                 const std::vector<std::string>& columns,
                 const std::map<std::string, JsonEntry>& json_entries) {
  for (const auto& [name, entry] : csv) {
    if (!json_entries.count(name)) {
      throw Refused("the CSV and JSON slices do not hold the same submissions: " + name +
                    " is only in the CSV ones (" + entry.at + ")");
    }
  }
  for (const auto& [name, entry] : json_entries) {
    auto it = csv.find(name);
    if (it == csv.end()) {
      throw Refused("the CSV and JSON slices do not hold the same submissions: " + name +
                    " is only in the JSON ones (" + entry.at + ")");
    }
    const CsvSlice::Row& row = *it->second.row;
    const auto& results = *entry.results;
    std::string differ = "the CSV and JSON slices differ: " + it->second.at + " and " + entry.at;
    if (!results || !row.graded) {
      if (results || row.graded) throw Refused(differ + ": graded in one, not in the other");
      continue;
    }
    if (results->columns != columns) {
      throw Refused(differ + ": the CSV's columns are " + join(columns) + ", the JSON's tests " +
                    join(results->columns));
    }
    bool same = number(row.score) == results->score && number(row.max) == results->max;
    for (std::size_t i = 0; same && i < columns.size(); ++i) {
      same = number(row.cells[i]) == results->points[i];
    }
    if (!same) throw Refused(differ + ": not the same points");
  }
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
  std::map<std::string, CsvEntry> csv_rows;
  std::vector<std::string> columns;
  std::string csv = merge_csv(csv_slices, csv_rows, columns);
  json book;
  if (s.out_json) {
    std::vector<JsonSlice> json_slices;
    for (const auto& file : json_files) json_slices.push_back(read_json_slice(file));
    check_shards(json_slices, s.expect);
    std::map<std::string, JsonEntry> json_entries;
    book = merge_json(json_slices, json_entries);
    check_agree(csv_rows, columns, json_entries);
  }

  write_file(*s.out_csv, csv);
  if (s.out_json) write_file(*s.out_json, book.dump(2) + "\n");
  std::cout << "merged " << csv_slices.size() << " slices"
            << (s.out_json ? " of " + book["lab"].get<std::string>() : "") << ": "
            << csv_rows.size() << " submissions into " << s.out_csv->string()
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
