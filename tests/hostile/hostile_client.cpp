// hostile_client: sends malformed and hostile raw requests to a running lab server (05-cruds
// or 06-aaa) on 127.0.0.1, one connection per case, and prints
//   N requests, K 5xx, H hangs, C crashes, S spinning, server alive: yes|no,
//   rows changed by failed requests: R
// (one line). Exit code 0 only when K = H = C = S = R = 0 and the server is alive.
//
// Usage: hostile_client LAB PORT PID DB_URL
//   LAB     05-cruds or 06-aaa (which routes, and whether they need a token)
//   PID     the server's process: its CPU time tells spinning, its end a crash
//   DB_URL  its database, read directly to see whether a failed request changed a row
//
// Every case ends with our half-close: the server must then answer every complete request and
// close, so that each exchange ends, or counts as a hang after a few seconds.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <web/db.hpp>
#include <web/url.hpp>

#include "hostile_cases.hpp"
#include "raw_socket.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Totals {
  int requests = 0, errors_5xx = 0, hangs = 0, crashes = 0, spinning = 0, rows_changed = 0;
  bool alive = true;
};

// Sends everything, or gives up at `deadline` (a server that stopped reading after a 413).
void send_all(int fd, const std::string& bytes, Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < bytes.size() && Clock::now() < deadline) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN) return;
    if (n > 0) sent += static_cast<std::size_t>(n);
  }
}

// The statuses of the complete responses in `text` (without bodies when `head`).
std::vector<int> statuses(const std::string& text, bool head = false) {
  std::vector<int> out;
  std::size_t at = 0;
  while (true) {
    std::size_t end = text.find("\r\n\r\n", at);
    if (end == std::string::npos || text.compare(at, 9, "HTTP/1.1 ") != 0) break;
    int status = std::atoi(text.c_str() + at + 9);
    std::size_t length = 0;
    std::size_t field = text.find("Content-Length: ", at);
    if (field != std::string::npos && field < end) length = std::stoul(text.substr(field + 16));
    if (status == 100 || head) length = 0;
    if (text.size() < end + 4 + length) break;
    if (status != 100) out.push_back(status);
    at = end + 4 + length;
  }
  return out;
}

struct Outcome {
  std::vector<int> statuses;
  bool hang = false;
  std::string text;
};

