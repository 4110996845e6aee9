#include "hurl/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <utility>

namespace grader::hurl {

using nlohmann::json;

ParseError::ParseError(const std::string& path, int line, const std::string& message)
    : std::runtime_error(path + ":" + std::to_string(line) + ": " + message), line_(line) {}

namespace {

using Context = Template::Context;

constexpr std::array<std::string_view, 7> kMethods{"GET",    "POST", "PUT",    "PATCH",
                                                   "DELETE", "HEAD", "OPTIONS"};

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A trimmed line with nothing to read.
bool is_blank(std::string_view line) {
  return line.empty() || line.front() == '#';
}

// Hurl's key-string characters, for header names, parameter names and capture names.
bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' ||
         c == '[' || c == ']' || c == '@' || c == '$';
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Where an error is: every error names its file and line.
struct Where {
  const std::string* path;
  std::size_t index;  // 0-based line index
  [[noreturn]] void fail(const std::string& message) const {
    throw ParseError(*path, static_cast<int>(index) + 1, message);
  }
};

void flush(std::string& literal, Template& out) {
  if (!literal.empty()) out.parts.push_back({std::move(literal), false, Context::text});
  literal.clear();
}

// Reads the {{name}} at `at` in `text` into `out`; returns the index after it.
std::size_t placeholder(std::string_view text, std::size_t at, Context context, Template& out,
                        const Where& where) {
  std::size_t end = text.find("}}", at + 2);
  if (end == std::string_view::npos) where.fail("unterminated {{: expected {{name}}");
  std::string_view name = trim(text.substr(at + 2, end - at - 2));
  bool valid = !name.empty() && std::isalpha(static_cast<unsigned char>(name[0])) != 0;
  for (char c : name) {
    valid = valid && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-');
  }
  if (!valid) {
    where.fail("bad placeholder {{" + std::string(name) +
               "}}: expected {{name}} (functions and filters are not supported)");
  }
  out.parts.push_back({std::string(name), true, context});
  return end + 2;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads the escape at text[i] == '\\' into `out`; returns the index after it. `extra` lists the
// characters that escape to themselves besides the backslash ('"' in strings, '#' in values).
std::size_t escape(std::string_view text, std::size_t i, std::string_view extra, std::string& out,
                   const Where& where) {
  if (i + 1 >= text.size()) where.fail("a \\ ends the line (write \\\\ for a backslash)");
  char e = text[i + 1];
  switch (e) {
    case '\\':
      out += '\\';
      return i + 2;
    case 'b':
      out += '\b';
      return i + 2;
    case 'f':
      out += '\f';
      return i + 2;
    case 'n':
      out += '\n';
      return i + 2;
    case 'r':
      out += '\r';
      return i + 2;
    case 't':
      out += '\t';
      return i + 2;
    case 'u': {
      // Hurl's form is \u{1F600}, not JSON's \u00e9.
      std::size_t close = text.find('}', i + 2);
      std::uint32_t cp = 0;
      const char* first = text.data() + i + 3;
      const char* last = text.data() + (close == std::string_view::npos ? 0 : close);
      if (i + 2 >= text.size() || text[i + 2] != '{' || close == std::string_view::npos ||
          std::from_chars(first, last, cp, 16).ptr != last || first == last || cp > 0x10FFFF ||
          (cp >= 0xD800 && cp <= 0xDFFF)) {
        where.fail("bad unicode escape: write \\u{e9} (Hurl's form, not \\u00e9)");
      }
      append_utf8(out, cp);
      return close + 1;
    }
    default:
      if (extra.find(e) != std::string_view::npos) {
        out += e;
        return i + 2;
      }
      where.fail(std::string("unknown escape \\") + e + " (write \\\\ for a backslash)");
  }
}

// A value running to the end of the line (URL, header, parameter): `#` starts a comment unless
// written \#, and surrounding spaces are dropped, as in Hurl.
Template value_string(std::string_view text, const Where& where) {
  Template out;
  std::string literal;
  text = trim(text);
  std::size_t i = 0;
  while (i < text.size() && text[i] != '#') {
    if (text[i] == '\\') {
      i = escape(text, i, "#", literal, where);
    } else if (text.compare(i, 2, "{{") == 0) {
      flush(literal, out);
      i = placeholder(text, i, Context::text, out, where);
    } else {
      literal += text[i++];
    }
  }
  while (!literal.empty() && is_space(literal.back())) literal.pop_back();
  flush(literal, out);
  return out;
}

// A "quoted string" starting at text[i]; leaves `i` after the closing quote.
Template quoted_string(std::string_view text, std::size_t& i, const Where& where) {
  Template out;
  std::string literal;
  ++i;
  while (i < text.size() && text[i] != '"') {
    if (text[i] == '\\') {
      i = escape(text, i, "\"", literal, where);
    } else if (text.compare(i, 2, "{{") == 0) {
      flush(literal, out);
      i = placeholder(text, i, Context::text, out, where);
    } else {
      literal += text[i++];
    }
  }
  if (i >= text.size()) where.fail("unterminated string: a \" is missing");
  ++i;
  flush(literal, out);
  return out;
}

// The pieces of an assert or capture line: words, operators, strings, numbers, placeholders.
class LineScanner {
 public:
  LineScanner(std::string_view text, Where where) : text_(text), where_(where) {}

  [[noreturn]] void fail(const std::string& message) const { where_.fail(message); }
  std::size_t position() const { return pos_; }
  void rewind(std::size_t pos) { pos_ = pos; }

  bool at_end() {
    skip();
    return pos_ >= text_.size() || text_[pos_] == '#';
  }
  bool next_is(std::string_view token) {
    skip();
    return text_.compare(pos_, token.size(), token) == 0;
  }
  bool accept(std::string_view token) {
    if (!next_is(token)) return false;
    pos_ += token.size();
    return true;
  }
  std::string rest() {
    skip();
    return std::string(trim(text_.substr(pos_)));
  }
  std::string word() {
    skip();
    std::size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_])) != 0) {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }
  // -?digits(.digits)?, or "" (nothing read).
  std::string number() {
    skip();
    std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    std::size_t digits = pos_;
    skip_digits();
    if (pos_ == digits) {
      pos_ = start;
      return {};
    }
    if (pos_ + 1 < text_.size() && text_[pos_] == '.' &&
        std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])) != 0) {
      ++pos_;
      skip_digits();
    }
    return std::string(text_.substr(start, pos_ - start));
  }
  Template quoted() {
    skip();
    return quoted_string(text_, pos_, where_);
  }
  std::string literal_quoted(const std::string& what) {
    Template t = quoted();
    if (t.has_variables()) fail("{{...}} is not supported in " + what);
    return t.literal();
  }
  std::string variable() {
    skip();
    Template t;
    pos_ = placeholder(text_, pos_, Context::text, t, where_);
    return t.parts.front().text;
  }

 private:
  void skip() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }
  void skip_digits() {
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0) {
      ++pos_;
    }
  }

  std::string_view text_;
  Where where_;
  std::size_t pos_ = 0;
};

