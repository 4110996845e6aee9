// The cpp-httplib reference of bench/run: lab 05's GET /stuff/<sid> on SQLite written with
// Debian's cpp-httplib (0.11), the library many C++ beginners pick, as its README shows it: a
// regex route, the library's defaults but one (a pool of 8 threads, each serving one connection
// at a time; a keep-alive connection closed after 5 requests). A statement cached per thread
// and reset after use, as in bare_stuff.cpp. Same answers as the lab-05 solution.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>

#include <cstdint>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

namespace {

std::string database_file;

std::optional<nlohmann::json> stuff(std::int64_t sid) {
  thread_local sqlite3* db = nullptr;
  thread_local sqlite3_stmt* stmt = nullptr;
  if (stmt == nullptr) {
    sqlite3_open_v2(database_file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                    nullptr);
    sqlite3_prepare_v3(db, "SELECT sid, stuff FROM Stuff WHERE sid = ?1", -1,
                       SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  }
  sqlite3_bind_int64(stmt, 1, sid);
  std::optional<nlohmann::json> row;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    row = {{sqlite3_column_name(stmt, 0), sqlite3_column_int64(stmt, 0)},
           {sqlite3_column_name(stmt, 1),
            reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))}};
  }
  sqlite3_reset(stmt);
  return row;
}

}  // namespace

// httplib_stuff DATABASE_FILE
int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: httplib_stuff DATABASE_FILE\n";
    return 2;
  }
  database_file = argv[1];
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  httplib::Server server;
  // Its one setting changed: TCP_NODELAY, off by default, leaves every response waiting for
  // the client's delayed ACK (40 ms on Linux): 300 req/s instead of 10k here.
  server.set_tcp_nodelay(true);
  // The regex allows digits only: a sid too large for int64 is the one bad sid left.
  server.Get(R"(/stuff/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    std::optional<nlohmann::json> row;
    try {
      row = stuff(std::stoll(req.matches[1].str()));
    } catch (const std::out_of_range&) {
      res.status = 400;
      res.set_content(R"({"error":"bad sid"})", "application/json");
      return;
    }
    if (!row) {
      res.status = 404;
      res.set_content(R"({"error":"no such stuff"})", "application/json");
      return;
    }
    res.set_content(row->dump(), "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  if (port < 0) {
    std::cerr << "httplib_stuff: cannot listen\n";
    return 2;
  }
  std::thread stopper([&server, &stop] {
    int signal_number = 0;
    sigwait(&stop, &signal_number);
    server.stop();
  });
  std::cout << "listening on http://127.0.0.1:" << port << std::endl;
  server.listen_after_bind();
  stopper.join();
  return 0;
}
