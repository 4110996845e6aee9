#include "course/cpp_source.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace grader {

namespace {

bool identifier_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
bool identifier_char(unsigned char c) {
  return identifier_start(c) || (c >= '0' && c <= '9');
}
bool digit(unsigned char c) {
  return c >= '0' && c <= '9';
}

// The translation phases that matter to a rule, in one pass: comments, literals, white space.
class Scanner {
 public:
  explicit Scanner(const std::string& source) : src_(source) {}

  CppSource run() {
    while (i_ < src_.size()) {
      char c = src_[i_];
      if (c == '\n') {
        ++line_, ++i_, space_ = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++i_, space_ = true;
      } else if (c == '\\' && at(i_ + 1) == '\n') {  // a line splice
        i_ += 2, ++line_;
      } else if (c == '/' && at(i_ + 1) == '/') {
        line_comment();
      } else if (c == '/' && at(i_ + 1) == '*') {
        block_comment();
      } else if (c == '"' || c == '\'') {
        quoted(i_, i_);
      } else if (identifier_start(static_cast<unsigned char>(c))) {
        identifier();
      } else if (digit(static_cast<unsigned char>(c)) ||
                 (c == '.' && digit(static_cast<unsigned char>(at(i_ + 1))))) {
        number();
      } else {
        emit(i_, i_ + 1, line_, false);
        ++i_;
      }
    }
    return std::move(out_);
  }

 private:
  char at(std::size_t k) const { return k < src_.size() ? src_[k] : '\0'; }

  void emit(std::size_t from, std::size_t to, int line, bool string_literal) {
    if (space_ && !out_.code.empty()) out_.code += ' ';
    out_.token_starts.push_back(out_.code.size());
    out_.token_lines.push_back(line);
    out_.code.append(src_, from, to - from);
    space_ = false;
    after_string_ = string_literal;
  }

  // Up to the end of the line, which a backslash before it continues.
  void line_comment() {
    while (i_ < src_.size() && src_[i_] != '\n') {
      if (src_[i_] == '\\' && at(i_ + 1) == '\n') ++line_, ++i_;
      ++i_;
    }
    space_ = true;
  }

  void block_comment() {
    std::size_t end = src_.find("*/", i_ + 2);
    end = end == std::string::npos ? src_.size() : end + 2;
    line_ += static_cast<int>(std::count(src_.begin() + i_, src_.begin() + end, '\n'));
    i_ = end;
    space_ = true;
  }

  // A string or character literal whose quote is at `quote` (its prefix from `start`), then
  // its suffix (`"..."sv`). One that a line ends ends there.
  void quoted(std::size_t start, std::size_t quote) {
    char q = src_[quote];
    int line = line_;
    std::string value;
    std::size_t k = quote + 1;
    for (; k < src_.size() && src_[k] != q && src_[k] != '\n'; ++k) {
      if (src_[k] != '\\' || k + 1 >= src_.size()) {
        value += src_[k];
        continue;
      }
      char e = src_[++k];
      if (e == '\n') ++line_;
      static constexpr std::array<std::pair<char, char>, 4> escapes{
          {{'n', '\n'}, {'t', '\t'}, {'r', '\r'}, {'0', '\0'}}};
      auto it = std::find_if(escapes.begin(), escapes.end(), [e](auto p) { return p.first == e; });
      if (e != '\n') value += it != escapes.end() ? it->second : e;
    }
    if (k < src_.size() && src_[k] == q) ++k;
    while (k < src_.size() && identifier_char(static_cast<unsigned char>(src_[k]))) ++k;
    if (q == '"') add_string(std::move(value), line);
    emit(start, k, line, q == '"');
    i_ = k;
  }

  // R"delim( ... )delim", its quote at `quote`: nothing inside is escaped or a comment.
  void raw(std::size_t start, std::size_t quote) {
    std::size_t open = src_.find('(', quote + 1);
    std::string delimiter =
        open == std::string::npos ? "" : src_.substr(quote + 1, open - quote - 1);
    if (open == std::string::npos || delimiter.size() > 16 ||
        delimiter.find_first_of(" \\)\t\n\"") != std::string::npos) {
      quoted(start, quote);  // not a raw string after all: the compiler would refuse it
      return;
    }
    int line = line_;
    std::size_t close = src_.find(")" + delimiter + "\"", open + 1);
    std::size_t end = close == std::string::npos ? src_.size() : close + delimiter.size() + 2;
    std::size_t body_end = close == std::string::npos ? src_.size() : close;
    line_ += static_cast<int>(std::count(src_.begin() + start, src_.begin() + end, '\n'));
    while (end < src_.size() && identifier_char(static_cast<unsigned char>(src_[end]))) ++end;
    add_string(src_.substr(open + 1, body_end - open - 1), line);
    emit(start, end, line, true);
    i_ = end;
  }

  // A word, or the prefix of a literal: u8"...", L'x', R"(...)", LR"(...)".
  void identifier() {
    std::size_t k = i_;
    while (k < src_.size() && identifier_char(static_cast<unsigned char>(src_[k]))) ++k;
    std::string word = src_.substr(i_, k - i_);
    char next = at(k);
    bool encoding = word == "L" || word == "u" || word == "U" || word == "u8";
    bool raw_prefix = word == "R" || word == "LR" || word == "uR" || word == "UR" || word == "u8R";
    if (next == '"' && raw_prefix) {
      raw(i_, k);
    } else if ((next == '"' || next == '\'') && encoding) {
      quoted(i_, k);
    } else {
      emit(i_, k, line_, false);
      i_ = k;
    }
  }

  // A preprocessing number: 0x1F, 1'000'000 (a separator, not a character literal), 1e+5.
  void number() {
    std::size_t k = i_ + 1;
    while (k < src_.size()) {
      unsigned char c = static_cast<unsigned char>(src_[k]);
      unsigned char before = static_cast<unsigned char>(src_[k - 1]);
      bool sign = (c == '+' || c == '-') &&
                  (before == 'e' || before == 'E' || before == 'p' || before == 'P');
      bool separator = c == '\'' && identifier_char(static_cast<unsigned char>(at(k + 1)));
      if (!identifier_char(c) && c != '.' && !sign && !separator) break;
      ++k;
    }
    emit(i_, k, line_, false);
    i_ = k;
  }

  void add_string(std::string value, int line) {
    if (after_string_ && !out_.strings.empty()) {
      out_.strings.back().value += value;
    } else {
      out_.strings.push_back({std::move(value), line});
    }
  }

  const std::string& src_;
  std::size_t i_ = 0;
  int line_ = 1;
  bool space_ = false;         // white space or a comment since the last token
  bool after_string_ = false;  // the last token was a string literal
  CppSource out_;
};

}  // namespace

bool is_cpp_file(const std::filesystem::path& file) {
  static const std::array<std::string, 8> extensions{".cpp", ".cc",  ".cxx", ".hpp",
                                                     ".hh",  ".hxx", ".h",   ".ipp"};
  std::string ext = file.extension().string();
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

int CppSource::line_of(std::size_t offset) const {
  auto it = std::upper_bound(token_starts.begin(), token_starts.end(), offset);
  if (it == token_starts.begin()) return token_lines.empty() ? 1 : token_lines.front();
  return token_lines[static_cast<std::size_t>(it - token_starts.begin()) - 1];
}

CppSource read_cpp(const std::string& source) {
  return Scanner(source).run();
}

}  // namespace grader
