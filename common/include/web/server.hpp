// The HTTP server under an App (epoll and http_parser, kept out of this header): used by
// App::run and by tests that want real sockets.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace web {

class App;

class Server {
 public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: any free port, read it back with port()
    int threads = 2;
  };

  // Binds and starts serving on background threads; throws std::runtime_error if it cannot
  // bind. `app` must outlive the server.
  Server(const App& app, const Options& options);
  ~Server();  // stops serving, closes every connection
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // A graceful stop (App::run on SIGTERM): stops listening at once (a new connection is refused,
  // so a proxy tries another instance), answers each request in progress with Connection: close,
  // closes the connections idle between requests; returns once none is left, or after `limit`.
  // Then the destructor closes what is left.
  void shutdown(std::chrono::milliseconds limit);

  int port() const;
  std::string url() const;  // http://host:port

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace web
