// The PostgreSQL server submissions are graded on: by default a throwaway cluster of the
// grader's own, which holds nothing else; or the one an admin URL names (GRADER_POSTGRES_URL),
// only while nothing else there is open to a submission's role.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace grader {

namespace fs = std::filesystem;

// The installed server's programs (initdb, postgres): `pg_config --bindir` when it holds them,
// else the one /usr/lib/postgresql/*/bin (Debian's and Ubuntu's layout, whatever the major
// version); nothing when no server is installed; std::runtime_error when several are and
// pg_config names none of them.
std::optional<fs::path> postgres_bindir();

// The admin URL to grade on, the same for the whole grader run.
// - GRADER_POSTGRES_URL, refused as root (grading strangers' code: std::runtime_error naming
//   them) while another database of its cluster is open to every role (CONNECT granted to
//   PUBLIC, PostgreSQL's default) or a pg_hba.conf line lets a login in without a password
//   (trust): a submission's role would read them. The grader closes `postgres` and `template1`
//   itself.
// - Else a cluster of the grader's own, started at the first call (initdb, then the server as
//   the `postgres` account when root, else as the current user; a unix socket only; every
//   login asks a password), stopped and removed when the grader exits, and killed with it. Call
//   it first from the main thread: the server gets SIGKILL when the thread that started it ends.
// - "" when neither: no URL given, no server installed.
std::string postgres_admin_url();

}  // namespace grader
