// The HTTP server: N worker threads, each with its own epoll set, accepting from one listening
// socket and answering its connections' requests itself (no hand-off between threads).
//
// Pistache ran here until its request parser and transport failed under hostile requests: a
// chunked body split across reads spun a worker for ever, pipelined requests were dropped, a
// half-close lost the answer (its transport closes on FIN before writing), and out of file
// descriptors its accept loop spun. Framing is now http_parser's (http_reader.hpp); this loop
// is small enough to read in one sitting.
#include "web/server.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/http_connection.hpp"
#include "http/log.hpp"
#include "web/app.hpp"

namespace web {

namespace {

using namespace std::chrono_literals;
using detail::HttpConnection;
using Clock = HttpConnection::Clock;
using Want = HttpConnection::Want;

// Out of file descriptors (or memory), accept() fails at once while the pending connection
// stays in the backlog: polling again would spin. We stop accepting this long instead.
constexpr auto accept_pause = 100ms;
// A graceful stop closes a kept connection once it has been idle this long since the stop began.
// Before that, it may be the one a proxy is sending its next request on (closing it then loses a
// POST: nginx sends none twice): it gets it, answered with Connection: close. Under traffic, a
// proxy's kept connections are all used (and so closed) well within it, even those it had left
// idle for long before the stop: closing these at once lost 1 POST in about 3,500 in lab 08's
// rolling restart.
constexpr auto drain_quiet = 1s;
constexpr std::size_t read_size = 64 * 1024;
constexpr int accept_batch =
    32;  // connections accepted per wake-up, so that requests are served too

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

int listen_on(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int status = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (status != 0) throw std::runtime_error(gai_strerror(status));
  std::string error = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
      error = std::strerror(errno);
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error(error);
  return fd;
}

// Replaces a listening socket by an unbound one under the same number: a connection is then
// refused, and a busy worker's late accept() fails (EINVAL) rather than reaching a connection
// that reused the number.
bool replace_listener(int listen_fd) {
  int placeholder = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (placeholder < 0) return false;
  bool replaced = dup3(placeholder, listen_fd, O_CLOEXEC) >= 0;
  close(placeholder);
  return replaced;
}

class Worker {
 public:
  // `draining`: the server stops gracefully; `listener_taken`: a worker (or the stop itself)
  // closes the listening socket; `listener_gone`: it is closed.
  Worker(const App& app, int listen_fd, std::size_t max_body, const std::atomic<bool>& draining,
         std::atomic<bool>& listener_taken, std::atomic<bool>& listener_gone)
      : app_(app),
        listen_fd_(listen_fd),
        max_body_(max_body),
        draining_(draining),
        listener_taken_(listener_taken),
        listener_gone_(listener_gone) {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0) throw system_error("epoll");
    watch(wake_fd_, EPOLLIN, EPOLL_CTL_ADD);
    watch_listener();
  }
  ~Worker() {
    connections_.clear();
    close(wake_fd_);
    close(epoll_fd_);
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Serves until `stopping`; once `draining`, leaves the listening socket and returns when its
  // last connection is closed.
  void run(const std::atomic<bool>& stopping) {
    std::vector<char> buffer(read_size);
    epoll_event events[64];
    auto next_tick = Clock::now() + 1s;
    bool drained = false;
    while (!stopping.load(std::memory_order_relaxed)) {
      if (!drained && draining_.load()) {
        drained = true;
        if (!listener_gone_.load()) {
          epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
          if (!listener_taken_.exchange(true)) {
            // The first worker here takes the connections already made, to the last, and closes
            // the listener at once: one made in between would be reset, and with it the request
            // a proxy sent on it (nginx never sends a POST twice): 1 in about 3,000 was, when
            // the stop's thread closed it a few milliseconds later.
            auto now = Clock::now();
            while (accept_some(now) == accept_batch) {
            }
            if (replace_listener(listen_fd_)) listener_gone_ = true;
          }
        }
        listening_ = false;
        auto now = Clock::now();
        for (auto& [fd, entry] : connections_) entry.connection->drain(now);
      }
      if (drained) {
        auto now = Clock::now();
        for (auto it = connections_.begin(); it != connections_.end();) {
          auto next = std::next(it);
          if (it->second.connection->idle(now, drain_quiet)) connections_.erase(it);
          it = next;
        }
        if (connections_.empty()) return;
      }
      int n = epoll_wait(epoll_fd_, events, 64, listening_ ? 1000 : 20);
      auto now = Clock::now();
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == listen_fd_) {
          accept_some(now);
        } else if (fd != wake_fd_) {
          serve(fd, events[i].events, buffer, now);
        }
      }
      if (!listening_ && !drained && now >= resume_accepting_) watch_listener();
      if (now >= next_tick) {
        next_tick = now + 1s;
        tick(now);
      }
    }
  }

