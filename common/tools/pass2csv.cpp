// pass2csv: "login password [flags]" lines (users.in) to "login","<bcrypt hash>",flags CSV rows
// for a COPY ... (FORMAT csv), as the Python course's pass2csv.py. Blank lines and # comments are
// skipped; the flags, the rest of the line, are copied as they are (raw CSV: TRUE, a,b,c).
//
//   pass2csv [--cost N] [FILE...] < users.in > users.csv     (cost 4 by default; no FILE: stdin)
#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <web/password.hpp>

namespace {

constexpr std::string_view blanks = " \t\r";

// The first blank-separated word of `text`, removed from it.
std::string_view next_word(std::string_view& text) {
  auto start = text.find_first_not_of(blanks);
  if (start == std::string_view::npos) start = text.size();
  auto end = std::min(text.find_first_of(blanks, start), text.size());
  auto word = text.substr(start, end - start);
  text.remove_prefix(end);
  return word;
}

std::string_view trim(std::string_view text) {
  auto start = text.find_first_not_of(blanks);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(blanks) - start + 1);
}

// An RFC 4180 quoted field: "a ""b""".
std::string quoted(std::string_view text) {
  std::string field = "\"";
  for (char c : text) {
    if (c == '"') field += '"';
    field += c;
  }
  return field + '"';
}

// Converts one input; a line without a password throws std::invalid_argument "name:line: ...".
void convert(std::istream& in, const std::string& name, int cost) {
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view rest = trim(line);
    if (rest.empty() || rest.front() == '#') continue;
    auto login = next_word(rest), password = next_word(rest);
    if (password.empty())
      throw std::invalid_argument(name + ":" + std::to_string(number) +
                                  ": expected \"login password [flags]\"");
    std::cout << quoted(login) << ',' << quoted(web::hash_password(password, cost)) << ','
              << trim(rest) << '\n';
  }
}

int parse_cost(std::string_view text) {
  int cost = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), cost);
  if (error != std::errc() || end != text.data() + text.size() || cost < 4 || cost > 31)
    throw std::invalid_argument("--cost wants an integer in 4..31, not \"" + std::string(text) +
                                "\"");
  return cost;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    int cost = 4;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
      std::string_view arg = argv[i];
      if (arg == "--cost" && i + 1 < argc)
        cost = parse_cost(argv[++i]);
      else if (arg.starts_with("-") && arg != "-")
        throw std::invalid_argument("usage: pass2csv [--cost N] [FILE...]");
      else
        files.emplace_back(arg);
    }
    if (files.empty()) files.emplace_back("-");
    for (const auto& file : files) {
      if (file == "-") {
        convert(std::cin, "<stdin>", cost);
        continue;
      }
      std::ifstream in(file);
      if (!in) throw std::invalid_argument(file + ": cannot open");
      convert(in, file, cost);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "pass2csv: " << e.what() << '\n';
    return 1;
  }
}
