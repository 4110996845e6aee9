// grader export: the course as students get it: the files listed in course_files.cpp (never
// "everything but"), the labs up to --until, the released slides; in English (the default) or
// in French (--lang fr): each X.fr.md then becomes X.md in place of the English X.md.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "commands/setup.hpp"
#include "course/course_files.hpp"
#include "course/lab.hpp"
#include "course/language.hpp"
#include "course/spoilers.hpp"

namespace grader {

namespace {

// The README students get at the root of their copy: it describes their commands.
const std::string student_readme = "grader/export/README.md";

// "labs/01-rest/README.fr.md" is the French edition of "labs/01-rest/README.md": the `.fr`
// before the extension (slides/NAME.fr.md, NAME.fr.dot).
bool is_french_edition(const std::string& file) {
  fs::path path(file);
  return fs::path(path.stem()).extension() == ".fr";
}

// The English file a French edition stands for: "a/README.fr.md" -> "a/README.md".
std::string english_name(const std::string& french) {
  fs::path path(french);
  return (path.parent_path() / (fs::path(path.stem()).stem().string() + path.extension().string()))
      .string();
}

// The French edition of an English file: "a/README.md" -> "a/README.fr.md".
std::string french_name(const std::string& english) {
  fs::path path(english);
  return (path.parent_path() / (path.stem().string() + ".fr" + path.extension().string())).string();
}

// labs/NN-name/... of an exported lab, or a course file (course_files.hpp).
bool exported(const std::string& file, const std::set<std::string>& labs) {
  if (is_course_file(file)) return true;
  std::smatch lab;
  static const std::regex lab_file("labs/([^/]+)/.*");
  return std::regex_match(file, lab, lab_file) && labs.count(lab[1]);
}

// The code of a Markdown text, as [begin, end) offsets: its fenced blocks and inline code spans,
// where `[this](const Request& r)` is C++, not a link.
std::vector<std::pair<std::size_t, std::size_t>> code_spans(const std::string& markdown) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t fence = std::string::npos;  // where the open fenced block starts
  for (std::size_t at = 0; at < markdown.size();) {
    std::size_t end = std::min(markdown.find('\n', at), markdown.size());
    std::string_view line(markdown.data() + at, end - at);
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with("```")) {
      if (fence == std::string::npos) {
        fence = at;
      } else {
        spans.emplace_back(fence, end);
        fence = std::string::npos;
      }
    } else if (fence == std::string::npos) {
      for (std::size_t open = line.find('`'); open != std::string_view::npos;) {
        std::size_t close = line.find('`', open + 1);
        if (close == std::string_view::npos) break;
        spans.emplace_back(at + open, at + close + 1);
        open = line.find('`', close + 1);
      }
    }
    at = end + 1;
  }
  if (fence != std::string::npos) spans.emplace_back(fence, markdown.size());
  return spans;
}

// Links into what is not exported yet: a lab folder keeps its text only; a deck's source
// (slides/NN-name.md, never exported: it includes code from the solutions) becomes its rendered
// HTML when that deck is exported, else its text only; a link to any other file the export does
// not hold (the authors' manuals) keeps its text only. Code is left as it is. In a French export, a
// link to a French edition (X.fr.md) is a link to the X.md it became.
std::string rewrite_links(const std::string& markdown, const fs::path& file_dir,
                          const fs::path& out_dir, Language language) {
  static const std::regex link(R"(\[([^\]]*)\]\(([^)#\s]+)([^)]*)\))");
  const std::string labs = (out_dir / "labs").string() + "/";
  const std::string slides = (out_dir / "slides").string() + "/";
  const auto code = code_spans(markdown);
  auto in_code = [&](std::size_t at) {
    return std::any_of(code.begin(), code.end(),
                       [&](const auto& span) { return span.first <= at && at < span.second; });
  };
  std::string out;
  auto last = markdown.cbegin();
  for (std::sregex_iterator it(markdown.begin(), markdown.end(), link), end; it != end; ++it) {
    const std::smatch& m = *it;
    if (in_code(static_cast<std::size_t>(m.position(0)))) continue;
    out.append(last, m[0].first);
    last = m[0].second;
    std::string target = m[2];
    // A French file links to French editions (02-rest.fr.md), which the export renamed.
    if (language == Language::fr && is_french_edition(target)) target = english_name(target);
    const std::string as_written = "[" + m[1].str() + "](" + target + m[3].str() + ")";
    fs::path resolved = (file_dir / target).lexically_normal();
    std::string path = resolved.string();
    if (target.find("://") != std::string::npos) {
      out += m[0].str();
    } else if (starts_with(path, labs) &&
               !fs::exists(labs +
                           path.substr(labs.size(), path.find('/', labs.size()) - labs.size()))) {
      out += m[1].str() + say(language, " (not released yet)", " (pas encore publié)");
    } else if (starts_with(path, slides) && resolved.extension() == ".md" &&
               resolved.filename() != "README.md") {
      fs::path html = fs::path(resolved).replace_extension(".html");
      out += fs::exists(html)
                 ? "[" + m[1].str() + "](" + fs::path(target).replace_extension(".html").string() +
                       m[3].str() + ")"
                 : m[1].str() + say(language, " (not released yet)", " (pas encore publié)");
    } else if (!fs::exists(resolved)) {
      out += m[1].str();
    } else {
      out += as_written;
    }
  }
  out.append(last, markdown.cend());
  return out;
}

