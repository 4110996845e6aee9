#include "grading/grading_postgres.hpp"

#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <web/db.hpp>

#include "grading/scratch_database.hpp"
#include "sandbox/process.hpp"

namespace grader {

namespace {

bool holds_server(const fs::path& bin) {
  return fs::exists(bin / "initdb") && fs::exists(bin / "postgres");
}

// What `pg_config --bindir` prints, or "" without pg_config (libpq-dev or the server's -dev).
std::string pg_config_bindir() {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen("pg_config --bindir 2>/dev/null", "r"), pclose);
  std::string out;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  return out;
}

// Refuses a cluster where a submission's role would reach what another database holds.
void require_closed(const std::string& url) {
  auto admin = web::Connection::open(url);
  web::json open, trust;
  try {
    open = admin->fetch_all(
        "SELECT datname FROM pg_database WHERE datallowconn"
        " AND datname NOT IN ('postgres', 'template1') AND EXISTS (SELECT FROM"
        " aclexplode(coalesce(datacl, acldefault('d', datdba))) AS a"
        " WHERE a.grantee = 0 AND a.privilege_type = 'CONNECT') ORDER BY datname");
    trust = admin->fetch_all(
        "SELECT line_number, type, array_to_string(database, ',') AS databases,"
        " array_to_string(user_name, ',') AS users FROM pg_hba_file_rules"
        " WHERE auth_method = 'trust' ORDER BY line_number");
  } catch (const web::DbError& e) {
    throw std::runtime_error(
        "cannot check the PostgreSQL server of GRADER_POSTGRES_URL (its user must be a "
        "superuser): " +
        std::string(e.what()));
  }
  std::string why;
  if (!open.empty()) {
    why += "\n- databases any role may connect to (CONNECT granted to PUBLIC):";
    for (const auto& row : open) why += " " + row["datname"].get<std::string>();
    why += "; close each with REVOKE CONNECT ON DATABASE name FROM PUBLIC";
  }
  for (const auto& row : trust) {
    why += "\n- logins without a password: pg_hba.conf line " + row["line_number"].dump() + " (" +
           row["type"].get<std::string>() + " " + row["databases"].get<std::string>() + " " +
           row["users"].get<std::string>() + " trust)";
  }
  if (!why.empty()) {
    throw std::runtime_error(
        "refused to grade on the PostgreSQL server of GRADER_POSTGRES_URL: a submission's role "
        "would reach what it holds:" +
        why + "\nUnset GRADER_POSTGRES_URL to grade on a throwaway server of the grader's own.");
  }
}

// A throwaway cluster: initdb, then the server in the foreground, a child of the grader.
class OwnCluster {
 public:
  explicit OwnCluster(const fs::path& bin);
  ~OwnCluster();
  OwnCluster(const OwnCluster&) = delete;
  OwnCluster& operator=(const OwnCluster&) = delete;

  const std::string& url() const { return url_; }

 private:
  void start(const fs::path& bin);

