// hostile_cache: two instances of the lab-08 solution on one database and on one Redis of the
// run's own, and calvin's password changed through the first while Redis misbehaves: a stall
// (SIGSTOP, 0.25 s, from 0 to 8 ms after the change is sent), refused writes
// (`CONFIG SET maxmemory 1`), a restart (SIGKILL, then the same config again), or the first
// instance killed right after its 2xx. Meanwhile a client keeps logging in with the old password
// on both instances. The property: once a change has answered 2xx, no instance accepts the old
// password, and every instance accepts the new one; a change that did not answer 2xx is a 503
// naming the cache and changed nothing. One line, then the exit code (0 only when K = J = R = 0
// and the instances are alive):
//   N changes (A 2xx, F 503), after a 2xx: old password accepted K times (up to S s), new
//   password refused J times; refused changes that changed the password: R; instances alive: yes|no
//
// Usage: hostile_cache SERVER DB_URL REDIS_DIR REDIS_URL [WATCH_SECONDS]
//   SERVER     the lab-08 solution's server; the first instance loads the data (--init)
//   REDIS_DIR  the folder of `scripts/redis start` (redis.conf, redis.pid): stopped, restarted
//   WATCH      how long each change is watched after its answer (default 2 s)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "hostile_cases.hpp"
#include "raw_socket.hpp"

extern char** environ;

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Answer {
  int status = 0;  // 0: no answer within 5 s
  std::string body;
};

// One request on a connection of its own, bounded by 5 s.
Answer request(int port, const std::string& method, const std::string& path,
               const std::string& login, const std::string& password,
               const std::string& form = "") {
  std::string text = method + " " + path + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n" +
                     "Authorization: Basic " + base64(login + ":" + password) + "\r\n";
  if (!form.empty()) {
    text += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
            std::to_string(form.size()) + "\r\n";
  }
  auto e = rawtest::exchange(port, {text + "\r\n" + form});
  if (e.replies.empty()) return {};
  return {e.replies[0].status, e.replies[0].body};
}

bool logs_in(int port, const std::string& password) {
  return request(port, "GET", "/whoami", "calvin", password).status == 200;
}

// A server instance, its stdout read for the port it listens on.
struct Instance {
  pid_t pid = -1;
  int port = 0;
};

Instance start_instance(const std::string& server, const std::string& db, const std::string& log,
                        bool init) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  std::vector<std::string> args = {server, "--port", "0", "--db", db};
  if (init) args.push_back("--init");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  Instance i;
  if (posix_spawn(&i.pid, server.c_str(), &actions, nullptr, argv.data(), environ) != 0) i.pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::string text;
  char buffer[256];
  for (auto until = Clock::now() + 20s; i.pid > 0 && Clock::now() < until;) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    auto at = text.find("listening on http://127.0.0.1:");
    auto end = at == std::string::npos ? at : text.find('\n', at);
    if (end != std::string::npos) {
      i.port = std::atoi(text.c_str() + at + 30);
      break;
    }
  }
  close(out[0]);
  return i;
}

void stop_instance(Instance& i, int signal) {
  if (i.pid <= 0) return;
  kill(i.pid, signal);
  waitpid(i.pid, nullptr, 0);
  i.pid = -1;
}

bool alive(const Instance& i) {
  return i.pid > 0 && waitpid(i.pid, nullptr, WNOHANG) == 0;
}

