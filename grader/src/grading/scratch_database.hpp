// A submission's PostgreSQL database: fresh, owned by a role of its own, dropped afterwards.
#pragma once

#include <string>
#include <utility>

namespace grader {

// 32 hex digits from the kernel's random source: a password no submission can guess.
std::string random_password();

// Made with the admin URL, which the submission never sees: its role is no superuser, creates
// no database and no role, connects to its database only (CONNECT revoked from PUBLIC there)
// with a random password. A superuser could run programs (COPY ... TO PROGRAM) and read files.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& admin_url);
  ~ScratchDatabase();  // drops the database (closing its sessions) and the role
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // The server's unix socket, as the server says: outside the sandbox, and where a sandbox
  // binds it (its URL then names that folder: the admin's socket folder stays unseen).
  const std::string& socket() const { return socket_; }
  static constexpr const char* sandbox_socket_dir = "/run/postgresql";
  std::string sandbox_socket() const;
  // The submission's URL: its database and role, through the socket (in the sandbox or not).
  std::string url(bool sandboxed) const;

 private:
  std::string admin_url_;
  std::string name_;  // the database's and the role's
  std::string password_;
  std::string socket_dir_, port_, socket_;
};

}  // namespace grader
