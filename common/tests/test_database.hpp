// The DB suites (db_test, yesql_test, app_db_test) run each test on a fresh database of each
// engine: web::TestDatabase (common_testing), under the names these suites use.
#pragma once

#include <optional>

#include <web/test_database.hpp>

namespace dbtest {

using web::Engine;
using web::engine_name;
using web::TestDatabase;

inline void open_test_database(Engine engine, std::optional<TestDatabase>& database) {
  TestDatabase::open_for_test(engine, database);
}

}  // namespace dbtest
