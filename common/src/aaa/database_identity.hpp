// What names a database whatever the instance that opens it, for the shared cache's keys: two
// deployments of one app (same name and realm) on one Redis, each on its own database, never
// read each other's entries, while the instances of one deployment share theirs.
#pragma once

#include <string>

namespace web::detail {

// SQLite: the file's absolute path (":memory:": a name of this process's own, its database
// being its own). PostgreSQL: the hosts, ports and database name, read as libpq reads them from the
// URL then its environment (PGHOST...); never the user, the password or the options, which
// instances of one deployment may set differently (application_name). A short hash of that.
std::string database_identity(const std::string& url);

}  // namespace web::detail
