// The server over real loopback sockets: keep-alive, Connection: close, free ports, several
// threads at once, and a port already taken.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <web/app.hpp>
#include <web/client.hpp>
#include <web/server.hpp>

using namespace std::chrono_literals;
using web::json, web::OPEN;

namespace {

class ServerApp : public web::App {
 public:
  ServerApp() : App("server") {
    config().set("access_log", false);
    get("/hello", OPEN, [] { return json{{"hello", "world"}}; });
    get("/square", OPEN, {"n"}, [this](std::int64_t n) {
      ++calls;
      return n * n;
    });
    get("/slow", OPEN, [this] {
      slow_started = true;
      std::this_thread::sleep_for(300ms);
      return "slow";
    });
  }
  std::atomic<int> calls{0};
  std::atomic<bool> slow_started{false};
};

// One answer read by libcurl, with what it says about the connection.
struct Fetched {
  long status = 0;
  long new_connections = -1;  // connections curl had to open for this request
  std::string connection;     // the response's Connection header
  std::string body;
};

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<Fetched*>(out)->body.append(data, size * count);
  return size * count;
}

std::size_t keep_connection_header(char* data, std::size_t size, std::size_t count, void* out) {
  std::string line(data, size * count);
  if (strncasecmp(line.c_str(), "Connection:", 11) == 0) {
    std::string value = line.substr(11);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of("\r\n") + 1);
    static_cast<Fetched*>(out)->connection = value;
  }
  return size * count;
}

using Curl = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

Curl new_curl() {
  return Curl(curl_easy_init(), &curl_easy_cleanup);
}

// GET `url` with `curl`, whose connection cache is kept from one call to the next.
Fetched fetch(CURL* curl, const std::string& url, bool close = false) {
  Fetched f;
  curl_slist* headers = close ? curl_slist_append(nullptr, "Connection: close") : nullptr;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, keep_connection_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &f);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  EXPECT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &f.status);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &f.new_connections);
  return f;
}

int connect_loopback(int port) {
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

// What `fd` receives until the server closes it (or sends nothing for 3 s).
std::string read_until_closed(int fd) {
  std::string text;
  char buffer[4096];
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, 3000) == 1) {
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

// Sends `request` as is on a new connection and reads until the server closes it, for at most
// 5 s. Returns what was read, and whether the server closed the connection.
std::pair<std::string, bool> exchange(int port, const std::string& request) {
  int fd = connect_loopback(port);
  if (fd < 0) return {"", false};
  std::string text;
  bool closed = false;
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    char buffer[4096];
    while (!closed) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd, POLLIN, 0};
      if (left <= 0ms || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) text.append(buffer, static_cast<std::size_t>(n));
      closed = n <= 0;
    }
  }
  close(fd);
  return {text, closed};
}

bool contains_nocase(const std::string& text, const std::string& part) {
  return strcasestr(text.c_str(), part.c_str()) != nullptr;
}

}  // namespace

TEST(Server, PortZeroGivesARealPort) {
  ServerApp app;
  web::Server server(app, {});
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()));
  auto r = web::Client(server.url()).get("/hello");
  EXPECT_EQ(r.status, 200) << r;
}

TEST(Server, KeepsTheConnectionAliveByDefault) {
  ServerApp app;
  web::Server server(app, {});
  Curl curl = new_curl();
  auto first = fetch(curl.get(), server.url() + "/hello");
  auto second = fetch(curl.get(), server.url() + "/hello");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "{\"hello\":\"world\"}\n");
  EXPECT_EQ(first.new_connections, 1);
  EXPECT_EQ(second.new_connections, 0) << "the second request opened a new connection";
  EXPECT_NE(first.connection, "") << "no Connection header";
  EXPECT_FALSE(contains_nocase(first.connection, "close")) << first.connection;
}

