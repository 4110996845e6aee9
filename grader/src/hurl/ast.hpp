// A parsed Hurl file: entries, each a request and the response it expects. Everything that can
// be checked before running (JSONPaths, regexes, JSON bodies) is checked by the parser.
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "hurl/jsonpath.hpp"
#include "hurl/template.hpp"

namespace grader::hurl {

// A header line, or a line of [QueryStringParams], [FormParams], [Cookies] or [BasicAuth].
struct KeyValue {
  std::string key;
  Template value;
  int line = 0;
};

struct Body {
  enum class Kind { json, text };  // a JSON object or array, or a ``` block
  Kind kind = Kind::json;
  Template content;
  int line = 0;
};

struct Query {
  enum class Kind { status, header, body, jsonpath, regex, variable, duration };
  Kind kind = Kind::status;
  std::string argument;  // the header or variable name, the path or the regex, as written
  JsonPath path;         // jsonpath
  std::regex pattern;    // regex: its first group is the value
};

struct Filter {
  enum class Kind { count, nth, to_int };
  Kind kind = Kind::count;
  std::int64_t index = 0;  // nth
};

// A bare {{name}} operand: the variable's value with its own type.
struct VariableRef {
  std::string name;
};

// A predicate's operand: a number, true, false or null; a "quoted string" (rendered to a JSON
// string); or a variable.
using Operand = std::variant<nlohmann::json, Template, VariableRef>;

struct Predicate {
  enum class Kind {
    equal,
    not_equal,
    greater,
    greater_or_equal,
    less,
    less_or_equal,
    contains,
    starts_with,
    ends_with,
    matches,
    exists,
    is_empty,
    is_integer,
    is_string,
    is_boolean,
    is_collection,
  };
  Kind kind = Kind::exists;
  bool negated = false;
  std::optional<Operand> operand;
  std::regex pattern;  // matches
};

struct Capture {
  std::string name;
  Query query;
  std::vector<Filter> filters;
  int line = 0;
  std::string source;  // the line as written, for messages
};

struct Assert {
  Query query;
  std::vector<Filter> filters;
  Predicate predicate;
  int line = 0;
  std::string source;
};

struct Request {
  std::string method;
  Template url;
  std::vector<KeyValue> headers;
  std::vector<KeyValue> query_params;
  std::vector<KeyValue> form_params;
  std::vector<KeyValue> cookies;
  std::optional<KeyValue> basic_auth;  // key: the user, value: the password
  std::optional<Body> body;
  int line = 0;
};

struct Response {
  std::string version;            // "HTTP" (any), "HTTP/1.0", "HTTP/1.1" or "HTTP/2"
  std::optional<int> status;      // none for `HTTP *`
  std::vector<KeyValue> headers;  // implicit asserts: the header has this value
  std::vector<Capture> captures;
  std::vector<Assert> asserts;
  std::optional<Body> body;  // implicit assert: the body equals this
  int line = 0;
  std::string source;
};

struct Entry {
  Request request;
  std::optional<Response> response;
};

struct TestFile {
  std::string path;
  std::string name;  // `# name:` in the header comments, else the file's stem
  // `# name-fr:`, the French name a French course's report shows; empty when the file has none
  std::string name_fr;
  int points = 1;  // `# points:` in the header comments
  std::vector<Entry> entries;
};

}  // namespace grader::hurl
