// Reads Hurl files in the course's subset (grader/HURL.md). Anything outside it is an error at
// its line, never ignored: a test that silently checks less than it says is worse than none.
#pragma once

#include <stdexcept>
#include <string>

#include "hurl/ast.hpp"

namespace grader::hurl {

class ParseError : public std::runtime_error {
 public:
  // what() is "path:line: message", as compilers write it, so editors can jump to the line.
  ParseError(const std::string& path, int line, const std::string& message);
  int line() const { return line_; }

 private:
  int line_;
};

// Reads and parses a file; throws ParseError, also when the file cannot be read (line 0).
TestFile parse_file(const std::string& path);

// Parses `text` as if read from `path` (which names the test and prefixes the errors).
TestFile parse_text(const std::string& text, const std::string& path);

}  // namespace grader::hurl
