// Adversary (selftest): a bare socket server that lies about where it listens. Its first server
// (no mark in its folder yet) announces a port nothing listens on; the next ones listen and
// never say so.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app.hpp"

namespace {

// A socket listening on a free loopback port; that port, or 0.
int listen_anywhere(int& fd) {
  fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 || listen(fd, 8) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return 0;
  }
  return ntohs(address.sin_port);
}

}  // namespace

int Kiva::run(int, char**) {
  bool first = !std::filesystem::exists("started");
  std::ofstream("started") << "a server of this grading has started\n";
  int listener, unused;
  int port = listen_anywhere(listener);
  int elsewhere = listen_anywhere(unused);  // a free port, closed again: nothing listens there
  close(unused);
  if (port == 0 || elsewhere == 0) return 1;
  if (first) {
    std::printf("listening on http://127.0.0.1:%d\n", elsewhere);
    std::fflush(stdout);
  }
  for (;;) pause();
}
