// Provided: the DB API in a plain program, without a server (chapter 3). `make build` builds it
// as build/dev/labs/02-dbapi/dbapi; run it there with a database URL:
//   ./dbapi sqlite::memory:     ./dbapi sqlite:demo.db     ./dbapi postgresql://...
#include <iostream>
#include <string>

#include <web/db.hpp>

using web::json;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dbapi URL (sqlite::memory:, sqlite:FILE, postgresql://...)\n";
    return 2;
  }
  // slide: dbapi-program
  // Connect: a file for SQLite, a server for PostgreSQL.
  auto db = web::Connection::open(argv[1]);
  db->script("DROP TABLE IF EXISTS store");
  db->script("CREATE TABLE store(key TEXT PRIMARY KEY, val TEXT NOT NULL)");

  // Execute: the SQL is a constant, the values are bound parameters.
  const char* insert = "INSERT INTO store(key, val) VALUES (:key, :val)";
  db->begin();
  db->execute(insert, {{"key", "calvin"}, {"val", "hobbes"}});
  db->execute(insert, {{"key", "susie"}, {"val", "derkins"}});
  db->commit();  // both rows are kept

  // Fetch: rows are JSON objects named by column.
  for (const json& row : db->fetch_all("SELECT key, val FROM store ORDER BY key")) {
    std::cout << row["key"].get<std::string>() << " -> " << row["val"].get<std::string>() << "\n";
  }
  // end slide

  // slide: dbapi-rollback
  // A transaction is all or nothing: the second INSERT fails, so the first is undone too.
  try {
    db->begin();
    db->execute(insert, {{"key", "moe"}, {"val", "bully"}});
    db->execute(insert, {{"key", "calvin"}, {"val", "tiger"}});  // calvin exists: throws
    db->commit();
  } catch (const web::DbError& e) {
    db->rollback();
    std::cout << "rolled back: " << e.what() << "\n";
  }
  std::cout << "pairs: " << db->fetch_value("SELECT COUNT(*) FROM store") << "\n";  // still 2
  // end slide

  // slide: dbapi-injection
  const std::string filter = "' OR '1'='1";  // what a client may send as a filter
  // NEVER: the value pasted into the SQL text becomes SQL, a condition true for every row.
  json pasted = db->fetch_all("SELECT key FROM store WHERE key LIKE '" + filter + "'");
  // ALWAYS: a bound parameter is only a value, a pattern that no key matches.
  json bound = db->fetch_all("SELECT key FROM store WHERE key LIKE :filter", {{"filter", filter}});
  std::cout << "pasted: " << pasted.size() << " rows, bound: " << bound.size() << " rows\n";
  // end slide
  return 0;
}
