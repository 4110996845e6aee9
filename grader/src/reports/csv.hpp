// CSV as the gradebooks use it: fields separated by commas, quoted when they hold a comma, a
// quote or a line break, and cells a spreadsheet would evaluate neutralized.
#pragma once

#include <string>
#include <vector>

namespace grader {

// A cell: quoted when needed, and prefixed with ' when it starts with =, +, -, @, a tab or a
// carriage return (OWASP's CSV injection: spreadsheets run such a cell as a formula, quoted or
// not: a submission named =HYPERLINK(...) would be a link), or with ' itself, so that
// csv_text() gives the text back exactly.
std::string csv_field(const std::string& text);
// The text of a cell csv_field() wrote (its leading ' removed), once parsed.
std::string csv_text(const std::string& cell);

struct CsvRow {
  int line = 0;  // where it starts in the file, from 1
  std::vector<std::string> fields;
};

// Rows as csv_field() writes them (CRLF line ends accepted); std::runtime_error when a quoted
// field is never closed or a quote sits inside an unquoted one.
std::vector<CsvRow> parse_csv(const std::string& text);

}  // namespace grader
