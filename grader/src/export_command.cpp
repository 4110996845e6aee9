// grader export: the course as students get it: the files listed in course_files.cpp (never
// "everything but"), the labs up to --until, the released slides.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "course_files.hpp"
#include "lab.hpp"
#include "setup.hpp"
#include "spoilers.hpp"

namespace grader {

namespace {

// The README students get at the root of their copy: it describes their commands.
const std::string student_readme = "grader/export/README.md";

// labs/NN-name/... of an exported lab, or a course file (course_files.hpp).
bool exported(const std::string& file, const std::set<std::string>& labs) {
  if (is_course_file(file)) return true;
  std::smatch lab;
  static const std::regex lab_file("labs/([^/]+)/.*");
  return std::regex_match(file, lab, lab_file) && labs.count(lab[1]);
}

// Links into what is not exported yet: a lab folder keeps its text only; a deck's source
// (slides/NN-name.md, never exported: it includes code from the solutions) becomes its rendered
// HTML when that deck is exported, else its text only; a link to any other file the export does
// not hold (the authors' manuals) keeps its text only.
std::string rewrite_links(const std::string& markdown, const fs::path& file_dir,
                          const fs::path& out_dir) {
  static const std::regex link(R"(\[([^\]]*)\]\(([^)#\s]+)([^)]*)\))");
  const std::string labs = (out_dir / "labs").string() + "/";
  const std::string slides = (out_dir / "slides").string() + "/";
  std::string out;
  auto last = markdown.cbegin();
  for (std::sregex_iterator it(markdown.begin(), markdown.end(), link), end; it != end; ++it) {
    const std::smatch& m = *it;
    out.append(last, m[0].first);
    last = m[0].second;
    std::string target = m[2];
    fs::path resolved = (file_dir / target).lexically_normal();
    std::string path = resolved.string();
    if (target.find("://") != std::string::npos) {
      out += m[0].str();
    } else if (starts_with(path, labs) &&
               !fs::exists(labs +
                           path.substr(labs.size(), path.find('/', labs.size()) - labs.size()))) {
      out += m[1].str() + " (not released yet)";
    } else if (starts_with(path, slides) && resolved.extension() == ".md" &&
               resolved.filename() != "README.md") {
      fs::path html = fs::path(resolved).replace_extension(".html");
      out += fs::exists(html)
                 ? "[" + m[1].str() + "](" + fs::path(target).replace_extension(".html").string() +
                       m[3].str() + ")"
                 : m[1].str() + " (not released yet)";
    } else if (!fs::exists(resolved)) {
      out += m[1].str();
    } else {
      out += m[0].str();
    }
  }
  out.append(last, markdown.cend());
  return out;
}

// The slides, as students read them: each released deck rendered (HTML and PDF, from this
// build's `make slides`), and an index. A deck is released unless it is the chapter of a lab
// that is not exported; the chapter of the last lab exported, still open, comes without that
// lab's answer when it shows some (the slides' site/open/: see slides/tools/build.mjs).
void export_slides(const fs::path& root, const fs::path& site, const std::set<std::string>& labs,
                   const fs::path& out) {
  std::set<std::string> unreleased;
  for (const auto& name : lab_names(root)) {
    if (!labs.count(name)) unreleased.insert(load_lab(root, name).chapter);
  }
  std::string open_chapter = load_lab(root, *labs.rbegin()).chapter;
  std::vector<fs::path> decks;
  if (!fs::is_directory(root / "slides")) return;
  for (const auto& entry : fs::directory_iterator(root / "slides")) {
    std::string stem = entry.path().stem().string();
    // NN-name.md, not its French twin NN-name.fr.md (rendered into the site's fr/).
    if (entry.path().extension() == ".md" && std::isdigit(static_cast<unsigned char>(stem[0])) &&
        stem.find('.') == std::string::npos && !unreleased.count(stem)) {
      decks.push_back(entry.path());
    }
  }
  if (decks.empty()) return;
  std::sort(decks.begin(), decks.end());
  std::string index =
      "# Slides\n\nThe course, one deck per chapter: open a deck's HTML file in a browser (it "
      "works\noffline; the arrow keys move, `f` is full screen) or print its PDF. The chapters "
      "of later\nlabs come with them.\n\n| chapter | slides | to print |\n|---|---|---|\n";
  for (const auto& deck : decks) {
    std::string stem = deck.stem().string();
    fs::path from =
        stem == open_chapter && fs::exists(site / "open" / (stem + ".html")) ? site / "open" : site;
    for (const char* ext : {".html", ".pdf"}) {
      fs::path rendered = from / (stem + ext);
      if (!fs::exists(rendered)) {
        throw std::runtime_error("the slides are not built (no " + rendered.string() +
                                 "): `make export` builds them (see grader/README.md)");
      }
      fs::create_directories(out / "slides");
      fs::copy_file(rendered, out / "slides" / (stem + ext));
    }
    std::ifstream in(deck);
    std::string title;
    for (std::string line; std::getline(in, line);) {
      if (starts_with(line, "# ")) {
        title = line.substr(2);
        break;
      }
    }
    index += "| " + std::to_string(std::atoi(stem.c_str())) + ". " + title + " | [" + stem +
             ".html](" + stem + ".html) | [PDF](" + stem + ".pdf) |\n";
  }
  std::ofstream(out / "slides" / "README.md") << index;
}

// The presets of the export: those whose build names no solution (the authors' clang preset
// builds lab 08's solution, which a student's copy does not hold), with their test presets.
void keep_student_presets(const fs::path& file) {
  auto presets = nlohmann::ordered_json::parse(read_all(file));
  std::set<std::string> dropped;
  for (const auto& build : presets["buildPresets"]) {
    for (const auto& target : build.value("targets", nlohmann::json::array())) {
      if (starts_with(target.get<std::string>(), "solutions_")) {
        dropped.insert(build["configurePreset"].get<std::string>());
      }
    }
  }
  for (const char* kind : {"configurePresets", "buildPresets", "testPresets"}) {
    auto& list = presets[kind];
    for (auto it = list.begin(); it != list.end();) {
      const char* key = std::string(kind) == "configurePresets" ? "name" : "configurePreset";
      it = dropped.count((*it)[key].get<std::string>()) ? list.erase(it) : it + 1;
    }
  }
  std::ofstream(file, std::ios::binary) << presets.dump(2) << "\n";
}

// A failed export leaves its folder as it found it (absent, or empty), so that the next attempt
// may write there: a half-written course is no release.
struct LeftAsFound {
  fs::path out;
  bool existed;
  bool done = false;
  ~LeftAsFound() {
    if (done) return;
    std::error_code ignored;
    if (!existed) fs::remove_all(out, ignored);
    for (const auto& entry : fs::directory_iterator(out, ignored)) {
      fs::remove_all(entry.path(), ignored);
    }
  }
};

// Whether the exported tree configures with CMake (as a student's first command does).
void check_configures(const fs::path& out) {
  fs::path build = fs::temp_directory_path() / ("grader-export-check-" + std::to_string(getpid()));
  std::string command = "cmake -S '" + out.string() + "' -B '" + build.string() +
                        "' -G Ninja -DCMAKE_BUILD_TYPE=Debug > '" + build.string() + ".log' 2>&1";
  fs::create_directories(build);
  int status = std::system(command.c_str());
  std::string log = read_all(build.string() + ".log");
  std::error_code ignored;
  fs::remove_all(build, ignored);
  fs::remove(build.string() + ".log", ignored);
  if (status != 0) {
    throw std::runtime_error("the export does not configure with CMake:\n" + log);
  }
}

}  // namespace

int export_command(const Settings& given) {
  Settings s = given;
  if (!s.out) throw std::invalid_argument("export needs --out DIR");
  prepare(s);
  fs::path out = fs::absolute(*s.out).lexically_normal();
  if (fs::exists(out) && !fs::is_empty(out)) {
    throw std::invalid_argument(out.string() + " exists and is not empty");
  }
  LeftAsFound cleanup{out, fs::exists(out)};
  // --until 5, 05 or 05-cruds: the labs numbered up to 05.
  std::smatch number;
  if (!s.until.empty() && !std::regex_match(s.until, number, std::regex(R"((\d{1,2})(-.*)?)"))) {
    throw std::invalid_argument("--until takes a lab number, e.g. 05");
  }
  int until = s.until.empty() ? 99 : std::stoi(number[1]);
  std::set<std::string> labs;
  for (const auto& name : lab_names(s.root)) {
    if (std::atoi(name.c_str()) <= until) labs.insert(name);
  }
  if (labs.empty()) throw std::invalid_argument("no lab numbered up to " + s.until);
  std::vector<std::string> files = tracked_files(s.root);

  // Hidden tests, by content, to prove none leaves through another path.
  std::set<std::string> hidden;
  for (const auto& f : files) {
    if (starts_with(f, "grader/tests/")) hidden.insert(read_all(s.root / f));
  }
  std::size_t copied = 0;
  auto write = [&](const std::string& from, const std::string& to) {
    std::string content = read_all(s.root / from);
    if (hidden.count(content)) {
      throw std::runtime_error("export refused: " + from + " holds a hidden test's content");
    }
    fs::path target = out / to;
    fs::create_directories(target.parent_path());
    fs::copy_file(s.root / from, target);
    fs::permissions(target, fs::status(s.root / from).permissions());
    ++copied;
  };
  for (const auto& f : files) {
    if (exported(f, labs)) write(f, f);
  }
  write(student_readme, "README.md");
  if (fs::exists(out / "CMakePresets.json")) keep_student_presets(out / "CMakePresets.json");
  // The build folder the grader runs from (build/<preset>/grader/grader) holds the slides.
  export_slides(s.root, s.toolchain.parent_path().parent_path() / "slides" / "site", labs, out);
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (entry.path().extension() != ".md") continue;
    std::string text = read_all(entry.path());
    std::string unlinked = rewrite_links(text, entry.path().parent_path(), out);
    if (unlinked != text) std::ofstream(entry.path(), std::ios::binary) << unlinked;
  }

  // The check, on what was written: no hidden test or solution, by path or by content; no
  // region of the open lab's solution, in any file (a deck, a README); and the tree configures.
  std::string last = *labs.rbegin();
  std::vector<fs::path> released;
  for (const auto& name : labs) released.push_back(s.root / "labs" / name);
  SolutionRegions answer(load_lab(s.root, last), released);
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (!entry.is_regular_file()) continue;
    std::string relative = fs::relative(entry.path(), out).string();
    if (starts_with(relative, "solutions/") || starts_with(relative, "grader/tests/") ||
        hidden.count(read_all(entry.path()))) {
      throw std::runtime_error("export check failed: " + relative + " must not be exported");
    }
    if (auto region = answer.found_in(readable_text(entry.path()))) {
      throw std::runtime_error("export check failed: " + relative + " holds solutions/" + last +
                               "/" + *region + " (lab " + last +
                               " is open: its answer comes out with the next lab)");
    }
  }
  check_configures(out);
  cleanup.done = true;
  std::cout << "exported " << copied << " files to " << out.string() << ": labs " << *labs.begin()
            << " to " << last << ", without solutions, hidden tests or lab " << last.substr(0, 2)
            << "'s answer (checked: it configures)\n";
  return 0;
}

}  // namespace grader
