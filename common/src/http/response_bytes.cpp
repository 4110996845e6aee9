#include "http/response_bytes.hpp"

#include <http_parser.h>

#include <charconv>

namespace web::detail {

namespace {

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

void append_clean(std::string& out, const std::string& text) {
  for (char c : text) {
    bool control = (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
    out += control ? ' ' : c;
  }
}

}  // namespace

void append_response(std::string& out, const Response& response, bool keep_alive, bool head_only) {
  int status = response.status();
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::size_t>(status));
  out += ' ';
  out += http_status_str(static_cast<http_status>(status));
  out += keep_alive ? "\r\nConnection: keep-alive\r\n" : "\r\nConnection: close\r\n";
  if (!response.content_type().empty()) {
    out += "Content-Type: ";
    append_clean(out, response.content_type());
    out += "\r\n";
  }
  // No length for the statuses that never have a body (RFC 9110 8.6).
  if (status >= 200 && status != 204 && status != 304) {
    out += "Content-Length: ";
    append_number(out, response.body().size());
    out += "\r\n";
  }
  for (const auto& [name, value] : response.headers()) {
    append_clean(out, name);
    out += ": ";
    append_clean(out, value);
    out += "\r\n";
  }
  out += "\r\n";
  if (!head_only) out += response.body();
}

}  // namespace web::detail