// The slides, as students read them: each released deck rendered (HTML and PDF, from this
// build's `make slides`), and an index. A deck is released unless it is the chapter of a lab
// that is not exported; the chapter of the last lab exported, still open, comes without that
// lab's answer when it shows some (the slides' site/open/: see slides/tools/build.mjs). In
// French, each deck is its French edition (slides/NN-name.fr.md, rendered into site/fr/).
void export_slides(const fs::path& root, const fs::path& english_site,
                   const std::set<std::string>& labs, const fs::path& out, Language language) {
  std::set<std::string> unreleased;
  for (const auto& name : lab_names(root)) {
    if (!labs.count(name)) unreleased.insert(load_lab(root, name).chapter);
  }
  std::string open_chapter = load_lab(root, *labs.rbegin()).chapter;
  const bool french = language == Language::fr;
  const fs::path site = french ? english_site / "fr" : english_site;
  std::vector<fs::path> decks;  // the English sources: slides/NN-name.md
  if (!fs::is_directory(root / "slides")) return;
  for (const auto& entry : fs::directory_iterator(root / "slides")) {
    std::string stem = entry.path().stem().string();
    if (entry.path().extension() == ".md" && std::isdigit(static_cast<unsigned char>(stem[0])) &&
        !is_french_edition(entry.path().filename().string()) && !unreleased.count(stem)) {
      decks.push_back(entry.path());
    }
  }
  if (decks.empty()) return;
  std::sort(decks.begin(), decks.end());
  std::string index =
      french ? "# Supports de cours\n\nLe cours, un support par chapitre : ouvrez le fichier HTML "
               "d'un support dans un\nnavigateur (il fonctionne hors ligne ; les flèches "
               "avancent, `f` passe en plein écran) ou\nimprimez son PDF. Les chapitres des TP "
               "suivants arrivent avec eux.\n\n| chapitre | diapositives | à imprimer "
               "|\n|---|---|---|\n"
             : "# Slides\n\nThe course, one deck per chapter: open a deck's HTML file in a "
               "browser (it works\noffline; the arrow keys move, `f` is full screen) or print "
               "its PDF. The chapters of later\nlabs come with them.\n\n| chapter | slides | to "
               "print |\n|---|---|---|\n";
  for (const auto& english : decks) {
    std::string stem = english.stem().string();
    fs::path deck = french ? root / "slides" / (stem + ".fr.md") : english;
    if (!fs::exists(deck)) {
      throw std::runtime_error("no French edition of slides/" + stem + ".md (slides/" + stem +
                               ".fr.md): a French export needs every deck it releases in French");
    }
    fs::path from =
        stem == open_chapter && fs::exists(site / "open" / (stem + ".html")) ? site / "open" : site;
    for (const char* ext : {".html", ".pdf"}) {
      fs::path rendered = from / (stem + ext);
      if (!fs::exists(rendered)) {
        throw std::runtime_error(
            std::string(french ? "the French slides are not built" : "the slides are not built") +
            " (no " + rendered.string() + "): `make export` builds them (see grader/README.md)");
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
  const Language language = language_named(s.lang.value_or("en"));
  const bool french = language == Language::fr;
  const std::set<std::string> tracked(files.begin(), files.end());

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
  // English: no French edition leaves. French: each French edition (X.fr.md) replaces its
  // English file (X.md), which stays only where no French edition exists (grader/HURL.md).
  std::vector<std::string> english_kept;  // in a French export: Markdown without French edition
  for (const auto& f : files) {
    if (!exported(f, labs)) continue;
    if (is_french_edition(f)) {
      if (french) write(f, english_name(f));
    } else if (!french || !tracked.count(french_name(f))) {
      write(f, f);
      if (french && fs::path(f).extension() == ".md") english_kept.push_back(f);
    }
  }
  std::string readme = french ? french_name(student_readme) : student_readme;
  if (!tracked.count(readme)) {
    throw std::runtime_error("no " + readme + ": the export's README in that language");
  }
  write(readme, "README.md");
  // The course's language: the grader's reports (grader/lang) and `make help` follow it.
  std::ofstream(out / "grader" / "lang") << (french ? "fr" : "en") << "\n";
  if (fs::exists(out / "CMakePresets.json")) keep_student_presets(out / "CMakePresets.json");
  // The build folder the grader runs from (build/<preset>/grader/grader) holds the slides.
  export_slides(s.root, s.toolchain.parent_path().parent_path() / "slides" / "site", labs, out,
                language);
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (entry.path().extension() != ".md") continue;
    std::string text = read_all(entry.path());
    std::string unlinked = rewrite_links(text, entry.path().parent_path(), out, language);
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
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (is_french_edition(entry.path().filename().string())) {
      throw std::runtime_error("export check failed: " + fs::relative(entry.path(), out).string() +
                               " is a French edition, which an export renames or leaves out");
    }
  }
  check_configures(out);
  cleanup.done = true;
  std::string kept;
  for (const auto& f : english_kept) kept += (kept.empty() ? "" : ", ") + f;
  std::cout << "exported " << copied << " files"
            << (french ? " in French (kept in English: " + kept + ")" : "") << " to "
            << out.string() << ": labs " << *labs.begin() << " to " << last
            << ", without solutions, hidden tests or lab " << last.substr(0, 2)
            << "'s answer (checked: it configures)\n";
  return 0;
}

}  // namespace grader
