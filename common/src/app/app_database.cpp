// The App's database side: its connection per thread, the request's transaction, queries.sql,
// the initial data, start-up.
#include <unistd.h>

#include <climits>
#include <fstream>
#include <sstream>

#include "app/request_scope.hpp"
#include "http/log.hpp"
#include "web/app.hpp"

namespace web {

namespace detail {

namespace {
thread_local bool answering = false;
}

bool in_request() {
  return answering;
}
// A request may answer another in process (a test's app calling another's): the outer one is
// still a request when the inner one ends.
RequestScope::RequestScope() : outer_(answering) {
  answering = true;
}
RequestScope::~RequestScope() {
  answering = outer_;
}

}  // namespace detail

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::filesystem::path App::app_dir() {
  char path[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return std::filesystem::current_path();
  path[n] = '\0';
  return std::filesystem::path(path).parent_path();
}

std::string App::database_url() const {
  std::string url = config_.get<std::string>("db");
  return url.empty() ? "sqlite:" + name_ + ".db" : url;
}

Connection& App::db() {
  std::call_once(database_once_, [this] {
    database_ = std::make_unique<Database>(database_url(), [this](Connection& c) {
      if (queries_) queries_->prepare(c);
    });
  });
  Connection& connection = database_->connection();
  if (detail::in_request() && !connection.in_transaction()) connection.begin();
  return connection;
}

App& App::queries(const std::string& file) {
  queries_files_.push_back(file);
  return *this;
}

json App::query(std::string_view name, const QueryParams& params) {
  if (!queries_) throw std::logic_error("query(\"" + std::string(name) + "\") before start()");
  return queries_->call(db(), name, params.value());
}

void App::init_database() {
  Connection& connection = db();
  auto dir = app_dir() / "sql" / connection.engine();
  if (!std::filesystem::is_directory(dir)) {
    throw std::runtime_error("no SQL for --init in " + dir.string());
  }
  // One transaction: one sync to disk instead of one per statement (lab 05 on SQLite listens
  // 38 ms after it starts with --init, 51 ms before), and a file that fails changes nothing.
  connection.begin();
  try {
    for (const char* file : {"drop.sql", "create.sql", "data.sql"}) {
      if (std::filesystem::exists(dir / file)) connection.script(read_file(dir / file));
    }
    connection.commit();
  } catch (...) {
    connection.rollback();
    throw;
  }
}

std::unique_ptr<Queries> App::check(std::vector<std::string>& problems) {
  problems.insert(problems.end(), problems_.begin(), problems_.end());
  start_security(problems);
  auto format = config_.get<std::string>("error_response");
  if (format == "json") {
    error_key_ = "error";
  } else if (format == "plain") {
    error_key_.clear();
  } else if (format.starts_with("json:") && format.size() > 5) {
    error_key_ = format.substr(5);
  } else {
    problems.push_back("config error_response: \"" + format +
                       "\" is none of json, plain, json:KEY");
  }
  std::unique_ptr<Queries> loaded;
  for (const auto& name : queries_files_) {
    std::filesystem::path file = name;
    if (file.is_relative()) file = app_dir() / file;
    try {
      Queries more = Queries::load(file.string());
      if (loaded) {
        loaded->merge(std::move(more), problems);
      } else {
        loaded = std::make_unique<Queries>(std::move(more));
      }
    } catch (const StartupError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  return loaded;
}

void App::configured() {
  if (config_hooks_run_) return;
  config_hooks_run_ = true;
  for (const auto& hook : on_config_) hook();
}

void App::start(bool init) {
  configured();
  // What needs no database first, every problem at once: routes, hooks, config, queries.sql.
  std::vector<std::string> problems;
  std::unique_ptr<Queries> loaded = check(problems);
  if (!problems.empty()) throw StartupError(std::move(problems));

  // A database named in the config is opened now: a bad URL stops the server at start-up.
  if (!config_.get<std::string>("db").empty() || loaded) db();
  if (init) {
    for (const auto& hook : init_) hook();
  }
  if (loaded) {
    // Checked on this thread's connection now; each new connection prepares them too.
    loaded->prepare(db());
    queries_ = std::move(loaded);
  }
}

void App::finish_transaction(Response& response) const {
  Connection* connection = database_ ? database_->existing() : nullptr;
  if (connection == nullptr || !connection->in_transaction()) return;
  try {
    if (response.status() < 400) {
      connection->commit();
    } else {
      connection->rollback();
    }
  } catch (const std::exception& e) {
    detail::log_line(std::string("error: ending the request's transaction: ") + e.what());
    response = error_response(500, "internal server error");
    try {
      connection->rollback();
    } catch (const std::exception&) {  // the connection is gone; it is replaced next time
    }
  }
}

}  // namespace web
