#include "web/yesql.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "db/placeholders.hpp"
#include "web/error.hpp"

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

QueryParams::QueryParams() : value_(json::object()) {}
QueryParams::QueryParams(std::initializer_list<Item> items) : value_(json::object()) {
  for (const Item& item : items) value_[std::string(item.name)] = std::move(item.value);
}

Queries Queries::load(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw StartupError({path + ": cannot read the queries file"});
  std::stringstream text;
  text << file.rdbuf();
  return parse(text.str(), path);
}

Queries Queries::parse(const std::string& text, const std::string& path) {
  std::istringstream in(text);
  // -- name: get_stuff_sid(sid)^
  static const std::regex header(R"(^--\s*name:\s*([A-Za-z_]\w*)\s*(\(([^)]*)\))?\s*(\S*)\s*$)");
  Queries queries;
  std::vector<std::string> problems;
  // The query being read, added to `queries` once its SQL ends (its engine is known then).
  std::optional<Query> staged;
  Query* current = nullptr;
  bool in_doc = false;
  // Comment and blank lines after the current query's SQL, kept apart until it is known whether
  // SQL follows them (they are then part of it) or the next query does (they document it).
  std::vector<std::string> pending;
  std::string next_doc;  // what the next query's documentation starts with
  bool started = false;  // a `-- name:` line was seen
  std::string line;
  int number = 0;
  auto where = [&](int l) {
    return path + ":" + std::to_string(l) + ": ";
  };
  auto finish = [&]() {
    if (!current) return;
    Query* read = current;
    current = nullptr;
    // Two queries of one name: only for two engines, each named.
    std::string problem;
    auto first = queries.queries_.find(read->name);
    if (first != queries.queries_.end() &&
        !queries.add_variant(std::move(*read), first->second, problem)) {
      problems.push_back(where(read->line) + problem);
      return;
    }
    if (first == queries.queries_.end()) {
      std::string key = read->name;
      read = &queries.queries_.emplace(key, std::move(*read)).first->second;
    } else {
      read = &queries.variants_.back();
    }
    current = read;
    current->sql = trim(current->sql);
    while (!current->sql.empty() && current->sql.back() == ';' &&
           current->kind != Query::Kind::script) {
      current->sql = trim(current->sql.substr(0, current->sql.size() - 1));
    }
    if (current->sql.empty()) {
      problems.push_back(where(current->line) + "query " + current->name + " has no SQL");
      return;
    }
    if (current->kind == Query::Kind::script) return;
    std::vector<std::string> declared = current->params;
    try {
      current->params = detail::rewrite_placeholders(current->sql, false).names;
    } catch (const std::invalid_argument& e) {
      problems.push_back(where(current->line) + "query " + current->name + ": " + e.what());
      return;
    }
    if (!declared.empty()) {
      // :a.login uses a (aiosql's attribute parameters: a record, an object).
      std::set<std::string> used;
      for (const auto& name : current->params) used.insert(name.substr(0, name.find('.')));
      for (const auto& d : declared) {
        if (!used.count(d)) {
          problems.push_back(where(current->line) + "query " + current->name + " declares :" + d +
                             " but does not use it");
        }
      }
      for (const auto& u : used) {
        if (std::find(declared.begin(), declared.end(), u) == declared.end()) {
          problems.push_back(where(current->line) + "query " + current->name + " uses :" + u +
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
    bool comment = stripped.rfind("--", 0) == 0;
    if (comment && stripped.find("name:") != std::string::npos &&
        trim(stripped.substr(2)).rfind("name:", 0) == 0) {
      if (!std::regex_match(stripped, m, header)) {
        problems.push_back(where(number) + "malformed query header: " + stripped);
        finish();
        current = nullptr;  // its SQL is not checked as another query's
        started = true;
        pending.clear();
        continue;
      }
      finish();
      started = true;
      for (const auto& p : pending) {
        std::string comment_line = trim(p);
        if (comment_line.empty()) continue;
        if (!next_doc.empty()) next_doc += '\n';
        next_doc += trim(comment_line.substr(2));
      }
      pending.clear();
      std::string name = m[1];
      auto suffix = std::find_if(std::begin(suffixes), std::end(suffixes),
                                 [&](const Suffix& s) { return s.text == m[4].str(); });
      if (suffix == std::end(suffixes)) {
        problems.push_back(where(number) + "unknown suffix \"" + m[4].str() + "\" for query " +
                           name + " (use none, ^, $, !, <!, *! or #)");
        current = nullptr;
        next_doc.clear();
        continue;
      }
      Query q;
      q.name = name;
      q.kind = suffix->kind;
      q.file = path;
      q.line = number;
      q.doc = std::move(next_doc);
      next_doc.clear();
      if (m[2].matched) {
        std::string list = m[3];
        std::regex comma(R"(\s*,\s*)");
        for (std::sregex_token_iterator it(list.begin(), list.end(), comma, -1), end; it != end;
             ++it) {
          std::string p = trim(*it);
          if (!p.empty()) q.params.push_back(p);
        }
      }
      staged = std::move(q);
      current = &*staged;
      in_doc = true;
      continue;
    }
    if (!current) {
      if (!started && !stripped.empty() && !comment) {
        problems.push_back(where(number) +
                           "SQL outside a named query (add a \"-- name:\" line above it)");
      }
      continue;
    }
    if (in_doc && comment) {
      // -- engine: postgres, a query for that engine only (the other neither prepares it nor
      // may call it).
      static const std::regex engine_line(R"(^--\s*engine:\s*(\S*)\s*$)");
      if (std::smatch e; std::regex_match(stripped, e, engine_line)) {
        if (e[1] != "sqlite" && e[1] != "postgres") {
          problems.push_back(where(number) + "unknown engine \"" + e[1].str() + "\" for query " +
                             current->name + " (use sqlite or postgres)");
        } else if (!current->engine.empty()) {
          problems.push_back(where(number) + "a second engine for query " + current->name);
        } else {
          current->engine = e[1];
        }
        continue;
      }
      if (!current->doc.empty()) current->doc += '\n';
      current->doc += trim(stripped.substr(2));
      continue;
    }
    in_doc = in_doc && stripped.empty();
    if (in_doc) continue;
    if (comment || stripped.empty()) {
      pending.push_back(line);
      continue;
    }
    for (const auto& p : pending) current->sql += p + "\n";
    pending.clear();
    current->sql += line + "\n";
  }
  finish();
  if (!problems.empty()) throw StartupError(std::move(problems));
  return queries;
}

bool Queries::add_variant(Query q, const Query& first, std::string& problem) {
  auto place = [](const Query& at) {
    return at.file + ":" + std::to_string(at.line);
  };
  bool engines = !q.engine.empty() && !first.engine.empty() && q.engine != first.engine;
  for (const auto& v : variants_) engines = engines && !(v.name == q.name);
  if (!engines) {
    problem = "duplicate query name " + q.name + " (first at " +
              (q.file == first.file ? "line " + std::to_string(first.line) : place(first)) + ")";
    return false;
  }
  variants_.push_back(std::move(q));
  return true;
}

void Queries::merge(Queries other, std::vector<std::string>& problems) {
  std::vector<Query> all;
  for (auto& [name, q] : other.queries_) all.push_back(std::move(q));
  for (auto& q : other.variants_) all.push_back(std::move(q));
  for (auto& q : all) {
    auto it = queries_.find(q.name);
    if (it == queries_.end()) {
      std::string name = q.name;
      queries_.emplace(name, std::move(q));
      continue;
    }
    std::string problem, at = q.file + ":" + std::to_string(q.line) + ": ";
    if (!add_variant(std::move(q), it->second, problem)) problems.push_back(at + problem);
  }
}

const Query& Queries::get(std::string_view name, std::string_view engine) const {
  const Query& first = get(name);
  if (first.engine.empty() || first.engine == engine) return first;
  for (const auto& v : variants_) {
    if (v.name == name && v.engine == engine) return v;
  }
  throw std::invalid_argument("query " + first.name + " is for " + first.engine + " only, not " +
                              std::string(engine));
}

const Query& Queries::get(std::string_view name) const {
  auto it = queries_.find(name);
  if (it == queries_.end()) throw std::invalid_argument("no query named " + std::string(name));
  return it->second;
}

void Queries::prepare(Connection& connection) const {
  std::vector<std::string> problems;
  std::vector<const Query*> all;
  for (const auto& [name, q] : queries_) all.push_back(&q);
  for (const auto& q : variants_) all.push_back(&q);
  std::string engine = connection.engine();
  for (const Query* q : all) {
    // A query of another engine is checked by that engine's runs, not this one's.
    if (q->kind == Query::Kind::script || (!q->engine.empty() && q->engine != engine)) continue;
    try {
      connection.prepare(q->sql);
    } catch (const std::exception& e) {
      problems.push_back(q->file + ":" + std::to_string(q->line) + ": query " + q->name + ": " +
                         e.what());
      // PostgreSQL's transaction, if one is open, is dead after an error: the next prepare
      // would fail for that reason, not its own.
      if (connection.in_transaction()) connection.rollback();
    }
  }
  if (!problems.empty()) throw StartupError(std::move(problems));
}

json Queries::call(Connection& connection, std::string_view name, const json& params) const {
  const Query& q = get(name, connection.engine());
  auto check = [&](const json& p) {
    if (!p.is_object()) {
      constexpr std::size_t shown = 64;
      std::string given = p.dump();
      if (given.size() > shown) given = given.substr(0, shown) + "...";
      throw std::invalid_argument("query " + q.name +
                                  ": parameters are a JSON object, {{\"name\", value}} with "
                                  "double braces, not " +
                                  given);
    }
    for (const auto& param : q.params) {
      if (detail::parameter(p, param) == nullptr) {
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