Query parse_query(LineScanner& s) {
  using K = Query::Kind;
  static const std::array<std::pair<std::string_view, K>, 7> kQueries{{
      {"status", K::status},
      {"header", K::header},
      {"body", K::body},
      {"jsonpath", K::jsonpath},
      {"regex", K::regex},
      {"variable", K::variable},
      {"duration", K::duration},
  }};
  static const std::string kSupported =
      "(supported: status, header, body, jsonpath, regex, variable, duration)";
  if (s.at_end()) s.fail("missing query " + kSupported);
  std::string name = s.word();
  auto it = std::find_if(kQueries.begin(), kQueries.end(),
                         [&](const auto& q) { return q.first == name; });
  if (it == kQueries.end()) {
    s.fail("unknown query `" + (name.empty() ? s.rest() : name) + "` " + kSupported);
  }
  Query q;
  q.kind = it->second;
  if (q.kind == K::status || q.kind == K::body || q.kind == K::duration) return q;

  if (!s.next_is("\"")) {
    s.fail("missing value: `" + name + "` takes a \"quoted\" argument, e.g. " +
           (q.kind == K::header     ? "header \"Location\""
            : q.kind == K::jsonpath ? "jsonpath \"$.id\""
            : q.kind == K::regex    ? "regex \"id=(\\\\d+)\""
                                    : "variable \"sid\""));
  }
  q.argument = s.literal_quoted("a query's argument");
  if (q.argument.empty()) s.fail("missing value: `" + name + "` has an empty argument");
  if (q.kind == K::jsonpath) {
    try {
      q.path = JsonPath::parse(q.argument);
    } catch (const std::invalid_argument& e) {
      s.fail(e.what());
    }
  } else if (q.kind == K::regex) {
    try {
      q.pattern = std::regex(q.argument);
    } catch (const std::regex_error& e) {
      s.fail("bad regex \"" + q.argument + "\": " + e.what());
    }
    if (q.pattern.mark_count() == 0) {
      s.fail(
          "a regex query needs a group, e.g. regex \"id=(\\\\d+)\": its first group is the value");
    }
  }
  return q;
}

