// YeSQL: the app's SQL kept in a .sql file, each query named by a `-- name:` comment.
//
//   -- name: get_stuff_sid^
//   -- One stuff by its id.
//   SELECT sid, stuff FROM Stuff WHERE sid = :sid;
//
// The suffix says what a call returns: none, every row (array); `^` one row or null; `$` one
// value or null; `!` the row count; `<!` the first row of a RETURNING; `*!` the total row
// count of a statement run once per element of an array of parameter objects; `#` a script
// (no parameters), null. Parameters may be declared: `-- name: q(a, b)^`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "web/db.hpp"
#include "web/json.hpp"

namespace web {

struct Query {
  enum class Kind { rows, one, value, count, returning, many, script };
  std::string name;
  Kind kind = Kind::rows;
  std::string sql;
  std::vector<std::string> params;  // the :names it uses, in order of first use
  std::string doc;                  // the comment lines after the name
  std::string file;
  int line = 0;  // of the `-- name:` line
};

class Queries {
 public:
  // Reads and checks a file: a duplicate name, an unknown suffix, a declared parameter not
  // used (or used but not declared), an empty query stop it with "file:line: reason".
  static Queries load(const std::string& path);
  // The same for a file's text; `path` names it in errors.
  static Queries parse(const std::string& text, const std::string& path);

  const Query& get(std::string_view name) const;  // std::invalid_argument if unknown
  const std::map<std::string, Query, std::less<>>& all() const { return queries_; }

  // Prepares every query on this connection: SQL the engine rejects throws
  // std::runtime_error "file:line: query q: reason".
  void prepare(Connection& connection) const;

  // Runs a query; a missing parameter throws std::invalid_argument naming query and parameter.
  json call(Connection& connection, std::string_view name, const json& params) const;

 private:
  std::map<std::string, Query, std::less<>> queries_;
};

}  // namespace web
