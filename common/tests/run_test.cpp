// App::run, the contract every lab's server keeps, checked on run_server.cpp's binary run as a
// child process: the ready line, signals, exit codes, PORT and --config.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <web/client.hpp>

extern char** environ;

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// The server as a child process, its stdout and stderr read through pipes. It is killed
// if it still runs when this goes out of scope.
class Child {
 public:
  // `env` is added to the test's environment, from which PORT, DATABASE_URL and APP_* are removed.
  explicit Child(std::vector<std::string> args, std::vector<std::string> env = {},
                 const char* program = RUN_SERVER) {
    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) != 0) return;
    if (pipe2(err, O_CLOEXEC) != 0) {
      close(out[0]);
      close(out[1]);
      return;
    }
    out_ = out[0];
    err_ = err[0];
    args.insert(args.begin(), program);
    for (char** var = environ; *var != nullptr; ++var) {
      std::string_view v = *var;
      if (!v.starts_with("PORT=") && !v.starts_with("DATABASE_URL=") && !v.starts_with("APP_")) {
        env.emplace_back(v);
      }
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
    if (posix_spawn(&pid_, program, &actions, nullptr, pointers(args).data(),
                    pointers(env).data()) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    close(err[1]);
  }

  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) close(out_);
    if (err_ >= 0) close(err_);
  }

  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  const std::string& out() const { return out_text_; }
  const std::string& err() const { return err_text_; }
  void signal(int number) const {
    if (pid_ > 0) kill(pid_, number);
  }

  // The port of the line "listening on http://127.0.0.1:PORT"; 0 if it does not come in 10 s.
  int wait_listening() {
    const std::string ready = "listening on http://127.0.0.1:";
    auto deadline = Clock::now() + 10s;
    while (true) {
      std::size_t at = out_text_.find(ready);
      if (at != std::string::npos && out_text_.find('\n', at) != std::string::npos) {
        return std::stoi(out_text_.substr(at + ready.size()));
      }
      if (Clock::now() >= deadline || out_ < 0) return 0;
      read_some(deadline);
    }
  }

  // The exit code; -1 if the child did not exit within `timeout` or died of a signal.
  int wait_exit(Clock::duration timeout) {
    auto deadline = Clock::now() + timeout;
    while (pid_ > 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        auto until = Clock::now() + 1s;  // the rest of stderr
        while ((out_ >= 0 || err_ >= 0) && Clock::now() < until) read_some(until);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      if (Clock::now() >= deadline) return -1;
      read_some(std::min(deadline, Clock::now() + 10ms));
    }
    return -1;
  }

 private:
  static std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
  }

  // Reads what the pipes have until `until`; a pipe at its end is closed.
  void read_some(Clock::time_point until) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (poll(fds, 2, static_cast<int>(std::max<std::int64_t>(0, left.count()))) <= 0) return;
    int* fd[2] = {&out_, &err_};
    std::string* text[2] = {&out_text_, &err_text_};
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[4096];
      ssize_t n = read(*fd[i], buffer, sizeof buffer);
      if (n > 0) {
        text[i]->append(buffer, static_cast<std::size_t>(n));
      } else {
        close(*fd[i]);
        *fd[i] = -1;
      }
    }
  }

  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  std::string out_text_, err_text_;
};

// A port that was free a moment ago.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

web::Client client_on(int port) {
  return web::Client("http://127.0.0.1:" + std::to_string(port));
}

// What systemd listens on for a Type=notify unit: a unix datagram socket, named by a path or,
// after '@', in the abstract namespace.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& name) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    name.copy(address.sun_path, sizeof address.sun_path - 1);
    if (name[0] == '@') address.sun_path[0] = '\0';
    auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~NotifySocket() {
    if (fd_ >= 0) close(fd_);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool bound() const { return fd_ >= 0; }
  // The next datagram; "" if none comes within `timeout`.
  std::string receive(std::chrono::milliseconds timeout) const {
    pollfd fds{fd_, POLLIN, 0};
    if (poll(&fds, 1, static_cast<int>(timeout.count())) <= 0) return "";
    char buffer[512];
    ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }

 private:
  int fd_ = -1;
};

}  // namespace

TEST(Run, ServesAfterTheReadyLineAndExitsZeroOnSigterm) {
  Child server({"--port", "0", "--init"});
  ASSERT_TRUE(server.started());
  int port = server.wait_listening();
  ASSERT_GT(port, 0) << server.err();
  auto version = client_on(port).get("/version");
  EXPECT_EQ(version.status, 200) << version;
  EXPECT_EQ(version.body()["app"], "kiva") << version;
  EXPECT_EQ(client_on(port).get("/store").body().size(), 3u) << "--init loads the data";
  server.signal(SIGTERM);  // a graceful stop: the idle connection kept by the client, after 1 s
  EXPECT_EQ(server.wait_exit(3s), 0) << server.err();
}

// Type=notify: systemd starts the next unit (or, in a rolling restart, stops the other instance)
// once READY=1 came, so it must come once the server listens, and not before.
TEST(Run, TellsSystemdItIsReadyOnceItListensAndThatItStops) {
  std::string path = testing::TempDir() + "notify-" + std::to_string(getpid());
  std::string abstract = "@common-run-test-" + std::to_string(getpid());
  for (const std::string& name : {path, abstract}) {
    SCOPED_TRACE(name);
    unlink(path.c_str());
    NotifySocket systemd(name);
    ASSERT_TRUE(systemd.bound()) << std::strerror(errno);
    Child server({"--port", "0"}, {"NOTIFY_SOCKET=" + name});
    ASSERT_TRUE(server.started());
    EXPECT_EQ(systemd.receive(10000ms), "READY=1") << server.err();
    int port = server.wait_listening();  // printed before READY=1
    ASSERT_GT(port, 0) << server.err();
    EXPECT_EQ(client_on(port).get("/version").status, 200);
    server.signal(SIGTERM);
    EXPECT_EQ(systemd.receive(5000ms), "STOPPING=1") << server.err();
    EXPECT_EQ(server.wait_exit(5s), 0) << server.err();
  }
  unlink(path.c_str());
}