std::vector<Filter> parse_filters(LineScanner& s) {
  std::vector<Filter> filters;
  for (;;) {
    std::size_t before = s.position();
    std::string name = s.word();
    if (name == "count") {
      filters.push_back({Filter::Kind::count, 0});
    } else if (name == "toInt") {
      filters.push_back({Filter::Kind::to_int, 0});
    } else if (name == "nth") {
      std::string n = s.number();
      std::int64_t index = -1;
      std::from_chars(n.data(), n.data() + n.size(), index);
      if (n.empty() || n.find('.') != std::string::npos || index < 0) {
        s.fail("missing value: `nth` takes an index from 0, e.g. nth 0");
      }
      filters.push_back({Filter::Kind::nth, index});
    } else {
      s.rewind(before);
      return filters;
    }
  }
}

Operand parse_operand(LineScanner& s) {
  if (s.next_is("\"")) return s.quoted();
  if (s.next_is("{{")) return VariableRef{s.variable()};
  std::size_t before = s.position();
  std::string w = s.word();
  if (w == "true") return json(true);
  if (w == "false") return json(false);
  if (w == "null") return json(nullptr);
  s.rewind(before);
  std::string n = s.number();
  if (!n.empty()) {
    if (n.find('.') != std::string::npos) return json(std::stod(n));
    std::int64_t value = 0;
    if (std::from_chars(n.data(), n.data() + n.size(), value).ec != std::errc()) {
      s.fail("number out of range: " + n);
    }
    return json(value);
  }
  s.fail("bad value `" + s.rest() +
         "`: expected a \"string\", a number, true, false, null or {{variable}}");
}

