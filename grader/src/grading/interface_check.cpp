#include "grading/interface_check.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace grader {

namespace {

std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t");
  std::size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool code = false;
  for (std::size_t i = 1; i < line.size(); ++i) {  // after the leading '|'
    char c = line[i];
    if (c == '`') code = !code;
    if (c == '|' && !code) {
      out.push_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  return out;
}

// The `quoted` parts of a text.
std::vector<std::string> quoted_parts(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = text.find('`', i)) != std::string::npos) {
    std::size_t end = text.find('`', i + 1);
    if (end == std::string::npos) break;
    out.push_back(text.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  return out;
}

// A parameter's name: lower-case first, letters, digits, '_' (not `LIKE`, `User`, `%`).
bool is_name(const std::string& s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string openapi_path(const std::string& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '<') {
      std::size_t end = path.find('>', i);
      std::string name = path.substr(i + 1, end - i - 1);
      if (name.rfind("path:", 0) == 0) name = name.substr(5);
      out += "{" + name + "}";
      i = end;
    } else {
      out += path[i];
    }
  }
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Every name an operation takes: its parameters' and its body's properties.
std::vector<std::string> names_of(const nlohmann::ordered_json& op) {
  std::vector<std::string> names;
  for (const auto& p : op.value("parameters", nlohmann::ordered_json::array())) {
    if (p.contains("name")) names.push_back(p["name"]);
  }
  if (op.contains("requestBody")) {
    // Named: a range-for over .items() of a temporary would outlive it.
    const auto content = op["requestBody"].value("content", nlohmann::ordered_json::object());
    for (const auto& [type, media] : content.items()) {
      const auto schema = media.value("schema", nlohmann::ordered_json::object());
      const auto properties = schema.value("properties", nlohmann::ordered_json::object());
      for (const auto& [name, value] : properties.items()) names.push_back(name);
    }
  }
  return names;
}

}  // namespace

std::vector<InterfaceRow> interface_table(const std::string& markdown) {
  std::vector<InterfaceRow> rows;
  std::istringstream in(markdown);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line.rfind("| method | path | parameters", 0) == 0;
      continue;
    }
    if (line.rfind("|", 0) != 0) {
      if (!rows.empty()) break;
      continue;
    }
    if (line.rfind("|---", 0) == 0) continue;
    auto c = cells(line);
    if (c.size() < 3) continue;
    InterfaceRow row;
    std::istringstream methods(c[0]);
    std::string m;
    while (std::getline(methods, m, ',')) row.methods.push_back(upper(trim(m)));
    auto paths = quoted_parts(c[1]);
    if (paths.empty()) continue;
    row.path = paths.front();
    std::string before = c[2].substr(0, c[2].find(':'));
    for (const auto& q : quoted_parts(before)) {
      if (is_name(q)) row.params.push_back(q);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> compare_interface(const std::vector<InterfaceRow>& rows,
                                           const nlohmann::ordered_json& document, Language l) {
  std::vector<std::string> out;
  const auto paths = document.value("paths", nlohmann::ordered_json::object());
  for (const auto& row : rows) {
    std::string path = openapi_path(row.path);
    for (const auto& method : row.methods) {
      std::string where = method + " " + row.path;
      if (!paths.contains(path)) {
        out.push_back(where +
                      say(l, ": missing from your document (no route ",
                          " : absente de votre document (aucune route ") +
                      row.path + ")");
        continue;
      }
      const auto& item = paths[path];
      if (!item.contains(lower(method))) {
        std::string has;
        for (const auto& [m, op] : item.items()) has += (has.empty() ? "" : ", ") + upper(m);
        out.push_back(where + say(l, ": wrong method: your ", " : mauvaise méthode : votre ") +
                      row.path + say(l, " answers ", " répond à ") + has);
        continue;
      }
      auto names = names_of(item[lower(method)]);
      for (const auto& p : row.params) {
        if (std::find(names.begin(), names.end(), p) == names.end()) {
          out.push_back(where + say(l, ": missing parameter \"", " : paramètre manquant \"") + p +
                        "\"");
        }
      }
    }
  }
  return out;
}

}  // namespace grader
