// interface_check README.md DOC.json: the differences between a lab statement's interface table
// and an OpenAPI document, one per line; exit status 1 when there are any (2: unreadable).
#include <fstream>
#include <iostream>
#include <sstream>

#include "grading/interface_check.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: interface_check README.md DOC.json\n";
    return 2;
  }
  std::ifstream readme(argv[1]), doc(argv[2]);
  if (!readme || !doc) {
    std::cerr << "interface_check: cannot read " << (readme ? argv[2] : argv[1]) << "\n";
    return 2;
  }
  std::stringstream text;
  text << readme.rdbuf();
  auto rows = grader::interface_table(text.str());
  auto differences = grader::compare_interface(rows, nlohmann::ordered_json::parse(doc));
  for (const auto& d : differences) std::cout << d << "\n";
  std::cout << argv[2] << ": " << rows.size() << " row(s) of the table, " << differences.size()
            << " difference(s)\n";
  return differences.empty() ? 0 : 1;
}