Predicate parse_predicate(LineScanner& s) {
  using K = Predicate::Kind;
  static const std::array<std::pair<std::string_view, K>, 16> kPredicates{{
      {"==", K::equal},
      {"!=", K::not_equal},
      {">=", K::greater_or_equal},
      {"<=", K::less_or_equal},
      {">", K::greater},
      {"<", K::less},
      {"contains", K::contains},
      {"startsWith", K::starts_with},
      {"endsWith", K::ends_with},
      {"matches", K::matches},
      {"exists", K::exists},
      {"isEmpty", K::is_empty},
      {"isInteger", K::is_integer},
      {"isString", K::is_string},
      {"isBoolean", K::is_boolean},
      {"isCollection", K::is_collection},
  }};
  static const std::string kSupported =
      "(supported: [not] ==, !=, >, >=, <, <=, contains, startsWith, endsWith, matches, exists, "
      "isEmpty, isInteger, isString, isBoolean, isCollection; filters: count, nth, toInt)";
  Predicate p;
  std::size_t before = s.position();
  p.negated = s.word() == "not";
  if (!p.negated) s.rewind(before);
  if (s.at_end()) s.fail("missing predicate, e.g. == 200 or exists " + kSupported);

  std::string name;
  for (const auto& [op, kind] : kPredicates) {
    if (!std::isalpha(static_cast<unsigned char>(op[0])) && s.accept(op)) {
      name = op;
      p.kind = kind;
      break;
    }
  }
  if (name.empty()) {
    name = s.word();
    auto it = std::find_if(kPredicates.begin(), kPredicates.end(),
                           [&](const auto& q) { return q.first == name; });
    if (name.empty() || it == kPredicates.end()) {
      s.fail("unknown predicate `" + (name.empty() ? s.rest() : name) + "` " + kSupported);
    }
    p.kind = it->second;
  }

  switch (p.kind) {
    case K::exists:
    case K::is_empty:
    case K::is_integer:
    case K::is_string:
    case K::is_boolean:
    case K::is_collection:
      return p;
    default:
      break;
  }
  if (s.at_end()) s.fail("missing value after `" + name + "`");
  p.operand = parse_operand(s);
  const Operand& operand = *p.operand;
  switch (p.kind) {
    case K::greater:
    case K::greater_or_equal:
    case K::less:
    case K::less_or_equal: {
      const json* value = std::get_if<json>(&operand);
      if (std::holds_alternative<Template>(operand) || (value != nullptr && !value->is_number())) {
        s.fail("`" + name + "` compares numbers: a number or {{variable}} must follow it");
      }
      break;
    }
    case K::starts_with:
    case K::ends_with:
      if (!std::holds_alternative<Template>(operand)) {
        s.fail("`" + name + "` takes a \"quoted string\"");
      }
      break;
    case K::matches: {
      const Template* text = std::get_if<Template>(&operand);
      if (text == nullptr || text->has_variables()) {
        s.fail("`matches` takes a \"quoted regex\" without {{...}}");
      }
      try {
        p.pattern = std::regex(text->literal());
      } catch (const std::regex_error& e) {
        s.fail("bad regex \"" + text->literal() + "\": " + e.what());
      }
      break;
    }
    default:
      break;
  }
  return p;
}

enum class LineKind { request, response, section, json_body, text_body, other };

// "[Asserts]" gives "Asserts"; any other line "".
std::string_view section_name(std::string_view line) {
  line = trim(line.substr(0, line.find('#')));
  if (line.size() < 3 || line.front() != '[' || line.back() != ']') return {};
  std::string_view name = line.substr(1, line.size() - 2);
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0) return {};
  }
  return name;
}

// What a trimmed, non-blank line starts: the lines that end headers and sections.
LineKind classify(std::string_view line) {
  if (starts_with(line, "```")) return LineKind::text_body;
  if (starts_with(line, "HTTP") && (line.size() == 4 || line[4] == '/' || is_space(line[4]))) {
    return LineKind::response;
  }
  std::size_t upper = 0;
  while (upper < line.size() && std::isupper(static_cast<unsigned char>(line[upper])) != 0) {
    ++upper;
  }
  if (upper > 0 && upper < line.size() && is_space(line[upper])) return LineKind::request;
  if (line.front() == '[') {
    return section_name(line).empty() ? LineKind::json_body : LineKind::section;
  }
  if (line.front() == '{') return LineKind::json_body;
  return LineKind::other;
}

