// App::run: the server contract shared by every lab (flags, environment, ready line, signals).
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string_view>

#include "web/app.hpp"
#include "web/server.hpp"

namespace web {

namespace {

constexpr const char* usage =
    "usage: server [--host H] [--port P] [--db URL] [--config FILE] [--init] [--threads N]\n"
    "  --host H        address to listen on (default 127.0.0.1)\n"
    "  --port P        port, 0 for any free port (default 5000, env PORT)\n"
    "  --db URL        database URL (env DATABASE_URL)\n"
    "  --config FILE   JSON config file (env APP_CONFIG)\n"
    "  --init          load the lab's initial data before listening\n"
    "  --threads N     worker threads\n"
    "  --openapi FILE  write the app's OpenAPI document to FILE (- for stdout) and exit\n";

struct Flags {
  std::vector<std::pair<std::string, std::string>> settings;  // config key, text
  std::string config_file;
  std::string openapi_file;
  bool init = false;
  bool help = false;
};

Flags parse_flags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--host")
      flags.settings.emplace_back("host", value());
    else if (arg == "--port")
      flags.settings.emplace_back("port", value());
    else if (arg == "--db")
      flags.settings.emplace_back("db", value());
    else if (arg == "--threads")
      flags.settings.emplace_back("threads", value());
    else if (arg == "--config")
      flags.config_file = value();
    else if (arg == "--openapi")
      flags.openapi_file = value();
    else if (arg == "--init")
      flags.init = true;
    else if (arg == "--help" || arg == "-h")
      flags.help = true;
    else
      throw std::invalid_argument("unknown argument " + std::string(arg));
  }
  return flags;
}

// Precedence: defaults < config file < APP_* < PORT, DATABASE_URL < flags. Every problem of
// the file and the environment is collected; a flag's is thrown as std::invalid_argument.
void configure(Config& config, const Flags& flags, std::vector<std::string>& problems) {
  auto collect = [&](auto&& step) {
    try {
      step();
    } catch (const StartupError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  };
  std::string file = flags.config_file;
  if (file.empty() && std::getenv("APP_CONFIG")) file = std::getenv("APP_CONFIG");
  if (!file.empty()) collect([&] { config.load_file(file); });
  collect([&] { config.load_env(); });
  for (const char* name : {"PORT", "DATABASE_URL"}) {
    const char* value = std::getenv(name);
    if (!value) continue;
    try {
      config.set_text(name == std::string_view("PORT") ? "port" : "db", value);
    } catch (const std::invalid_argument& e) {
      problems.push_back(std::string(name) + ": " + e.what());
    }
  }
  for (const auto& [key, text] : flags.settings) config.set_text(key, text);
  if (config.get<int>("threads") < 1) throw std::invalid_argument("threads must be at least 1");
}

// systemd's readiness protocol (man sd_notify), without libsystemd: `state` ("READY=1") in one
// datagram to the unix socket named by $NOTIFY_SOCKET, abstract when the name starts with '@'.
// A unit with Type=notify is started once READY=1 came: the server listens then. Nothing when
// the variable is unset (not run by systemd, or Type=simple); a failure is logged, not fatal.
void notify_systemd(const char* state) {
  const char* name = std::getenv("NOTIFY_SOCKET");
  if (name == nullptr || name[0] == '\0') return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::size_t length = std::strlen(name);
  if ((name[0] != '/' && name[0] != '@') || length >= sizeof address.sun_path) {
    std::cerr << "NOTIFY_SOCKET=" << name << ": not a unix socket's name" << std::endl;
    return;
  }
  std::memcpy(address.sun_path, name, length);
  if (name[0] == '@') address.sun_path[0] = '\0';  // the abstract namespace
  auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || sendto(fd, state, std::strlen(state), MSG_NOSIGNAL,
                       reinterpret_cast<const sockaddr*>(&address), size) < 0) {
    std::cerr << "NOTIFY_SOCKET=" << name << ": " << std::strerror(errno) << std::endl;
  }
  if (fd >= 0) close(fd);
}

// --openapi FILE: the document, without opening the database or listening.
int write_openapi(App& app, const std::string& file) {
  std::string text = app.openapi_document().dump(2) + "\n";
  if (file == "-") {
    std::cout << text << std::flush;
  } else {
    std::ofstream out(file);
    out << text;
    if (!out.flush()) throw std::runtime_error("--openapi " + file + ": cannot write");
  }
  return 0;
}

}  // namespace

int App::run(int argc, char** argv) {
  // Signals are taken synchronously by sigwait below; worker threads inherit this mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  // One line per problem, each naming its route, file and line, or config key.
  auto report = [&](const std::vector<std::string>& problems) {
    for (const auto& p : problems) std::cerr << name_ << ": error: " << p << "\n";
    std::cerr << std::flush;
    return 2;
  };
  try {
    Flags flags = parse_flags(argc, argv);
    if (flags.help) {
      std::cout << usage << "config keys:\n" << config_.describe();
      return 0;
    }
    std::vector<std::string> problems;
    configure(config_, flags, problems);
    if (!problems.empty()) {
      check(problems);  // the declarations' problems too, all at once (nothing is started)
      return report(problems);
    }
    if (!flags.openapi_file.empty()) {
      configured();     // what on_config hooks declare is part of the app
      check(problems);  // a document of routes that cannot start would mislead
      return problems.empty() ? write_openapi(*this, flags.openapi_file) : report(problems);
    }
    start(flags.init);
    Server server(*this, {config_.get<std::string>("host"), config_.get<int>("port"),
                          config_.get<int>("threads")});
    std::cout << "listening on " << server.url() << std::endl;
    notify_systemd("READY=1");
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    notify_systemd("STOPPING=1");
    if (signal_number == SIGTERM) {  // systemd's stop, a rolling restart's: nothing is lost
      std::cerr << name_ << ": stopping on signal " << signal_number
                << ": the requests in progress are answered" << std::endl;
      server.shutdown(std::chrono::seconds(5));
    } else {  // Ctrl-C in a terminal: at once
      std::cerr << name_ << ": stopping on signal " << signal_number << std::endl;
    }
    return 0;
  } catch (const StartupError& e) {  // the declarations, queries.sql, the database...
    return report(e.problems());
  } catch (const std::invalid_argument& e) {  // a bad flag: show the usage
    std::cerr << name_ << ": error: " << e.what() << "\n" << usage;
    return 2;
  } catch (const std::exception& e) {  // the database, the port...
    return report({e.what()});
  }
}

}  // namespace web
