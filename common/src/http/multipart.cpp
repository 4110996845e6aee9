#include "http/multipart.hpp"

#include <strings.h>

#include <memory>
#include <optional>
#include <string>

namespace web::detail {

namespace {

[[noreturn]] void malformed(const std::string& why) {
  throw Error(400, "malformed multipart body: " + why);
}

bool same_word(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The parameter `name` of a header value `type; a=1; b="x y"` (quoted strings unescaped).
std::optional<std::string> header_parameter(std::string_view value, std::string_view name) {
  std::size_t at = value.find(';');
  while (at != std::string_view::npos) {
    value.remove_prefix(at + 1);
    std::size_t eq = value.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = trimmed(value.substr(0, eq));
    value = trimmed(value.substr(eq + 1));
    std::string text;
    if (!value.empty() && value.front() == '"') {
      std::size_t i = 1;
      for (; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        text += value[i];
      }
      if (i >= value.size()) return std::nullopt;  // an unterminated quoted string
      value.remove_prefix(i + 1);
      at = value.find(';');
    } else {
      at = value.find(';');
      text = std::string(trimmed(value.substr(0, at)));
    }
    if (same_word(key, name)) return text;
  }
  return std::nullopt;
}

struct Part {
  std::optional<std::string> name, filename;
  std::string content_type = "text/plain";
  bool has_type = false;
};

// The headers of a part, up to the blank line.
Part part_headers(std::string_view headers) {
  Part part;
  bool disposition = false;
  while (!headers.empty()) {
    std::size_t end = headers.find("\r\n");
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) malformed("a part's header line without ':'");
    std::string_view key = trimmed(line.substr(0, colon));
    std::string_view value = trimmed(line.substr(colon + 1));
    if (same_word(key, "Content-Disposition")) {
      std::string_view kind = trimmed(value.substr(0, value.find(';')));
      if (!same_word(kind, "form-data")) malformed("a part that is not form-data");
      disposition = true;
      part.name = header_parameter(value, "name");
      part.filename = header_parameter(value, "filename");
    } else if (same_word(key, "Content-Type")) {
      part.content_type = std::string(value);
      part.has_type = true;
    }
  }
  if (!disposition) malformed("a part without Content-Disposition");
  if (!part.name || part.name->empty()) malformed("a part without a name");
  return part;
}

}  // namespace

void decode_multipart(Request& request, std::string_view content_type, std::string_view body) {
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) {
    malformed("no boundary in the Content-Type");
  }
  const std::string delimiter = "--" + *boundary;
  // The first delimiter, after an optional preamble.
  std::size_t at = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (at == std::string_view::npos) malformed("no boundary line");
  at += body.starts_with(delimiter) ? delimiter.size() : delimiter.size() + 2;
  const std::string separator = "\r\n" + delimiter;
  while (true) {
    std::string_view rest = body.substr(at);
    if (rest.starts_with("--")) return;  // the close delimiter: the epilogue is ignored
    // Transport padding, then the line break that starts the part.
    std::size_t line_end = rest.find("\r\n");
    if (line_end == std::string_view::npos || trimmed(rest.substr(0, line_end)) != "") {
      malformed("no line break after a boundary");
    }
    rest.remove_prefix(line_end + 2);
    std::size_t headers_end = rest.starts_with("\r\n") ? 0 : rest.find("\r\n\r\n");
    if (headers_end == std::string_view::npos) malformed("a part's headers never end");
    Part part = part_headers(rest.substr(0, headers_end));
    rest.remove_prefix(headers_end + (headers_end == 0 ? 2 : 4));
    std::size_t content_end = rest.find(separator);
    if (content_end == std::string_view::npos) malformed("the closing boundary is missing");
    std::string content(rest.substr(0, content_end));
    if (part.filename) {
      auto file = std::make_shared<File>();
      file->filename = *part.filename;
      file->content_type = part.has_type ? part.content_type : "application/octet-stream";
      file->bytes = std::move(content);
      request.add_param(*part.name, ParamValue{*part.filename, true, std::move(file)});
    } else {
      request.add_param(*part.name, ParamValue{std::move(content), true});
    }
    at = static_cast<std::size_t>(rest.data() - body.data()) + content_end + separator.size();
  }
}

}  // namespace web::detail