class Parser {
 public:
  Parser(std::string_view text, std::string path) : path_(std::move(path)) {
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
    while (!text.empty()) {
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines_.emplace_back(line);
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
  }

  TestFile parse() {
    TestFile file;
    file.path = path_;
    file.name = std::filesystem::path(path_).stem().string();
    read_header_comments(file);
    if (!more()) at(lines_.empty() ? 0 : lines_.size() - 1).fail("no request in the file");
    while (more()) file.entries.push_back(entry());
    return file;
  }

 private:
  Where at(std::size_t index) const { return {&path_, index}; }
  Where here() const { return at(pos_); }

  // Skips blank and comment lines; false at the end of the file.
  bool more() {
    while (pos_ < lines_.size() && is_blank(trim(lines_[pos_]))) ++pos_;
    return pos_ < lines_.size();
  }
  std::string_view current() const { return trim(lines_[pos_]); }
  LineKind kind() const { return classify(current()); }

  // `# name: ...`, `# name-fr: ...` and `# points: N` among the comments before the first entry.
  void read_header_comments(TestFile& file) const {
    for (std::size_t i = 0; i < lines_.size() && is_blank(trim(lines_[i])); ++i) {
      std::string_view line = trim(lines_[i]);
      if (line.empty()) continue;
      std::string_view text = trim(line.substr(1));
      if (starts_with(text, "name:")) {
        file.name = std::string(trim(text.substr(5)));
        if (file.name.empty()) at(i).fail("`# name:` needs a name");
      } else if (starts_with(text, "name-fr:")) {
        file.name_fr = std::string(trim(text.substr(8)));
        if (file.name_fr.empty()) at(i).fail("`# name-fr:` needs a name");
      } else if (starts_with(text, "points:")) {
        std::string_view n = trim(text.substr(7));
        auto [end, error] = std::from_chars(n.data(), n.data() + n.size(), file.points);
        if (n.empty() || error != std::errc() || end != n.data() + n.size() || file.points < 0) {
          at(i).fail("`# points:` needs a whole number, found `" + std::string(n) + "`");
        }
      }
    }
  }

  Entry entry() {
    if (kind() != LineKind::request) {
      here().fail("expected a request such as `GET {{base_url}}/path`, found `" +
                  std::string(current()) + "`");
    }
    Entry e;
    e.request = request();
    if (more() && kind() == LineKind::response) e.response = response();
    if (more() && kind() != LineKind::request) {
      here().fail("unexpected `" + std::string(current()) + "`: expected " +
                  (e.response ? "the next request"
                              : "a response line such as `HTTP 200` or the next request"));
    }
    return e;
  }

  Request request() {
    Request r;
    r.line = static_cast<int>(pos_) + 1;
    std::string_view line = current();
    std::size_t space = line.find_first_of(" \t");
    r.method = std::string(line.substr(0, space));
    if (std::find(kMethods.begin(), kMethods.end(), r.method) == kMethods.end()) {
      here().fail("unknown method `" + r.method +
                  "` (supported: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)");
    }
    r.url = value_string(line.substr(space), here());
    if (r.url.parts.empty()) here().fail("missing URL after " + r.method);
    const Template::Part& first = r.url.parts.front();
    if (!first.variable && !starts_with(first.text, "http://") &&
        !starts_with(first.text, "https://")) {
      here().fail("the URL must be absolute, e.g. `{{base_url}}/path`");
    }
    ++pos_;
    r.headers = key_values("a header `Name: value`");
    while (more() && kind() == LineKind::section) {
      std::string name(section_name(current()));
      Where section = here();
      ++pos_;
      if (name == "QueryStringParams") {
        append(r.query_params, key_values("a parameter `name: value`"));
      } else if (name == "FormParams") {
        append(r.form_params, key_values("a parameter `name: value`"));
      } else if (name == "Cookies") {
        append(r.cookies, key_values("a cookie `name: value`"));
      } else if (name == "BasicAuth") {
        if (r.basic_auth) section.fail("a second [BasicAuth] section");
        std::vector<KeyValue> lines = key_values("a `user: password` line");
        if (lines.size() != 1) section.fail("[BasicAuth] takes exactly one `user: password` line");
        r.basic_auth = std::move(lines.front());
      } else if (name == "Captures" || name == "Asserts") {
        section.fail("[" + name + "] belongs to a response: put it after the `HTTP 200` line");
      } else {
        section.fail("unknown section [" + name +
                     "] (a request has [QueryStringParams], [FormParams], [BasicAuth], [Cookies])");
      }
    }
    if (more() && (kind() == LineKind::json_body || kind() == LineKind::text_body)) {
      if (!r.form_params.empty()) here().fail("a request with [FormParams] cannot have a body");
      r.body = body();
    }
    return r;
  }

  Response response() {
    Response r;
    r.line = static_cast<int>(pos_) + 1;
    std::string_view line = trim(current().substr(0, current().find('#')));
    r.source = std::string(line);
    std::size_t space = line.find_first_of(" \t");
    std::string_view version = line.substr(0, space);
    std::string_view status =
        space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
    int code = 0;
    auto [end, error] = std::from_chars(status.data(), status.data() + status.size(), code);
    bool valid_status = status == "*" || (status.size() == 3 && error == std::errc() &&
                                          end == status.data() + 3 && code >= 100 && code <= 599);
    if ((version != "HTTP" && version != "HTTP/1.0" && version != "HTTP/1.1" &&
         version != "HTTP/2") ||
        !valid_status) {
      here().fail("bad status line `" + r.source +
                  "`: expected `HTTP 200`, `HTTP/1.1 200` or `HTTP *`");
    }
    r.version = std::string(version);
    if (status != "*") r.status = code;
    ++pos_;
    r.headers = key_values("a header `Name: value`");
    while (more() && kind() == LineKind::section) {
      std::string name(section_name(current()));
      Where section = here();
      ++pos_;
      if (name == "Captures") {
        for (; more() && kind() == LineKind::other; ++pos_) r.captures.push_back(capture());
      } else if (name == "Asserts") {
        for (; more() && kind() == LineKind::other; ++pos_) r.asserts.push_back(assertion());
      } else if (name == "QueryStringParams" || name == "FormParams" || name == "BasicAuth" ||
                 name == "Cookies") {
        section.fail("[" + name + "] belongs to the request: put it before the `HTTP` line");
      } else {
        section.fail("unknown section [" + name + "] (a response has [Captures] and [Asserts])");
      }
    }
    if (more() && (kind() == LineKind::json_body || kind() == LineKind::text_body)) {
      r.body = body();
    }
    return r;
  }

  static void append(std::vector<KeyValue>& to, std::vector<KeyValue> more) {
    to.insert(to.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }

  // The `key: value` lines up to the next request, response, section or body.
  std::vector<KeyValue> key_values(const std::string& what) {
    std::vector<KeyValue> out;
    for (; more() && kind() == LineKind::other; ++pos_) {
      std::string_view line = current();
      std::size_t colon = key_length(line);
      if (colon == 0) {
        here().fail("expected " + what + ", found `" + std::string(line) + "`");
      }
      out.push_back({std::string(trim(line.substr(0, colon))),
                     value_string(line.substr(colon + 1), here()), static_cast<int>(pos_) + 1});
    }
    return out;
  }

  // The index of the ':' after a key at the start of `line`, or 0 when there is none.
  static std::size_t key_length(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && is_key_char(line[i])) ++i;
    std::size_t key_end = i;
    while (i < line.size() && is_space(line[i])) ++i;
    return key_end > 0 && i < line.size() && line[i] == ':' ? i : 0;
  }

  Capture capture() {
    std::string_view line = current();
    std::size_t colon = key_length(line);
    if (colon == 0) {
      here().fail("expected a capture `name: query`, such as `id: jsonpath \"$.id\"`, found `" +
                  std::string(line) + "`");
    }
    Capture c;
    c.name = std::string(trim(line.substr(0, colon)));
    c.line = static_cast<int>(pos_) + 1;
    LineScanner s(line.substr(colon + 1), here());
    c.query = parse_query(s);
    c.filters = parse_filters(s);
    if (!s.at_end()) {
      s.fail("unexpected `" + s.rest() + "` after the query (a capture has no predicate)");
    }
    c.source = std::string(trim(line.substr(0, colon + 1 + s.position())));
    return c;
  }

  Assert assertion() {
    std::string_view line = current();
    Assert a;
    a.line = static_cast<int>(pos_) + 1;
    LineScanner s(line, here());
    a.query = parse_query(s);
    a.filters = parse_filters(s);
    a.predicate = parse_predicate(s);
    if (!s.at_end()) s.fail("unexpected `" + s.rest() + "` after the predicate");
    a.source = std::string(trim(line.substr(0, s.position())));
    return a;
  }

  Body body() { return kind() == LineKind::json_body ? json_body() : text_body(); }

  // A JSON object or array, over as many lines as it takes. Placeholders may stand for a value or
  // sit inside a string; the JSON is checked here with placeholders standing in.
  Body json_body() {
    std::size_t start = pos_;
    Body b{Body::Kind::json, {}, static_cast<int>(start) + 1};
    std::string literal;
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = start; i < lines_.size(); ++i) {
      std::string_view text = i == start ? trim(lines_[i]) : std::string_view(lines_[i]);
      for (std::size_t j = 0; j < text.size();) {
        char c = text[j];
        if (escaped) {
          escaped = false;
        } else if (text.compare(j, 2, "{{") == 0) {
          flush(literal, b.content);
          j = placeholder(text, j, in_string ? Context::json_string : Context::json_value,
                          b.content, at(i));
          continue;
        } else if (in_string) {
          escaped = c == '\\';
          in_string = c != '"';
        } else if (c == '"') {
          in_string = true;
        } else if (c == '{' || c == '[') {
          ++depth;
        } else if (c == '}' || c == ']') {
          --depth;
        }
        literal += c;
        ++j;
        if (depth == 0) {
          std::string_view after = trim(text.substr(j));
          if (!is_blank(after)) {
            at(i).fail("unexpected `" + std::string(after) + "` after the JSON body");
          }
          flush(literal, b.content);
          check_json(b.content, start);
          pos_ = i + 1;
          return b;
        }
      }
      if (in_string) at(i).fail("malformed JSON body: unterminated string");
      literal += '\n';
    }
    at(start).fail("malformed JSON body: it is never closed (a } or ] is missing)");
  }