TEST(Server, ConnectionCloseFromTheClientIsHonoured) {
  ServerApp app;
  web::Server server(app, {});
  Curl curl = new_curl();
  auto first = fetch(curl.get(), server.url() + "/hello", /*close=*/true);
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(contains_nocase(first.connection, "close")) << first.connection;
  auto [text, closed] =
      exchange(server.port(), "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(text.rfind("HTTP/1.1 200", 0), 0u) << text;
  EXPECT_TRUE(closed) << "the server kept the connection open";
}

TEST(Server, Http10ClosesByDefault) {
  ServerApp app;
  web::Server server(app, {});
  auto [text, closed] = exchange(server.port(), "GET /hello HTTP/1.0\r\n\r\n");
  EXPECT_NE(text.find(R"({"hello":"world"})"), std::string::npos) << text;
  EXPECT_TRUE(closed) << "the server kept the connection open";
}

TEST(Server, AnswersSeveralThreadsAtOnce) {
  ServerApp app;
  web::Server server(app, {"127.0.0.1", 0, 4});
  ASSERT_EQ(web::Client(server.url()).get("/square?n=3").body(), 9);  // also inits libcurl
  constexpr int threads = 4, requests = 200;
  auto deadline = std::chrono::steady_clock::now() + 60s;
  std::atomic<int> right{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      web::Client client(server.url());
      for (int i = 0; i < requests && std::chrono::steady_clock::now() < deadline; ++i) {
        std::int64_t n = t * 1000 + i;
        try {
          auto r = client.get("/square?n=" + std::to_string(n));
          if (r.status == 200 && r.body() == n * n) ++right;
        } catch (const std::exception&) {  // counted as wrong
        }
      }
    });
  }
  for (auto& thread : pool) thread.join();
  EXPECT_EQ(right, threads * requests);
  EXPECT_EQ(app.calls, threads * requests + 1);
}

TEST(Server, PortInUseThrowsRuntimeError) {
  ServerApp app;
  web::Server first(app, {});
  try {
    web::Server second(app, {"127.0.0.1", first.port(), 1});
    FAIL() << "a second server listens on port " << first.port();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(first.port())), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(web::Client(first.url()).get("/hello").status, 200);  // the first one goes on
}

TEST(Server, StopsListeningWhenDestroyed) {
  ServerApp app;
  int port = 0;
  {
    web::Server server(app, {});
    port = server.port();
    int fd = connect_loopback(port);
    EXPECT_GE(fd, 0);
    if (fd >= 0) close(fd);
  }
  int fd = connect_loopback(port);
  EXPECT_LT(fd, 0) << "port " << port << " still accepts connections";
  if (fd >= 0) close(fd);
}

// A graceful stop (App::run on SIGTERM), as a rolling restart behind nginx needs it: a new
// connection is refused at once (nginx then tries the other instance, even for a POST), the
// request in progress is answered, with Connection: close, and an idle connection is closed.
TEST(Server, ShutdownRefusesNewConnectionsAndAnswersTheRequestInProgress) {
  ServerApp app;
  web::Server server(app, {"127.0.0.1", 0, 2});
  int port = server.port();
  int idle = connect_loopback(port);
  int busy = connect_loopback(port);
  ASSERT_GE(idle, 0);
  ASSERT_GE(busy, 0);
  std::string request = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(busy, request.data(), request.size(), MSG_NOSIGNAL), ssize_t(request.size()));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!app.slow_started && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(app.slow_started);
  auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { server.shutdown(5s); });

  int refused = -1;  // within 100 ms, though the slow request is still in progress
  for (int i = 0; i < 100 && (refused = connect_loopback(port)) >= 0; ++i) {
    close(refused);
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_LT(refused, 0) << "a new connection is still accepted while the server stops";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 250ms)
      << "refused only once the request in progress ended";

  // The answer, whole, then the end of the connection.
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = recv(busy, buffer, sizeof buffer, 0)) > 0;) {
    text.append(buffer, static_cast<std::size_t>(n));
  }
  EXPECT_EQ(text.rfind("HTTP/1.1 200", 0), 0u) << text;
  EXPECT_TRUE(contains_nocase(text, "Connection: close")) << text;
  EXPECT_NE(text.find("slow"), std::string::npos) << text;
  // The idle connection: closed by the server (end of file, nothing sent).
  pollfd p{idle, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 2000), 1) << "the idle connection is still open";
  EXPECT_EQ(recv(idle, buffer, sizeof buffer, 0), 0);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);  // the idle one closed after 1 s
  close(idle);
  close(busy);
}

// A proxy may send its next request on a kept connection just as a graceful stop finds that
// connection idle: the request waiting unread is answered (Connection: close), never dropped by
// closing the connection under it (nginx retries no POST it sent). One worker, held by a slow
// request, makes the moment certain: the request arrives while the worker cannot read it.
TEST(Server, ShutdownAnswersARequestWaitingOnAnIdleConnection) {
  ServerApp app;
  web::Server server(app, {"127.0.0.1", 0, 1});
  int port = server.port();
  int kept = connect_loopback(port);
  ASSERT_GE(kept, 0);
  std::string hello = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(kept, hello.data(), hello.size(), MSG_NOSIGNAL), ssize_t(hello.size()));
  char buffer[4096];
  ASSERT_GT(recv(kept, buffer, sizeof buffer, 0), 0);
  std::this_thread::sleep_for(1200ms);  // idle longer than a graceful stop waits for

  int busy = connect_loopback(port);
  ASSERT_GE(busy, 0);
  std::string slow = "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(busy, slow.data(), slow.size(), MSG_NOSIGNAL), ssize_t(slow.size()));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!app.slow_started && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(app.slow_started);
  std::thread stopper([&] { server.shutdown(5s); });
  std::string square = "GET /square?n=7 HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(kept, square.data(), square.size(), MSG_NOSIGNAL), ssize_t(square.size()));

  std::string text = read_until_closed(kept);
  stopper.join();
  EXPECT_EQ(text.rfind("HTTP/1.1 200", 0), 0u) << "the waiting request was dropped: " << text;
  EXPECT_TRUE(contains_nocase(text, "Connection: close")) << text;
  EXPECT_NE(text.find("49"), std::string::npos) << text;
  EXPECT_EQ(app.calls, 1);
  close(kept);
  close(busy);
}