  // Wakes run() from another thread, e.g. to see that it must stop.
  void wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto ignored = write(wake_fd_, &one, sizeof one);
  }

 private:
  struct Entry {
    std::unique_ptr<HttpConnection> connection;
    Want registered;
  };

  void watch(int fd, std::uint32_t events, int op) {
    epoll_event e{};
    e.events = events;
    e.data.fd = fd;
    epoll_ctl(epoll_fd_, op, fd, &e);
  }

  // Every worker watches the listening socket; EPOLLEXCLUSIVE wakes one of those waiting, so
  // that an idle worker takes a new connection rather than a busy one.
  void watch_listener() {
    watch(listen_fd_, EPOLLIN | EPOLLEXCLUSIVE, EPOLL_CTL_ADD);
    listening_ = true;
  }

  // Accepts up to accept_batch connections; returns how many.
  int accept_some(Clock::time_point now) {
    int accepted = 0;
    for (int i = 0; i < accept_batch; ++i) {
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return accepted;
        if (listener_gone_.load()) return accepted;  // the graceful stop replaced it (EINVAL)
        if (errno == EINTR || errno == ECONNABORTED) continue;
        // EMFILE, ENFILE, ENOBUFS, ENOMEM: try again later, without spinning meanwhile.
        if (std::exchange(pause_logged_, true) == false) {
          detail::log_line(std::string("accept: ") + std::strerror(errno) +
                           ": accepting again in 100 ms");
        }
        epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        listening_ = false;
        resume_accepting_ = now + accept_pause;
        return accepted;
      }
      ++accepted;
      pause_logged_ = false;
      int yes = 1;  // responses go out in one write each: no reason to wait for more
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      connections_.emplace(
          fd, Entry{std::make_unique<HttpConnection>(fd, app_, max_body_, now, &draining_),
                    Want::read});
      watch(fd, EPOLLIN, EPOLL_CTL_ADD);
    }
    return accepted;
  }

  void serve(int fd, std::uint32_t events, std::vector<char>& buffer, Clock::time_point now) {
    auto it = connections_.find(fd);
    if (it == connections_.end()) return;
    HttpConnection& connection = *it->second.connection;
    Want want = it->second.registered;
    if (want == Want::write && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
      want = connection.on_writable(now);
    } else if (want == Want::read && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
      want = connection.on_readable(buffer.data(), buffer.size(), now);
    }
    apply(it, want);
  }

  void tick(Clock::time_point now) {
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      apply(it, it->second.connection->on_tick(now));
      it = next;
    }
  }

  void apply(std::unordered_map<int, Entry>::iterator it, Want want) {
    if (want == Want::close) {
      connections_.erase(it);  // closing the socket also takes it out of the epoll set
    } else if (want != it->second.registered) {
      it->second.registered = want;
      watch(it->first, want == Want::read ? EPOLLIN : EPOLLOUT, EPOLL_CTL_MOD);
    }
  }

  const App& app_;
  int listen_fd_;
  std::size_t max_body_;
  const std::atomic<bool>& draining_;
  std::atomic<bool>& listener_taken_;
  std::atomic<bool>& listener_gone_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  bool listening_ = false;
  bool pause_logged_ = false;
  Clock::time_point resume_accepting_;
  std::unordered_map<int, Entry> connections_;
};

}  // namespace

struct Server::Impl {
  std::string host;
  int listen_fd;
  std::atomic<bool> stopping{false};
  std::atomic<bool> draining{false};
  std::atomic<bool> listener_taken{false};
  std::atomic<bool> listener_gone{false};
  std::atomic<int> finished{0};
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::thread> threads;

  Impl(const App& app, const Options& options)
      : host(options.host), listen_fd(listen_on(options.host, options.port)) {
    try {
      auto max_body = app.config().get<std::size_t>("max_body");
      for (int i = 0; i < std::max(1, options.threads); ++i)
        workers.push_back(std::make_unique<Worker>(app, listen_fd, max_body, draining,
                                                   listener_taken, listener_gone));
      for (auto& worker : workers)
        threads.emplace_back([this, w = worker.get()] {
          w->run(stopping);
          ++finished;
        });
    } catch (...) {
      stop();
      throw;
    }
  }
  ~Impl() { stop(); }

  void shutdown(std::chrono::milliseconds limit) {
    auto deadline = Clock::now() + limit;
    auto count = static_cast<int>(workers.size());
    draining = true;
    for (auto& worker : workers) worker->wake();
    // The first worker free (the others may be busy with a request) takes the connections
    // already made and closes the listening socket: from now on, a connection is refused. If
    // none is free by the deadline, the stop closes it.
    while (!listener_gone && finished < count && Clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    if (!listener_taken.exchange(true) && replace_listener(listen_fd)) listener_gone = true;
    while (finished < count && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
    stop();
  }

  void stop() {
    stopping = true;
    for (auto& worker : workers) worker->wake();
    for (auto& thread : threads) thread.join();
    threads.clear();
    workers.clear();  // closes every connection
    if (listen_fd >= 0) close(listen_fd);
    listen_fd = -1;
  }
};

Server::Server(const App& app, const Options& options) {
  if (options.port < 0 || options.port > 65535) {
    throw std::runtime_error("port out of range: " + std::to_string(options.port));
  }
  try {
    impl_ = std::make_unique<Impl>(app, options);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + options.host + ":" +
                             std::to_string(options.port) + ": " + e.what());
  }
}

Server::~Server() = default;

void Server::shutdown(std::chrono::milliseconds limit) {
  impl_->shutdown(limit);
}

int Server::port() const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<sockaddr_in6&>(address).sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in&>(address).sin_port);
}

std::string Server::url() const {
  return "http://" + impl_->host + ":" + std::to_string(port());
}

}  // namespace web
