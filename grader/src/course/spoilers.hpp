// What an export must not hold while a lab is open: any region of that lab's reference
// solution (a deck that prints it, a README that quotes it). Its solution comes out with the
// next lab, whose starter holds it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "course/lab.hpp"

namespace grader {

namespace fs = std::filesystem;

// The regions of a lab's reference solution (its student files under solutions/NN-name/): any
// 3 consecutive lines that say something (trimmed, white space made one space; at least three
// letters or digits; no #include, #pragma or slide marker), unless a released lab's folder
// (`released`: starters, statements, tests, what students have anyway) holds them too.
class SolutionRegions {
 public:
  SolutionRegions(const Lab& lab, const std::vector<fs::path>& released);

  // The first region that `text` holds, as "app.cpp, lines 12 to 14", or nothing.
  std::optional<std::string> found_in(const std::string& text) const;

 private:
  std::map<std::string, std::string> regions_;  // its 3 lines, joined by '\n' -> where
};

// What a reader sees of a file: an HTML file without its tags, entities decoded; a PDF's text
// (Debian's pdftotext, poppler-utils: std::runtime_error when it is missing); others as they are.
std::string readable_text(const fs::path& file);

}  // namespace grader
