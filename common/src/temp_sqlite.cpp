#include "web/temp_sqlite.hpp"

#include <unistd.h>

#include <atomic>

namespace web {

TempSqlite::TempSqlite() {
  static std::atomic<int> counter = 0;
  path_ = std::filesystem::temp_directory_path() /
          ("web-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".db");
}

TempSqlite::~TempSqlite() {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path_.string() + suffix, ignored);
  }
}

}  // namespace web