  fs::path dir_;
  std::unique_ptr<Process> server_;
  std::string url_;
};

// initdb refuses root: as root the cluster runs as the `postgres` account the server's package
// makes. Not isolated: it serves every sandbox through its socket. Its limits are a server's.
Sandbox cluster_user() {
  Sandbox sandbox;
  if (geteuid() == 0) {
    passwd* user = getpwnam("postgres");
    if (!user) {
      throw std::runtime_error(
          "no `postgres` account to run PostgreSQL as (initdb refuses root): install the server "
          "(package postgresql)");
    }
    sandbox.uid = user->pw_uid;
    sandbox.gid = user->pw_gid;
  }
  sandbox.limits.cpu_seconds = 1 << 30;
  sandbox.limits.processes = 4096;
  sandbox.limits.open_files = 4096;
  sandbox.limits.file_bytes = 1L << 40;
  return sandbox;
}

OwnCluster::OwnCluster(const fs::path& bin) {
  auto begin = Clock::now();
  // Short: the socket's path, this folder's and "/.s.PGSQL.5432", has at most 107 bytes.
  std::string pattern = (fs::temp_directory_path() / "grader-pg-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a folder for PostgreSQL");
  dir_ = pattern;
  try {
    start(bin);
  } catch (...) {
    server_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    throw;
  }
  std::fprintf(stderr,
               "grader: grading on a PostgreSQL server of its own (no GRADER_POSTGRES_URL), "
               "started in %.1f s\n",
               std::chrono::duration<double>(Clock::now() - begin).count());
}

void OwnCluster::start(const fs::path& bin) {
  Sandbox sandbox = cluster_user();
  // The superuser's password goes to initdb in a file, while the folder is still 0700.
  std::string password = random_password();
  fs::path password_file = dir_ / "password";
  std::ofstream(password_file) << password << "\n";
  fs::permissions(password_file, fs::perms::owner_read | fs::perms::owner_write);
  for (const auto& path : {dir_, password_file}) {
    if (sandbox.uid && chown(path.c_str(), *sandbox.uid, *sandbox.gid) != 0) {
      throw std::runtime_error("cannot give " + path.string() + " to the postgres account");
    }
  }
  std::vector<std::string> env{"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"};
  std::string data = (dir_ / "data").string();
  Process initdb(
      {(bin / "initdb").string(), "-D", data, "-U", "postgres", "--auth=scram-sha-256",
       "--pwfile=" + password_file.string(), "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"},
      dir_.string(), env, sandbox);
  auto status = initdb.wait(Clock::now() + std::chrono::seconds(120));
  initdb.wait_for_eof(Clock::now() + std::chrono::seconds(1));
  fs::remove(password_file);
  // Traversable, not listable: a sandbox binds the server's socket from there.
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
    throw std::runtime_error("initdb of the grader's PostgreSQL server " +
                             (status ? describe_status(*status) : "took over 120 s") + ":\n" +
                             initdb.last_lines(20));
  }
  // A unix socket only, no durability (the cluster dies with the run), room for every lane.
  server_ = std::make_unique<Process>(
      std::vector<std::string>{(bin / "postgres").string(), "-D", data, "-k", dir_.string(), "-c",
                               "listen_addresses=", "-c", "fsync=off", "-c", "max_connections=200",
                               "-c", "log_line_prefix="},
      dir_.string(), env, sandbox, 256 * 1024,
      "LOG:  database system is ready to accept connections");
  if (!server_->wait_for_ready_line(Clock::now() + std::chrono::seconds(60))) {
    throw std::runtime_error("the grader's PostgreSQL server did not start:\n" +
                             server_->last_lines(20));
  }
  url_ = "postgresql:///postgres?host=" + dir_.string() + "&user=postgres&password=" + password;
}

OwnCluster::~OwnCluster() {
  server_->stop(std::chrono::seconds(10), SIGINT);  // a fast shutdown: sessions end at once
  server_.reset();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

}  // namespace

std::optional<fs::path> postgres_bindir() {
  if (fs::path bin = pg_config_bindir(); !bin.empty() && holds_server(bin)) return bin;
  std::vector<fs::path> found;
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ignored)) {
    if (holds_server(entry.path() / "bin")) found.push_back(entry.path() / "bin");
  }
  if (found.size() > 1) {
    std::string list;
    for (const auto& bin : found) list += " " + bin.string();
    throw std::runtime_error("several PostgreSQL servers are installed (" + list.substr(1) +
                             ") and pg_config names none of them: start one and set "
                             "GRADER_POSTGRES_URL");
  }
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::string postgres_admin_url() {
  static std::mutex mutex;
  static std::string checked;  // the given URL, once checked
  static std::unique_ptr<OwnCluster> own;
  std::lock_guard lock(mutex);
  if (const char* given = std::getenv("GRADER_POSTGRES_URL"); given && *given) {
    // Only root sandboxes, runs strangers' code: a student's own code may see their server.
    if (geteuid() == 0 && checked != given) require_closed(given);
    checked = given;
    return given;
  }
  if (!own) {
    std::optional<fs::path> bin = postgres_bindir();
    if (!bin) return "";
    own = std::make_unique<OwnCluster>(*bin);
  }
  return own->url();
}

}  // namespace grader
