// A raw HTTP client for the tests about bytes on the wire: requests written in pieces, a little
// apart (so that the server reads them separately), an optional half-close, and every response
// read back, each wait bounded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace rawtest {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

inline int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

// What came back on one connection.
struct Exchange {
  std::string text;     // every byte read
  bool closed = false;  // the server closed the connection
  std::chrono::milliseconds elapsed{0};
  std::vector<Reply> replies;  // the complete responses in `text`, in order
};

inline std::ostream& operator<<(std::ostream& os, const Exchange& e) {
  std::string shown = e.text.size() > 600 ? e.text.substr(0, 600) + "..." : e.text;
  return os << "after " << e.elapsed.count() << " ms, " << (e.closed ? "closed" : "open") << ": "
            << shown;
}

// The complete responses at the start of `text` (Content-Length framing only: the server's).
inline std::vector<Reply> split_replies(const std::string& text) {
  std::vector<Reply> replies;
  std::size_t at = 0;
  while (true) {
    std::size_t end = text.find("\r\n\r\n", at);
    if (end == std::string::npos || text.compare(at, 9, "HTTP/1.1 ") != 0) break;
    Reply r;
    r.head = text.substr(at, end + 4 - at);
    r.status = std::stoi(r.head.substr(9, 3));
    std::size_t length = 0;
    std::size_t field = r.head.find("Content-Length: ");
    if (field != std::string::npos) length = std::stoul(r.head.substr(field + 16));
    if (text.size() < end + 4 + length) break;
    r.body = text.substr(end + 4, length);
    replies.push_back(r);
    at = end + 4 + length;
  }
  return replies;
}

struct Options {
  std::chrono::milliseconds gap = 50ms;    // between pieces
  bool half_close = false;                 // shutdown(SHUT_WR) after the last piece
  std::size_t replies = 1;                 // stop reading once this many came (0: until closed)
  std::chrono::milliseconds timeout = 5s;  // for the whole exchange
};

// Sends `pieces` on a new connection and reads the answers.
inline Exchange exchange(int port, const std::vector<std::string>& pieces, Options options = {}) {
  Exchange e;
  auto start = Clock::now();
  int fd = connect_to(port);
  if (fd < 0) return e;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (i > 0) std::this_thread::sleep_for(options.gap);
    send(fd, pieces[i].data(), pieces[i].size(), MSG_NOSIGNAL);
  }
  if (options.half_close) shutdown(fd, SHUT_WR);
  auto deadline = start + options.timeout;
  char buffer[65536];
  while (options.replies == 0 || e.replies.size() < options.replies) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0ms || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      e.closed = true;
      break;
    }
    e.text.append(buffer, static_cast<std::size_t>(n));
    e.replies = split_replies(e.text);
  }
  e.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  close(fd);
  return e;
}

}  // namespace rawtest
