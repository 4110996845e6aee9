// What a handler sees of a request read from a socket, also when the request line arrives in
// pieces: the raw query string (repeated names kept), the headers, the decoded path.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <web/app.hpp>
#include <web/server.hpp>

using namespace std::chrono_literals;
using web::json, web::OPEN;

namespace {

class EchoApp : public web::App {
 public:
  EchoApp() : App("echo") {
    config().set("access_log", false);
    get("/echo/<path:rest>", OPEN, [](web::Request& r) {
      return json{{"path", r.path()},
                  {"query", r.query()},
                  {"rest", r.param<std::string>("rest")},
                  {"a", r.param<std::vector<std::string>>("a", {})},
                  {"host", r.header("Host").value_or("")},
                  {"agent", r.header("User-Agent").value_or("")},
                  {"accept", r.header("Accept").value_or("")},
                  {"headers", r.headers().size()}};
    });
  }
};

// Sends `pieces` one by one on a new connection, a little apart, and returns the JSON body of
// the one response (null if there is none within 5 s).
json send_in_pieces(int port, const std::vector<std::string>& pieces) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return nullptr;
  }
  for (const auto& piece : pieces) {
    send(fd, piece.data(), piece.size(), MSG_NOSIGNAL);
    std::this_thread::sleep_for(20ms);  // separate reads on the server's side
  }
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  char buffer[4096];
  std::size_t head_end = std::string::npos, length = 0;
  while (head_end == std::string::npos || text.size() < head_end + 4 + length) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0ms || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    head_end = text.find("\r\n\r\n");
    std::size_t field = text.find("Content-Length: ");
    if (field != std::string::npos) length = std::stoul(text.substr(field + 16));
  }
  close(fd);
  if (head_end == std::string::npos) return nullptr;
  return json::parse(text.substr(head_end + 4), nullptr, false);
}

}  // namespace

class RawRequest : public ::testing::Test {
 protected:
  EchoApp app;
  web::Server server{app, {}};
  json get(const std::vector<std::string>& pieces) { return send_in_pieces(server.port(), pieces); }
};

TEST_F(RawRequest, QueryStringIsKeptAsSent) {
  auto r = get({"GET /echo/x?a=1&a=2&b=x%20y HTTP/1.1\r\nHost: h\r\n\r\n"});
  EXPECT_EQ(r["query"], "a=1&a=2&b=x%20y") << r;
  EXPECT_EQ(r["a"], json({"1", "2"})) << r;
  EXPECT_EQ(r["path"], "/echo/x") << r;
}

TEST_F(RawRequest, NoQueryIsAnEmptyQuery) {
  auto r = get({"GET /echo/x HTTP/1.1\r\nHost: h\r\n\r\n"});
  EXPECT_EQ(r["query"], "") << r;
  EXPECT_EQ(r["a"], json::array()) << r;
}

TEST_F(RawRequest, RequestLineInPiecesKeepsItsQuery) {
  EXPECT_EQ(get({"GET /ec", "ho/x?a=3 HTTP/1.1\r\nHost: h\r\n\r\n"})["query"], "a=3");
  EXPECT_EQ(get({"GET /echo/x?", "a=4&c HTTP/1.1\r\nHost: h\r\n\r\n"})["query"], "a=4&c");
  EXPECT_EQ(get({"GET /echo/x?a=5 HT", "TP/1.1\r\nHost: h\r\n\r\n"})["query"], "a=5");
}

TEST_F(RawRequest, PathIsPercentDecodedForParameters) {
  auto r = get({"GET /echo/a%20b/c+d/ HTTP/1.1\r\nHost: h\r\n\r\n"});
  EXPECT_EQ(r["rest"], "a b/c+d/") << r;
  EXPECT_EQ(r["path"], "/echo/a%20b/c+d/") << r;
}

TEST_F(RawRequest, HeadersReachTheHandler) {
  auto r = get({"GET /echo/x HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: probe/1\r\n\r\n"});
  EXPECT_EQ(r["host"], "127.0.0.1:8080") << r;
  EXPECT_EQ(r["agent"], "probe/1") << r;
}

TEST_F(RawRequest, HeadersAreAsSentEachOnce) {
  // Pistache rewrites the headers it parses (Host gains ":80", Accept loses its value): the
  // handler sees what the client sent, once.
  auto r = get({"GET /echo/x HTTP/1.1\r\nHost: h\r\nAccept: text/html\r\n\r\n"});
  EXPECT_EQ(r["host"], "h") << r;
  EXPECT_EQ(r["accept"], "text/html") << r;
  EXPECT_EQ(r["headers"], 2) << r;
}
