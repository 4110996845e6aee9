#include "reports/csv.hpp"

#include <stdexcept>

namespace grader {

namespace {

bool evaluated(const std::string& text) {
  return !text.empty() && std::string("=+-@\t\r'").find(text[0]) != std::string::npos;
}

}  // namespace

std::string csv_field(const std::string& text) {
  std::string cell = evaluated(text) ? "'" + text : text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_text(const std::string& cell) {
  return cell.size() >= 2 && cell[0] == '\'' && evaluated(cell.substr(1)) ? cell.substr(1) : cell;
}

std::vector<CsvRow> parse_csv(const std::string& text) {
  std::vector<CsvRow> rows;
  CsvRow row{1, {}};
  std::string field;
  int line = 1;
  bool quoted = false, was_quoted = false, pending = false;  // pending: a row has begun
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
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
      if (was_quoted || !field.empty()) {
        throw std::runtime_error("line " + std::to_string(line) + ": a quote inside a field");
      }
      quoted = was_quoted = true;
    } else if (c == ',' || c == '\n') {
      row.fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      if (c == '\n') {
        rows.push_back(std::move(row));
        row = CsvRow{line, {}};
        pending = false;
      }
    } else if (c != '\r' || i + 1 >= text.size() || text[i + 1] != '\n') {
      if (was_quoted) {
        throw std::runtime_error("line " + std::to_string(line) + ": text after a quoted field");
      }
      field += c;
    }
  }
  if (quoted) throw std::runtime_error("a quoted field is never closed");
  if (pending) {
    row.fields.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace grader
