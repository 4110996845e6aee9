#include "http/http_reader.hpp"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace web::detail {

namespace {

bool equals_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// RFC 9110 tchar: what a header name is made of.
bool is_token(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  });
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  return text;
}

// "http://host:8080/a?b" -> "/a?b": the absolute form a server must accept (RFC 9112 3.2.2).
// Empty when the target is of no form a server answers.
std::string origin_form(const std::string& target) {
  if (!target.empty() && target.front() == '/') return target;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size() && equals_nocase(target.substr(0, scheme.size()), scheme)) {
      std::size_t slash = target.find_first_of("/?", scheme.size());
      if (slash == std::string::npos) return "/";
      std::string path = target.substr(slash);
      if (path.front() == '?') path.insert(path.begin(), '/');  // not "/" + path: GCC 12 -Wrestrict
      return path;
    }
  }
  return {};
}

}  // namespace

HttpReader::HttpReader(std::size_t max_body) : max_body_(max_body) {
  static std::once_flag once;
  std::call_once(once, [] { http_parser_set_max_header_size(max_head); });
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
}

int HttpReader::refuse(int status, std::string message) {
  if (!refused_) refusal_ = {status, std::move(message)};
  refused_ = true;
  return -1;
}

bool HttpReader::folds(std::string_view bytes) {
  for (char c : bytes) {
    if (after_lf_ && (c == ' ' || c == '\t')) return true;
    after_lf_ = c == '\n';
  }
  return false;
}

HttpReader::Event HttpReader::read(std::string_view& input) {
  while (!refused_) {
    if (input.empty()) return Event::need_more;
    // Paused after a head or a request, the parser starts again where it stopped.
    bool scan = in_head_;
    std::size_t n = http_parser_execute(&parser_, &callbacks(), input.data(), input.size());
    // Obs-fold (a line starting with a space or tab continues the previous header) is refused,
    // as RFC 9112 5.2 asks: http_parser would join the lines. Until the head is whole, every
    // byte the parser consumed is a head byte, since it pauses at the end of the head.
    if (scan && folds(input.substr(0, n))) {
      refuse(400, "malformed header: a line starting with a space or tab (obs-fold)");
      break;
    }
    input.remove_prefix(n);
    auto error = HTTP_PARSER_ERRNO(&parser_);
    if (error == HPE_PAUSED) {
      http_parser_pause(&parser_, 0);
      if (complete_) {
        complete_ = false;
        in_request_ = false;
        in_head_ = true;
        after_lf_ = false;
        return Event::request;
      }
      if (head_done_) {
        head_done_ = false;
        return Event::head;
      }
    } else if (error != HPE_OK) {
      if (error == HPE_HEADER_OVERFLOW) {
        refuse(431, "request head too large: at most " + std::to_string(max_head) + " bytes");
      } else if (error == HPE_UNEXPECTED_CONTENT_LENGTH) {
        // Two lengths, or a length and chunked: the framing smuggling attacks rely on.
        refuse(400, "malformed request: Content-Length twice, or with Transfer-Encoding");
      } else {
        refuse(400, std::string("malformed request: ") + http_errno_description(error));
      }
    } else if (n < input.size()) {
      // http_parser stops after an upgrade request (e.g. CONNECT): we answer it, then close.
      return Event::need_more;
    }
  }
  return Event::refused;
}

HttpReader::Event HttpReader::finish() {
  if (refused_) return Event::refused;
  if (!in_request_) return Event::need_more;
  refuse(400, "incomplete request: the connection ended before its end");
  return Event::refused;
}

int HttpReader::on_message_begin(http_parser* parser) {
  auto* self = static_cast<HttpReader*>(parser->data);
  self->request_ = HttpRequest{};
  self->in_request_ = true;
  self->after_value_ = false;
  self->expect_continue_ = false;
  return 0;
}

int HttpReader::on_url(http_parser* parser, const char* at, std::size_t length) {
  auto* self = static_cast<HttpReader*>(parser->data);
  // http_parser takes a request line without a version for HTTP/0.9, which has no headers
  // and no status line: nothing we could answer.
  if (parser->http_major == 0 && parser->http_minor == 9)
    return self->refuse(400, "malformed request line: no HTTP version (HTTP/0.9)");
  self->request_.target.append(at, length);
  return 0;
}

