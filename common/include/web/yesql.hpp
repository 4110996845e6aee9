// YeSQL: the app's SQL kept in a .sql file, each query named by a `-- name:` comment.
//
//   -- name: get_stuff_sid^
//   -- One stuff by its id.
//   SELECT sid, stuff FROM Stuff WHERE sid = :sid;
//
// The suffix says what a call returns: none, every row (array); `^` one row or null; `$` one
// value or null; `!` the row count; `<!` the first row of a RETURNING; `*!` the total row
// count of a statement run once per element of an array of parameter objects; `#` a script
// (no parameters), null. Parameters may be declared: `-- name: q(a, b)^`. Comment lines just
// after the name are the query's documentation, and so are those between the end of a query's
// SQL and the next `-- name:` (as in aiosql: a comment above a query is about that query).
//
// A parameter may name an attribute of an object, as aiosql's record parameters:
// `-- name: add_auth(a)$` with `VALUES (:a.login, :a.email)` and query("add_auth", {{"a", user}}).
// A query for one engine only says so on a line after its name, `-- engine: postgres` (or
// sqlite): the other engine neither prepares it nor may call it, and one name may be defined
// twice, once per engine, in one file or two.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "web/db.hpp"
#include "web/json.hpp"

namespace web {

struct Query {
  enum class Kind { rows, one, value, count, returning, many, script };
  std::string name;
  Kind kind = Kind::rows;
  std::string sql;
  std::vector<std::string> params;  // the :names it uses, in order of first use (a.login...)
  std::string engine;               // "sqlite" or "postgres" for that one only; "": both
  std::string doc;                  // the comment lines after the name
  std::string file;
  int line = 0;  // of the `-- name:` line
};

// The parameters of a query call: a JSON object, written with double braces,
// query("get_stuff_sid", {{"sid", sid}}), or any web::json (an array of objects for `*!`).
class QueryParams {
 public:
  // One `{"sid", sid}` of the object.
  struct Item {
    Item(std::string_view n, json v) : name(n), value(std::move(v)) {}
    std::string_view name;
    mutable json value;  // moved out of the (const) initializer list
  };

  QueryParams();
  QueryParams(json value) : value_(std::move(value)) {}  // NOLINT: implicit, a web::json
  QueryParams(std::initializer_list<Item> items);
  // query("q", {"sid", sid}), single braces: the array ["sid", sid], not the object meant.
  template <class V>
  QueryParams(const char*, V&&) {
    static_assert(sizeof(V) == 0,
                  "query parameters are a JSON object: write query(\"q\", {{\"sid\", sid}}) "
                  "with double braces ({\"sid\", sid} alone is the array [\"sid\", sid])");
  }

  const json& value() const { return value_; }

 private:
  json value_;
};

class Queries {
 public:
  // Reads and checks a file: a duplicate name, an unknown suffix, a declared parameter not
  // used (or used but not declared), an empty query: every problem of the file at once, each
  // "file:line: reason", in one StartupError.
  static Queries load(const std::string& path);
  // The same for a file's text; `path` names it in errors.
  static Queries parse(const std::string& text, const std::string& path);

  // Adds another file's queries; a name already here is a problem "file:line: ..." (both kept
  // out of the way: the first definition stays).
  void merge(Queries other, std::vector<std::string>& problems);

  const Query& get(std::string_view name) const;  // std::invalid_argument if unknown
  // The definition of `name` for that engine ("sqlite", "postgres"); std::invalid_argument if
  // unknown, or if it is another engine's only.
  const Query& get(std::string_view name, std::string_view engine) const;
  // Each name's first definition; a name's second one, for the other engine, is not here.
  const std::map<std::string, Query, std::less<>>& all() const { return queries_; }

  // Prepares every query of the connection's engine on it (both engines' and its own): SQL the
  // engine rejects throws a StartupError with one "file:line: query q: reason" per query.
  void prepare(Connection& connection) const;

  // Runs a query (its definition for the connection's engine); parameters that are not an object,
  // or an object without one of the query's, throw std::invalid_argument naming query and
  // parameter.
  json call(Connection& connection, std::string_view name, const json& params) const;

 private:
  class Parser;  // reads a file's text, one method per step (yesql.cpp)

  // Adds `q`, a second definition of first's name: only for another engine, both named, once;
  // else false, and `problem` says why.
  bool add_variant(Query q, const Query& first, std::string& problem);

  std::map<std::string, Query, std::less<>> queries_;
  std::vector<Query> variants_;  // second definitions, for the other engine
};

}  // namespace web
