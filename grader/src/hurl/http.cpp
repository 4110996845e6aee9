#include "hurl/http.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <sched.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <new>

namespace grader::hurl {

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::vector<std::string> HttpResponse::header_values(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : headers) {
    if (same_name(key, name)) values.push_back(value);
  }
  return values;
}

bool has_header(const HeaderList& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return same_name(header.first, name); });
}

namespace {

// A student's server streaming without end must not exhaust the grader's memory.
constexpr std::size_t kMaxBody = 16 << 20;

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * count > kMaxBody) return 0;  // makes curl fail with a write error
  body->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* out) {
  auto* headers = static_cast<HeaderList*>(out);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    headers->clear();  // a new status line: the headers of an interim 1xx response are dropped
  } else if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    headers->emplace_back(line.substr(0, colon), value);
  }
  return size * count;
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistFree>;

void append(Slist& list, const std::string& line) {
  curl_slist* head = curl_slist_append(list.get(), line.c_str());
  if (head == nullptr) throw std::bad_alloc();
  static_cast<void>(list.release());
  list.reset(head);
}

// A header line as curl takes it: "Name;" sends an empty value, "Name:" would remove the header.
std::string header_line(const std::pair<std::string, std::string>& header) {
  return header.second.empty() ? header.first + ";" : header.first + ": " + header.second;
}

TransportError::Kind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return TransportError::Kind::timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
      return TransportError::Kind::connection;
    default:
      return TransportError::Kind::other;
  }
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

namespace {

// libcurl's socket, made in the server's network namespace: a socket belongs to the namespace
// of the thread that creates it, so this thread enters it for the call and comes back.
curl_socket_t socket_in_namespace(void* netns, curlsocktype, curl_sockaddr* address) {
  int own = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (own < 0 || setns(*static_cast<int*>(netns), CLONE_NEWNET) != 0) {
    if (own >= 0) close(own);
    return CURL_SOCKET_BAD;
  }
  int fd = socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  bool back = setns(own, CLONE_NEWNET) == 0;
  close(own);
  if (!back) std::abort();  // this thread would talk to the sandbox from now on
  return fd < 0 ? CURL_SOCKET_BAD : fd;
}

}  // namespace

HttpClient::HttpClient(const std::string& netns, bool insecure_tls) {
  if (!netns.empty()) {
    netns_ = open(netns.c_str(), O_RDONLY | O_CLOEXEC);
    if (netns_ < 0) throw std::runtime_error("cannot open the network namespace " + netns);
  }
  static const bool initialized = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  curl_ = initialized ? curl_easy_init() : nullptr;
  if (curl_ == nullptr) {
    if (netns_ >= 0) close(netns_);
    throw std::runtime_error("libcurl cannot be initialized");
  }
  // What every request shares. The handle is never reset (curl_easy_reset would turn the cookie
  // engine off): send() sets every option that varies from one request to the next.
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
  if (netns_ >= 0) {
    curl_easy_setopt(curl_, CURLOPT_OPENSOCKETFUNCTION, socket_in_namespace);
    curl_easy_setopt(curl_, CURLOPT_OPENSOCKETDATA, &netns_);
  }
  curl_easy_setopt(curl_, CURLOPT_NOPROXY, "*");
  if (insecure_tls) {
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // the in-memory cookie engine
  curl_easy_setopt(curl_, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(curl_);
  if (netns_ >= 0) close(netns_);
}

HttpResponse HttpClient::send(const HttpRequest& request, std::chrono::milliseconds timeout) {
  CURL* curl = curl_;
  HttpResponse response;
  char error[CURL_ERROR_SIZE] = {};
  Slist headers;
  for (const auto& header : request.headers) append(headers, header_line(header));
  append(headers, "Expect:");  // no 100-continue round trip before a body
  // Without this, curl labels any body as a form.
  if (!has_header(request.headers, "Content-Type")) append(headers, "Content-Type:");

  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::max<std::int64_t>(1, timeout.count())));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);

  // Back to a plain GET first, then the request's method and body.
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
  const std::string& method = request.method;
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    // POST, PUT and PATCH always send a body, empty if need be, so that Content-Length is set.
    bool sends_body = request.body || method == "POST" || method == "PUT" || method == "PATCH";
    if (method != "GET" || sends_body) {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (sends_body) {
      curl_off_t size = request.body ? static_cast<curl_off_t>(request.body->size()) : 0;
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, size);
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body ? request.body->c_str() : "");
    }
  }
  // A null pointer clears what an earlier request set.
  curl_easy_setopt(curl, CURLOPT_USERNAME,
                   request.basic_auth ? request.basic_auth->first.c_str() : nullptr);
  curl_easy_setopt(curl, CURLOPT_PASSWORD,
                   request.basic_auth ? request.basic_auth->second.c_str() : nullptr);
  curl_easy_setopt(curl, CURLOPT_COOKIE,
                   request.cookies.empty() ? nullptr : request.cookies.c_str());

  auto start = std::chrono::steady_clock::now();
  CURLcode code = curl_easy_perform(curl);
  // The handle outlives these locals.
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  response.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  if (code != CURLE_OK) {
    std::string detail = error[0] != '\0' ? error : curl_easy_strerror(code);
    if (code == CURLE_WRITE_ERROR) detail = "the response body is over 16 MiB";
    throw TransportError(kind_of(code), detail);
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  long version = 0;
  curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &version);
  response.version = version == CURL_HTTP_VERSION_1_0   ? "1.0"
                     : version == CURL_HTTP_VERSION_1_1 ? "1.1"
                     : version == CURL_HTTP_VERSION_2_0 ? "2"
                                                        : "3";
  return response;
}

std::string curl_command(const HttpRequest& request) {
  std::string command = "curl";
  command += request.method == "HEAD" ? " --head" : " -X " + request.method;
  if (request.basic_auth) {
    command += " -u " + shell_quote(request.basic_auth->first + ":" + request.basic_auth->second);
  }
  if (!request.cookies.empty()) command += " -b " + shell_quote(request.cookies);
  for (const auto& header : request.headers) command += " -H " + shell_quote(header_line(header));
  if (request.body) {
    if (!has_header(request.headers, "Content-Type")) command += " -H 'Content-Type:'";
    command += " --data-raw " + shell_quote(*request.body);
  }
  return command + " " + shell_quote(request.url);
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

}  // namespace grader::hurl