// The run's Redis: its process, commands on its socket, a restart with the same config.
class Redis {
 public:
  Redis(std::string dir, std::string url) : dir_(std::move(dir)) {
    auto at = url.find('@'), colon = url.find(":", url.find("//") + 2);
    password_ = url.substr(colon + 1, at - colon - 1);
  }
  pid_t pid() const {
    std::ifstream in(dir_ + "/redis.pid");
    pid_t pid = -1;
    in >> pid;
    return pid;
  }
  // One command (inline form), its first reply line.
  std::string command(const std::string& line) const {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string path = dir_ + "/redis.sock";
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      close(fd);
      return "";
    }
    std::string text = "AUTH " + password_ + "\r\n" + line + "\r\n";
    send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    std::string reply;
    char buffer[512];
    for (auto until = Clock::now() + 2s; Clock::now() < until && count_lines(reply) < 2;) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      reply.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    auto first = reply.find("\r\n");
    return first == std::string::npos
               ? ""
               : reply.substr(first + 2, reply.find("\r\n", first + 2) - first - 2);
  }
  // Killed as a crash is, then started again on the same socket (5 s at most).
  void restart() const {
    pid_t old = pid();
    if (old > 0) kill(old, SIGKILL);
    for (int i = 0; i < 100 && old > 0 && kill(old, 0) == 0; ++i) std::this_thread::sleep_for(20ms);
    unlink((dir_ + "/redis.sock").c_str());
    std::string conf = dir_ + "/redis.conf";
    std::vector<char*> argv = {const_cast<char*>("redis-server"), conf.data(), nullptr};
    pid_t launcher;
    if (posix_spawnp(&launcher, "redis-server", nullptr, nullptr, argv.data(), environ) == 0)
      waitpid(launcher, nullptr, 0);  // daemonized: the launcher returns at once
    for (int i = 0; i < 250 && command("PING") != "+PONG"; ++i) std::this_thread::sleep_for(20ms);
  }

 private:
  static int count_lines(const std::string& s) {
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
  }
  std::string dir_, password_;
};

// Logins with one password on both instances, again and again, until stopped: the 200s sent
// after a change's 2xx are the violations.
class Prober {
 public:
  Prober(std::vector<int> ports, std::string password)
      : ports_(std::move(ports)), password_(std::move(password)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        for (int port : ports_) {
          auto sent = Clock::now();
          if (logs_in(port, password_)) {
            std::lock_guard lock(mutex_);
            accepted_.emplace_back(port, sent);
          }
        }
        std::this_thread::sleep_for(2ms);
      }
    });
  }
  ~Prober() { finish(); }
  void finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // The logins sent after `t` and accepted by the instance on `port`, and the latest of them,
  // in seconds after `t`.
  std::pair<int, double> accepted_after(int port, Clock::time_point t) {
    std::lock_guard lock(mutex_);
    int n = 0;
    double latest = 0;
    for (auto [on, sent] : accepted_) {
      if (on != port || sent <= t) continue;
      ++n;
      latest = std::max(latest, std::chrono::duration<double>(sent - t).count());
    }
    return {n, latest};
  }

 private:
  std::vector<int> ports_;
  std::string password_;
  std::atomic<bool> stop_ = false;
  std::mutex mutex_;
  std::vector<std::pair<int, Clock::time_point>> accepted_;
  std::thread thread_;
};

