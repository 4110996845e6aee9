// Lab 02's GET /store/<key> written directly on Pistache and SQLite, with nothing of common (no
// routing table, parameters, hooks, transactions, logs): the slides' example of a bare server.
// Same answer as the lab-02 solution: {"key": k, "val": v} or a 404. bench/run measures its
// lab-05 sibling, bare_stuff.cpp.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <signal.h>
#include <sqlite3.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

using namespace Pistache;

namespace {

std::string database_path;

// One connection and one prepared statement per worker thread.
sqlite3_stmt* statement() {
  thread_local sqlite3* db = nullptr;
  thread_local sqlite3_stmt* stmt = nullptr;
  if (stmt == nullptr) {
    sqlite3_open_v2(database_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                    nullptr);
    sqlite3_prepare_v3(db, "SELECT key, val FROM store WHERE key = ?1", -1,
                       SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  }
  return stmt;
}

// slide: pistache-handler
class StoreHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(StoreHandler)

  void onRequest(const Http::Request& request, Http::ResponseWriter response) override {
    // Keep the connection, as common does (Pistache closes unless the client asks).
    response.headers().remove<Http::Header::Connection>();
    response.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
    const std::string& path = request.resource();
    constexpr std::string_view prefix = "/store/";
    if (request.method() != Http::Method::Get || path.rfind(prefix, 0) != 0) {
      response.send(Http::Code::Not_Found, R"({"error":"not found"})", MIME(Application, Json));
      return;
    }
    std::string key = path.substr(prefix.size());
    sqlite3_stmt* stmt = statement();
    // end slide
    sqlite3_bind_text(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    std::optional<nlohmann::json> row;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      row = {{"key", reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))},
             {"val", reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))}};
    }
    // Reset at once, as correct code must: a statement left active keeps its WAL read
    // transaction while the thread idles, and no checkpoint can then empty the WAL.
    sqlite3_reset(stmt);
    if (!row) {
      response.send(Http::Code::Not_Found, R"({"error":"no such key"})", MIME(Application, Json));
      return;
    }
    response.send(Http::Code::Ok, row->dump(), MIME(Application, Json));
  }
};

}  // namespace

// bare_store DATABASE_FILE PORT THREADS
int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: bare_store DATABASE_FILE PORT THREADS\n";
    return 2;
  }
  database_path = argv[1];
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  // slide: pistache-main
  Http::Endpoint endpoint(Address("127.0.0.1", Port(static_cast<uint16_t>(std::stoi(argv[2])))));
  endpoint.init(
      Http::Endpoint::options().threads(std::stoi(argv[3])).flags(Tcp::Options::ReuseAddr));
  endpoint.setHandler(Http::make_handler<StoreHandler>());
  endpoint.serveThreaded();
  std::cout << "listening on http://127.0.0.1:" << static_cast<uint16_t>(endpoint.getPort())
            << std::endl;
  int signal = 0;
  sigwait(&stop, &signal);
  endpoint.shutdown();
  // end slide
  return 0;
}