int HttpReader::on_header_field(http_parser* parser, const char* at, std::size_t length) {
  auto* self = static_cast<HttpReader*>(parser->data);
  if (!self->in_head_) return 0;  // a trailer after a chunked body: not used
  if (self->after_value_ || self->request_.headers.empty()) self->request_.headers.emplace_back();
  self->after_value_ = false;
  self->request_.headers.back().first.append(at, length);
  return 0;
}

int HttpReader::on_header_value(http_parser* parser, const char* at, std::size_t length) {
  auto* self = static_cast<HttpReader*>(parser->data);
  if (!self->in_head_) return 0;
  self->after_value_ = true;
  self->request_.headers.back().second.append(at, length);
  return 0;
}

int HttpReader::on_headers_complete(http_parser* parser) {
  auto* self = static_cast<HttpReader*>(parser->data);
  if (self->check_head() != 0) return -1;
  self->in_head_ = false;
  self->head_done_ = true;
  http_parser_pause(parser, 1);
  return 0;
}

int HttpReader::check_head() {
  if (parser_.http_major != 1 || parser_.http_minor > 1) {
    // 505 would be the textbook answer, but a client's mistake is never a 5xx here.
    return refuse(400, "unsupported HTTP version " + std::to_string(parser_.http_major) + "." +
                           std::to_string(parser_.http_minor) + ": HTTP/1.1 or HTTP/1.0 only");
  }
  if (parser_.method == HTTP_CONNECT) return refuse(405, "method CONNECT not allowed");
  request_.method = http_method_str(static_cast<http_method>(parser_.method));
  request_.target = origin_form(request_.target);
  if (request_.target.empty()) return refuse(400, "malformed request target");
  for (auto& [name, value] : request_.headers) {
    if (!is_token(name)) return refuse(400, "malformed header name");
    value = std::string(trimmed(value));
    if (equals_nocase(name, "Transfer-Encoding") && !equals_nocase(value, "chunked")) {
      // Compressed transfer codings are not decoded: refused rather than read as the body.
      return refuse(400, "unsupported transfer coding: " + value + " (chunked only)");
    }
    if (equals_nocase(name, "Content-Encoding") && !equals_nocase(value, "identity")) {
      return refuse(415, "unsupported content encoding: " + value);
    }
    if (equals_nocase(name, "Expect")) {
      if (!equals_nocase(value, "100-continue"))
        return refuse(417, "unsupported expectation: " + value);
      expect_continue_ = true;
    }
  }
  // Refused before the body is read, rather than after reading megabytes for nothing.
  if ((parser_.flags & F_CONTENTLENGTH) && parser_.content_length > max_body_) {
    return refuse(413, "request body too large: " + std::to_string(parser_.content_length) +
                           " bytes, the limit is " + std::to_string(max_body_));
  }
  // An upgrade (e.g. to a WebSocket) is answered as a plain request, then the connection ends.
  request_.keep_alive = http_should_keep_alive(&parser_) != 0 && parser_.upgrade == 0;
  return 0;
}

int HttpReader::on_body(http_parser* parser, const char* at, std::size_t length) {
  auto* self = static_cast<HttpReader*>(parser->data);
  std::string& body = self->request_.body;
  if (length > self->max_body_ - body.size()) {
    return self->refuse(
        413, "request body too large: the limit is " + std::to_string(self->max_body_) + " bytes");
  }
  body.append(at, length);
  return 0;
}

int HttpReader::on_message_complete(http_parser* parser) {
  auto* self = static_cast<HttpReader*>(parser->data);
  self->complete_ = true;
  http_parser_pause(parser, 1);
  return 0;
}

const http_parser_settings& HttpReader::callbacks() {
  static const http_parser_settings s = [] {
    http_parser_settings out;
    http_parser_settings_init(&out);
    out.on_message_begin = on_message_begin;
    out.on_url = on_url;
    out.on_header_field = on_header_field;
    out.on_header_value = on_header_value;
    out.on_headers_complete = on_headers_complete;
    out.on_body = on_body;
    out.on_message_complete = on_message_complete;
    return out;
  }();
  return s;
}

}  // namespace web::detail
