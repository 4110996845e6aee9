// A C++ file as a source check reads it: tokenized, so that a rule grades code, not text. A
// comment is not code, and the words of a string literal (an error message, a stub's "lab 03:
// DELETE /things") are not code either: they are the literal's value, which a rule may read
// on its own (the SQL a handler would run).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace grader {

// .cpp, .hpp and their other spellings: the files a source check tokenizes.
bool is_cpp_file(const std::filesystem::path& file);

struct CppSource {
  // The code: comments dropped, every run of white space (newlines included) made one space,
  // literals kept as written (quotes, prefixes and escapes), so `get(\n  "/stuff"` is
  // `get( "/stuff"`.
  std::string code;
  // The value of each string literal, where it starts; adjacent literals are one value, as
  // the compiler joins them ("SELECT a " "FROM b"); raw strings as written between the
  // parentheses, escapes decoded in the others.
  struct Literal {
    std::string value;
    int line = 0;
  };
  std::vector<Literal> strings;
  std::vector<std::size_t> token_starts;  // where each token starts in code, ascending
  std::vector<int> token_lines;           // the source line of each (from 1)

  // The source line of the token that holds code[offset].
  int line_of(std::size_t offset) const;
};

// Never throws: an unterminated literal or comment ends at the end of its line or file.
CppSource read_cpp(const std::string& source);

}  // namespace grader
