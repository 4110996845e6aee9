// HTTP exchanges over libcurl, and the curl command line that reproduces one for a student.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grader::hurl {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string url;     // query parameters included
  HeaderList headers;  // as sent, with the Content-Type this engine adds
  std::optional<std::string> body;
  std::optional<std::pair<std::string, std::string>> basic_auth;  // user, password
  std::string cookies;                                            // "a=1; b=2", from [Cookies]
};

struct HttpResponse {
  long status = 0;
  std::string version;  // "1.1" for HTTP/1.1
  HeaderList headers;
  std::string body;
  std::chrono::milliseconds duration{0};

  // Every value of a header, the name compared without case.
  std::vector<std::string> header_values(std::string_view name) const;
};

// No response. The kind tells a slow server from a dead one, which the grader reports apart.
class TransportError : public std::runtime_error {
 public:
  enum class Kind { timeout, connection, other };
  TransportError(Kind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One libcurl handle for all the requests of a file, so that, as in Hurl, the connection is kept
// alive and cookies the server sets are sent back. Never uses a proxy, never follows redirects.
class HttpClient {
 public:
  // `netns`: the network namespace to connect in (a sandboxed server's /proc/PID/ns/net, whose
  // loopback is its own), or empty for the grader's. Entering one needs root.
  // `insecure_tls`: HTTPS without checking the certificate (a deployment's self-signed one).
  explicit HttpClient(const std::string& netns = "", bool insecure_tls = false);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Throws TransportError when no complete response arrives within `timeout`.
  HttpResponse send(const HttpRequest& request, std::chrono::milliseconds timeout);

 private:
  void* curl_;      // a CURL*: curl.h stays out of this header
  int netns_ = -1;  // the namespace's fd, or -1
};

// Whether `headers` has one named `name`, compared without case.
bool has_header(const HeaderList& headers, std::string_view name);

// e.g. curl -X POST -H 'Content-Type: application/json' --data-raw '{"a": 1}' 'http://...'
std::string curl_command(const HttpRequest& request);

// Percent-encodes all but RFC 3986's unreserved characters, for query and form parameters.
std::string percent_encode(std::string_view text);

}  // namespace grader::hurl
