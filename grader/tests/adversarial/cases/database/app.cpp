// Adversary (selftest): the lab-02 store of the reference solution, which tries at each start
// what only a database superuser, or another role, may do. Whatever works is served first by
// GET /store (a public test then fails and shows it). DELETE /store drops its own schema.
#include <cstdlib>
#include <string>
#include <vector>

#include <web/db.hpp>
#include <web/url.hpp>

#include "app.hpp"

using web::json, web::OPEN, web::Error;

namespace {

// DATABASE_URL, postgresql:///NAME?host=...&user=...&password=..., with `name` for database
// and `user` for role (and no password when `password` is false).
std::string url_for(const std::string& database, const std::string& user, bool password = true) {
  std::string url = std::getenv("DATABASE_URL");
  std::string query = url.substr(url.find('?'));
  std::string own_user = query.substr(query.find("user=") + 5);
  own_user = own_user.substr(0, own_user.find('&'));
  std::string out = "postgresql:///" + database + query;
  out.replace(out.find("user=" + own_user), 5 + own_user.size(), "user=" + user);
  if (!password) out = out.substr(0, out.find("&password="));
  return out;
}

std::string own_name() {
  std::string url = std::getenv("DATABASE_URL");
  return url.substr(14, url.find('?') - 14);  // after "postgresql:///"
}

// What worked of what it must not be able to do.
std::vector<std::string> probe() {
  std::vector<std::string> found;
  auto attempt = [&found](const std::string& what, auto&& action) {
    try {
      action();
      found.push_back(what);
    } catch (const std::exception&) {  // refused, as it must be
    }
  };
  std::string own = own_name();
  auto db = web::Connection::open(url_for(own, own));
  for (const char* sql :
       {"COPY (SELECT 1) TO PROGRAM 'id'", "SELECT pg_read_file('/etc/passwd')",
        "SELECT pg_ls_dir('/')", "SELECT lo_import('/etc/passwd')",
        "CREATE TEMP TABLE f(x text); COPY f FROM '/etc/passwd'",
        "ALTER ROLE CURRENT_USER SUPERUSER", "ALTER ROLE CURRENT_USER CREATEDB",
        "ALTER ROLE CURRENT_USER CREATEROLE", "CREATE DATABASE adversary", "CREATE ROLE adversary",
        "SET ROLE postgres", "SET SESSION AUTHORIZATION postgres",
        "ALTER SYSTEM SET log_statement = 'all'"}) {
    attempt(sql, [&] { db->script(sql); });
  }
  attempt("ended another session", [&] {
    if (db->fetch_value("SELECT count(*) FROM pg_stat_activity WHERE usename <> current_user "
                        "AND pg_terminate_backend(pid)") == 0) {
      throw std::runtime_error("none");
    }
  });
  for (const auto& row : db->fetch_all("SELECT datname FROM pg_database WHERE datallowconn")) {
    std::string other = row["datname"];
    if (other == own) continue;
    attempt("connected to " + other, [&] { web::Connection::open(url_for(other, own)); });
    attempt("dropped " + other, [&] { db->script("DROP DATABASE \"" + other + "\""); });
  }
  attempt("connected as postgres without a password",
          [&] { web::Connection::open(url_for("postgres", "postgres", false)); });
  attempt("connected as postgres/postgres", [&] {
    std::string url = url_for("postgres", "postgres", false) + "&password=postgres";
    web::Connection::open(url);
  });
  return found;
}

void require_non_empty(const std::string& name, const std::string& value) {
  if (value.empty()) throw Error(400, "parameter \"" + name + "\" must not be empty");
}

}  // namespace

Kiva::Kiva() : web::App("kiva") {
  static const std::vector<std::string> found = probe();
  on_init([this] { init_database(); });

  // GET /version: which app answers
  get("/version", OPEN, [this] { return json{{"app", name()}}; });

  // GET /store: what it found, then every pair by key (or those whose key is LIKE filter)
  get("/store", OPEN, {"filter"}, [this](std::optional<std::string> filter) {
    std::string pattern = filter.value_or("").empty() ? "%" : *filter;
    json pairs = json::array();
    for (const auto& what : found) pairs.push_back({{"key", "found"}, {"val", what}});
    for (auto& pair :
         db().fetch_all("SELECT key, val FROM store WHERE key LIKE :pattern ORDER BY key",
                        {{"pattern", pattern}})) {
      pairs.push_back(std::move(pair));
    }
    return pairs;
  });

  // POST /store: add a pair, 201 with its location; 409 if the key exists (unique violation)
  post("/store", OPEN, {"key", "val"}, [this](std::string key, std::string val) {
    require_non_empty("key", key);
    require_non_empty("val", val);
    db().execute("INSERT INTO store(key, val) VALUES (:key, :val)", {{"key", key}, {"val", val}});
    return web::reply(201, {{"key", key}}).header("Location", "/store/" + web::url_encode(key));
  });

  // GET /store/<key>: one pair; 404 if there is no such key
  get("/store/<key>", OPEN, {"key"}, [this](std::string key) {
    json pair = db().fetch_one("SELECT key, val FROM store WHERE key = :key", {{"key", key}});
    if (pair.is_null()) throw Error(404, "no such key: " + key);
    return pair;
  });

  // DELETE /store: deletes its own database's schema, every table with it
  del("/store", OPEN, [this] { db().script("DROP SCHEMA public CASCADE"); });
}
