// App::run: the server contract shared by every lab (flags, environment, ready line, signals).
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
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
    "  --threads N     worker threads\n";

struct Flags {
  std::vector<std::pair<std::string, std::string>> settings;  // config key, text
  std::string config_file;
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
    else if (arg == "--init")
      flags.init = true;
    else if (arg == "--help" || arg == "-h")
      flags.help = true;
    else
      throw std::invalid_argument("unknown argument " + std::string(arg));
  }
  return flags;
}

// Precedence: defaults < config file < APP_* < PORT, DATABASE_URL < flags.
void configure(Config& config, const Flags& flags) {
  std::string file = flags.config_file;
  if (file.empty() && std::getenv("APP_CONFIG")) file = std::getenv("APP_CONFIG");
  if (!file.empty()) config.load_file(file);
  config.load_env();
  if (const char* port = std::getenv("PORT")) config.set_text("port", port);
  if (const char* db = std::getenv("DATABASE_URL")) config.set_text("db", db);
  for (const auto& [key, text] : flags.settings) config.set_text(key, text);
  if (config.get<int>("threads") < 1) throw std::invalid_argument("threads must be at least 1");
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

  try {
    Flags flags = parse_flags(argc, argv);
    if (flags.help) {
      std::cout << usage << "config keys:\n" << config_.describe();
      return 0;
    }
    configure(config_, flags);
    start(flags.init);
    Server server(*this, {config_.get<std::string>("host"), config_.get<int>("port"),
                          config_.get<int>("threads")});
    std::cout << "listening on " << server.url() << std::endl;
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << name_ << ": stopping on signal " << signal_number << std::endl;
    return 0;
  } catch (const std::invalid_argument& e) {  // a bad flag or setting: show the usage
    std::cerr << name_ << ": error: " << e.what() << "\n" << usage;
    return 2;
  } catch (const std::exception& e) {  // queries.sql, the database, the port...
    std::cerr << name_ << ": error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace web