struct Totals {
  int changes = 0, answered = 0, refused = 0, accepted = 0, new_refused = 0, changed_by_refused = 0;
  double latest = 0;
  bool alive = true;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::cerr << "usage: hostile_cache SERVER DB_URL REDIS_DIR REDIS_URL [WATCH_SECONDS]\n";
    return 2;
  }
  std::string server = argv[1], db = argv[2];
  Redis redis(argv[3], argv[4]);
  auto watch = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(argc == 6 ? std::atof(argv[5]) : 2.0));
  setenv("APP_CACHE", argv[4], 1);
  setenv("APP_TOKEN_SECRET", "hostile cache", 1);
  std::string log_dir = argv[3];
  Instance first = start_instance(server, db, log_dir + "/first.log", true);
  Instance second = start_instance(server, db, log_dir + "/second.log", false);
  if (first.port == 0 || second.port == 0) {
    std::cerr << "hostile_cache: an instance did not start; see " << log_dir << "/*.log\n";
    stop_instance(first, SIGTERM);
    stop_instance(second, SIGTERM);
    return 2;
  }

  // Each case: what is done to Redis (or the first instance) around the change, and its name.
  struct Fault {
    std::string name;
    std::function<void()> before;          // just before the change is sent
    std::function<void()> after;           // once its answer came (and was watched)
    std::chrono::milliseconds stall_at{};  // a stall of 0.25 s from this long after the send
    bool stall = false, kill_first = false;
  };
  pid_t redis_pid = redis.pid();
  std::vector<Fault> faults;
  for (int at : {0, 1, 2, 4, 8}) {
    Fault f;
    f.name = "a 0.25 s stall from " + std::to_string(at) + " ms after the change is sent";
    f.stall = true;
    f.stall_at = std::chrono::milliseconds(at);
    faults.push_back(f);
  }
  faults.push_back({"refused writes", [&] { redis.command("CONFIG SET maxmemory 1"); },
                    [&] {
                      redis.command("CONFIG SET maxmemory 0");
                    }});
  faults.push_back({"a restart just before the change", [&] { redis.restart(); }, {}});
  Fault killed;
  killed.name = "the first instance killed right after its 2xx";
  killed.kill_first = true;
  faults.push_back(killed);
  Fault stalled_killed = faults[2];
  stalled_killed.name += ", the first instance killed right after its 2xx";
  stalled_killed.kill_first = true;
  faults.push_back(stalled_killed);

  Totals totals;
  std::string password = "hobbes";
  for (std::size_t n = 0; n < faults.size(); ++n) {
    const Fault& fault = faults[n];
    std::string next = "tiger-" + std::to_string(n);
    // Both instances check the old password first: its hash is in the shared cache.
    logs_in(first.port, password);
    logs_in(second.port, password);
    Prober prober({first.port, second.port}, password);
    std::this_thread::sleep_for(20ms);
    if (fault.before) fault.before();
    std::thread staller;
    redis_pid = redis.pid();
    int first_port = first.port;
    auto sent = Clock::now();
    if (fault.stall) {
      staller = std::thread([&, sent] {
        std::this_thread::sleep_until(sent + fault.stall_at);
        kill(redis_pid, SIGSTOP);
        std::this_thread::sleep_for(250ms);
        kill(redis_pid, SIGCONT);
      });
    }
    auto answer = request(first.port, "PATCH", "/password", "calvin", password, "pword=" + next);
    auto answered = Clock::now();
    if (fault.kill_first && answer.status / 100 == 2) {
      stop_instance(first, SIGKILL);
      first.port = 0;
    }
    if (staller.joinable()) staller.join();
    std::this_thread::sleep_until(answered + watch);
    prober.finish();
    if (fault.after) fault.after();
    ++totals.changes;
    if (answer.status / 100 == 2) {
      ++totals.answered;
      for (auto [port, which] :
           {std::pair{first_port, "first"}, std::pair{second.port, "second"}}) {
        auto [accepted, latest] = prober.accepted_after(port, answered);
        if (accepted == 0) continue;
        totals.accepted += accepted;
        totals.latest = std::max(totals.latest, latest);
        std::cerr << fault.name << ": the " << which << " instance accepted the old password "
                  << accepted << " times after the 2xx, the last " << latest << " s after it\n";
      }
      password = next;
      for (auto [port, which] :
           {std::pair{first.port, "first"}, std::pair{second.port, "second"}}) {
        if (port == 0 || logs_in(port, password)) continue;
        ++totals.new_refused;
        std::cerr << fault.name << ": the " << which << " instance refused the new password "
                  << std::chrono::duration<double>(watch).count() << " s after the 2xx\n";
      }
    } else {
      ++totals.refused;
      bool names_cache = answer.status == 503 && answer.body.find("cache") != std::string::npos;
      if (!names_cache) {
        std::cerr << fault.name << ": the change answered " << answer.status << " " << answer.body
                  << " (a 503 naming the cache expected)\n";
        ++totals.changed_by_refused;
      } else if (logs_in(second.port, next) || !logs_in(second.port, password)) {
        std::cerr << fault.name << ": refused (" << answer.status
                  << "), yet the password changed\n";
        ++totals.changed_by_refused;
      }
    }
    if (fault.kill_first) first = start_instance(server, db, log_dir + "/first.log", false);
    if (!alive(first) || !alive(second) || first.port == 0) {
      std::cerr << fault.name << ": an instance is gone\n";
      totals.alive = false;
      break;
    }
  }
  stop_instance(first, SIGTERM);
  stop_instance(second, SIGTERM);
  std::printf(
      "%d changes (%d 2xx, %d 503), after a 2xx: old password accepted %d times (up to %.1f s), "
      "new password refused %d times; refused changes that changed the password: %d; instances "
      "alive: %s\n",
      totals.changes, totals.answered, totals.refused, totals.accepted, totals.latest,
      totals.new_refused, totals.changed_by_refused, totals.alive ? "yes" : "no");
  bool clean = totals.accepted == 0 && totals.new_refused == 0 && totals.changed_by_refused == 0 &&
               totals.alive;
  return clean ? 0 : 1;
}
