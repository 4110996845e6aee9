#include "web/yesql.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "placeholders.hpp"

namespace web {

namespace {

struct Suffix {
  std::string_view text;
  Query::Kind kind;
};
constexpr Suffix suffixes[] = {{"", Query::Kind::rows},        {"^", Query::Kind::one},
                               {"$", Query::Kind::value},      {"!", Query::Kind::count},
                               {"<!", Query::Kind::returning}, {"*!", Query::Kind::many},
                               {"#", Query::Kind::script}};

std::string trim(std::string s) {
  auto space = [](unsigned char c) {
    return std::isspace(c);
  };
  s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
  s.erase(std::find_if_not(s.rbegin(), s.rend(), space).base(), s.end());
  return s;
}

}  // namespace

Queries Queries::load(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error(path + ": cannot read the queries file");
  std::stringstream text;
  text << file.rdbuf();
  return parse(text.str(), path);
}

Queries Queries::parse(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  // -- name: get_stuff_sid(sid)^
  static const std::regex header(R"(^--\s*name:\s*([A-Za-z_]\w*)\s*(\(([^)]*)\))?\s*(\S*)\s*$)");
  Queries queries;
  Query* current = nullptr;
  bool in_doc = false;
  std::string line;
  int number = 0;
  auto where = [&](int l) {
    return path + ":" + std::to_string(l) + ": ";
  };
  auto finish = [&]() {
    if (!current) return;
    current->sql = trim(current->sql);
    while (!current->sql.empty() && current->sql.back() == ';' &&
           current->kind != Query::Kind::script) {
      current->sql = trim(current->sql.substr(0, current->sql.size() - 1));
    }
    if (current->sql.empty())
      throw std::runtime_error(where(current->line) + "query " + current->name + " has no SQL");
    if (current->kind == Query::Kind::script) return;
    std::vector<std::string> declared = current->params;
    try {
      current->params = detail::rewrite_placeholders(current->sql, false).names;
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(where(current->line) + "query " + current->name + ": " + e.what());
    }
    if (!declared.empty()) {
      std::set<std::string> used(current->params.begin(), current->params.end());
      for (const auto& d : declared) {
        if (!used.count(d)) {
          throw std::runtime_error(where(current->line) + "query " + current->name +
                                   " declares :" + d + " but does not use it");
        }
      }
      for (const auto& u : used) {
        if (std::find(declared.begin(), declared.end(), u) == declared.end()) {
          throw std::runtime_error(where(current->line) + "query " + current->name + " uses :" + u +
                                   " but does not declare it");
        }
      }
    }
  };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    std::string stripped = trim(line);
    if (stripped.rfind("--", 0) == 0 && stripped.find("name:") != std::string::npos &&
        trim(stripped.substr(2)).rfind("name:", 0) == 0) {
      if (!std::regex_match(stripped, m, header)) {
        throw std::runtime_error(where(number) + "malformed query header: " + stripped);
      }
      finish();
      std::string name = m[1];
      if (auto it = queries.queries_.find(name); it != queries.queries_.end()) {
        throw std::runtime_error(where(number) + "duplicate query name " + name +
                                 " (first at line " + std::to_string(it->second.line) + ")");
      }
      auto suffix = std::find_if(std::begin(suffixes), std::end(suffixes),
                                 [&](const Suffix& s) { return s.text == m[4].str(); });
      if (suffix == std::end(suffixes)) {
        throw std::runtime_error(where(number) + "unknown suffix \"" + m[4].str() +
                                 "\" for query " + name + " (use none, ^, $, !, <!, *! or #)");
      }
      Query q;
      q.name = name;
      q.kind = suffix->kind;
      q.file = path;
      q.line = number;
      if (m[2].matched) {
        std::string list = m[3];
        std::regex comma(R"(\s*,\s*)");
        for (std::sregex_token_iterator it(list.begin(), list.end(), comma, -1), end; it != end;
             ++it) {
          std::string p = trim(*it);
          if (!p.empty()) q.params.push_back(p);
        }
      }
      current = &queries.queries_.emplace(name, std::move(q)).first->second;
      in_doc = true;
      continue;
    }
    if (!current) {
      if (!stripped.empty() && stripped.rfind("--", 0) != 0) {
        throw std::runtime_error(where(number) +
                                 "SQL outside a named query (add a \"-- name:\" line above it)");
      }
      continue;
    }
    if (in_doc && stripped.rfind("--", 0) == 0) {
      if (!current->doc.empty()) current->doc += '\n';
      current->doc += trim(stripped.substr(2));
      continue;
    }
    in_doc = in_doc && stripped.empty();
    current->sql += line + "\n";
  }
  finish();
  return queries;
}

const Query& Queries::get(std::string_view name) const {
  auto it = queries_.find(name);
  if (it == queries_.end()) throw std::invalid_argument("no query named " + std::string(name));
  return it->second;
}

void Queries::prepare(Connection& connection) const {
  for (const auto& [name, q] : queries_) {
    if (q.kind == Query::Kind::script) continue;
    try {
      connection.prepare(q.sql);
    } catch (const std::exception& e) {
      throw std::runtime_error(q.file + ":" + std::to_string(q.line) + ": query " + name + ": " +
                               e.what());
    }
  }
}

json Queries::call(Connection& connection, std::string_view name, const json& params) const {
  const Query& q = get(name);
  auto check = [&](const json& p) {
    for (const auto& param : q.params) {
      if (!p.is_object() || !p.contains(param)) {
        throw std::invalid_argument("query " + q.name + ": missing parameter :" + param);
      }
    }
  };
  switch (q.kind) {
    case Query::Kind::rows:
      check(params);
      return connection.fetch_all(q.sql, params);
    case Query::Kind::one:
    case Query::Kind::returning:
      check(params);
      return connection.fetch_one(q.sql, params);
    case Query::Kind::value:
      check(params);
      return connection.fetch_value(q.sql, params);
    case Query::Kind::count:
      check(params);
      return connection.execute(q.sql, params);
    case Query::Kind::many: {
      if (!params.is_array())
        throw std::invalid_argument("query " + q.name + ": *! takes an array of parameter objects");
      std::int64_t total = 0;
      for (const auto& p : params) {
        check(p);
        total += connection.execute(q.sql, p);
      }
      return total;
    }
    case Query::Kind::script:
      connection.script(q.sql);
      return nullptr;
  }
  return nullptr;
}

}  // namespace web
