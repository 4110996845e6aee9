// One client's TCP connection: its requests read and answered in order, its responses written
// without blocking, its end (half-close, lingering close, timeouts). Owned by one worker thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "http/http_reader.hpp"

namespace web {
class App;
}

namespace web::detail {

class HttpConnection {
 public:
  using Clock = std::chrono::steady_clock;
  // What the worker waits for next on the socket.
  enum class Want { read, write, close };

  // Takes ownership of the non-blocking socket `fd`. Once `stopping` (the server's graceful stop)
  // is set, the answer being made is the connection's last (Connection: close).
  HttpConnection(int fd, const App& app, std::size_t max_body, Clock::time_point now,
                 const std::atomic<bool>* stopping = nullptr);
  ~HttpConnection();  // closes the socket
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  int fd() const { return fd_; }
  // The socket is readable: reads once into `buffer`, answers every request read, writes.
  Want on_readable(char* buffer, std::size_t size, Clock::time_point now);
  // The socket is writable again: writes what is left.
  Want on_writable(Clock::time_point now);
  // Called about once a second: ends idle, stalled or lingering connections.
  Want on_tick(Clock::time_point now);
  // The server stops (SIGTERM): the request in progress, if any, is the last one; its answer
  // says Connection: close. A kept connection's quiet counts from now: a proxy under traffic
  // is using up its kept connections at this very moment, the long-idle ones included.
  void drain(Clock::time_point now) {
    draining_ = true;
    last_progress_ = std::max(last_progress_, now);
  }
  // Between requests (or after the last answer, sent), nothing read nor written for `quiet`,
  // and no byte of a next request waiting unread (a proxy may have sent one on it this instant:
  // it is served, not lost): closing it loses nothing.
  bool idle(Clock::time_point now, Clock::duration quiet) const;

 private:
  void answer(std::string_view input);
  void refuse(const HttpRefusal& refusal);
  Want flush(Clock::time_point now);

  int fd_;
  const App& app_;
  HttpReader reader_;
  std::string peer_;  // the client's address (or its proxy's)
  std::string out_;   // responses not yet written
  std::size_t written_ = 0;
  bool closing_ = false;      // the last response is in out_: no more requests
  bool peer_closed_ = false;  // the client sent its FIN (it may still read)
  bool lingering_ = false;    // our FIN is sent: the client's last bytes are read and dropped
  const std::atomic<bool>* stopping_;
  bool draining_ = false;  // the server stops: no request after the one in progress
  Clock::time_point last_progress_;
};

}  // namespace web::detail