TEST(Run, ANotifySocketNameThatIsNoUnixSocketIsLoggedNotFatal) {
  Child server({"--port", "0"}, {"NOTIFY_SOCKET=relative/name"});
  ASSERT_TRUE(server.started());
  ASSERT_GT(server.wait_listening(), 0) << server.err();
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(5s), 0) << server.err();
  EXPECT_NE(server.err().find("NOTIFY_SOCKET=relative/name: not a unix socket"), std::string::npos)
      << server.err();
}

TEST(Run, ExitsZeroOnSigint) {
  Child server({"--port", "0"});
  ASSERT_TRUE(server.started());
  int port = server.wait_listening();
  ASSERT_GT(port, 0) << server.err();
  EXPECT_EQ(client_on(port).get("/version").status, 200);
  server.signal(SIGINT);
  EXPECT_EQ(server.wait_exit(1s), 0) << server.err();
}

TEST(Run, UnknownFlagExitsWithCode2) {
  Child server({"--port", "0", "--frobnicate"});
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.wait_exit(10s), 2);
  EXPECT_NE(server.err().find("--frobnicate"), std::string::npos) << server.err();
}

// --openapi writes the document and exits without listening; routes an on_config hook declares
// are in it, as they are in the running server.
TEST(Run, OpenApiWritesTheDocumentWithTheRoutesDeclaredOnConfig) {
  Child server({"--openapi", "-"});
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.wait_exit(10s), 0) << server.err();
  web::json doc = web::json::parse(server.out());
  EXPECT_TRUE(doc["paths"].contains("/store")) << server.out();
  EXPECT_TRUE(doc["paths"].contains("/mode")) << server.out();
  EXPECT_EQ(server.out().find("listening"), std::string::npos);
}

TEST(Run, PortComesFromTheEnvironmentWithoutTheFlag) {
  int port = free_port();
  ASSERT_GT(port, 0);
  Child server({}, {"PORT=" + std::to_string(port)});
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.wait_listening(), port) << server.err();
  EXPECT_EQ(client_on(port).get("/version").status, 200);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(3s), 0) << server.err();
}

TEST(Run, ConfigFileWithAnUnknownKeyExitsWithCode2NamingIt) {
  std::string path =
      ::testing::TempDir() + "common_run_config_" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << "// a config with a typo\n{\"threads\": 2, \"colour\": \"blue\"}\n";
  Child server({"--port", "0", "--config", path});
  int code = server.started() ? server.wait_exit(10s) : -1;
  std::remove(path.c_str());
  EXPECT_EQ(code, 2);
  EXPECT_NE(server.err().find("colour"), std::string::npos) << server.err();
  EXPECT_EQ(server.err().find("usage"), std::string::npos) << "the usage is for bad flags only";
}

// A student's declaration mistakes (bad_server.cpp holds one of each): exit code 2, one line per
// mistake naming its route, all at once; never an abort, never the usage (that is for flags).
TEST(Run, DeclarationMistakesExitWithCode2OneLineEachNamingTheRoute) {
  Child server({"--port", "0"}, {}, BAD_SERVER);
  ASSERT_TRUE(server.started());
  EXPECT_EQ(server.wait_exit(10s), 2) << server.err();
  const std::string& err = server.err();
  for (const char* line :
       {"bad: error: GET /stuff/<sid>: <sid> of the path is not among the names (\"id\")\n",
        "bad: error: GET /add/<i>: the handler takes 1 parameter(s) but 2 name(s) are given "
        "(\"i\", \"j\")\n",
        "bad: error: GET /admin: no group_check for group \"ADMIN\"\n",
        "bad: error: GET /admin: authentication needs get_user_pass\n",
        "bad: error: POST /things: the rule on parameter \"tname\" cannot apply to its "
        "argument's type: must be at least 0\n",
        "bad: error: GET /add/<n> (blueprint cmp): GET is declared twice (as /add/<i> in the "
        "app)\n"}) {
    EXPECT_NE(err.find(line), std::string::npos) << "missing: " << line << "in:\n" << err;
  }
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 6) << err;
  EXPECT_EQ(err.find("usage"), std::string::npos) << err;
  EXPECT_EQ(err.find("terminate"), std::string::npos) << err;
}

TEST(Run, ConfigProblemsAndDeclarationMistakesAreReportedTogetherWithoutTheUsage) {
  std::string path =
      ::testing::TempDir() + "common_run_bad_config_" + std::to_string(getpid()) + ".json";
  std::ofstream(path) << R"({"colour": "blue", "port": "80"})";
  Child server({"--config", path}, {"APP_THREADS=many"}, BAD_SERVER);
  int code = server.started() ? server.wait_exit(10s) : -1;
  std::remove(path.c_str());
  EXPECT_EQ(code, 2);
  const std::string& err = server.err();
  for (const char* part : {"\"colour\"", "\"port\"", "APP_THREADS", "GET /stuff/<sid>"}) {
    EXPECT_NE(err.find(part), std::string::npos) << part << " in:\n" << err;
  }
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 9) << err;
  EXPECT_EQ(err.find("usage"), std::string::npos) << err;
}