Outcome run_case(int port, const Case& c) {
  Outcome o;
  int fd = rawtest::connect_to(port);
  if (fd < 0) {
    o.hang = true;
    return o;
  }
  auto deadline = Clock::now() + 4s;
  for (std::size_t i = 0; i < c.pieces.size(); ++i) {
    if (i > 0) std::this_thread::sleep_for(c.gap);
    send_all(fd, c.pieces[i], deadline);
  }
  char buffer[65536];
  auto read_until = [&](auto done, Clock::time_point until) {
    while (!done()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      pollfd p{fd, POLLIN, 0};
      if (left <= 0ms || poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return true;  // closed
      o.text.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  };
  // Answers due before our half-close: a malformed head is refused at once, not after 60 s.
  if (c.answers_before_fin > 0) {
    bool answered = read_until(
        [&] {
          return statuses(o.text, c.head).size() >= static_cast<std::size_t>(c.answers_before_fin);
        },
        Clock::now() + 2s);
    if (!answered) o.hang = true;
  }
  shutdown(fd, SHUT_WR);
  if (!read_until([] { return false; }, deadline)) o.hang = true;
  close(fd);
  o.statuses = statuses(o.text, c.head);
  if (o.statuses.empty() && c.requests > 0) o.hang = true;
  return o;
}

// utime + stime of the process, in clock ticks; -1 once it is gone (or a zombie).
long cpu_ticks(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::size_t paren = text.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream fields(text.substr(paren + 2));
  std::string state;
  fields >> state;
  if (state == "Z" || state == "X") return -1;
  std::string skip;
  for (int i = 0; i < 10; ++i) fields >> skip;
  long utime = 0, stime = 0;
  fields >> utime >> stime;
  return utime + stime;
}

bool alive(int pid) {
  return kill(pid, 0) == 0 && cpu_ticks(pid) >= 0;
}

// Whether the idle server burns CPU: more than 30% of a core over 0.4 s.
bool spins(int pid) {
  long before = cpu_ticks(pid);
  std::this_thread::sleep_for(400ms);
  long after = cpu_ticks(pid);
  long ticks_per_second = sysconf(_SC_CLK_TCK);
  return before >= 0 && after >= 0 && (after - before) * 100 > ticks_per_second * 12;
}

// Every row of the lab's tables, as text: compared before and after a case.
std::string snapshot(web::Connection& db) {
  std::string all;
  for (const char* table : {"Stuff", "Utilisateur", "Owned", "Owner", "Thing"}) {
    try {
      all += db.fetch_all(std::string("SELECT * FROM ") + table + " ORDER BY 1")
                 .dump(-1, ' ', false, web::json::error_handler_t::replace);
    } catch (const web::DbError&) {
      all += "-";  // lab 05 has no Owned table
    }
  }
  return all;
}

// A token for calvin (an admin) on lab 06, from GET /login.
std::string login_token(int port) {
  Case c;
  c.pieces = {"GET /login HTTP/1.1\r\nHost: h\r\nAuthorization: Basic " + base64("calvin:hobbes") +
              "\r\n\r\n"};
  Outcome o = run_case(port, c);
  std::size_t body = o.text.find("\r\n\r\n");
  if (body == std::string::npos) return "";
  std::string token = o.text.substr(body + 4);
  if (token.size() < 2) return "";
  return token.substr(1, token.size() - 2);  // a JSON string
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: hostile_client LAB PORT PID DB_URL\n";
    return 2;
  }
  std::string lab = argv[1];
  int port = std::atoi(argv[2]);
  int pid = std::atoi(argv[3]);
  auto db = web::Connection::open(argv[4]);
  std::string token = lab == "06-aaa" ? login_token(port) : "";
  if (lab == "06-aaa" && token.empty()) {
    std::cerr << "hostile_client: no token from GET /login\n";
    return 2;
  }

  Totals totals;
  bool injected = false;
  std::string before = snapshot(*db);
  auto run_start = Clock::now();
  for (const auto& category : hostile_cases(lab, token)) {
    auto category_start = Clock::now();
    for (const Case& c : category.cases) {
      Outcome o = run_case(port, c);
      totals.requests += c.requests;
      bool succeeded = false;
      for (int status : o.statuses) {
        if (status >= 500) {
          ++totals.errors_5xx;
          std::cerr << "5xx: " << category.name << ": " << c.name << ": " << status << "\n";
        }
        succeeded = succeeded || (status >= 200 && status < 300);
      }
      // A value with CR LF echoed into a response header would split the response.
      if (o.text.find("\nX-Injected:") != std::string::npos) {
        injected = true;
        std::cerr << "header injected: " << category.name << ": " << c.name << "\n";
      }
      if (o.hang) {
        ++totals.hangs;
        std::cerr << "hang: " << category.name << ": " << c.name << ": " << o.text.substr(0, 200)
                  << "\n";
      }
      if (!alive(pid)) {
        ++totals.crashes;
        totals.alive = false;
        std::cerr << "crash: " << category.name << ": " << c.name << "\n";
        break;
      }
      std::string after = snapshot(*db);
      if (!succeeded && after != before) {
        ++totals.rows_changed;
        std::cerr << "rows changed by a failed request: " << category.name << ": " << c.name
                  << "\n";
      }
      before = std::move(after);
      if (totals.hangs > 20 || Clock::now() - run_start > 240s) break;  // bounded, whatever
    }
    if (std::getenv("HOSTILE_TIMES")) {
      std::cerr << category.name << ": " << category.cases.size() << " cases, "
                << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                         category_start)
                       .count()
                << " ms\n";
    }
    if (!totals.alive || totals.hangs > 20) break;
    if (spins(pid)) {
      ++totals.spinning;
      std::cerr << "spinning after: " << category.name << "\n";
    }
  }
  // Alive: every list answers, whatever the stored rows now hold (e.g. a subnormal price).
  if (totals.alive) {
    Case last;
    last.requests = 4;
    last.pieces = {
        "GET /stats HTTP/1.1\r\nHost: h\r\n\r\nGET /stuff HTTP/1.1\r\nHost: h\r\n\r\n"
        "GET /owners HTTP/1.1\r\nHost: h\r\n\r\nGET /things HTTP/1.1\r\nHost: h\r\n\r\n"};
    Outcome o = run_case(port, last);
    totals.alive = alive(pid) && o.statuses == std::vector<int>(4, 200);
  }
  std::printf(
      "%d requests, %d 5xx, %d hangs, %d crashes, %d spinning, server alive: %s, rows changed by "
      "failed requests: %d\n",
      totals.requests, totals.errors_5xx, totals.hangs, totals.crashes, totals.spinning,
      totals.alive ? "yes" : "no", totals.rows_changed);
  bool clean = totals.errors_5xx == 0 && totals.hangs == 0 && totals.crashes == 0 &&
               totals.spinning == 0 && totals.rows_changed == 0 && totals.alive && !injected;
  return clean ? 0 : 1;
}