// A proxy keeps connections it has not used for long; once the server stops, it uses them up,
// sending the next request on each: one idle for long before the stop still gets its request.
TEST(Server, ShutdownAnswersARequestOnAConnectionIdleSinceBeforeTheStop) {
  ServerApp app;
  web::Server server(app, {"127.0.0.1", 0, 1});
  int kept = connect_loopback(server.port());
  ASSERT_GE(kept, 0);
  std::string hello = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_EQ(send(kept, hello.data(), hello.size(), MSG_NOSIGNAL), ssize_t(hello.size()));
  char buffer[4096];
  ASSERT_GT(recv(kept, buffer, sizeof buffer, 0), 0);
  std::this_thread::sleep_for(1200ms);  // idle longer than a graceful stop waits for

  std::thread stopper([&] { server.shutdown(5s); });
  std::this_thread::sleep_for(300ms);  // the stop has begun: no connection is accepted
  int late = connect_loopback(server.port());
  if (late >= 0) close(late);
  ASSERT_LT(late, 0) << "the stop has not begun";
  std::string square = "GET /square?n=7 HTTP/1.1\r\nHost: x\r\n\r\n";
  send(kept, square.data(), square.size(), MSG_NOSIGNAL);
  std::string text = read_until_closed(kept);
  stopper.join();
  EXPECT_EQ(text.rfind("HTTP/1.1 200", 0), 0u) << "the request was lost: " << text;
  EXPECT_TRUE(contains_nocase(text, "Connection: close")) << text;
  EXPECT_NE(text.find("49"), std::string::npos) << text;
  close(kept);
}

// The access log names the client: the connection's address, or, from the trusted proxy only
// (nginx, config trusted_proxy), the client it names in X-Real-IP or last in X-Forwarded-For.
TEST(Server, TheAccessLogNamesTheClientTrustingOnlyTheProxysHeaders) {
  ServerApp app;
  app.config().set("access_log", true);
  web::Server server(app, {"127.0.0.1", 0, 1});
  auto logged = [&](const std::string& proxy, const std::string& headers) {
    app.config().set("trusted_proxy", proxy);
    ::testing::internal::CaptureStderr();
    exchange(server.port(),
             "GET /hello HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n");
    std::string log = ::testing::internal::GetCapturedStderr();
    auto at = log.find(" - GET /hello 200");
    return at == std::string::npos ? log : log.substr(log.rfind(' ', at - 1) + 1, log.size());
  };
  auto client = [&](const std::string& proxy, const std::string& headers) {
    std::string line = logged(proxy, headers);
    return line.substr(0, line.find(' '));
  };
  // No proxy trusted (the default): whatever the headers say, the connection's address.
  EXPECT_EQ(client("", "X-Real-IP: 203.0.113.9\r\nX-Forwarded-For: 203.0.113.9\r\n"), "127.0.0.1");
  EXPECT_EQ(client("", ""), "127.0.0.1");
  // From the trusted proxy: its X-Real-IP, else the address it added last to X-Forwarded-For.
  EXPECT_EQ(client("127.0.0.1", "X-Real-IP: 203.0.113.9\r\n"), "203.0.113.9");
  EXPECT_EQ(client("127.0.0.1", "X-Forwarded-For: 198.51.100.1, 2001:db8::7\r\n"), "2001:db8::7");
  EXPECT_EQ(client("127.0.0.1", ""), "127.0.0.1");
  // A value that is no address is not logged (it could forge the line's fields).
  EXPECT_EQ(client("127.0.0.1", "X-Real-IP: 1.2.3.4 admin GET /x 200\r\n"), "127.0.0.1");
  // Another proxy's address trusted: this connection's headers are not.
  EXPECT_EQ(client("10.0.0.1", "X-Real-IP: 203.0.113.9\r\n"), "127.0.0.1");
}
