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

// A queries file's text, read line by line: a `-- name:` line starts a query, the comment lines
// just after it document it (or name its engine), the next lines are its SQL, and the query is
// checked and added once its SQL ends. Every problem is kept, so that all are reported at once.
class Queries::Parser {
 public:
  explicit Parser(const std::string& path) : path_(path) {}

  Queries parse(const std::string& text) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) read_line(std::move(line));
    end_query();
    if (!problems_.empty()) throw StartupError(std::move(problems_));
    return std::move(queries_);
  }

 private:
  void read_line(std::string line) {
    ++number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string stripped = trim(line);
    bool comment = stripped.starts_with("--");
    if (comment && trim(stripped.substr(2)).starts_with("name:")) {
      start_query(stripped);
    } else if (!current_) {
      if (!started_ && !stripped.empty() && !comment) {
        report(number_, "SQL outside a named query (add a \"-- name:\" line above it)");
      }
    } else if (in_doc_ && comment) {
      read_doc(stripped);
    } else {
      in_doc_ = in_doc_ && stripped.empty();
      if (!in_doc_) read_sql(line, comment || stripped.empty());
    }
  }

  // -- name: get_stuff_sid(sid)^
  void start_query(const std::string& stripped) {
    static const std::regex header(R"(^--\s*name:\s*([A-Za-z_]\w*)\s*(\(([^)]*)\))?\s*(\S*)\s*$)");
    std::smatch m;
    if (!std::regex_match(stripped, m, header)) {
      report(number_, "malformed query header: " + stripped);
      end_query();  // its SQL is not checked as the previous query's
      started_ = true;
      pending_.clear();
      return;
    }
    end_query();
    started_ = true;
    std::string doc = pending_doc();
    std::string name = m[1];
    auto suffix = std::find_if(std::begin(suffixes), std::end(suffixes),
                               [&](const Suffix& s) { return s.text == m[4].str(); });
    if (suffix == std::end(suffixes)) {
      report(number_, "unknown suffix \"" + m[4].str() + "\" for query " + name +
                          " (use none, ^, $, !, <!, *! or #)");
      return;
    }
    Query q;
    q.name = name;
    q.kind = suffix->kind;
    q.file = path_;
    q.line = number_;
    q.doc = std::move(doc);
    if (m[2].matched) q.params = declared_params(m[3]);
    current_ = std::move(q);
    in_doc_ = true;
  }

  // The comment and blank lines between the previous query's SQL and this `-- name:` line:
  // they document the query that follows them (as in aiosql).
  std::string pending_doc() {
    std::string doc;
    for (const auto& p : pending_) {
      std::string comment_line = trim(p);
      if (comment_line.empty()) continue;
      if (!doc.empty()) doc += '\n';
      doc += trim(comment_line.substr(2));
    }
    pending_.clear();
    return doc;
  }

  // -- name: q(a, b): "a, b"
  static std::vector<std::string> declared_params(const std::string& list) {
    static const std::regex comma(R"(\s*,\s*)");
    std::vector<std::string> params;
    for (std::sregex_token_iterator it(list.begin(), list.end(), comma, -1), end; it != end; ++it) {
      std::string p = trim(*it);
      if (!p.empty()) params.push_back(p);
    }
    return params;
  }

  // A comment line just after the name: the query's documentation, or its engine.
  void read_doc(const std::string& stripped) {
    // -- engine: postgres, a query for that engine only (the other neither prepares it nor may
    // call it).
    static const std::regex engine_line(R"(^--\s*engine:\s*(\S*)\s*$)");
    Query& q = *current_;
    if (std::smatch e; std::regex_match(stripped, e, engine_line)) {
      if (e[1] != "sqlite" && e[1] != "postgres") {
        report(number_, "unknown engine \"" + e[1].str() + "\" for query " + q.name +
                            " (use sqlite or postgres)");
      } else if (!q.engine.empty()) {
        report(number_, "a second engine for query " + q.name);
      } else {
        q.engine = e[1];
      }
      return;
    }
    if (!q.doc.empty()) q.doc += '\n';
    q.doc += trim(stripped.substr(2));
  }

  // A line after the documentation. Comment and blank lines are kept apart until it is known
  // whether SQL follows them (they are then part of it) or the next query does (they document
  // it).
  void read_sql(const std::string& line, bool comment_or_blank) {
    if (comment_or_blank) {
      pending_.push_back(line);
      return;
    }
    for (const auto& p : pending_) current_->sql += p + "\n";
    pending_.clear();
    current_->sql += line + "\n";
  }

  // The query's SQL has ended: it is added, then checked.
  void end_query() {
    if (!current_) return;
    Query q = std::move(*current_);
    current_.reset();
    q.sql = trim(q.sql);
    while (!q.sql.empty() && q.sql.back() == ';' && q.kind != Query::Kind::script) {
      q.sql = trim(q.sql.substr(0, q.sql.size() - 1));
    }
    if (Query* added = add(std::move(q))) check(*added);
  }

  // Two queries of one name: only for two engines, each named.
  Query* add(Query q) {
    auto first = queries_.queries_.find(q.name);
    if (first == queries_.queries_.end()) {
      std::string key = q.name;
      return &queries_.queries_.emplace(key, std::move(q)).first->second;
    }
    std::string problem;
    int line = q.line;
    if (!queries_.add_variant(std::move(q), first->second, problem)) {
      report(line, problem);
      return nullptr;
    }
    return &queries_.variants_.back();
  }

  // Some SQL, and parameters as declared: the :names it uses become its params.
  void check(Query& q) {
    if (q.sql.empty()) {
      report(q.line, "query " + q.name + " has no SQL");
      return;
    }
    if (q.kind == Query::Kind::script) return;
    std::vector<std::string> declared = q.params;
    try {
      q.params = detail::rewrite_placeholders(q.sql, false).names;
    } catch (const std::invalid_argument& e) {
      report(q.line, "query " + q.name + ": " + e.what());
      return;
    }
    if (declared.empty()) return;
    // :a.login uses a (aiosql's attribute parameters: a record, an object).
    std::set<std::string> used;
    for (const auto& name : q.params) used.insert(name.substr(0, name.find('.')));
    for (const auto& d : declared) {
      if (!used.count(d)) {
        report(q.line, "query " + q.name + " declares :" + d + " but does not use it");
      }
    }
    for (const auto& u : used) {
      if (std::find(declared.begin(), declared.end(), u) == declared.end()) {
        report(q.line, "query " + q.name + " uses :" + u + " but does not declare it");
      }
    }
  }

  void report(int line, const std::string& problem) {
    problems_.push_back(path_ + ":" + std::to_string(line) + ": " + problem);
  }

  std::string path_;
  Queries queries_;
  std::vector<std::string> problems_;
  std::optional<Query> current_;      // the query being read, added once its SQL ends
  bool in_doc_ = false;               // its documentation lines are being read
  std::vector<std::string> pending_;  // comment and blank lines after its SQL (read_sql)
  bool started_ = false;              // a `-- name:` line was seen
  int number_ = 0;                    // of the line being read
};

Queries Queries::parse(const std::string& text, const std::string& path) {
  return Parser(path).parse(text);
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
