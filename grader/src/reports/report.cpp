#include "reports/report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "reports/csv.hpp"

namespace grader {

namespace {

std::string indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '\n' && i + 1 < text.size()) out += pad;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

// "1.5" as the report's language writes it: "1,5" in French.
std::string decimal(Language l, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  std::string out = text;
  if (l == Language::fr) std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

std::string interface_text(const Grade& grade) {
  std::string text = say(grade.language,
                         "Your routes against the statement's interface table (your server's "
                         "--openapi document; no points, the tests grade):\n",
                         "Vos routes face au tableau d'interface de l'énoncé (le document de "
                         "--openapi de votre serveur ; sans points, ce sont les tests qui "
                         "notent) :\n");
  for (const auto& line : grade.interface) text += "- " + line + "\n";
  return text;
}

std::string summary(const Grade& grade) {
  Language l = grade.language;
  int public_total = 0, public_passed = 0, hidden_total = 0, hidden_passed = 0;
  for (const auto& t : grade.tests) {
    (t.hidden ? hidden_total : public_total) += 1;
    (t.hidden ? hidden_passed : public_passed) += t.passed ? 1 : 0;
  }
  std::ostringstream out;
  out << say(l, "Score ", "Note ") << grade.score() << "/" << grade.max_score()
      << say(l, ". Public tests: ", ". Tests publics : ") << public_passed << "/" << public_total
      << say(l, " passed.", " réussis.");
  if (hidden_total > 0) {
    out << say(l, " Hidden tests: ", " Tests cachés : ") << hidden_passed << "/" << hidden_total
        << say(l, " passed.", " réussis.");
  }
  if (!grade.built) out << "\n\n" << grade.build_feedback;
  if (!grade.build_warnings.empty()) {
    out << say(l, "\n\nThe compiler's warnings (they do not fail the build, but read them):\n",
               "\n\nLes avertissements du compilateur (ils ne font pas échouer la compilation, "
               "mais lisez-les) :\n")
        << grade.build_warnings;
  }
  if (!grade.interface.empty()) out << "\n\n" << interface_text(grade);
  return out.str();
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;  // not allowed in XML
        out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string gradebook_column(const std::string& file, const std::string& name) {
  return file.ends_with(".hurl") ? file : file + ": " + name;
}

void print_grade(std::ostream& out, const Grade& grade, bool color) {
  const char* green = color ? "\033[32m" : "";
  const char* red = color ? "\033[31m" : "";
  const char* reset = color ? "\033[0m" : "";
  Language l = grade.language;
  std::string first_line = summary(grade).substr(0, summary(grade).find('\n'));
  std::string engine =
      grade.engine == "none" ? say(l, "none in this lab", "aucune dans ce TP") : grade.engine;
  out << say(l, "lab:        ", "TP :              ") << grade.lab << " (" << grade.lab_title
      << ")\n"
      << say(l, "submission: ", "rendu :           ") << grade.submission << "\n"
      << say(l, "database:   ", "base de données : ") << engine << "\n"
      << say(l, "result:     ", "résultat :        ") << first_line << "\n\n";
  if (!grade.built) out << indent(grade.build_feedback, "  ");
  if (!grade.build_warnings.empty()) {
    out << say(l, "  the compiler's warnings (they do not fail the build, but read them):\n",
               "  les avertissements du compilateur (ils ne font pas échouer la compilation, "
               "mais lisez-les) :\n")
        << indent(grade.build_warnings, "    ");
  }
  if (!grade.interface.empty()) out << indent(interface_text(grade), "  ");
  // PASS and FAIL, or RÉUSSI and ÉCHEC: the same width on a terminal.
  const std::string pass = say(l, "PASS ", "RÉUSSI "), fail = say(l, "FAIL ", "ÉCHEC  ");
  for (const auto& t : grade.tests) {
    char points[32];
    std::snprintf(points, sizeof points, "%2d/%-2d", t.points, t.max_points);
    out << (t.passed ? green : red) << (t.passed ? pass : fail) << reset << points << " " << t.file
        << (t.hidden ? say(l, " (hidden)", " (caché)") : "") << say(l, ": ", " : ") << t.name
        << "\n";
    if (!t.passed && !t.output.empty()) out << indent(t.output, "      ");
  }
  out << first_line
      << say(l, " (build ", " (compilation ") + decimal(l, grade.build_seconds) + " s, "
      << grade.build_compiled << say(l, " of ", " fichiers compilés sur ") << grade.build_sources
      << say(l, " files compiled, total ", ", total ") << decimal(l, grade.seconds) << " s)\n";
}

nlohmann::json gradescope_json(const Grade& grade, const std::string& hidden_visibility) {
  nlohmann::json tests = nlohmann::json::array();
  int number = 0;
  for (const auto& t : grade.tests) {
    bool later = (t.hidden && !t.feedback_at_once) || t.feedback_after_due_date;
    std::string visibility = later ? hidden_visibility : "visible";
    tests.push_back({{"score", t.points},
                     {"max_score", t.max_points},
                     {"status", t.passed ? "passed" : "failed"},
                     {"name", t.name},
                     {"number", std::to_string(++number)},
                     {"output", t.passed ? "" : t.output},
                     {"output_format", "text"},
                     {"tags", {t.hidden ? "hidden" : "public"}},
                     {"visibility", visibility},
                     {"extra_data", {{"file", t.file}, {"seconds", t.seconds}}}});
  }
  return {{"score", grade.score()},
          {"execution_time", static_cast<int>(grade.seconds + 0.5)},
          {"output", summary(grade)},
          {"output_format", "text"},
          {"visibility", "visible"},
          {"stdout_visibility", "hidden"},
          {"extra_data",
           {{"lab", grade.lab},
            {"max_score", grade.max_score()},
            {"build_seconds", grade.build_seconds}}},
          {"tests", tests}};
}

std::string junit_xml(const Grade& grade) {
  int failures = 0;
  for (const auto& t : grade.tests) failures += t.passed ? 0 : 1;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites>\n<testsuite name=\"" << xml_escape(grade.lab + "/" + grade.submission)
      << "\" tests=\"" << grade.tests.size() << "\" failures=\"" << failures << "\" time=\""
      << grade.seconds << "\">\n";
  for (const auto& t : grade.tests) {
    out << "  <testcase classname=\"" << xml_escape(grade.lab) << "\" name=\""
        << xml_escape(t.file + ": " + t.name) << "\" time=\"" << t.seconds << "\">";
    if (!t.passed) {
      out << "\n    <failure message=\"failed (" << t.max_points << " points)\">"
          << xml_escape(t.output) << "</failure>\n  ";
    }
    out << "</testcase>\n";
  }
  out << "</testsuite>\n</testsuites>\n";
  return out.str();
}

std::string csv_gradebook(const std::vector<Grade>& grades) {
  std::vector<std::string> columns;  // every test, in the order first seen
  std::set<std::string> seen;
  for (const auto& g : grades) {
    for (const auto& t : g.tests) {
      std::string column = gradebook_column(t.file, t.name);
      if (seen.insert(column).second) columns.push_back(column);
    }
  }
  std::ostringstream out;
  out << "submission,score,max";
  for (const auto& c : columns) out << "," << csv_field(c);
  out << "\n";
  for (const auto& g : grades) {
    std::map<std::string, int> points;
    for (const auto& t : g.tests) points[gradebook_column(t.file, t.name)] = t.points;
    out << csv_field(g.submission) << "," << g.score() << "," << g.max_score();
    for (const auto& c : columns) {
      out << ",";
      if (auto it = points.find(c); it != points.end()) out << it->second;
    }
    out << "\n";
  }
  return out.str();
}

nlohmann::json json_gradebook(const std::string& lab, const std::vector<Grade>& grades,
                              const std::vector<std::string>& errors,
                              const std::string& hidden_visibility) {
  nlohmann::json submissions = nlohmann::json::array();
  for (std::size_t i = 0; i < grades.size(); ++i) {
    nlohmann::json entry = {{"submission", grades[i].submission}};
    if (i < errors.size() && !errors[i].empty()) {
      entry["error"] = errors[i];
    } else {
      entry["results"] = gradescope_json(grades[i], hidden_visibility);
    }
    submissions.push_back(entry);
  }
  return {{"lab", lab}, {"submissions", submissions}};
}

}  // namespace grader
