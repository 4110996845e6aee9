#include "grading/scratch_database.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <stdexcept>

#include <web/db.hpp>

namespace grader {

std::string random_password() {
  unsigned char bytes[16];
  std::ifstream random("/dev/urandom", std::ios::binary);
  if (!random.read(reinterpret_cast<char*>(bytes), sizeof bytes)) {
    throw std::runtime_error("no random bytes for a database password");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) out.append({hex[b >> 4], hex[b & 15]});
  return out;
}

namespace {

std::string text(const web::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

// Names and password are made here (digits and hex), so they can go into the DDL as they are.
ScratchDatabase::ScratchDatabase(const std::string& admin_url)
    : admin_url_(admin_url), password_(random_password()) {
  static std::atomic<int> counter = 0;
  name_ = "grade_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  auto admin = web::Connection::open(admin_url_);
  std::string dirs = text(admin->fetch_value("SHOW unix_socket_directories"));
  port_ = text(admin->fetch_value("SHOW port"));
  socket_dir_ = dirs.substr(0, dirs.find(','));
  if (socket_dir_.empty() || socket_dir_[0] != '/') {
    throw std::runtime_error(
        "the grading PostgreSQL server needs a unix socket folder "
        "(unix_socket_directories): submissions reach it only that way");
  }
  socket_ = socket_dir_ + "/.s.PGSQL." + port_;
  admin->script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  admin->script("DROP ROLE IF EXISTS " + name_);
  admin->script("CREATE ROLE " + name_ +
                " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                " CONNECTION LIMIT 32 PASSWORD '" +
                password_ + "'");
  // Closed to other roles before anyone may connect: between a plain CREATE and the REVOKE,
  // any role could (another submission, listing pg_database).
  admin->script("CREATE DATABASE " + name_ + " OWNER " + name_ + " ALLOW_CONNECTIONS false");
  admin->script("REVOKE ALL ON DATABASE " + name_ + " FROM PUBLIC");
  admin->script("ALTER DATABASE " + name_ + " ALLOW_CONNECTIONS true");
  // Every cluster's own databases let any role connect by default: a submission would list
  // the other submissions' databases and roles from there.
  admin->script("REVOKE CONNECT ON DATABASE postgres, template1 FROM PUBLIC");
}

ScratchDatabase::~ScratchDatabase() {
  try {
    auto admin = web::Connection::open(admin_url_);
    admin->script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    admin->script("DROP ROLE IF EXISTS " + name_);
  } catch (const std::exception&) {  // the server is gone: nothing left to clean
  }
}

std::string ScratchDatabase::sandbox_socket() const {
  return std::string(sandbox_socket_dir) + "/.s.PGSQL." + port_;
}

std::string ScratchDatabase::url(bool sandboxed) const {
  return "postgresql:///" + name_ + "?host=" + (sandboxed ? sandbox_socket_dir : socket_dir_) +
         "&port=" + port_ + "&user=" + name_ + "&password=" + password_;
}

}  // namespace grader
