#include "course/spoilers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "course/course_files.hpp"
#include "course/file_patterns.hpp"

namespace grader {

namespace {

struct Line {
  std::string text;  // trimmed, white space made one space
  int number = 0;
};

// A region marker of the slides (`// slide: name`, `-- end slide`) or of scripts/starters
// (`// starter: TEXT`, `// starter 07: TEXT`, `// begin solution`, `// end solution`): never shown.
bool slide_marker(const std::string& line) {
  for (const char* comment : {"//", "--", "#"}) {
    if (!starts_with(line, comment)) continue;
    std::string rest = line.substr(std::string(comment).size());
    rest.erase(0, rest.find_first_not_of(' '));
    return starts_with(rest, "slide:") || starts_with(rest, "end slide") ||
           starts_with(rest, "starter:") ||
           (starts_with(rest, "starter ") && rest.find(':') == 10) ||
           starts_with(rest, "begin solution") || starts_with(rest, "end solution");
  }
  return false;
}

// The lines of `text` that say something, in order.
std::vector<Line> meaningful_lines(const std::string& text) {
  std::vector<Line> lines;
  std::istringstream in(text);
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line;
    for (char c : raw) {
      bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
      if (!space) line += c;
      if (space && !line.empty() && line.back() != ' ') line += ' ';
    }
    if (!line.empty() && line.back() == ' ') line.pop_back();
    auto alnum = std::count_if(line.begin(), line.end(),
                               [](unsigned char c) { return std::isalnum(c) != 0; });
    if (alnum < 3 || starts_with(line, "#include") || starts_with(line, "#pragma") ||
        slide_marker(line)) {
      continue;
    }
    lines.push_back({line, number});
  }
  return lines;
}

// Each run of 3 consecutive lines, joined by '\n', with the line numbers of its first and last.
template <typename Visit>
void each_region(const std::vector<Line>& lines, Visit visit) {
  for (std::size_t i = 0; i + 2 < lines.size(); ++i) {
    visit(lines[i].text + "\n" + lines[i + 1].text + "\n" + lines[i + 2].text, lines[i].number,
          lines[i + 2].number);
  }
}

// Every file under a folder, as text.
std::vector<std::string> texts_under(const fs::path& dir) {
  std::vector<std::string> texts;
  if (!fs::is_directory(dir)) return texts;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) texts.push_back(read_all(entry.path()));
  }
  return texts;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The text of an HTML page: tags dropped, entities decoded (the code on a slide is highlighted
// span by span, its quotes written &quot;).
std::string html_text(const std::string& html) {
  static const std::map<std::string, std::string> named = {
      {"quot", "\""}, {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"apos", "'"}, {"nbsp", " "}};
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      std::size_t end = html.find('>', i);
      i = end == std::string::npos ? html.size() : end + 1;
      continue;
    }
    std::size_t semicolon = html[i] == '&' ? html.find(';', i) : std::string::npos;
    if (semicolon != std::string::npos && semicolon - i <= 10) {
      std::string entity = html.substr(i + 1, semicolon - i - 1);
      if (auto it = named.find(entity); it != named.end()) {
        out += it->second;
        i = semicolon + 1;
        continue;
      }
      if (entity.size() > 1 && entity[0] == '#') {
        bool hex = entity[1] == 'x' || entity[1] == 'X';
        std::string digits = entity.substr(hex ? 2 : 1);
        if (!digits.empty() && digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                                            : "0123456789") == std::string::npos) {
          append_utf8(out, std::stoul(digits, nullptr, hex ? 16 : 10));
          i = semicolon + 1;
          continue;
        }
      }
    }
    out += html[i++];
  }
  return out;
}

std::string pdf_text(const fs::path& file) {
  std::string command = "pdftotext -q '" + file.string() + "' - 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string text;
  char buffer[65536];
  for (std::size_t n; pipe && (n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) {
    text.append(buffer, n);
  }
  if (!pipe || pclose(pipe.release()) != 0) {
    throw std::runtime_error("cannot read the text of " + file.string() +
                             ": pdftotext (Debian's poppler-utils) failed or is missing; "
                             "scripts/setup installs it");
  }
  return text;
}

}  // namespace

SolutionRegions::SolutionRegions(const Lab& lab, const std::vector<fs::path>& released) {
  std::set<std::string> given;
  for (const auto& dir : released) {
    for (const auto& text : texts_under(dir)) {
      each_region(meaningful_lines(text),
                  [&](std::string region, int, int) { given.insert(std::move(region)); });
    }
  }
  for (const auto& file : expand_names(lab.student_files, lab.solution_dir, lab.provided_files)) {
    fs::path path = lab.solution_dir / file;
    if (!fs::is_regular_file(path)) continue;
    each_region(meaningful_lines(read_all(path)), [&](std::string region, int first, int last) {
      if (given.count(region)) return;
      regions_.emplace(std::move(region),
                       file + ", lines " + std::to_string(first) + " to " + std::to_string(last));
    });
  }
}

std::optional<std::string> SolutionRegions::found_in(const std::string& text) const {
  std::optional<std::string> found;
  each_region(meaningful_lines(text), [&](const std::string& region, int, int) {
    if (found) return;
    if (auto it = regions_.find(region); it != regions_.end()) found = it->second;
  });
  return found;
}

std::string readable_text(const fs::path& file) {
  std::string ext = file.extension().string();
  if (ext == ".pdf") return pdf_text(file);
  std::string bytes = read_all(file);
  return ext == ".html" ? html_text(bytes) : bytes;
}

}  // namespace grader
