#include "http/http_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "http/log.hpp"
#include "http/response_bytes.hpp"
#include "web/app.hpp"

namespace web::detail {

namespace {

using namespace std::chrono_literals;

// A connection with nothing read or written for this long is closed (a partial request
// first gets a 408).
constexpr auto idle_timeout = 60s;
// After our last response and FIN, the client's unread bytes are drained this long at most:
// closing a socket with unread input sends a reset, which may destroy the response in flight.
constexpr auto linger_timeout = 2s;
// Output kept beyond this between responses is given back (one large answer, then small ones).
constexpr std::size_t kept_capacity = 64 * 1024;

// The numeric address of the socket's peer ("127.0.0.1", "::1"); "" if it has none.
std::string peer_of(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  char text[INET6_ADDRSTRLEN] = "";
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "";
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6&>(address).sin6_addr, text, sizeof text);
  }
  return text;
}

}  // namespace

HttpConnection::HttpConnection(int fd, const App& app, std::size_t max_body, Clock::time_point now,
                               const std::atomic<bool>* stopping)
    : fd_(fd),
      app_(app),
      reader_(max_body),
      peer_(peer_of(fd)),
      stopping_(stopping),
      last_progress_(now) {}

HttpConnection::~HttpConnection() {
  ::close(fd_);
}

bool HttpConnection::idle(Clock::time_point now, Clock::duration quiet) const {
  if (now - last_progress_ < quiet) return false;
  if (lingering_) return true;  // what it still sends is read and dropped anyway
  int unread = 0;
  return out_.empty() && !reader_.in_request() && ioctl(fd_, FIONREAD, &unread) == 0 && unread == 0;
}

HttpConnection::Want HttpConnection::on_readable(char* buffer, std::size_t size,
                                                 Clock::time_point now) {
  if (lingering_) {
    ssize_t n = recv(fd_, buffer, size, 0);
    if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR))) return Want::read;
    return Want::close;
  }
  ssize_t n = recv(fd_, buffer, size, 0);
  if (n < 0) return errno == EAGAIN || errno == EINTR ? Want::read : Want::close;
  last_progress_ = now;
  if (n == 0) {
    // A half-close: the client has sent everything, and still reads what we answer.
    peer_closed_ = true;
    if (!closing_ && reader_.finish() == HttpReader::Event::refused) refuse(reader_.refusal());
  } else {
    answer(std::string_view(buffer, static_cast<std::size_t>(n)));
  }
  return flush(now);
}

HttpConnection::Want HttpConnection::on_writable(Clock::time_point now) {
  return flush(now);
}

HttpConnection::Want HttpConnection::on_tick(Clock::time_point now) {
  auto idle = now - last_progress_;
  if (lingering_) return idle > linger_timeout ? Want::close : Want::read;
  if (idle < idle_timeout) return written_ < out_.size() ? Want::write : Want::read;
  if (reader_.in_request() && out_.empty() && !closing_) {
    refuse({408, "request timeout: nothing came for " +
                     std::to_string(std::chrono::seconds(idle_timeout).count()) + " s"});
    return flush(now);
  }
  return Want::close;
}

void HttpConnection::answer(std::string_view input) {
  while (!closing_) {
    switch (reader_.read(input)) {
      case HttpReader::Event::need_more:
        return;
      case HttpReader::Event::head:
        // The client waits for this before sending its body; flush() sends it with the rest.
        if (reader_.expect_continue()) out_ += "HTTP/1.1 100 Continue\r\n\r\n";
        break;
      case HttpReader::Event::request: {
        HttpRequest& wire = reader_.request();
        bool head_only = wire.method == "HEAD";
        bool keep_alive = wire.keep_alive;
        Request request(std::move(wire.method), wire.target, std::move(wire.headers),
                        std::move(wire.body));
        current_peer = peer_;  // the access log's client
        Response response = app_.handle(request);
        current_peer.clear();
        // The server began to stop meanwhile: this answer is the connection's last.
        if (stopping_ != nullptr && stopping_->load()) draining_ = true;
        keep_alive = keep_alive && !draining_;
        append_response(out_, response, keep_alive, head_only);
        closing_ = !keep_alive;
        break;
      }
      case HttpReader::Event::refused:
        refuse(reader_.refusal());
        return;
    }
  }
}

void HttpConnection::refuse(const HttpRefusal& refusal) {
  // In the app's error format, as its own errors.
  append_response(out_, app_.error_response(refusal.status, refusal.message), false, false);
  closing_ = true;
  if (app_.config().get<bool>("access_log")) {
    log_line((peer_.empty() ? "-" : peer_) + " - - - " + std::to_string(refusal.status) +
             " refused: " + refusal.message);
  }
}

HttpConnection::Want HttpConnection::flush(Clock::time_point now) {
  while (written_ < out_.size()) {
    ssize_t n = send(fd_, out_.data() + written_, out_.size() - written_, MSG_NOSIGNAL);
    if (n > 0) {
      written_ += static_cast<std::size_t>(n);
      last_progress_ = now;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return Want::write;  // and read nothing more until it is written: backpressure
    } else {
      return Want::close;
    }
  }
  written_ = 0;
  out_.clear();
  if (out_.capacity() > kept_capacity) std::string().swap(out_);
  if (peer_closed_) return Want::close;
  if (closing_) {
    ::shutdown(fd_, SHUT_WR);
    lingering_ = true;
    last_progress_ = now;
  }
  return Want::read;
}

}  // namespace web::detail