  void check_json(const Template& content, std::size_t start) const {
    std::string probe;
    for (const Template::Part& part : content.parts) {
      probe += !part.variable ? part.text : part.context == Context::json_value ? "0" : "";
    }
    try {
      [[maybe_unused]] json parsed = json::parse(probe);
    } catch (const json::out_of_range& e) {  // a number no double holds: [1e999]
      at(start).fail("malformed JSON body: a number out of range");
    } catch (const json::parse_error& e) {
      std::size_t upto = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, probe.size());
      auto lines =
          std::count(probe.begin(), probe.begin() + static_cast<std::ptrdiff_t>(upto), '\n');
      std::string what = e.what();
      std::size_t detail = what.find(": ", what.find("column"));
      at(start + static_cast<std::size_t>(lines))
          .fail("malformed JSON body: " +
                (detail == std::string::npos ? what : what.substr(detail + 2)));
    }
  }

  // A ``` block: the lines between ``` and ```, each with its newline, as Hurl sends them.
  Body text_body() {
    std::size_t start = pos_;
    if (current() != "```") {
      here().fail(
          "only plain ``` blocks are supported: ``` alone on its line, the text, then ``` alone "
          "(no language name, not on one line)");
    }
    Body b{Body::Kind::text, {}, static_cast<int>(start) + 1};
    std::string literal;
    for (std::size_t i = start + 1; i < lines_.size(); ++i) {
      std::string_view text = lines_[i];
      std::size_t fence = text.find("```");
      if (fence == 0 && is_blank(trim(text.substr(3)))) {
        flush(literal, b.content);
        pos_ = i + 1;
        return b;
      }
      if (fence != std::string_view::npos) {
        at(i).fail("``` must be alone at the start of its line to close the block");
      }
      for (std::size_t j = 0; j < text.size();) {
        if (text.compare(j, 2, "{{") == 0) {
          flush(literal, b.content);
          j = placeholder(text, j, Context::text, b.content, at(i));
        } else {
          literal += text[j++];
        }
      }
      literal += '\n';
    }
    at(start).fail("unterminated ``` block: no closing ``` line");
  }

  std::string path_;
  std::vector<std::string> lines_;
  std::size_t pos_ = 0;
};

}  // namespace

TestFile parse_text(const std::string& text, const std::string& path) {
  return Parser(text, path).parse();
}

TestFile parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError(path, 0, "cannot read the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_text(text, path);
}

}  // namespace grader::hurl
