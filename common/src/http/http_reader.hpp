// HTTP/1.x request framing for one connection: bytes in, whole requests or a refusal out.
// Node.js's http_parser (Debian's libhttp-parser) does the framing, incrementally: a head or a
// chunked body may be split anywhere across reads, and requests may be pipelined. We add the
// limits (head and body sizes, checked as the bytes arrive) and the refusals RFC 9112 asks for.
#pragma once

#include <http_parser.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "web/request.hpp"

namespace web::detail {

// One request as it came on the wire.
struct HttpRequest {
  std::string method;
  std::string target;  // origin form: /path?query (an absolute URL is cut to it)
  Headers headers;
  std::string body;
  bool keep_alive = true;  // false: answer with Connection: close, then close
};

// Why a request is refused: the status and message of the error response, after which the
// connection is closed (its framing can no longer be trusted).
struct HttpRefusal {
  int status = 400;
  std::string message;
};

class HttpReader {
 public:
  // The request line and headers together, at most (431 beyond). http_parser keeps this limit
  // for the whole process.
  static constexpr std::size_t max_head = 64 * 1024;

  enum class Event {
    need_more,  // `input` is used up
    head,       // a request's head is complete: see expect_continue()
    request,    // a request is complete: take it with request()
    refused,    // see refusal(); read() refuses everything after it
  };

  // `max_body`: the largest body accepted (413 beyond), after any chunked decoding.
  explicit HttpReader(std::size_t max_body);
  HttpReader(const HttpReader&) = delete;
  HttpReader& operator=(const HttpReader&) = delete;

  // Parses from the front of `input` up to the next event, removing what it consumed. Stops
  // after each request, so that the caller answers requests one by one, in order.
  Event read(std::string_view& input);
  // The end of the stream: `refused` when a request was cut short, else need_more.
  Event finish();

  // After `head`: the client sent `Expect: 100-continue` and waits for a 100 before its body.
  bool expect_continue() const { return expect_continue_; }
  // After `request`: the request, for the caller to move from.
  HttpRequest& request() { return request_; }
  const HttpRefusal& refusal() const { return refusal_; }
  // Whether some bytes of a request have come, but not all.
  bool in_request() const { return in_request_; }

 private:
  static const http_parser_settings& callbacks();
  static int on_message_begin(http_parser* parser);
  static int on_url(http_parser* parser, const char* at, std::size_t length);
  static int on_header_field(http_parser* parser, const char* at, std::size_t length);
  static int on_header_value(http_parser* parser, const char* at, std::size_t length);
  static int on_headers_complete(http_parser* parser);
  static int on_body(http_parser* parser, const char* at, std::size_t length);
  static int on_message_complete(http_parser* parser);

  int refuse(int status, std::string message);
  // The head's checks, once it is whole; 0 or the refusal's -1.
  int check_head();
  // Whether the head bytes in `bytes` fold a header line onto the previous one.
  bool folds(std::string_view bytes);

  std::size_t max_body_;
  http_parser parser_;
  HttpRequest request_;
  HttpRefusal refusal_;
  bool refused_ = false;
  bool in_request_ = false;
  bool in_head_ = true;       // the next bytes belong to a request line or headers
  bool head_done_ = false;    // set by on_headers_complete, cleared by read()
  bool complete_ = false;     // set by on_message_complete, cleared by read()
  bool after_value_ = false;  // the last header callback was a value: the next field is new
  bool after_lf_ = false;     // the last head byte scanned was a LF
  bool expect_continue_ = false;
};

}  // namespace web::detail
