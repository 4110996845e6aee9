// The references of bench/run for lab 05's GET /stuff/<sid>, written directly on Pistache with
// nothing of common (no routing table, parameters, hooks, logs): on SQLite, a statement cached
// per worker thread and reset after use (as bare_store.cpp); on PostgreSQL, libpqxx with the
// statement prepared on each worker thread's connection, run alone or, with --transaction, in a
// transaction (BEGIN, EXECUTE, COMMIT: what common did for every request before it sent BEGIN at
// the first write).
// Same answers as the lab-05 solution: {"sid": n, "stuff": s}, 404 for an unknown sid.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <signal.h>
#include <sqlite3.h>

#include <charconv>
#include <cstdint>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

using namespace Pistache;

namespace {

constexpr const char* get_stuff_sid = "SELECT sid, stuff FROM Stuff WHERE sid = ";

std::string database_url;  // sqlite:FILE or postgresql://...
bool postgres = false;
bool transaction = false;

std::optional<nlohmann::json> sqlite_stuff(std::int64_t sid) {
  thread_local sqlite3* db = nullptr;
  thread_local sqlite3_stmt* stmt = nullptr;
  if (stmt == nullptr) {
    std::string file = database_url.substr(std::string_view("sqlite:").size());
    sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    sqlite3_prepare_v3(db, (std::string(get_stuff_sid) + "?1").c_str(), -1,
                       SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  }
  sqlite3_bind_int64(stmt, 1, sid);
  std::optional<nlohmann::json> row;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    row = {{sqlite3_column_name(stmt, 0), sqlite3_column_int64(stmt, 0)},
           {sqlite3_column_name(stmt, 1),
            reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))}};
  }
  sqlite3_reset(stmt);  // a statement left active would hold its WAL read transaction
  return row;
}

std::optional<nlohmann::json> postgres_stuff(std::int64_t sid) {
  thread_local std::unique_ptr<pqxx::connection> connection;
  if (!connection) {
    connection = std::make_unique<pqxx::connection>(database_url);
    connection->prepare("get_stuff_sid", std::string(get_stuff_sid) + "$1");
  }
  pqxx::result r;
  if (transaction) {
    pqxx::work work(*connection);
    r = work.exec_prepared("get_stuff_sid", sid);
    work.commit();
  } else {
    pqxx::nontransaction alone(*connection);
    r = alone.exec_prepared("get_stuff_sid", sid);
  }
  if (r.empty()) return std::nullopt;
  return nlohmann::json{{"sid", r[0]["sid"].as<std::int64_t>()}, {"stuff", r[0]["stuff"].c_str()}};
}

class StuffHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(StuffHandler)

  void onRequest(const Http::Request& request, Http::ResponseWriter response) override {
    // Keep the connection, as common does (Pistache closes unless the client asks).
    response.headers().remove<Http::Header::Connection>();
    response.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
    const std::string& path = request.resource();
    constexpr std::string_view prefix = "/stuff/";
    if (request.method() != Http::Method::Get || path.rfind(prefix, 0) != 0) {
      response.send(Http::Code::Not_Found, R"({"error":"not found"})", MIME(Application, Json));
      return;
    }
    std::int64_t sid = 0;
    const char* first = path.data() + prefix.size();
    const char* last = path.data() + path.size();
    auto [end, error] = std::from_chars(first, last, sid);
    if (error != std::errc() || end != last || first == last) {
      response.send(Http::Code::Bad_Request, R"({"error":"bad sid"})", MIME(Application, Json));
      return;
    }
    std::optional<nlohmann::json> row = postgres ? postgres_stuff(sid) : sqlite_stuff(sid);
    if (!row) {
      response.send(Http::Code::Not_Found, R"({"error":"no such stuff"})", MIME(Application, Json));
      return;
    }
    response.send(Http::Code::Ok, row->dump(), MIME(Application, Json));
  }
};

}  // namespace

// bare_stuff DATABASE_URL PORT THREADS [--transaction]
int main(int argc, char** argv) {
  if (argc < 4 || argc > 5 || (argc == 5 && std::string_view(argv[4]) != "--transaction")) {
    std::cerr << "usage: bare_stuff sqlite:FILE|postgresql://... PORT THREADS [--transaction]\n";
    return 2;
  }
  database_url = argv[1];
  postgres = database_url.rfind("postgres", 0) == 0;
  transaction = argc == 5;
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  signal(SIGPIPE, SIG_IGN);
  Http::Endpoint endpoint(Address("127.0.0.1", Port(static_cast<uint16_t>(std::stoi(argv[2])))));
  endpoint.init(
      Http::Endpoint::options().threads(std::stoi(argv[3])).flags(Tcp::Options::ReuseAddr));
  endpoint.setHandler(Http::make_handler<StuffHandler>());
  endpoint.serveThreaded();
  std::cout << "listening on http://127.0.0.1:" << static_cast<uint16_t>(endpoint.getPort())
            << std::endl;
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  endpoint.shutdown();
  return 0;
}
