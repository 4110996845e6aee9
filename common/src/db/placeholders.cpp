#include "db/placeholders.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace web::detail {

namespace {

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Copies a quoted or commented span starting at i into out; returns the index after it.
std::size_t copy_until(std::string_view sql, std::size_t i, std::string_view end,
                       std::string& out) {
  std::size_t stop = sql.find(end, i);
  stop = stop == std::string_view::npos ? sql.size() : stop + end.size();
  out.append(sql.substr(i, stop - i));
  return stop;
}

}  // namespace

Placeholders rewrite_placeholders(std::string_view sql, bool dollar) {
  Placeholders p;
  auto placeholder = [&](int index) {
    p.sql += dollar ? '$' : '?';
    p.sql += std::to_string(index);
  };
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      // A quote inside is doubled ('it''s'): the span ends at the next lone quote.
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c && (j + 1 >= sql.size() || sql[j + 1] != c)) break;
        j += sql[j] == c ? 2 : 1;
      }
      j = std::min(j + 1, sql.size());
      p.sql.append(sql.substr(i, j - i));
      i = j;
    } else if (sql.substr(i, 2) == "--") {
      i = copy_until(sql, i, "\n", p.sql);
    } else if (sql.substr(i, 2) == "/*") {
      p.sql += "/*";
      i = copy_until(sql, i + 2, "*/", p.sql);
    } else if (c == '$' && dollar) {
      // PostgreSQL's dollar quoting: $$...$$ or $tag$...$tag$.
      std::size_t j = i + 1;
      while (j < sql.size() && name_char(sql[j])) ++j;
      if (j < sql.size() && sql[j] == '$' &&
          !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        std::string tag(sql.substr(i, j - i + 1));
        p.sql += tag;
        i = copy_until(sql, j + 1, tag, p.sql);
      } else {
        p.sql += c;
        ++i;
      }
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      p.sql += "::";
      i += 2;
    } else if (c == ':' && i + 1 < sql.size() && name_start(sql[i + 1])) {
      std::size_t j = i + 1;
      while (j < sql.size() && name_char(sql[j])) ++j;
      // An attribute, :a.login (aiosql's record parameters): the value's "login".
      while (j + 1 < sql.size() && sql[j] == '.' && name_start(sql[j + 1])) {
        ++j;
        while (j < sql.size() && name_char(sql[j])) ++j;
      }
      std::string name(sql.substr(i + 1, j - i - 1));
      auto it = std::find(p.names.begin(), p.names.end(), name);
      if (it == p.names.end()) it = p.names.insert(p.names.end(), name);
      placeholder(static_cast<int>(it - p.names.begin()) + 1);
      i = j;
    } else if (c == '?') {
      placeholder(++p.positional);
      ++i;
    } else {
      p.sql += c;
      ++i;
    }
  }
  if (!p.names.empty() && p.positional > 0) {
    throw std::invalid_argument("SQL mixes :name and ? parameters");
  }
  return p;
}

}  // namespace web::detail
