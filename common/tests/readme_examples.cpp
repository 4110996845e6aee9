// Writes the C++ examples of common/README.md into one source file that the build compiles, so
// that the documentation cannot drift from the library. Each ```cpp block follows a line
// `<!-- example: KIND -->` saying where it compiles:
//   file     at global scope, in README order (a later block may use an earlier one);
//   app      the body of the constructor of a web::App (routes, hooks, config(), query()...);
//   handler  the body of a handler taking `std::string key`.
// A ```cpp block without it, or of another kind, stops the build naming README.md:LINE.
// Usage: readme_examples README.md OUT.cpp
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: readme_examples README.md OUT.cpp\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot read\n";
    return 1;
  }
  std::ostringstream out;
  out << "// Generated from common/README.md by readme_examples.cpp: every C++ example, compiled.\n"
         "#include <gtest/gtest.h>\n\n"
         "#include <cstdint>\n#include <map>\n#include <mutex>\n#include <optional>\n"
         "#include <string>\n#include <string_view>\n\n"
         "#include <web/app.hpp>\n#include <web/client_test.hpp>\n#include <web/url.hpp>\n\n"
         "using web::json, web::OPEN, web::Error;\n\n";
  std::string line, kind;
  int number = 0, examples = 0, marker_line = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string marker = "<!-- example: ";
    if (line.rfind(marker, 0) == 0) {
      kind = line.substr(marker.size(), line.find(" -->") - marker.size());
      marker_line = number;
      continue;
    }
    if (line != "```cpp") {
      if (!line.empty()) kind.clear();  // a marker stands right above its block
      continue;
    }
    int start = number;
    std::string code;
    while (std::getline(in, line) && line != "```") {
      ++number;
      code += line + "\n";
    }
    ++number;
    std::string where = std::string(argv[1]) + ":" + std::to_string(start);
    out << "// " << where << "\n";
    if (kind == "file") {
      out << code << "\n";
    } else if (kind == "app") {
      out << "struct Example" << start << " : web::App {\n  Example" << start
          << "() : web::App(\"example\") {\n"
          << code << "  }\n};\n\n";
    } else if (kind == "handler") {
      out << "[[maybe_unused]] web::Response example" << start << "(const std::string& key) {\n"
          << code << "}\n\n";
    } else {
      std::cerr << where << ": a ```cpp block needs a line <!-- example: file|app|handler --> "
                << "right above it" << (marker_line ? "" : " (none found)") << "\n";
      return 1;
    }
    ++examples;
    kind.clear();
  }
  std::ofstream(argv[2]) << out.str();
  std::cout << "readme_examples: " << examples << " examples from " << argv[1] << "\n";
  return 0;
}
